package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.Datasets;
import org.tessera.testutil.Matching;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import ij.process.ColorProcessor;

/**
 * Tessera's built-in StarDist models, loaded from the class path as users get
 * them, through the Java pipeline, on real nuclei they were not trained on:
 * AP@0.5 pooled over the validation images (TP / (TP + FP + FN), a match being
 * IoU > 0.5) of nuclei2d for the fluorescence model and of the H&amp;E-like and
 * brightfield images kept out of training for the he model, and the real crop of
 * ../shared/test-data. The floors are a little under what the shipped models
 * measure (docs/training-stardist.md), so that a worse model fails.
 */
class StarDistBuiltInTest {

	private static final double FLUORESCENCE_VAL_FLOOR = 0.80, CROP_FLOOR = 0.65, HE_VAL_FLOOR = 0.60;

	/** Pooled AP@0.5 of a model over image/label pairs. */
	private static double pooledAp(final StarDist stardist, final List<Datasets.Pair> pairs, final boolean rgb) {
		long tp = 0, fp = 0, fn = 0;
		for (final Datasets.Pair p : pairs) {
			final ImagePlus imp = p.image();
			final float[] pixels = rgb ? rgb(imp) : TestImages.planeFloats(imp);
			final int[] labels = stardist.segment(pixels, imp.getWidth(), imp.getHeight(), rgb ? 3 : 1, TaskMonitor.NONE).labels();
			final int[] c = Matching.counts(p.labels(), labels);
			tp += c[0];
			fp += c[1];
			fn += c[2];
		}
		return tp / (double) Math.max(1, tp + fp + fn);
	}

	/** An image as three interleaved channels: RGB as it is, grey repeated (as the he model was trained). */
	private static float[] rgb(final ImagePlus imp) {
		final int n = imp.getWidth() * imp.getHeight();
		final float[] out = new float[3 * n];
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			final int[] px = (int[]) ((ColorProcessor) imp.getProcessor()).getPixels();
			for (int i = 0; i < n; i++) {
				out[3 * i] = (px[i] >> 16) & 0xff;
				out[3 * i + 1] = (px[i] >> 8) & 0xff;
				out[3 * i + 2] = px[i] & 0xff;
			}
		}
		else {
			final float[] g = TestImages.planeFloats(imp);
			for (int i = 0; i < n; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = g[i];
		}
		return out;
	}

	@Test
	void theFluorescenceModelSegmentsRealNucleiItWasNotTrainedOn() {
		try (StarDistModel model = StarDistModel.builtIn()) {
			assertEquals(32, model.config().nRays());
			assertEquals(1, model.config().channelsIn());
			final StarDist stardist = new StarDist(model, null, model.config().normalizeLow(), model.config().normalizeHigh());
			// the real 256² crop of the StarDist test data (BSD-3), never trained on
			final Path real = Path.of("../shared/test-data/stardist/tests-data/img2d.tif"), mask = real.resolveSibling("mask2d.tif");
			if (Files.exists(real) && Files.exists(mask)) {
				final ImagePlus r = ImageFiles.read(real, "img2d"), m = ImageFiles.read(mask, "mask2d");
				final double crop = Matching.ap(TestImages.planeInts(m), stardist.segment(TestImages.planeFloats(r), r.getWidth(), r.getHeight(),
					TaskMonitor.NONE).labels());
				System.out.println("built-in fluorescence StarDist AP@0.5 on the real crop " + crop);
				assertTrue(crop >= CROP_FLOOR, "AP@0.5 on the real 256² crop " + crop);
			}
			final Path val = Datasets.require("nuclei2d/val");
			final double ap = pooledAp(stardist, Datasets.pairs(val, Datasets.names(val)), false);
			System.out.println("built-in fluorescence StarDist AP@0.5 on nuclei2d/val " + ap);
			assertTrue(ap >= FLUORESCENCE_VAL_FLOOR, "AP@0.5 on nuclei2d/val " + ap);
		}
	}

	@Test
	void theHeModelSegmentsBrightfieldNucleiItWasNotTrainedOn() {
		try (StarDistModel model = StarDistModel.open("he")) {
			assertEquals(3, model.config().channelsIn());
			final StarDist stardist = new StarDist(model, null, model.config().normalizeLow(), model.config().normalizeHigh());
			final Path folder = Datasets.require("nuclei2d-brightfield");
			final double ap = pooledAp(stardist, Datasets.pairs(folder, Datasets.brightfieldVal(folder)), true);
			System.out.println("built-in he StarDist AP@0.5 on the held-out brightfield images " + ap);
			assertTrue(ap >= HE_VAL_FLOOR, "AP@0.5 on the held-out nuclei2d-brightfield images " + ap);
		}
	}

	@Test
	void bothBuiltInModelsAreThereByName() {
		Assumptions.assumeTrue(StarDistModel.BUILT_IN_NAMES.size() == 2);
		for (final String name : StarDistModel.BUILT_IN_NAMES)
			try (StarDistModel m = StarDistModel.open(name)) {
				assertEquals("built-in " + name, m.source().toString());
			}
	}
}
