package org.tessera.labeltool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.annotate.LabelCanvas;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.Roi;
import ij.process.FloatProcessor;

/** Label images and ROIs to and from a canvas give back the same pixels. */
class LabelTransferTest {

	private static LabelCanvas sample() {
		final LabelCanvas c = new LabelCanvas(30, 24, 2);
		final int nucleus = c.addClass("nucleus", 0x00ff00);
		// a ring (a hole in the middle), a square touching the border, and a blob on slice 2
		final boolean[] ring = new boolean[11 * 11];
		for (int y = 0; y < 11; y++)
			for (int x = 0; x < 11; x++) {
				final double r2 = (x - 5) * (x - 5) + (y - 5) * (y - 5);
				ring[y * 11 + x] = r2 <= 25 && r2 > 4;
			}
		c.addObject(0, 2, 3, 11, 11, ring, nucleus);
		final boolean[] square = new boolean[36];
		java.util.Arrays.fill(square, true);
		c.addObject(0, 24, 18, 6, 6, square, 0);
		c.addObject(1, 10, 10, 6, 6, square, nucleus);
		c.dab(1, 12, 12, 1.5, 0);
		return c;
	}

	private static int[] pixels(final LabelCanvas c) {
		final int[] v = new int[c.width() * c.height() * c.slices()];
		int i = 0;
		for (int z = 0; z < c.slices(); z++)
			for (int y = 0; y < c.height(); y++)
				for (int x = 0; x < c.width(); x++) v[i++] = c.label(x, y, z);
		return v;
	}

	@Test
	void roisRoundTripPixelForPixel() {
		final LabelCanvas c = sample();
		final List<Roi> rois = LabelTransfer.toRois(c);
		assertEquals(List.of("nucleus 1", "object 2", "nucleus 3"), rois.stream().map(Roi::getName).toList());
		assertEquals(2, rois.get(2).getPosition());
		final LabelCanvas back = new LabelCanvas(30, 24, 2);
		back.addClass("nucleus", 0x00ff00);
		final int[] labels = LabelTransfer.addRois(back, rois, 1);
		assertArrayEquals(new int[] { 1, 2, 3 }, labels);
		assertArrayEquals(pixels(c), pixels(back));
		assertTrue(back.undo(), "each ROI added is a step");
		assertThrows(IllegalArgumentException.class, () -> LabelTransfer.addRois(back, List.of(new Line(0, 0, 5, 5)), 0));
	}

	@Test
	void labelImagesRoundTripAndBadValuesAreOneLine() {
		final LabelCanvas c = sample();
		final LabelCanvas back = LabelTransfer.fromLabelImage(LabelTransfer.toImagePlus(c, "labels"));
		assertArrayEquals(pixels(c), pixels(back));
		assertFalse(back.canUndo());
		final FloatProcessor fp = new FloatProcessor(4, 4);
		fp.setf(1, 2, 1.5f);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelTransfer.fromLabelImage(new ImagePlus("odd",
			fp)));
		assertEquals("label image 'odd' has the value 1.5 at (1, 2, slice 1); labels are whole numbers >= 0", e.getMessage());
	}
}
