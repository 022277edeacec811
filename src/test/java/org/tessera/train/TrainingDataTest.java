package org.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** What the networks learn from: the three classes made from object labels, and augmented crops that keep image and labels aligned. */
class TrainingDataTest {

	@Test
	void objectLabelsBecomeBackgroundInsideAndBoundary() {
		// two touching 3x3 objects (1 and 2) at the image's left edge, background elsewhere
		final int w = 8, h = 4;
		final int[] labels = new int[w * h];
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 6; x++)
				labels[y * w + x] = x < 3 ? 1 : 2;
		final int[] t = SemanticTargets.fromInstances(labels, w, h);
		assertArrayEquals(new int[] {
			1, 1, 2, 2, 1, 2, 0, 0,
			1, 1, 2, 2, 1, 2, 0, 0,
			2, 2, 2, 2, 2, 2, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0 }, t, "the image's edge is no boundary; where objects touch, both sides are");
	}

	@Test
	void classLabelsShiftToIndicesAndUnlabelledGetsNoLoss() {
		assertArrayEquals(new int[] { -1, 0, 1, 2 }, SemanticTargets.fromClassLabels("s", new int[] { 0, 1, 2, 3 }, 3));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> SemanticTargets.fromClassLabels("roots.tif labels", new int[] { 0, 4 }, 3));
		assertEquals("roots.tif labels: label 4 is not a class (1..3, 0 for unlabelled)", e.getMessage());
	}

	@Test
	void samplesAreNormalisedPerChannelAsAtInference() {
		final int w = 10, h = 10;
		final float[] rgb = new float[3 * w * h];
		for (int i = 0; i < w * h; i++) {
			rgb[3 * i] = i;
			rgb[3 * i + 1] = 1000 + 5 * i;
			rgb[3 * i + 2] = 7;
		}
		final Sample s = SemanticTargets.sample("x", rgb, w, h, 3, 1, 99.8, new int[w * h]);
		for (int c = 0; c < 2; c++) {
			final int base = c * w * h;
			assertEquals(0, s.image()[base + 1], 0.02, "channel " + c + " at its 1st percentile");
			assertEquals(1, s.image()[base + 99], 0.02, "channel " + c + " at its 99.8th percentile");
			assertEquals(s.image()[50], s.image()[base + 50], 1e-5, "the same shape gives the same values, whatever the channel's range");
		}
	}

	@Test
	void cropsKeepImageAndLabelsAlignedUnderEveryZoomFlipAndRotation() {
		// the image holds each pixel's coordinates (linear, so bilinear sampling is exact); the labels their index
		final int w = 50, h = 40;
		final float[] image = new float[2 * w * h];
		final int[] labels = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				image[y * w + x] = x;
				image[w * h + y * w + x] = y;
				labels[y * w + x] = y * w + x;
			}
		final Sample s = new Sample("coordinates", 2, h, w, image, labels);
		final Augmentation geometry = new Augmentation(0.75, 4 / 3.0, true, false, false);
		final SplittableRandom r = new SplittableRandom(4);
		final Set<String> orientations = new HashSet<>();
		final int patch = 24;
		for (int k = 0; k < 200; k++) {
			final Augmentation.Crop c = geometry.crop(s, patch, r);
			for (int i = 0; i < patch * patch; i++) {
				final int l = c.labels()[i];
				assertTrue(l >= 0, "a 24-pixel crop at zoom >= 0.75 fits in 50x40");
				final float x = c.image()[i], y = c.image()[patch * patch + i];
				assertEquals(l % w, x, 0.5 + 1e-4, "label and image x at crop pixel " + i);
				assertEquals(l / w, y, 0.5 + 1e-4, "label and image y at crop pixel " + i);
			}
			// which way the crop's rows and columns run through the image
			final int n = patch * patch;
			orientations.add(Math.signum(c.image()[1] - c.image()[0]) + "," + Math.signum(c.image()[n + 1] - c.image()[n]) + ";" + Math.signum(c
				.image()[patch] - c.image()[0]) + "," + Math.signum(c.image()[n + patch] - c.image()[n]));
		}
		assertEquals(8, orientations.size(), "all eight flips and rotations occur: " + orientations);
	}

	@Test
	void smallImagesAreMirroredAndTheirOutsideGetsNoLoss() {
		final Sample s = new Sample("tiny", 1, 3, 3, new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, new int[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 });
		final Augmentation.Crop c = Augmentation.NONE.crop(s, 8, new SplittableRandom(1));
		assertArrayEquals(new float[] { 0, 1, 2, 1, 0, 1, 2, 1 }, java.util.Arrays.copyOf(c.image(), 8), "reflection without repeating the edge");
		assertEquals(1, c.labels()[2]);
		assertEquals(-1, c.labels()[3], "outside the image: no loss");
		assertEquals(-1, c.labels()[3 * 8]);
	}

	@Test
	void intensityAndGammaChangeValuesNotGeometry() {
		final int w = 32;
		final float[] image = new float[w * w];
		for (int i = 0; i < image.length; i++)
			image[i] = (i % w) / (float) w;
		final Sample s = new Sample("ramp", 1, w, w, image, new int[w * w]);
		final Augmentation a = new Augmentation(1, 1, false, true, true);
		final SplittableRandom r = new SplittableRandom(9);
		boolean changed = false;
		for (int k = 0; k < 20; k++) {
			final float[] v = a.crop(s, w, r).image();
			for (int x = 1; x < w; x++)
				assertTrue(v[x] > v[x - 1], "still increasing along the ramp");
			changed |= Math.abs(v[w / 2] - image[w / 2]) > 0.02;
		}
		assertTrue(changed);
		assertEquals("zoom 0.75-1.33, flips and 90° rotations, intensity scale and shift, gamma", Augmentation.DEFAULT.describe());
		assertEquals("none", Augmentation.NONE.describe());
	}
}
