package org.tessera.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** J0 against known values and against its integral representation. */
class BesselTest {

	/** J0(x) = (1/π)∫₀^π cos(x·sin θ) dθ, by the trapezoidal rule (exponentially accurate for this periodic integrand). */
	static double j0ByIntegral(final double x) {
		final int n = 400;
		double s = 0;
		for (int i = 0; i < n; i++) s += Math.cos(x * Math.sin(Math.PI * (i + 0.5) / n));
		return s / n;
	}

	@Test
	void knownValues() {
		assertEquals(1.0, Bessel.j0(0), 1e-7);
		assertEquals(0.7651976865579666, Bessel.j0(1), 1e-7);
		assertEquals(0.0, Bessel.j0(2.404825557695773), 1e-7);
		assertEquals(Bessel.j0(1), Bessel.j0(-1), 0);
	}

	@Test
	void firstZeroByBisection() {
		double lo = 2, hi = 3;
		for (int i = 0; i < 60; i++) {
			final double mid = (lo + hi) / 2;
			if (Bessel.j0(mid) > 0) lo = mid;
			else hi = mid;
		}
		assertEquals(2.404825557695773, lo, 1e-6);
	}

	@Test
	void agreesWithTheIntegralRepresentationFrom0To60() {
		for (double x = 0; x <= 60; x += 0.0137) assertEquals(j0ByIntegral(x), Bessel.j0(x), 2e-7, "x = " + x);
	}
}
