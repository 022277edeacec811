package org.tessera.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevices;
import org.tessera.gpu.OpenCL;
import org.tessera.segment.LabelStatistics;
import org.tessera.segment.VoronoiOtsuLabeling;
import org.tessera.testutil.Matching;

/**
 * The nuclei workflow of the GPU issue, Voronoi-Otsu labeling plus label
 * statistics, against the scikit-image peer
 * ({@code ../shared/bench/peers/voronoi_otsu.py}) in one run, on the peer's own
 * images (2048² with 1500 nuclei; 512×512×128 with 800): Tessera's CPU path on
 * all cores and on one, its OpenCL path (pocl here; a GPU where there is one)
 * and the peer, with medians, ratios and the quality of each against the
 * ground truth. Run with {@code scripts/bench/nuclei}.
 */
public final class NucleiBench {

	private record Timing(double vol, double stats, double total) {}

	private final Path peers;
	private final Path data;
	private final List<String> report = new ArrayList<>();

	private NucleiBench(final Path peers, final Path data) {
		this.peers = peers;
		this.data = data;
	}

	public static void main(final String[] args) throws IOException {
		final Path peers = Path.of(args.length > 0 ? args[0] : "../shared/bench/peers").toAbsolutePath();
		final String cases = args.length > 1 ? args[1] : "2d,3d";
		final int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		final Path data = Files.createTempDirectory("tessera-nuclei-bench");
		try {
			final NucleiBench b = new NucleiBench(peers, data);
			for (final String c : cases.split(",")) b.run(c.trim(), repeats);
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

	private void run(final String c, final int repeats) throws IOException {
		System.err.println("== " + c + ": generating the peer's image");
		final Map<String, String> info = PeerScripts.run("nuclei_data.py", peers.toString(), data.toString(), c);
		final int[] shape = Arrays.stream(info.get("shape").split(",")).mapToInt(Integer::parseInt).toArray();
		final int nx = shape[shape.length - 1], ny = shape[shape.length - 2], nz = shape.length == 3 ? shape[0] : 1;
		final float[] img = PeerScripts.floats(data.resolve(c + ".img.f32"));
		final int[] gt = PeerScripts.ints(data.resolve(c + ".gt.i32")), peer = PeerScripts.ints(data.resolve(c + ".peer.i32"));
		// the peer's sigmas, in x, y, z order
		final double[] spot = nz > 1 ? new double[] { 3, 3, 2 } : new double[] { 3 };
		final double[] outline = nz > 1 ? new double[] { 1, 1, 0.67 } : new double[] { 1 };

		final Map<String, DeviceChoice> paths = new LinkedHashMap<>();
		paths.put("Tessera CPU, all cores", DeviceChoice.CPU);
		paths.put("Tessera CPU, 1 thread", DeviceChoice.CPU);
		if (OpenCL.whyUnavailable() == null) paths.put("Tessera OpenCL (" + GpuDevices.get("").name() + ")", DeviceChoice.GPU);
		final Map<String, Timing> times = new LinkedHashMap<>();
		final Map<String, int[]> results = new HashMap<>();
		final Map<String, Double> thresholds = new HashMap<>();
		for (final Map.Entry<String, DeviceChoice> p : paths.entrySet()) {
			final int threads = p.getKey().contains("1 thread") ? 1 : 0;
			final VoronoiOtsuLabeling vol = new VoronoiOtsuLabeling(spot, outline, p.getValue(), threads);
			System.err.println("== " + c + ": " + p.getKey());
			final int[][] last = new int[1][];
			final double[] threshold = new double[1];
			final int n = p.getKey().contains("1 thread") ? Math.max(1, repeats / 2) : repeats;
			final double[] tv = new double[n], ts = new double[n], tt = new double[n];
			for (int r = -1; r < n; r++) { // r = -1: warm-up
				final long t0 = System.nanoTime();
				final VoronoiOtsuLabeling.Result res = vol.apply(img, nx, ny, nz, TaskMonitor.NONE);
				final long t1 = System.nanoTime();
				final LabelStatistics.Table table = new LabelStatistics(p.getValue(), threads).measure(img, res.labels(), nx, ny, nz,
					TaskMonitor.NONE);
				final long t2 = System.nanoTime();
				if (table.rows() != res.count()) throw new IllegalStateException("statistics rows " + table.rows() + " != labels " + res.count());
				last[0] = res.labels();
				threshold[0] = res.threshold();
				if (r >= 0) {
					tv[r] = (t1 - t0) / 1e9;
					ts[r] = (t2 - t1) / 1e9;
					tt[r] = (t2 - t0) / 1e9;
				}
			}
			times.put(p.getKey(), new Timing(median(tv), median(ts), median(tt)));
			results.put(p.getKey(), last[0]);
			thresholds.put(p.getKey(), threshold[0]);
		}
		System.err.println("== " + c + ": the peer (scikit-image), 3 repeats");
		final Map<String, String> pm = PeerScripts.run("peer_medians.py", peers.toString(), "voronoi_otsu", "--repeats", "3", "--cases", c);
		final double peerTotal = Double.parseDouble(pm.get("voronoi_otsu." + c + ".total"));
		final double peerVol = peerTotal - Double.parseDouble(pm.get("voronoi_otsu." + c + ".regionprops"));
		final double peerStats = Double.parseDouble(pm.get("voronoi_otsu." + c + ".regionprops"));

		final int[] cpu = results.get("Tessera CPU, all cores");
		report.add(String.format(Locale.ROOT, "### %s: %s float32, %s nuclei (peer's generator and seed)", c, String.join("×", Arrays.stream(
			shape).mapToObj(Integer::toString).toArray(String[]::new)), info.get("n_gt")));
		report.add("");
		report.add("| path | Voronoi-Otsu labeling (s) | label statistics (s) | total (s) | peer total / this |");
		report.add("|---|---|---|---|---|");
		for (final Map.Entry<String, Timing> e : times.entrySet()) {
			final Timing t = e.getValue();
			report.add(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.2f× |", e.getKey(), t.vol(), t.stats(), t.total(), peerTotal / t
				.total()));
		}
		report.add(String.format(Locale.ROOT, "| peer: scikit-image/scipy (watershed + regionprops_table) | %.3f | %.3f | %.3f | 1.00× |",
			peerVol, peerStats, peerTotal));
		report.add("");
		for (final Map.Entry<String, int[]> e : results.entrySet())
			if (e.getValue() != cpu) report.add("- " + e.getKey() + " labels identical to the CPU path's: " + Arrays.equals(cpu, e.getValue()));
		report.add(String.format(Locale.ROOT, "- AP@0.5 against the ground truth: Tessera %.3f, peer %.3f (the peer reports %s)", Matching.ap(gt, cpu), Matching.ap(gt,
			peer), pm.get("voronoi_otsu." + c + ".ap")));
		report.add(String.format(Locale.ROOT, "- objects: Tessera %d, peer %d; pixels in the same object (of those either labels): %.4f",
			Arrays.stream(cpu).max().orElse(0), Arrays.stream(peer).max().orElse(0), agreement(cpu, peer)));
		report.add("- Otsu threshold: Tessera (ImageJ's) " + String.format(Locale.ROOT, "%.5f", thresholds.get("Tessera CPU, all cores")) +
			", peer (scikit-image's) " + info.get("otsu") + ", peer's seeds " + info.get("n_markers") + "; load during the peer run " + pm
			.get("loadavg"));
		report.add("");
	}

	private static double median(final double[] t) {
		final double[] s = t.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}


	/**
	 * How far two label images are the same segmentation, whatever the numbers:
	 * each label of {@code a} is paired with the label of {@code b} it overlaps
	 * most, and the overlaps of the pairs are counted against the pixels either
	 * labels.
	 */
	private static double agreement(final int[] a, final int[] b) {
		final Map<Long, Integer> overlap = new HashMap<>();
		long either = 0;
		for (int i = 0; i < a.length; i++) {
			if (a[i] == 0 && b[i] == 0) continue;
			either++;
			if (a[i] != 0 && b[i] != 0) overlap.merge(((long) a[i] << 32) | b[i], 1, Integer::sum);
		}
		final Map<Integer, Integer> best = new HashMap<>();
		for (final Map.Entry<Long, Integer> e : overlap.entrySet()) best.merge((int) (e.getKey() >> 32), e.getValue(), Math::max);
		long same = 0;
		for (final int v : best.values()) same += v;
		return either == 0 ? 1 : same / (double) either;
	}
}
