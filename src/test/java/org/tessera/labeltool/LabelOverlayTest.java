package org.tessera.labeltool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tessera.annotate.LabelCanvas;

/**
 * The label layer is redrawn only where the canvas changed: after every edit
 * of a long random session (strokes, erasing, proposals accepted, undo,
 * redo, a new colour, another plane) it must equal a drawing made anew.
 */
class LabelOverlayTest {

	private static int[] pixels(final BufferedImage bi) {
		return bi.getRGB(0, 0, bi.getWidth(), bi.getHeight(), null, 0, bi.getWidth());
	}

	@Test
	void redrawingOnlyWhatChangedDrawsWhatDrawingAnewDoes() {
		final int w = 61, h = 47, slices = 3;
		final LabelCanvas canvas = new LabelCanvas(w, h, slices);
		canvas.addClass("cell", 0x3366ff);
		final Random random = new Random(7);
		int plane = 0;
		for (int step = 0; step < 400; step++) {
			final int what = random.nextInt(20);
			if (what < 8) { // a stroke of a new object or of one that exists
				final boolean fresh = random.nextBoolean() || canvas.objects() == 0;
				final int label = fresh ? canvas.beginObjectStroke(random.nextInt(2)) : 1 + random.nextInt(canvas.objects());
				if (!fresh) canvas.beginStroke("brush " + label);
				final double x = random.nextDouble() * w, y = random.nextDouble() * h;
				for (int k = 0; k < 4; k++) {
					canvas.dab(plane, x + 3 * k, y + k, 0.5 + 4 * random.nextDouble(), label);
					assertArrayEquals(pixels(LabelOverlay.drawnAnew(canvas, plane)), pixels(LabelOverlay.drawn(canvas, plane)), "mid-stroke, step " + step);
				}
				canvas.finishStroke();
			}
			else if (what < 10) canvas.dab(plane, random.nextDouble() * w, random.nextDouble() * h, 1 + 5 * random.nextDouble(), 0);
			else if (what < 13) {
				final int mw = 1 + random.nextInt(12), mh = 1 + random.nextInt(12);
				final boolean[] mask = new boolean[mw * mh];
				for (int i = 0; i < mask.length; i++) mask[i] = random.nextInt(4) > 0;
				canvas.addObject(random.nextInt(slices), random.nextInt(w) - 4, random.nextInt(h) - 4, mw, mh, mask, random.nextInt(2));
			}
			else if (what < 16) canvas.undo();
			else if (what < 18) canvas.redo();
			else if (what < 19) canvas.setClass(1, new LabelCanvas.LabelClass("cell", random.nextInt(0x1000000)));
			else plane = random.nextInt(slices);
			final BufferedImage before = LabelOverlay.drawn(canvas, plane);
			assertArrayEquals(pixels(LabelOverlay.drawnAnew(canvas, plane)), pixels(before), "after step " + step + " (" + what + ")");
			assertSame(before, LabelOverlay.drawn(canvas, plane), "the drawing is kept and brought up to date, not made anew");
		}
		assertNotEquals(0, canvas.objects());
	}
}
