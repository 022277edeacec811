package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The letterbox: sizes and offsets, the mapping both ways, resampling and padding. */
class LetterboxTest {

	@Test
	void aWideImageIsCentredVertically() {
		final Letterbox lb = Letterbox.of(300, 200, 320, 320);
		assertEquals(320, lb.resizedWidth());
		assertEquals(213, lb.resizedHeight()); // round(200 * 320 / 300) = round(213.33)
		assertEquals(0, lb.offsetX());
		assertEquals(53, lb.offsetY()); // (320 - 213) / 2, rounded down
		assertEquals(0, lb.toInputX(0), 0);
		assertEquals(320, lb.toInputX(300), 1e-12);
		assertEquals(53, lb.toInputY(0), 0);
		assertEquals(266, lb.toInputY(200), 1e-12);
	}

	@Test
	void aTallImageIsCentredHorizontally() {
		final Letterbox lb = Letterbox.of(100, 400, 256, 256);
		assertEquals(64, lb.resizedWidth());
		assertEquals(256, lb.resizedHeight());
		assertEquals(96, lb.offsetX());
		assertEquals(0, lb.offsetY());
	}

	@Test
	void imageToInputAndBackIsTheIdentity() {
		final SplittableRandom random = new SplittableRandom(3);
		for (final int[] s : new int[][] { { 300, 200, 320, 320 }, { 37, 451, 1024, 1024 }, { 4000, 3000, 640, 640 }, { 256, 256, 256, 256 } }) {
			final Letterbox lb = Letterbox.of(s[0], s[1], s[2], s[3]);
			for (int k = 0; k < 100; k++) {
				final double x = random.nextDouble(0, s[0]), y = random.nextDouble(0, s[1]);
				assertEquals(x, lb.toImageX(lb.toInputX(x)), 1e-9 * s[0]);
				assertEquals(y, lb.toImageY(lb.toInputY(y)), 1e-9 * s[1]);
				// and the image's corners land on the resized area's corners
				assertEquals(lb.offsetX() + lb.resizedWidth(), lb.toInputX(s[0]), 1e-9);
				assertEquals(lb.offsetY() + lb.resizedHeight(), lb.toInputY(s[1]), 1e-9);
			}
			final Box b = new Box(1.5, 2.25, s[0] - 3.5, s[1] - 1);
			final Box back = lb.toImage(lb.toInput(b));
			assertEquals(b.x0(), back.x0(), 1e-9);
			assertEquals(b.y1(), back.y1(), 1e-9);
		}
	}

	@Test
	void anImageOfTheInputsSizeIsCopiedExactly() {
		final SplittableRandom random = new SplittableRandom(5);
		final float[] r = new float[64 * 48], g = new float[r.length], b = new float[r.length];
		for (int i = 0; i < r.length; i++) {
			r[i] = (float) random.nextDouble();
			g[i] = (float) random.nextDouble();
			b[i] = (float) random.nextDouble();
		}
		final float[] in = Letterbox.of(64, 48, 64, 48).apply(FastSamImage.of(r, g, b, 64, 48));
		assertArrayEquals(r, java.util.Arrays.copyOfRange(in, 0, r.length));
		assertArrayEquals(g, java.util.Arrays.copyOfRange(in, r.length, 2 * r.length));
		assertArrayEquals(b, java.util.Arrays.copyOfRange(in, 2 * r.length, 3 * r.length));
	}

	@Test
	void resamplesBilinearlyAndPadsWith114() {
		// a 2 x 1 image [0, 1] into 4 x 4: rows 1..2 hold it (resized 4 x 2, offset 1), rows 0 and 3 are padding
		final float[] p = { 0, 1 };
		final float[] in = Letterbox.of(2, 1, 4, 4).apply(FastSamImage.of(p, p, p, 2, 1));
		final float pad = 114f / 255f;
		for (int c = 0; c < 3; c++) {
			final int base = c * 16;
			for (int x = 0; x < 4; x++) {
				assertEquals(pad, in[base + x], 0, "top padding");
				assertEquals(pad, in[base + 12 + x], 0, "bottom padding");
			}
			// samples at (u + 0.5) * 2 / 4 - 0.5 = -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
			assertArrayEquals(new float[] { 0, 0.25f, 0.75f, 1 }, java.util.Arrays.copyOfRange(in, base + 4, base + 8), 1e-7f);
			assertArrayEquals(new float[] { 0, 0.25f, 0.75f, 1 }, java.util.Arrays.copyOfRange(in, base + 8, base + 12), 1e-7f);
		}
	}

	@Test
	void greyIsNormalisedByPercentilesAndClipped() {
		final float[] v = new float[1000];
		for (int i = 0; i < v.length; i++) v[i] = i;
		final FastSamImage img = FastSamImage.grey(v, 1000, 1);
		// numpy: percentile 1 of 0..999 = 9.99, percentile 99.8 = 997.002
		assertEquals(0, img.value(0, 0, 0), 0);
		assertEquals(0, img.value(1, 9, 0), 0);
		assertEquals((500 - 9.99) / (997.002 - 9.99), img.value(2, 500, 0), 1e-6);
		assertEquals(1, img.value(0, 999, 0), 0);
	}

	@Test
	void rgbIsDividedBy255() {
		final FastSamImage img = FastSamImage.rgb(new int[] { 0xff0080, 0x00ff33 }, 2, 1);
		assertEquals(1, img.value(0, 0, 0), 0);
		assertEquals(0, img.value(1, 0, 0), 0);
		assertEquals(128 / 255f, img.value(2, 0, 0), 0);
		assertEquals(0x33 / 255f, img.value(2, 1, 0), 0);
	}
}
