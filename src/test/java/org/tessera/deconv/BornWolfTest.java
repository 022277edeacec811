package org.tessera.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Born and Wolf widefield PSF against the physics: the Airy pattern in
 * focus (first dark ring at 0.61·λ/NA), sinc² along the axis (first zero at
 * 2·n·λ/NA²), and a brute-force evaluation of the diffraction integral.
 */
class BornWolfTest {

	private static final Optics OIL = new Optics(1.4, 520, 1.518, 65, 200);

	/** J1(x) = (1/π)∫₀^π cos(θ − x·sin θ) dθ. */
	private static double j1(final double x) {
		final int n = 400;
		double s = 0;
		for (int i = 0; i < n; i++) {
			final double t = Math.PI * (i + 0.5) / n;
			s += Math.cos(t - x * Math.sin(t));
		}
		return s / n;
	}

	/** Index of the first local minimum of a profile. */
	private static int firstMinimum(final double[] p) {
		for (int i = 1; i + 1 < p.length; i++)
			if (p[i] <= p[i - 1] && p[i] < p[i + 1]) return i;
		throw new AssertionError("no minimum");
	}

	@Test
	void firstDarkRingAt061LambdaOverNa() {
		for (final double na : new double[] { 1.4, 0.9, 0.5 }) {
			final Optics o = new Optics(na, 520, 1.518, 65, 200);
			final double dr = 0.5;
			final double[] p = BornWolf.radialProfile(o, 0, dr, 2000);
			final double ring = firstMinimum(p) * dr;
			assertEquals(0.61 * 520 / na, ring, dr, "NA " + na);
			assertTrue(p[firstMinimum(p)] < 1e-6 * p[0], "dark: " + p[firstMinimum(p)] / p[0]);
		}
	}

	@Test
	void inFocusItIsTheAiryPattern() {
		final double dr = 3;
		final double[] p = BornWolf.radialProfile(OIL, 0, dr, 400);
		assertEquals(0.25, p[0], 1e-6, "|∫ρ dρ|² = 1/4 at the focus");
		final double k = 2 * Math.PI / 520;
		for (int i = 1; i < p.length; i++) {
			final double v = k * 1.4 * i * dr;
			final double airy = Math.pow(2 * j1(v) / v, 2) / 4;
			assertEquals(airy, p[i], 2e-6, "r = " + i * dr);
		}
	}

	@Test
	void onTheAxisItIsSincSquaredWithItsFirstZeroAt2nLambdaOverNaSquared() {
		final double dz = 1;
		final double[] axial = new double[2000];
		final double k = 2 * Math.PI / 520;
		for (int i = 0; i < axial.length; i++) {
			axial[i] = BornWolf.radialProfile(OIL, i * dz, 1, 1)[0];
			final double q = k * 1.4 * 1.4 * i * dz / (4 * 1.518);
			final double sinc = q == 0 ? 1 : Math.sin(q) / q;
			assertEquals(sinc * sinc / 4, axial[i], 2e-6, "z = " + i * dz);
		}
		assertEquals(2 * 1.518 * 520 / (1.4 * 1.4), firstMinimum(axial) * dz, dz);
		assertEquals(BornWolf.radialProfile(OIL, 600, 5, 100)[37], BornWolf.radialProfile(OIL, -600, 5, 100)[37], 1e-15, "even in z");
	}

	/** The integral by the midpoint rule on 20000 nodes with J0 from its integral representation, at a few defocused points. */
	@Test
	void defocusedValuesAgreeWithABruteForceIntegral() {
		final double k = 2 * Math.PI / 520, na = 1.4, n = 1.518;
		for (final double[] rz : new double[][] { { 150, 400 }, { 330, 1000 }, { 700, 2500 }, { 1200, -3000 } }) {
			final double r = rz[0], z = rz[1];
			final int m = 20000;
			double re = 0, im = 0;
			for (int j = 0; j < m; j++) {
				final double rho = (j + 0.5) / m;
				final double a = BesselTest.j0ByIntegral(k * na * r * rho) * rho / m;
				final double phase = -k * z * na * na * rho * rho / (2 * n);
				re += a * Math.cos(phase);
				im += a * Math.sin(phase);
			}
			final double expected = re * re + im * im;
			final double got = BornWolf.radialProfile(OIL, z, r / 10, 11)[10];
			assertEquals(expected, got, 1e-4 * 0.25, "r = " + r + ", z = " + z);
		}
	}

	@Test
	void volumeIsNormalisedCentredAndSymmetric() {
		final Optics o = new Optics(1.4, 520, 1.518, 65, 50);
		final Psf p = Psf.bornWolf(o, 33, 31, 41);
		double sum = 0;
		for (final float v : p.data()) sum += v;
		assertEquals(1, sum, 1e-4);
		assertEquals(p.get(16, 15, 20), GaussianPsfTest.maxOf(p), 0, "maximum at the centre");
		for (int z = 0; z < 41; z++)
			for (int y = 0; y < 31; y++)
				for (int x = 0; x < 33; x++) {
					final float v = p.get(x, y, z);
					assertEquals(v, p.get(x, y, 40 - z), 1e-12f);
					assertEquals(v, p.get(32 - x, y, z), 1e-12f);
					assertEquals(v, p.get(x, 30 - y, z), 1e-12f);
				}
		// radial symmetry: a quarter turn about the axis
		for (int z = 0; z < 41; z++)
			for (int d = -15; d <= 15; d++) assertEquals(p.get(16 + d, 15, z), p.get(16, 15 + d, z), 1e-12f);
	}

	@Test
	void axialMinimumOfTheVoxelisedPsfAt2nLambdaOverNaSquared() {
		final Optics o = new Optics(1.4, 520, 1.518, 65, 50);
		final Psf p = Psf.bornWolf(o, 17, 17, 61);
		final double[] column = new double[31];
		for (int i = 0; i < column.length; i++) column[i] = p.get(8, 8, 30 + i);
		assertEquals(2 * 1.518 * 520 / (1.4 * 1.4), firstMinimum(column) * 50.0, 50);
	}

	@Test
	void inFocusPlaneSampledAtPixelCentresIsTheAiryPattern() {
		final Psf p = Psf.bornWolf(OIL, 41, 41, 1, 1);
		final double k = 2 * Math.PI / 520, peak = p.get(20, 20, 0);
		for (int y = 0; y < 41; y++)
			for (int x = 0; x < 41; x++) {
				final double r = Math.hypot(x - 20, y - 20) * 65;
				final double v = k * 1.4 * r;
				final double airy = r == 0 ? 1 : Math.pow(2 * j1(v) / v, 2);
				assertEquals(airy, p.get(x, y, 0) / peak, 2e-3, "x " + x + ", y " + y);
			}
	}

	@Test
	void lowerApertureGivesAWiderPsf() {
		double previousCore = 1, previousPlane = 1;
		for (final double na : new double[] { 1.4, 1.1, 0.8 }) {
			final Psf p = Psf.bornWolf(new Optics(na, 520, 1.518, 65, 200), 65, 65, 33);
			double core = 0, plane = 0;
			for (int y = 0; y < 65; y++)
				for (int x = 0; x < 65; x++) {
					plane += p.get(x, y, 16);
					if (Math.abs(x - 32) <= 1 && Math.abs(y - 32) <= 1) core += p.get(x, y, 16);
				}
			assertTrue(core < previousCore, "NA " + na + ": less light in the central 3x3 pixels of the focal plane");
			assertTrue(plane < previousPlane, "NA " + na + ": less light in the focal plane");
			previousCore = core;
			previousPlane = plane;
		}
	}

	@Test
	void opticsAreValidatedWithOneLineMessagesNamingTheParameter() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Optics(1.6, 520, 1.518, 65, 200)).getMessage().startsWith(
			"na (numerical aperture) must be > 0 and less than the refractive index ri = 1.518, got 1.6"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Optics(1.4, -520, 1.518, 65, 200)).getMessage().startsWith(
			"wavelength"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Optics(1.4, 520, 1.518, 0, 200)).getMessage().startsWith(
			"pixel_xy"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Optics(1.4, 520, 1.518, 65, Double.NaN)).getMessage()
			.startsWith("pixel_z"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Optics(0.5, 520, 0.9, 65, 200)).getMessage().startsWith("ri"));
	}

	/** "Well under a second" on a quiet machine; the bound leaves room for a loaded test machine. */
	@Test
	void timing65Cubed() {
		Psf.bornWolf(OIL, 65, 65, 65); // warm-up
		final long t0 = System.nanoTime();
		final Psf p = Psf.bornWolf(OIL, 65, 65, 65);
		final double s = (System.nanoTime() - t0) / 1e9;
		System.out.printf("Born & Wolf 65x65x65 PSF: %.3f s%n", s);
		assertEquals(65, p.nz());
		assertTrue(s < 3, s + " s");
	}
}
