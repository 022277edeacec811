package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;

/**
 * The image-following test model on a non-square (300 x 200) image: its masks are
 * the bright pixels inside boxes placed around the image's objects, so they show
 * that the letterbox goes in and comes back out right.
 */
class FastSamFollowTest {

	private static final int W = SamTestData.FOLLOW_W, H = SamTestData.FOLLOW_H;

	private static List<FastSamMask> segment(final Path model, final FastSamImage image) {
		try (FastSamModel m = FastSamModel.load(model)) {
			return new FastSam(m).segment(image, TaskMonitor.NONE).masks();
		}
	}

	private static void assertObjects(final List<FastSamMask> masks) {
		assertEquals(3, masks.size(), "the duplicate of O1's box is suppressed, the 0.1 one below the confidence");
		for (int k = 0; k < 3; k++) {
			final FastSamMask m = masks.get(k);
			assertEquals(SamTestData.FOLLOW_SCORES[k], m.score(), 1e-6);
			final Box b = m.box(), e = SamTestData.FOLLOW_BOXES[k];
			assertEquals(e.x0(), b.x0(), 1e-3, "box " + k);
			assertEquals(e.y0(), b.y0(), 1e-3, "box " + k);
			assertEquals(e.x1(), b.x1(), 1e-3, "box " + k);
			assertEquals(e.y1(), b.y1(), 1e-3, "box " + k);
			final double iou = SamTestData.iou(SamTestData.pixels(m, W, H), SamTestData.object(k));
			assertTrue(iou >= 0.9, "object " + k + ": IoU " + iou);
		}
	}

	@Test
	void masksAreTheObjectsOfAWideImage() {
		assertObjects(segment(SamTestData.FOLLOW, FastSamImage.grey(SamTestData.followImage(), W, H)));
	}

	@Test
	void anRgbImageGivesTheSameObjects() {
		// red objects on a dark background: the model follows the red channel
		final float[] grey = SamTestData.followImage();
		final int[] rgb = new int[grey.length];
		for (int i = 0; i < grey.length; i++) rgb[i] = ((int) grey[i]) << 16 | 30 << 8 | 30;
		assertObjects(segment(SamTestData.FOLLOW, FastSamImage.rgb(rgb, W, H)));
	}

	@Test
	void aDynamicInputSizeRunsAtTheImagesSideRoundedUpTo32() {
		try (FastSamModel m = FastSamModel.load(SamTestData.FOLLOW_DYNAMIC)) {
			assertTrue(m.isDynamic());
			assertEquals(-1, m.inputWidth());
			final Letterbox l = m.letterbox(W, H);
			assertEquals(320, l.inputWidth(), "300 x 200 runs at 320 x 320");
			assertEquals(320, l.inputHeight());
		}
		// the model's boxes are placed for S = 320: at any other size they would miss the objects
		assertObjects(segment(SamTestData.FOLLOW_DYNAMIC, FastSamImage.grey(SamTestData.followImage(), W, H)));
	}

	@Test
	void theDynamicSizeRule() {
		assertEquals(256, FastSamModel.dynamicSize(256, 256));
		assertEquals(288, FastSamModel.dynamicSize(257, 100));
		assertEquals(320, FastSamModel.dynamicSize(200, 300));
		assertEquals(64, FastSamModel.dynamicSize(61, 57), "at least 64");
		assertEquals(64, FastSamModel.dynamicSize(1, 1));
		assertEquals(1024, FastSamModel.dynamicSize(1024, 1024));
		assertEquals(1024, FastSamModel.dynamicSize(1000, 20));
		assertEquals(1024, FastSamModel.dynamicSize(4000, 3000), "larger images are scaled down to 1024");
		try (FastSamModel m = FastSamModel.load(SamTestData.FOLLOW)) {
			assertTrue(!m.isDynamic());
			assertEquals(320, m.letterbox(4000, 3000).inputWidth(), "a fixed size stays the file's");
			assertEquals(320, m.letterbox(20, 20).inputWidth());
		}
	}

	@Test
	void promptsFindTheObjects() {
		final FastSamResult all;
		try (FastSamModel m = FastSamModel.load(SamTestData.FOLLOW)) {
			all = new FastSam(m).segment(FastSamImage.grey(SamTestData.followImage(), W, H), TaskMonitor.NONE);
		}
		final FastSamSelection disc = all.points(List.of(Point.positive(200, 120)));
		assertEquals(1, disc.objects().size());
		assertTrue(SamTestData.iou(SamTestData.pixels(disc.objects().get(0), W, H), SamTestData.object(1)) >= 0.9);
		final FastSamSelection small = all.box(new Box(250, 15, 290, 55));
		assertTrue(small.objects().get(0) == all.masks().get(2), small.status());
		// two positive points on two objects: one object made of both
		final FastSamSelection both = all.points(List.of(Point.positive(50, 50), Point.positive(260, 20)));
		final boolean[] expected = SamTestData.object(0), o3 = SamTestData.object(2);
		for (int i = 0; i < expected.length; i++) expected[i] |= o3[i];
		assertTrue(SamTestData.iou(SamTestData.pixels(both.objects().get(0), W, H), expected) >= 0.9);
		// labels: the disc as 1
		final int[] labels = disc.labels();
		assertEquals(1, labels[120 * W + 200]);
		assertEquals(0, labels[50 * W + 50]);
	}
}
