package org.tessera.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The sampled Gaussian PSF: normalised, centred, with the asked second moments. */
class GaussianPsfTest {

	/** Sum, centre of mass and central second moments along x, y, z. */
	static double[] moments(final Psf p) {
		double s = 0, mx = 0, my = 0, mz = 0;
		for (int z = 0; z < p.nz(); z++)
			for (int y = 0; y < p.ny(); y++)
				for (int x = 0; x < p.nx(); x++) {
					final double v = p.get(x, y, z);
					s += v;
					mx += v * x;
					my += v * y;
					mz += v * z;
				}
		mx /= s;
		my /= s;
		mz /= s;
		double vx = 0, vy = 0, vz = 0;
		for (int z = 0; z < p.nz(); z++)
			for (int y = 0; y < p.ny(); y++)
				for (int x = 0; x < p.nx(); x++) {
					final double v = p.get(x, y, z);
					vx += v * (x - mx) * (x - mx);
					vy += v * (y - my) * (y - my);
					vz += v * (z - mz) * (z - mz);
				}
		return new double[] { s, mx, my, mz, vx / s, vy / s, vz / s };
	}

	@Test
	void sumCentreAndSecondMoments() {
		final Psf p = Psf.gaussian(2, 3, 1.5, 31, 41, 21);
		final double[] m = moments(p);
		assertEquals(1, m[0], 1e-5);
		assertEquals(15, m[1], 1e-6);
		assertEquals(20, m[2], 1e-6);
		assertEquals(10, m[3], 1e-6);
		assertEquals(4, m[4], 0.01 * 4);
		assertEquals(9, m[5], 0.01 * 9);
		assertEquals(2.25, m[6], 0.01 * 2.25);
		assertEquals(p.get(15, 20, 10), maxOf(p), 0, "maximum at the centre");
	}

	@Test
	void symmetricAboutTheCentre() {
		final Psf p = Psf.gaussian(1.7, 2.2, 1.1, 17, 19, 13);
		for (int z = 0; z < 13; z++)
			for (int y = 0; y < 19; y++)
				for (int x = 0; x < 17; x++) {
					final float v = p.get(x, y, z);
					assertEquals(v, p.get(16 - x, y, z), 1e-9f);
					assertEquals(v, p.get(x, 18 - y, z), 1e-9f);
					assertEquals(v, p.get(x, y, 12 - z), 1e-9f);
				}
	}

	@Test
	void twoDimensionalAndEvenSizes() {
		final Psf p = Psf.gaussian(1.2, 1.2, 5, 16, 15, 1);
		assertEquals(1, p.nz());
		final double[] m = moments(p);
		assertEquals(1, m[0], 1e-5);
		// even width: centre at n/2 = 8
		assertEquals(8, m[1], 1e-3);
		assertEquals(7, m[2], 1e-6);
		assertEquals(1.44, m[4], 0.01 * 1.44);
		assertEquals(p.get(8, 7, 0), maxOf(p), 0);
	}

	@Test
	void badArgumentsAreOneLineErrors() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Psf.gaussian(-1, 1, 1, 9, 9, 9));
		assertEquals("sigma along x must be a number >= 0 (pixels), got -1.0", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Psf.gaussian(1, 1, 1, 9, 0, 9));
	}

	static float maxOf(final Psf p) {
		float m = Float.NEGATIVE_INFINITY;
		for (final float v : p.data()) m = Math.max(m, v);
		return m;
	}
}
