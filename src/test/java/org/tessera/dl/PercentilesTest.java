package org.tessera.dl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Percentiles by selection give exactly what sorting gives (numpy's linear interpolation). */
class PercentilesTest {

	private static double bySorting(final float[] values, final double q) {
		final float[] s = values.clone();
		Arrays.sort(s);
		final double rank = q / 100 * (s.length - 1);
		final int below = (int) Math.floor(rank), above = Math.min(below + 1, s.length - 1);
		return s[below] + (rank - below) * ((double) s[above] - s[below]);
	}

	@Test
	void selectionEqualsSorting() {
		final SplittableRandom random = new SplittableRandom(11);
		for (final int n : new int[] { 1, 2, 3, 10, 999, 100_000 })
			for (final int distinct : new int[] { 1, 2, 256, 65536, 0 }) {
				final float[] v = new float[n];
				for (int i = 0; i < n; i++) v[i] = distinct == 0 ? (float) random.nextGaussian() : random.nextInt(distinct);
				for (final double q : new double[] { 0, 1, 3.7, 50, 99.8, 100 })
					assertEquals(bySorting(v, q), Percentiles.percentile(v, q), 0, "n " + n + ", distinct " + distinct + ", q " + q);
				final double[] both = Percentiles.percentiles(v, 1, 99.8);
				assertEquals(bySorting(v, 1), both[0], 0);
				assertEquals(bySorting(v, 99.8), both[1], 0);
			}
	}

	@Test
	void sortedAndConstantInputsAndSpecialValues() {
		final float[] sorted = new float[50_000];
		for (int i = 0; i < sorted.length; i++) sorted[i] = i;
		assertEquals(bySorting(sorted, 99.8), Percentiles.percentile(sorted, 99.8), 0);
		final float[] special = { 3, Float.NaN, -0f, 0f, 1, -2, Float.POSITIVE_INFINITY };
		for (final double q : new double[] { 0, 20, 50, 80, 100 })
			assertEquals(bySorting(special, q), Percentiles.percentile(special, q), 0, "q " + q);
	}

	@Test
	void normalizeClippedMapsThePercentilesTo0And1() {
		final float[] v = new float[1001];
		for (int i = 0; i < v.length; i++) v[i] = i;
		final float[] n = Percentiles.normalizeClipped(v, 10, 90);
		assertEquals(0, n[0], 0);
		assertEquals(0, n[100], 1e-6);
		assertEquals(0.5, n[500], 1e-6);
		assertEquals(1, n[900], 1e-6);
		assertEquals(1, n[1000], 0);
	}
}
