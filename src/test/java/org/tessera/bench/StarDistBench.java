package org.tessera.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.tessera.core.TaskMonitor;
import org.tessera.stardist.Normalize;
import org.tessera.stardist.StarDist;
import org.tessera.stardist.StarDistModel;
import org.tessera.stardist.StarDistPostprocess;
import org.tessera.synthetic.SyntheticNuclei;

/**
 * StarDist 2D speed and memory on one image size, with the built-in model or
 * a model given by path: milliseconds per megapixel for the prediction
 * (network over all tiles, and the candidate polygons) and for the
 * non-maximum suppression (with the label rendering) separately, medians of
 * several runs after a warm-up, and the process's peak memory (resident set,
 * which includes ONNX Runtime's native memory, and the Java heap). One size
 * per JVM, so that the peaks belong to it: {@code scripts/bench/stardist}
 * runs the sizes one after the other and prints one table.
 * <p>
 * Arguments: size (pixels per side), tiles (0 = automatic), repeats, model
 * ({@code builtin} or a path). Prints one Markdown table row.
 */
public final class StarDistBench {

	private StarDistBench() {}

	public static void main(final String[] args) throws IOException {
		if (args.length == 1 && args[0].equals("header")) {
			System.out.println(header());
			return;
		}
		final int size = Integer.parseInt(args[0]);
		final int tiles = args.length > 1 ? Integer.parseInt(args[1]) : 0;
		final int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		final String modelArg = args.length > 3 ? args[3] : "builtin";
		// a field of nuclei like the real ones: radii 3-8 px, a third of the area covered, dim and bright, cut by the border
		final double meanArea = Math.PI * 5.5 * 5.5;
		final int count = (int) Math.min(65535, 0.3 * size * (double) size / meanArea);
		final long t0 = System.nanoTime();
		final SyntheticNuclei.Result field = new SyntheticNuclei(size, size, 1, count, 3, 8, 1, 150, 4242, 0.1, true).generate();
		final float[] image = new float[size * size];
		final var cursor = net.imglib2.view.Views.flatIterable(field.image().data()).cursor();
		for (int i = 0; i < image.length; i++) image[i] = cursor.next().getRealFloat();
		System.err.printf(Locale.ROOT, "%d² image with %d nuclei made in %.1f s%n", size, field.nuclei(), (System.nanoTime() - t0) / 1e9);
		resetPeaks();
		try (StarDistModel model = modelArg.equals("builtin") ? StarDistModel.builtIn() : StarDistModel.load(Path.of(modelArg))) {
			final StarDist stardist = new StarDist(model, null, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH, tiles);
			final double mp = size * (double) size / 1e6;
			final double[] predictMs = new double[repeats], nmsMs = new double[repeats];
			int candidates = 0, objects = 0;
			for (int r = -1; r < repeats; r++) { // r = -1: warm-up
				final long a = System.nanoTime();
				final float[] normalized = Normalize.percentiles(image);
				final List<StarDistPostprocess.Detection> c = stardist.candidates(normalized, size, size, 1, TaskMonitor.NONE);
				final long b = System.nanoTime();
				final StarDistPostprocess.Result result = stardist.postprocess().select(c, size, size);
				final long e = System.nanoTime();
				System.err.printf(Locale.ROOT, "run %d: prediction %.0f ms, NMS %.0f ms, %d candidates, %d objects%n", r, (b - a) / 1e6, (e - b) / 1e6,
					c.size(), result.detections().size());
				if (r < 0) continue;
				predictMs[r] = (b - a) / 1e6;
				nmsMs[r] = (e - b) / 1e6;
				candidates = c.size();
				objects = result.detections().size();
			}
			final double p = median(predictMs), n = median(nmsMs);
			System.out.printf(Locale.ROOT, "| %d² | %s | %d | %s | %.0f | %.0f | %.1f | %.1f | %d | %d | %.2f | %.2f |%n", size, stardist.layout(size,
				size), field.nuclei(), model.weightsFile(), p, p / mp, n, n / mp, candidates, objects, peakRssBytes() / 1e9, peakHeapBytes() / 1e9);
		}
	}

	/** The header of the rows {@link #main} prints. */
	public static String header() {
		return "| image | tiles | nuclei | weights | prediction (ms) | prediction (ms/MP) | NMS (ms) | NMS (ms/MP) | candidates | objects | peak RSS (GB) | peak heap (GB) |\n"
			+ "|---|---|---|---|---|---|---|---|---|---|---|---|";
	}

	private static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	/** Resets the heap pools' peaks and (Linux >= 4.0) the resident set's high-water mark, so the image generation does not count. */
	private static void resetPeaks() {
		System.gc();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
		try {
			Files.writeString(Path.of("/proc/self/clear_refs"), "5");
		}
		catch (final IOException | RuntimeException e) {
			System.err.println("peak RSS not reset (" + e.getMessage() + "): it includes making the image");
		}
	}

	/** Sum of the heap pools' peaks since {@link #resetPeaks()}: an upper bound of the heap in use at any moment. */
	private static long peakHeapBytes() {
		long sum = 0;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
		return sum;
	}

	/** The process's high-water mark of resident memory (Linux: VmHWM), or -1. */
	private static long peakRssBytes() throws IOException {
		final Path status = Path.of("/proc/self/status");
		if (!Files.exists(status)) return -1;
		final List<String> lines = new ArrayList<>(Files.readAllLines(status));
		for (final String line : lines)
			if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
		return -1;
	}
}
