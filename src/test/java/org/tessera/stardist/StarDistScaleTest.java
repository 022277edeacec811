package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;
import org.tessera.dl.Resample;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.Matching;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;

/**
 * The same real nuclei at two magnifications: the crop of ../shared/test-data
 * enlarged twice, segmented with scale 0.5, gives the objects of the crop itself,
 * outlined at the enlarged size.
 */
class StarDistScaleTest {

	@Test
	void aScaleBringsNucleiToTheModelsSize() {
		final Path real = Path.of("../shared/test-data/stardist/tests-data/img2d.tif"), mask = real.resolveSibling("mask2d.tif");
		Assumptions.assumeTrue(Files.exists(real) && Files.exists(mask), "../shared/test-data is absent");
		final ImagePlus r = ImageFiles.read(real, "img2d"), m = ImageFiles.read(mask, "mask2d");
		final int w = r.getWidth(), h = r.getHeight();
		final float[] image = TestImages.planeFloats(r);
		final int[] truth = TestImages.planeInts(m);
		final float[] large = Resample.bilinear(image, w, h, 1, 2 * w, 2 * h);
		final int[] largeTruth = new int[4 * w * h];
		for (int y = 0; y < 2 * h; y++)
			for (int x = 0; x < 2 * w; x++) largeTruth[y * 2 * w + x] = truth[(y / 2) * w + x / 2];
		try (StarDistModel model = StarDistModel.builtIn()) {
			final StarDist stardist = new StarDist(model, null, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH);
			final StarDistPostprocess.Result native1 = stardist.segment(image, w, h, TaskMonitor.NONE);
			final StarDistPostprocess.Result scaled = stardist.withScale(0.5).segment(large, 2 * w, 2 * h, TaskMonitor.NONE);
			assertEquals(2 * w, scaled.width());
			assertEquals(4 * w * h, scaled.labels().length);
			final double apNative = Matching.ap(truth, native1.labels()), apScaled = Matching.ap(largeTruth, scaled.labels());
			System.out.println("StarDist AP@0.5 on the crop " + apNative + ", on the crop enlarged twice with scale 0.5 " + apScaled);
			assertTrue(apScaled >= apNative - 0.05, "enlarged with scale 0.5: AP " + apScaled + ", at its own size " + apNative);
			// the same objects: the enlarged run's labels, sampled at the crop's pixels, match the crop's own run
			final int[] back = new int[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) back[y * w + x] = scaled.labels()[(2 * y) * 2 * w + 2 * x];
			final double agreement = Matching.ap(native1.labels(), back);
			assertTrue(agreement >= 0.85, "objects found at both sizes agree at AP " + agreement);
		}
	}
}
