package org.tessera.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GaussianKernelTest {

	@Test
	void radiusFollowsScipy() {
		assertEquals(4, GaussianKernel.radius(1.0, 4.0));
		assertEquals(8, GaussianKernel.radius(2.0, 4.0));
		assertEquals(40, GaussianKernel.radius(10.0, 4.0));
		assertEquals(3, GaussianKernel.radius(0.8, 4.0)); // 3.2 + 0.5 -> 3
		assertEquals(0, GaussianKernel.radius(0.0, 4.0));
	}

	@Test
	void sigmaOneMatchesTheNormalisedClosedForm() {
		final double[] w = GaussianKernel.halfKernel(1.0, 4.0);
		// exp(-k^2/2) for k = 0..4, normalised over -4..4
		final double[] e = { 1, Math.exp(-0.5), Math.exp(-2), Math.exp(-4.5), Math.exp(-8) };
		final double sum = e[0] + 2 * (e[1] + e[2] + e[3] + e[4]);
		for (int k = 0; k < e.length; k++) e[k] /= sum;
		assertArrayEquals(e, w, 1e-15);
		// scipy.ndimage._filters._gaussian_kernel1d(1, 0, 4)[4:] printed with numpy 1.24
		assertArrayEquals(new double[] { 3.98943469e-01, 2.41971446e-01, 5.39911274e-02, 4.43186162e-03, 1.33830625e-04 }, w, 1e-9);
	}

	@Test
	void fullKernelSumsToOne() {
		for (final double sigma : new double[] { 0.3, 1.7, 10 }) {
			final double[] w = GaussianKernel.halfKernel(sigma, 4.0);
			double sum = w[0];
			for (int k = 1; k < w.length; k++) sum += 2 * w[k];
			assertEquals(1.0, sum, 1e-12);
		}
	}
}
