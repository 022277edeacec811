package org.tessera.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.filter.GaussianBlur;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuDevices;
import org.tessera.gpu.OpenCL;
import org.tessera.testutil.TestImages;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.imglib2.parallel.Parallelization;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Times the {@code gaussian} command's library call (sigma 2, boundary
 * nearest, float32) on a 2048² image and a 512×512×128 stack: the CPU path
 * with all threads and with one, the OpenCL path (Tessera's kernel with
 * precomputed weights) and CLIJ2's own gaussianBlur2D/3D on the same device,
 * and scipy.ndimage.gaussian_filter as the peer, all in one run. Reports
 * medians and ratios. Run with {@code scripts/bench/gaussian}.
 */
public final class GaussianBench {

	private GaussianBench() {
	}

	private static double median(final int repeats, final Runnable r) {
		r.run(); // warm-up
		final double[] t = new double[repeats];
		for (int i = 0; i < repeats; i++) {
			final long t0 = System.nanoTime();
			r.run();
			t[i] = (System.nanoTime() - t0) / 1e9;
		}
		Arrays.sort(t);
		return t[repeats / 2];
	}

	public static void main(final String[] args) throws Exception {
		final int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		final Map<String, Supplier<AxisImg<FloatType>>> cases = new LinkedHashMap<>();
		cases.put("2d_2048", () -> TestImages.randomFloats(1, new long[] { 2048, 2048 }, AxisType.X, AxisType.Y));
		cases.put("3d_512x512x128", () -> TestImages.randomFloats(1, new long[] { 512, 512, 128 }, AxisType.X, AxisType.Y, AxisType.Z));
		final Map<String, Double> peer = scipy(repeats);
		final boolean gpu = OpenCL.whyUnavailable() == null;
		final String device = gpu ? GpuDevices.get("").name() : "none";
		final int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf(Locale.ROOT, "Gaussian sigma 2, nearest, float32; median of %d runs; %d cores; OpenCL device: %s%n", repeats, cores,
			device);
		System.out.println("| case | CPU, " + cores + " threads (s) | CPU, 1 thread (s) | OpenCL, Tessera kernel (s) | OpenCL, CLIJ2 gaussianBlur (s) | scipy (s) | scipy / CPU | CPU / OpenCL |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (final Map.Entry<String, Supplier<AxisImg<FloatType>>> c : cases.entrySet()) {
			final AxisImg<FloatType> img = c.getValue().get();
			final GaussianBlur blur = GaussianBlur.of(2);
			final double cpu = median(repeats, () -> blur.apply(img));
			final double cpu1 = median(repeats, () -> blur.withThreads(1).apply(img));
			double ocl = Double.NaN, clij = Double.NaN;
			if (gpu) {
				ocl = median(repeats, () -> blur.withDevice(DeviceChoice.GPU).apply(img));
				clij = clij2Gaussian(repeats, img);
			}
			final double py = peer.getOrDefault(c.getKey(), Double.NaN);
			System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.2fx | %.2fx |%n", c.getKey(), cpu, cpu1, ocl, clij, py, py / cpu,
				cpu / ocl);
		}
		GpuDevices.closeAll();
		System.exit(0);
	}

	/** CLIJ2's built-in Gaussian on the same device, with the same push and pull of float data. */
	private static double clij2Gaussian(final int repeats, final AxisImg<FloatType> img) {
		final GpuDevice dev = GpuDevices.get("");
		final float[] data = org.tessera.core.Volumes.read(img, 0, 0, Parallelization.getTaskExecutor());
		final long[] dims = img.numDimensions() == 2 ? new long[] { img.data().dimension(0), img.data().dimension(1) } : new long[] { img
			.data().dimension(0), img.data().dimension(1), img.data().dimension(2) };
		return median(repeats, () -> dev.run(clij2 -> {
			try (ClearCLBuffer in = clij2.create(dims, net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum.Float); ClearCLBuffer out = clij2
				.create(in))
			{
				in.readFrom(java.nio.FloatBuffer.wrap(data), true);
				if (dims.length == 2) clij2.gaussianBlur2D(in, out, 2, 2);
				else clij2.gaussianBlur3D(in, out, 2, 2, 2);
				out.writeTo(java.nio.FloatBuffer.wrap(data), true);
			}
			return null;
		}));
	}

	/** Runs the scipy peer; empty if /usr/bin/python3 with scipy is not there. */
	private static Map<String, Double> scipy(final int repeats) {
		final Map<String, Double> m = new LinkedHashMap<>();
		try {
			final Process p = new ProcessBuilder("/usr/bin/python3", "scripts/bench/gaussian_peer.py", Integer.toString(repeats))
				.redirectErrorStream(true).start();
			final List<String> lines = new ArrayList<>();
			try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
				r.lines().forEach(lines::add);
			}
			p.waitFor();
			final String json = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
			for (final String key : new String[] { "2d_2048", "3d_512x512x128" }) {
				final int i = json.indexOf("\"" + key + "\": {\"median_s\": ");
				if (i < 0) continue;
				final int from = json.indexOf(':', json.indexOf("median_s", i)) + 1;
				m.put(key, Double.parseDouble(json.substring(from, json.indexOf(',', from)).trim()));
			}
			if (m.isEmpty()) System.err.println("scipy peer gave no result: " + String.join("\n", lines));
		}
		catch (final Exception e) {
			System.err.println("scipy peer not run: " + e.getMessage());
		}
		return m;
	}
}
