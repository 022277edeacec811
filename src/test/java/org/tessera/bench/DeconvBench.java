package org.tessera.bench;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tessera.core.TaskMonitor;
import org.tessera.deconv.Deconvolution;
import org.tessera.deconv.Phantom;
import org.tessera.deconv.RichardsonLucy;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuDevices;
import org.tessera.gpu.GpuFft;
import org.tessera.gpu.OpenCL;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/**
 * Richardson-Lucy against the scikit-image peer
 * ({@code ../shared/bench/peers/deconv_rl.py}) in one run, on the peer's own
 * phantom (spheres, Gaussian PSF σ (1.5, 1.5, 3), Poisson noise): the NRMSE
 * before and after RL and RL-TV at 10 and 50 iterations on 128³, CPU-OpenCL
 * agreement, and on 256³ with 50 iterations the time per iteration on the CPU
 * and on OpenCL, as a multiple of one forward + inverse FFT of the padded
 * size. Run with {@code scripts/bench/deconv}.
 */
public final class DeconvBench {

	/** Iteration counts of the quality table (the widefield report goes to 200). */
	private static final int[] ITERATIONS = { 10, 50 };

	/** Iterations timed for the per-iteration cost (beyond a first one that includes the set-up). */
	private static final int TIMED = 10;

	private final Path peers, data;
	private final List<String> report = new ArrayList<>();

	private DeconvBench(final Path peers, final Path data) {
		this.peers = peers;
		this.data = data;
	}

	public static void main(final String[] args) throws Exception {
		final Path peers = Path.of(args.length > 0 ? args[0] : "../shared/bench/peers").toAbsolutePath();
		final int small = args.length > 1 ? Integer.parseInt(args[1]) : 128, big = args.length > 2 ? Integer.parseInt(args[2]) : 256;
		final Path data = Files.createTempDirectory("tessera-deconv-bench");
		try {
			final DeconvBench b = new DeconvBench(peers, data);
			System.err.println("== the peer (scikit-image richardson_lucy)");
			final List<String> peerArgs = new ArrayList<>(List.of("peer_medians.py", peers.toString(), "deconv_rl", "--small", Integer.toString(
				small), "--iters-small", "10,50", "--iters-big", "50"));
			peerArgs.addAll(big > 0 ? List.of("--big", Integer.toString(big)) : List.of("--skip-big"));
			final Map<String, String> peer = PeerScripts.run(peerArgs.toArray(String[]::new));
			b.quality(small, peer);
			if (big > 0) b.speed(big, peer);
			System.out.println();
			b.report.forEach(System.out::println);
		}
		finally {
			try (var files = Files.list(data)) {
				files.forEach(p -> p.toFile().delete());
			}
			Files.deleteIfExists(data);
			GpuDevices.closeAll();
		}
	}

	private record Volume(Phantom phantom, float[] psf, int k) {}

	private Volume load(final int n, final int seed) throws IOException {
		final Map<String, String> info = PeerScripts.run("deconv_data.py", peers.toString(), data.toString(), Integer.toString(n), Integer.toString(
			seed));
		final int k = Integer.parseInt(info.get("psf_size"));
		final float[] gt = PeerScripts.floats(data.resolve(n + ".gt.f32")), observed = PeerScripts.floats(data.resolve(n + ".observed.f32"));
		return new Volume(new Phantom(gt, gt, observed, n, n, n), PeerScripts.floats(data.resolve("psf.f32")), k);
	}

	private void quality(final int n, final Map<String, String> peer) throws IOException {
		System.err.println("== " + n + "^3: restoration at 10, 50, 200 iterations");
		final Volume v = load(n, 7);
		final int margin = v.k() / 2;
		final Phantom p = v.phantom();
		report.add(String.format(Locale.ROOT, "### %d³ phantom of the peer (spheres, Gaussian PSF σ 1.5/1.5/3 px, %d³, Poisson noise)", n, v.k()));
		report.add("");
		report.add("NRMSE against the ground truth after the least-squares scale, whole volume / interior (" + margin +
			"-voxel margin removed); before: " + fmt(p.nrmse(p.observed(), 0)) + " / " + fmt(p.nrmse(p.observed(), margin)) + " (peer: " + peer
				.get("deconv_rl." + n + ".nrmse_before") + " / " + peer.get("deconv_rl." + n + ".nrmse_before_interior") + ")");
		report.add("");
		report.add("| iterations | Tessera RL | Tessera RL-TV (λ 0.002) | peer RL (scikit-image) |");
		report.add("|---|---|---|---|");
		for (final int it : ITERATIONS) {
			final String[] cells = new String[2];
			int c = 0;
			for (final RichardsonLucy rl : new RichardsonLucy[] { new RichardsonLucy(it, 0, false, 0), new RichardsonLucy(it, 0.002, false, 0) })
			{
				System.err.println("   " + rl);
				final float[] x = rl.apply(p.observed(), n, n, n, v.psf(), v.k(), v.k(), v.k(), TaskMonitor.NONE);
				cells[c++] = fmt(p.nrmse(x, 0)) + " / " + fmt(p.nrmse(x, margin));
			}
			report.add("| " + it + " | " + String.join(" | ", cells) + " | " + peer.getOrDefault("deconv_rl." + n + "." + it + ".nrmse", "–") +
				" / " + peer.getOrDefault("deconv_rl." + n + "." + it + ".nrmse_interior", "–") + " |");
		}
		report.add("");
		if (OpenCL.whyUnavailable() == null) {
			final GpuDevice device = GpuDevices.get("");
			for (final double lambda : new double[] { 0 }) {
				final RichardsonLucy rl = new RichardsonLucy(50, lambda, false, 0);
				final float[] cpu = rl.apply(p.observed(), n, n, n, v.psf(), v.k(), v.k(), v.k(), TaskMonitor.NONE);
				final float[] gpu = gpu(device, rl, v, n);
				double max = 0, diff = 0;
				for (int i = 0; i < cpu.length; i++) {
					max = Math.max(max, Math.abs(cpu[i]));
					diff = Math.max(diff, Math.abs(cpu[i] - gpu[i]));
				}
				report.add(String.format(Locale.ROOT, "- %s, 50 iterations: OpenCL (%s) vs CPU, max |difference| / max = %.1e", lambda > 0 ? "RL-TV"
					: "RL", device.name(), diff / max));
			}
			report.add("");
		}
	}

	private static float[] gpu(final GpuDevice device, final RichardsonLucy rl, final Volume v, final int n) {
		final var in = org.tessera.core.AxisImg.of("in", net.imglib2.img.array.ArrayImgs.floats(v.phantom().observed(), n, n, n),
			org.tessera.core.AxisType.X, org.tessera.core.AxisType.Y, org.tessera.core.AxisType.Z);
		final var psf = org.tessera.core.AxisImg.of("psf", net.imglib2.img.array.ArrayImgs.floats(v.psf(), v.k(), v.k(), v.k()),
			org.tessera.core.AxisType.X, org.tessera.core.AxisType.Y, org.tessera.core.AxisType.Z);
		final var out = new Deconvolution(rl, org.tessera.gpu.DeviceChoice.parse(device.name())).apply(in, psf, TaskMonitor.NONE);
		final float[] f = new float[n * n * n];
		int i = 0;
		for (final var t : net.imglib2.view.Views.flatIterable(out.data())) f[i++] = t.get();
		return f;
	}

	private void speed(final int n, final Map<String, String> peer) throws IOException {
		System.err.println("== " + n + "^3: speed, 50 iterations");
		final Volume v = load(n, 8);
		final int[] d = RichardsonLucy.domain(new int[] { n, n, n }, new int[] { v.k(), v.k(), v.k() });
		report.add(String.format(Locale.ROOT, "### %d³, 50 iterations (padded to %d×%d×%d)", n, d[0], d[1], d[2]));
		report.add("");
		report.add("| path | 50 iterations (s; Tessera: set-up + 50 × per iteration) | per iteration (s) | FFT pair (s) | per iteration / FFT pair |");
		report.add("|---|---|---|---|---|");
		// per iteration from runs of 1 and 1 + TIMED iterations (the difference leaves out the set-up); 50 iterations = set-up + 50 of them
		final double cpu1 = time(() -> new RichardsonLucy(1, 0, false, 0).apply(v.phantom().observed(), n, n, n, v.psf(), v.k(), v.k(), v.k(),
			TaskMonitor.NONE));
		final double cpuN = time(() -> new RichardsonLucy(1 + TIMED, 0, false, 0).apply(v.phantom().observed(), n, n, n, v.psf(), v.k(), v.k(),
			v.k(), TaskMonitor.NONE));
		final double cpuIt = (cpuN - cpu1) / TIMED;
		final double cpuPair = cpuFftPair(d);
		report.add(row("Tessera CPU (JTransforms, all cores)", cpu1 + 49 * cpuIt, cpuIt, cpuPair));
		if (OpenCL.whyUnavailable() == null) {
			final GpuDevice device = GpuDevices.get("");
			final double g1 = time(() -> gpu(device, new RichardsonLucy(1, 0, false, 0), v, n));
			final double gN = time(() -> gpu(device, new RichardsonLucy(1 + TIMED, 0, false, 0), v, n));
			final double gIt = (gN - g1) / TIMED;
			report.add(row("Tessera OpenCL (" + device.name() + ")", g1 + 49 * gIt, gIt, gpuFftPair(device, d)));
		}
		final double peerIt = Double.parseDouble(peer.get("deconv_rl." + n + ".50.per_iter_s"));
		report.add(row("peer: scikit-image richardson_lucy (scipy rfftn, 1 thread)", Double.parseDouble(peer.get("deconv_rl." + n +
			".50.median_s")), peerIt, Double.parseDouble(peer.get("deconv_rl." + n + ".fft_pair_1thread"))));
		report.add("");
		report.add(String.format(Locale.ROOT, "- peer per iteration / Tessera CPU per iteration: %.2f×; load during the peer run %s", peerIt / cpuIt,
			peer.get("loadavg")));
		report.add("- Tessera's FFT pair is a complex forward + inverse of the padded volume; the peer's a real rfftn + irfftn.");
		report.add("");
	}

	private static String row(final String path, final double total, final double perIt, final double pair) {
		return String.format(Locale.ROOT, "| %s | %.2f | %.3f | %.3f | %.2f× |", path, total, perIt, pair, perIt / pair);
	}

	private static double cpuFftPair(final int[] d) {
		final org.jtransforms.fft.FloatFFT_3D fft = new org.jtransforms.fft.FloatFFT_3D(d[2], d[1], d[0]);
		final float[] a = new float[2 * d[0] * d[1] * d[2]];
		for (int i = 0; i < a.length; i += 2) a[i] = (i * 7919) % 1000;
		final double[] t = new double[3];
		for (int r = 0; r < 3; r++)
			t[r] = time(() -> {
				fft.complexForward(a);
				fft.complexInverse(a, true);
			});
		Arrays.sort(t);
		return t[1];
	}

	private static double gpuFftPair(final GpuDevice device, final int[] d) {
		return device.run(clij2 -> {
			try (GpuFft.Plan plan = GpuFft.plan(device, clij2, d[0], d[1], d[2]); ClearCLBuffer b = clij2.create(new long[] { 2L * d[0] * d[1] *
				d[2] }, NativeTypeEnum.Float))
			{
				final float[] a = new float[2 * d[0] * d[1] * d[2]];
				for (int i = 0; i < a.length; i += 2) a[i] = (i * 7919) % 1000;
				b.readFrom(FloatBuffer.wrap(a), true);
				final double[] t = new double[3];
				for (int r = 0; r < 3; r++)
					t[r] = time(() -> {
						plan.forward(b);
						plan.inverse(b);
					});
				Arrays.sort(t);
				return t[1];
			}
		});
	}

	private static double time(final Runnable r) {
		final long t0 = System.nanoTime();
		r.run();
		return (System.nanoTime() - t0) / 1e9;
	}

	private static String fmt(final double v) {
		return String.format(Locale.ROOT, "%.4f", v);
	}

}
