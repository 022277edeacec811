package org.tessera.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabelingSession;
import org.tessera.core.TaskMonitor;
import org.tessera.labeltool.LabelOverlay;
import org.tessera.sam.Box;
import org.tessera.sam.FastSam;
import org.tessera.sam.FastSamDecoder;
import org.tessera.sam.FastSamImage;
import org.tessera.sam.FastSamModel;
import org.tessera.sam.FastSamOutput;
import org.tessera.sam.FastSamResult;
import org.tessera.sam.Letterbox;
import org.tessera.synthetic.SyntheticNuclei;

/**
 * Latency of FastSAM labeling on the CPU, as a person feels it in the tool:
 * the everything pass on one image (letterbox, network, decoding, separately),
 * which the tool runs once per plane, and then one prompt: a click (or a box)
 * selecting from the cached result, plus redrawing the overlay (labels and
 * proposal), and accepting the proposal. Medians (and the 95th percentile for
 * prompts) after a warm-up. No FastSAM peer exists in ../shared/bench/peers
 * (the peers run SAM through Python environments that cannot be installed here).
 * <p>
 * Arguments: image size (pixels per side, default 1024), everything-pass
 * repeats (default 5), prompts (default 200), model ({@code builtin} or a
 * path to a FastSAM .onnx). Prints a Markdown table.
 */
public final class FastSamBench {

	private FastSamBench() {}

	public static void main(final String[] args) throws Exception {
		final int size = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		final int prompts = args.length > 2 ? Integer.parseInt(args[2]) : 200;
		final String modelArg = args.length > 3 ? args[3] : "builtin";
		// nuclei like the sample images: radii 4-9 px, a fifth of the area covered
		final int count = (int) (0.2 * size * (double) size / (Math.PI * 6.5 * 6.5));
		final SyntheticNuclei.Result field = new SyntheticNuclei(size, size, 1, count, 4, 9, 1, 150, 4242, 0.2, true).generate();
		final float[] image = new float[size * size];
		final var cursor = net.imglib2.view.Views.flatIterable(field.image().data()).cursor();
		for (int i = 0; i < image.length; i++) image[i] = cursor.next().getRealFloat();
		final int[] truth = new int[size * size];
		final var lc = net.imglib2.view.Views.flatIterable(field.labels().data()).cursor();
		for (int i = 0; i < truth.length; i++) truth[i] = lc.next().getInteger();

		try (FastSamModel model = modelArg.equals("builtin") ? FastSamModel.builtIn() : FastSamModel.load(Path.of(modelArg))) {
			final FastSamDecoder decoder = model.decoder().withMaxDetections(Math.max(5000, model.decoder().maxDetections()));
			final FastSam fastSam = new FastSam(model, decoder);
			final FastSamImage img = FastSamImage.grey(image, size, size);
			final double[] letterboxMs = new double[repeats], networkMs = new double[repeats], decodeMs = new double[repeats], totalMs =
				new double[repeats];
			FastSamResult result = null;
			for (int r = -1; r < repeats; r++) {
				final long a = System.nanoTime();
				final Letterbox lb = model.letterbox(size, size);
				final float[] input = lb.apply(img);
				final long b = System.nanoTime();
				final FastSamOutput out = model.predict(input, lb.inputWidth(), lb.inputHeight());
				final long c = System.nanoTime();
				result = new FastSamResult(size, size, decoder.decode(out, lb, TaskMonitor.NONE));
				final long e = System.nanoTime();
				System.err.printf(Locale.ROOT, "run %d: letterbox %.0f ms, network %.0f ms, decoding %.0f ms, %d masks%n", r, (b - a) / 1e6, (c - b) /
					1e6, (e - c) / 1e6, result.masks().size());
				if (r < 0) continue;
				letterboxMs[r] = (b - a) / 1e6;
				networkMs[r] = (c - b) / 1e6;
				decodeMs[r] = (e - c) / 1e6;
				totalMs[r] = (e - a) / 1e6;
			}
			// the same pass through FastSam.segment gives the same number of masks (the bench measures the real pipeline)
			if (fastSam.segment(img, TaskMonitor.NONE).masks().size() != result.masks().size()) throw new IllegalStateException("pipeline mismatch");

			// prompts at nucleus centres, as a person clicks
			final int[][] centres = centres(truth, size, field.nuclei());
			final FastSamResult cached = result;
			final LabelingSession session = new LabelingSession(new LabelCanvas(size, size, 1), p -> cached);
			session.result(0);
			final SplittableRandom random = new SplittableRandom(7);
			final double[] pointMs = new double[prompts], boxMs = new double[prompts], acceptMs = new double[prompts];
			int found = 0;
			for (int i = -20; i < prompts; i++) {
				final int[] c = centres[random.nextInt(centres.length)];
				final long a = System.nanoTime();
				session.addPoint(0, c[0] + 0.5, c[1] + 0.5, true);
				LabelOverlay.elements(session, 0);
				final long b = System.nanoTime();
				session.setBox(0, new Box(c[0] - 12, c[1] - 12, c[0] + 13, c[1] + 13));
				LabelOverlay.elements(session, 0);
				final long d = System.nanoTime();
				final boolean hit = session.proposal() != null;
				session.accept();
				LabelOverlay.elements(session, 0);
				final long e = System.nanoTime();
				if (i < 0) continue;
				if (hit) found++;
				pointMs[i] = (b - a) / 1e6;
				boxMs[i] = (d - b) / 1e6;
				acceptMs[i] = (e - d) / 1e6;
			}
			System.out.println("| " + size + "² image, " + field.nuclei() + " nuclei, model " + (modelArg.equals("builtin") ? "built-in" : Path.of(
				modelArg).getFileName()) + " (input " + model.letterbox(size, size).inputWidth() + "²), " + result.masks().size() + " masks | median (ms) | 95th pct. (ms) |");
			System.out.println("|---|---|---|");
			row("everything pass (once per plane)", totalMs);
			row("  letterbox + normalisation", letterboxMs);
			row("  network (ONNX Runtime)", networkMs);
			row("  decoding (boxes, NMS, masks)", decodeMs);
			row("one click prompt + overlay redraw", pointMs);
			row("one box prompt + overlay redraw", boxMs);
			row("accept (Enter) + overlay redraw", acceptMs);
			System.out.printf(Locale.ROOT, "(%d prompts at nucleus centres, %d found a mask; %d cores, %s)%n", prompts, found, Runtime.getRuntime()
				.availableProcessors(), System.getProperty("java.version"));
		}
	}

	private static void row(final String what, final double[] ms) {
		System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", what, percentile(ms, 50), percentile(ms, 95));
	}

	private static double percentile(final double[] v, final double p) {
		final double[] s = v.clone();
		Arrays.sort(s);
		return s[(int) Math.min(s.length - 1, Math.round(p / 100 * (s.length - 1)))];
	}

	/** The centre of each object's pixels (rounded), for labels 1..n. */
	private static int[][] centres(final int[] labels, final int size, final int n) {
		final double[] sx = new double[n + 1], sy = new double[n + 1];
		final int[] count = new int[n + 1];
		for (int i = 0; i < labels.length; i++) {
			final int l = labels[i];
			if (l <= 0 || l > n) continue;
			sx[l] += i % size;
			sy[l] += i / size;
			count[l]++;
		}
		return java.util.stream.IntStream.rangeClosed(1, n).filter(l -> count[l] > 0).mapToObj(l -> new int[] { (int) (sx[l] / count[l]),
			(int) (sy[l] / count[l]) }).toArray(int[][]::new);
	}
}
