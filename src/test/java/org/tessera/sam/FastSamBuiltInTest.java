package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.TaskMonitor;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Datasets;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;

/**
 * Tessera's built-in FastSAM model, loaded from the class path as users get it,
 * through the Java pipeline (letterbox, network, decoder, prompts) on nuclei it
 * was not trained on: the real validation images of nuclei2d (other fields of
 * view than training), everything and one click per nucleus, where
 * ../shared/datasets is present; the real crop of ../shared/test-data; and
 * synthetic nuclei. Objects are matched one to one, greedily by decreasing IoU,
 * pairs with mask IoU > 0.5: AP@0.5 = matched / (matched + unmatched on either
 * side); a click's IoU is that of the object it selects (0 when none).
 */
class FastSamBuiltInTest {

	@TempDir
	Path tmp;

	/**
	 * Floors a little under what the shipped model measures (docs/training-fastsam.md: validation AP@0.5 0.796,
	 * one click 0.747; synthetic 256² mean IoU 0.743, recall 0.738), so that a worse model fails.
	 */
	private static final double VAL_AP_FLOOR = 0.76, VAL_CLICK_FLOOR = 0.70, MEAN_IOU_FLOOR = 0.70, RECALL_FLOOR = 0.70,
		REAL_RECALL_FLOOR = 0.6;

	/** A synthetic image and its ground truth, as the test sees them. */
	private record Nuclei(float[] pixels, int[] labels, int width, int height, int count) {}

	private static Nuclei synthetic(final int size, final int count, final double minRadius, final double maxRadius, final long seed) {
		final SyntheticNuclei.Result r = new SyntheticNuclei(size, size, 1, count, minRadius, maxRadius, 1, 120, seed).generate();
		final ImagePlus img = ImagePlusViews.toImagePlus(r.image()), gt = ImagePlusViews.toImagePlus(r.labels());
		return new Nuclei(TestImages.planeFloats(img), TestImages.planeInts(gt), size, size, r.nuclei());
	}



	/** Mean IoU of matched pairs, matched ground-truth objects, ground-truth objects, predicted objects. */
	record Scores(double meanIou, int matched, int objects, int predicted) {

		double recall() {
			return matched / (double) Math.max(1, objects);
		}

		double ap50() {
			return matched / (double) Math.max(1, objects + predicted - matched);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "mean IoU %.3f, recall %.3f (%d of %d), %d predicted, AP@0.5 %.3f", meanIou, recall(), matched, objects,
				predicted, ap50());
		}
	}

	/** Greedy one-to-one matching of masks to ground-truth labels by decreasing IoU, pairs with IoU > 0.5. */
	static Scores score(final int[] truth, final int width, final List<FastSamMask> masks) {
		int n = 0;
		for (final int v : truth) n = Math.max(n, v);
		final int[] area = new int[n + 1];
		for (final int v : truth) area[v]++;
		int objects = 0;
		for (int l = 1; l <= n; l++)
			if (area[l] > 0) objects++;
		final List<double[]> pairs = new ArrayList<>(); // iou, mask, label
		for (int k = 0; k < masks.size(); k++) {
			final FastSamMask m = masks.get(k);
			final int[] inter = new int[n + 1];
			for (int y = m.top(); y < m.top() + m.height(); y++)
				for (int x = m.left(); x < m.left() + m.width(); x++)
					if (m.contains(x, y)) inter[truth[y * width + x]]++;
			for (int l = 1; l <= n; l++) {
				if (inter[l] == 0) continue;
				final double iou = inter[l] / (double) (m.area() + area[l] - inter[l]);
				if (iou > 0.5) pairs.add(new double[] { iou, k, l });
			}
		}
		pairs.sort(Comparator.comparingDouble((double[] p) -> -p[0]));
		final boolean[] usedMask = new boolean[masks.size()], usedLabel = new boolean[n + 1];
		double sum = 0;
		int matched = 0;
		for (final double[] p : pairs) {
			final int k = (int) p[1], l = (int) p[2];
			if (usedMask[k] || usedLabel[l]) continue;
			usedMask[k] = usedLabel[l] = true;
			sum += p[0];
			matched++;
		}
		return new Scores(matched == 0 ? 0 : sum / matched, matched, objects, masks.size());
	}

	private static double iou(final FastSamMask m, final int[] truth, final int width, final int label) {
		int inter = 0, area = 0;
		for (final int v : truth)
			if (v == label) area++;
		for (int y = m.top(); y < m.top() + m.height(); y++)
			for (int x = m.left(); x < m.left() + m.width(); x++)
				if (m.contains(x, y) && truth[y * width + x] == label) inter++;
		return inter / (double) (m.area() + area - inter);
	}

	private static FastSamResult segment(final FastSamModel model, final Nuclei n) {
		return new FastSam(model).segment(FastSamImage.grey(n.pixels(), n.width(), n.height()), TaskMonitor.NONE);
	}

	@Test
	void theBuiltInModelLoadsWithItsTunedDecoding() {
		try (FastSamModel model = FastSamModel.builtIn()) {
			assertTrue(model.isDynamic(), "the built-in model takes any size (S = the image's larger side rounded up to 32)");
			final FastSamDecoder d = model.decoder();
			assertTrue(d.confidence() > 0 && d.confidence() < 1, "conf " + d.confidence());
			assertTrue(d.iou() > 0 && d.iou() < 0.9, "iou " + d.iou());
			assertTrue(d.maxDetections() >= 1000, "nuclei images hold hundreds of objects: max_det " + d.maxDetections());
			assertTrue(model.toString().contains("built-in"), model.toString());
		}
		// a model a user brings keeps Ultralytics' defaults
		try (FastSamModel model = FastSamModel.load(SamTestData.FOLLOW)) {
			assertEquals(FastSamDecoder.DEFAULT_CONFIDENCE, model.decoder().confidence());
			assertEquals(FastSamDecoder.DEFAULT_IOU, model.decoder().iou());
			assertEquals(FastSamDecoder.DEFAULT_MAX_DETECTIONS, model.decoder().maxDetections());
		}
	}

	@Test
	void everythingFindsSyntheticNuclei() {
		try (FastSamModel model = FastSamModel.builtIn()) {
			// seeds far from the training set's; 256² as the training images, and 1024² (S = 1024, the same scale)
			final Nuclei small = synthetic(256, 80, 3, 9, 987_654);
			final Scores s256 = score(small.labels(), small.width(), segment(model, small).masks());
			final Nuclei large = synthetic(1024, 900, 3, 10, 123_457);
			final long t0 = System.nanoTime();
			final FastSamResult all = segment(model, large);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final Scores s1024 = score(large.labels(), large.width(), all.masks());
			System.out.println("built-in FastSAM, everything: synthetic 256² " + s256 + "; synthetic 1024² " + s1024 + String.format(Locale.ROOT,
				" (%.2f s)", seconds));
			for (final Scores s : new Scores[] { s256, s1024 }) {
				assertTrue(s.meanIou() >= MEAN_IOU_FLOOR, "mean IoU " + s);
				assertTrue(s.recall() >= RECALL_FLOOR, "recall " + s);
			}
		}
	}

	/**
	 * On the real validation images: everything (pooled AP@0.5), and one positive
	 * click at each nucleus (its pixel nearest to its centroid) and a box around it,
	 * each selecting the nucleus (mean IoU over all nuclei).
	 */
	@Test
	void realValidationNucleiEverythingClicksAndBoxes() {
		final Path val = Datasets.require("nuclei2d/val");
		try (FastSamModel model = FastSamModel.builtIn()) {
			int tp = 0, predicted = 0, objects = 0, clicks = 0;
			double clickIou = 0, boxIou = 0;
			for (final Datasets.Pair p : Datasets.pairs(val, Datasets.names(val))) {
				final ImagePlus imp = p.image();
				final Nuclei n = new Nuclei(TestImages.planeFloats(imp), p.labels(), imp.getWidth(), imp.getHeight(), 0);
				final FastSamResult all = segment(model, n);
				final Scores s = score(n.labels(), n.width(), all.masks());
				tp += s.matched();
				predicted += s.predicted();
				objects += s.objects();
				final int w = n.width(), h = n.height();
				final int max = java.util.Arrays.stream(n.labels()).max().orElse(0);
				final double[] sx = new double[max + 1], sy = new double[max + 1];
				final int[] area = new int[max + 1], x0 = new int[max + 1], y0 = new int[max + 1], x1 = new int[max + 1], y1 = new int[max + 1];
				java.util.Arrays.fill(x0, w);
				java.util.Arrays.fill(y0, h);
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						final int l = n.labels()[y * w + x];
						if (l == 0) continue;
						sx[l] += x;
						sy[l] += y;
						area[l]++;
						x0[l] = Math.min(x0[l], x);
						y0[l] = Math.min(y0[l], y);
						x1[l] = Math.max(x1[l], x + 1);
						y1[l] = Math.max(y1[l], y + 1);
					}
				for (int l = 1; l <= max; l++) {
					if (area[l] == 0) continue;
					// the object's pixel nearest to its centroid
					final double cx = sx[l] / area[l], cy = sy[l] / area[l];
					int px = -1, py = -1;
					double best = Double.MAX_VALUE;
					for (int y = y0[l]; y < y1[l]; y++)
						for (int x = x0[l]; x < x1[l]; x++)
							if (n.labels()[y * w + x] == l && (x - cx) * (x - cx) + (y - cy) * (y - cy) < best) {
								best = (x - cx) * (x - cx) + (y - cy) * (y - cy);
								px = x;
								py = y;
							}
					final FastSamSelection point = all.points(List.of(Point.positive(px, py)));
					clickIou += point.isEmpty() ? 0 : iou(point.objects().get(0), n.labels(), w, l);
					final FastSamSelection boxed = all.box(new Box(Math.max(0, x0[l] - 1), Math.max(0, y0[l] - 1), Math.min(w, x1[l] + 1), Math
						.min(h, y1[l] + 1)));
					boxIou += boxed.isEmpty() ? 0 : iou(boxed.objects().get(0), n.labels(), w, l);
					clicks++;
				}
			}
			final double ap = tp / (double) Math.max(1, predicted + objects - tp);
			System.out.println(String.format(Locale.ROOT, "built-in FastSAM on nuclei2d/val: AP@0.5 %.3f (%d of %d nuclei, %d predicted); " +
				"one click: mean IoU %.3f; a box: mean IoU %.3f (%d nuclei)", ap, tp, objects, predicted, clickIou / clicks, boxIou / clicks, clicks));
			assertTrue(ap >= VAL_AP_FLOOR, "AP@0.5 " + ap);
			assertTrue(clickIou / clicks >= VAL_CLICK_FLOOR, "one click: mean IoU " + clickIou / clicks);
			assertTrue(boxIou / clicks >= VAL_CLICK_FLOOR, "a box: mean IoU " + boxIou / clicks);
		}
	}

	@Test
	void theRealCropIsReported() {
		final Path real = Path.of("../shared/test-data/stardist/tests-data/img2d.tif"), mask = real.resolveSibling("mask2d.tif");
		Assumptions.assumeTrue(Files.exists(real) && Files.exists(mask), "../shared/test-data is absent: the real crop is not measured");
		final ImagePlus r = ImageFiles.read(real, "img2d"), m = ImageFiles.read(mask, "mask2d");
		try (FastSamModel model = FastSamModel.builtIn()) {
			final Nuclei n = new Nuclei(TestImages.planeFloats(r), TestImages.planeInts(m), r.getWidth(), r.getHeight(), 0);
			final Scores s = score(n.labels(), n.width(), segment(model, n).masks());
			System.out.println("built-in FastSAM, everything: real tests-data/img2d.tif " + s);
			assertTrue(s.recall() >= REAL_RECALL_FLOOR, s.toString());
		}
	}

	@Test
	void theCommandUsesTheBuiltInModelWithoutModel() throws Exception {
		final Nuclei n = synthetic(256, 60, 3, 8, 246_810);
		final ij.process.FloatProcessor fp = new ij.process.FloatProcessor(n.width(), n.height(), n.pixels());
		final Path in = tmp.resolve("nuclei.tif"), out = tmp.resolve("labels.tif");
		ImageFiles.writeTiff(new ImagePlus("nuclei", fp), in);
		final CliRun.Result r = CliRun.tessera("fastsam", "input=" + in, "output=" + out);
		assertEquals(0, r.code(), r.err());
		final ImagePlus labels = ImageFiles.read(out, "labels");
		int max = 0;
		for (int i = 0; i < n.width() * n.height(); i++) max = Math.max(max, labels.getProcessor().get(i));
		assertTrue(max >= 0.8 * n.count() && max <= 1.2 * n.count(), max + " objects for " + n.count() + " nuclei");
	}
}
