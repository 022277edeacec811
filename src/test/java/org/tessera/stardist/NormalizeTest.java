package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizeTest {

	@Test
	void percentilesInterpolateLinearlyLikeNumpy() {
		// np.percentile([8, 1, 4, 2], 25) = 1 + 0.75 * (2 - 1); rank of q=90 is 2.7: 4 + 0.7 * (8 - 4)
		final float[] v = { 8, 1, 4, 2 };
		assertEquals(1.75, Normalize.percentile(v, 25), 1e-12);
		assertEquals(6.8, Normalize.percentile(v, 90), 1e-6);
		assertEquals(1, Normalize.percentile(v, 0), 0);
		assertEquals(8, Normalize.percentile(v, 100), 0);
	}

	@Test
	void defaultPercentilesOfZeroToNine() {
		// np.percentile(range(10), [1, 99.8]) = [0.09, 8.982]
		final float[] v = { 3, 9, 0, 5, 1, 8, 2, 7, 4, 6 };
		assertEquals(0.09, Normalize.percentile(v, 1), 1e-12);
		assertEquals(8.982, Normalize.percentile(v, 99.8), 1e-12);
		final float[] n = Normalize.percentiles(v);
		for (int i = 0; i < v.length; i++)
			assertEquals((v[i] - 0.09) / (8.982 - 0.09), n[i], 1e-6);
		assertEquals(3f, v[0], "the input is left unchanged");
	}

	@Test
	void explicitPercentiles() {
		final float[] n = Normalize.percentiles(new float[] { 8, 1, 4, 2 }, 25, 90);
		assertEquals((8 - 1.75) / (6.8 - 1.75), n[0], 1e-6);
		assertEquals((1 - 1.75) / (6.8 - 1.75), n[1], 1e-6);
	}

	@Test
	void flatImageGivesZerosNotNaN() {
		final float[] n = Normalize.percentiles(new float[] { 5, 5, 5 });
		for (final float x : n)
			assertEquals(0, x, 0);
	}

	@Test
	void badArguments() {
		assertThrows(IllegalArgumentException.class, () -> Normalize.percentiles(new float[0]));
		assertThrows(IllegalArgumentException.class, () -> Normalize.percentiles(new float[] { 1 }, -1, 50));
		assertThrows(IllegalArgumentException.class, () -> Normalize.percentiles(new float[] { 1 }, 1, 100.5));
	}
}
