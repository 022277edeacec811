package org.tessera.dl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Bilinear rescaling with pixel centres aligned, checked against the formula it implements. */
class ResampleTest {

	@Test
	void scaleOneIsTheIdentity() {
		final float[] image = { 1, 2, 3, 4, 5, 6 };
		assertArrayEquals(image, Resample.bilinear(image, 3, 2, 1, 3, 2));
	}

	@Test
	void doublingARampSamplesBetweenPixelCentres() {
		// x = 0, 1, 2, 3 doubled: output u samples (u + 0.5) / 2 - 0.5, clamped to [0, 3]
		final float[] out = Resample.bilinear(new float[] { 0, 10, 20, 30 }, 4, 1, 1, 8, 1);
		assertArrayEquals(new float[] { 0, 2.5f, 7.5f, 12.5f, 17.5f, 22.5f, 27.5f, 30 }, out, 1e-5f);
	}

	@Test
	void halvingAveragesPairsOfPixels() {
		final float[] out = Resample.bilinear(new float[] { 0, 10, 20, 30, 40, 50 }, 6, 1, 1, 3, 1);
		assertArrayEquals(new float[] { 5, 25, 45 }, out, 1e-5f);
	}

	@Test
	void channelsAreRescaledSeparately() {
		// two channels: a ramp and its negative, 2 x 1 pixels to 4 x 1
		final float[] out = Resample.bilinear(new float[] { 0, 0, 8, -8 }, 2, 1, 2, 4, 1);
		assertArrayEquals(new float[] { 0, 0, 2, -2, 6, -6, 8, -8 }, out, 1e-5f);
	}

	@Test
	void rowsAndColumnsBothInterpolate() {
		// f(x, y) = x + 10 y is reproduced exactly inside the image
		final float[] image = new float[4 * 3];
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 4; x++) image[y * 4 + x] = x + 10 * y;
		final float[] out = Resample.bilinear(image, 4, 3, 1, 8, 6);
		for (int v = 1; v < 5; v++)
			for (int u = 1; u < 7; u++)
				assertEquals(Resample.toSource(u, 4, 8) + 10 * Resample.toSource(v, 3, 6), out[v * 8 + u], 1e-4, u + ", " + v);
	}

	@Test
	void toSourceMapsPixelCentres() {
		assertEquals(-0.25, Resample.toSource(0, 4, 8), 1e-12);
		assertEquals(0.5, Resample.toSource(0, 6, 3), 1e-12);
		assertEquals(7.0, Resample.toSource(7, 8, 8), 1e-12);
	}

	@Test
	void sizesRoundAndStayPositive() {
		assertEquals(128, Resample.size(256, 0.5));
		assertEquals(1, Resample.size(3, 0.01));
		assertThrows(IllegalArgumentException.class, () -> Resample.size(10, 0));
		assertThrows(IllegalArgumentException.class, () -> Resample.size(10, Double.NaN));
	}
}
