package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tessera.stardist.NonMaximumSuppression.Overlap;

/** The bucketed NMS agrees with all-pairs NMS and scales to 100k candidates. */
class NonMaximumSuppressionTest {

	/** Greedy NMS comparing every candidate with every kept polygon. */
	static int[] bruteForce(final List<StarPolygon> polygons, final double[] scores, final double threshold, final Overlap overlap) {
		final int[] order = NonMaximumSuppression.orderByScore(scores);
		final List<Integer> kept = new ArrayList<>();
		for (final int c : order) {
			boolean drop = false;
			for (final int k : kept) {
				final StarPolygon p = polygons.get(c), q = polygons.get(k);
				if (overlap.of(p.area(), q.area(), p.intersectionArea(q)) > threshold) {
					drop = true;
					break;
				}
			}
			if (!drop) kept.add(c);
		}
		return kept.stream().mapToInt(Integer::intValue).toArray();
	}

	@Test
	void overlapMeasures() {
		assertEquals(10.0 / 30, Overlap.INTERSECTION_OVER_UNION.of(20, 20, 10), 1e-12);
		assertEquals(10.0 / 15, Overlap.INTERSECTION_OVER_SMALLER.of(15, 40, 10), 1e-12);
		assertEquals(0, Overlap.INTERSECTION_OVER_SMALLER.of(0, 40, 0));
		assertEquals(0, Overlap.INTERSECTION_OVER_UNION.of(0, 0, 0));
	}

	@ParameterizedTest
	@EnumSource(Overlap.class)
	void bucketsGiveTheSameKeptSetAsAllPairs(final Overlap overlap) {
		final Random random = new Random(7);
		final List<StarPolygon> polygons = new ArrayList<>();
		final double[] scores = new double[2000];
		for (int i = 0; i < scores.length; i++) {
			polygons.add(StarPolygonTest.randomStar(random, 100, 100, 200));
			// a few exact ties, to check tie-breaking too
			scores[i] = i % 50 == 0 ? 0.75 : random.nextDouble();
		}
		for (final double threshold : new double[] { 0.0, 0.3, 0.5 }) {
			final int[] expected = bruteForce(polygons, scores, threshold, overlap);
			final int[] actual = NonMaximumSuppression.suppress(polygons, scores, threshold, overlap);
			assertArrayEquals(expected, actual, overlap + " at " + threshold);
			// a dense field: at the lower thresholds many candidates go, many stay
			if (threshold < 0.5) assertTrue(expected.length > 10 && expected.length < scores.length, "non-trivial: kept " + expected.length);
		}
	}

	@Test
	void smallerMeasureDropsAPolygonInsideALargerOne() {
		final double[] big = new double[32], small = new double[32];
		java.util.Arrays.fill(big, 20);
		java.util.Arrays.fill(small, 5);
		final List<StarPolygon> polygons = List.of(StarPolygon.fromDistances(50, 50, big), StarPolygon.fromDistances(50, 50, small));
		final double[] scores = { 0.9, 0.8 };
		assertArrayEquals(new int[] { 0 }, NonMaximumSuppression.suppress(polygons, scores, 0.4, Overlap.INTERSECTION_OVER_SMALLER));
		assertArrayEquals(new int[] { 0, 1 }, NonMaximumSuppression.suppress(polygons, scores, 0.4, Overlap.INTERSECTION_OVER_UNION));
	}

	/** Timing only: ~100k candidates clustered around ~3000 objects on a 2048^2 image. */
	@Test
	void timing100kCandidates() {
		final Random random = new Random(3);
		final List<StarPolygon> polygons = new ArrayList<>();
		final List<Double> scoreList = new ArrayList<>();
		final long t0 = System.nanoTime();
		while (polygons.size() < 100_000) {
			final double cx = 2048 * random.nextDouble(), cy = 2048 * random.nextDouble();
			final double r = 6 + 6 * random.nextDouble();
			for (int c = 0; c < 33; c++) {
				final double[] d = new double[32];
				for (int k = 0; k < 32; k++) d[k] = r * (0.8 + 0.4 * random.nextDouble());
				polygons.add(StarPolygon.fromDistances(cy + r * (random.nextDouble() - 0.5), cx + r * (random.nextDouble() - 0.5), d));
				scoreList.add(random.nextDouble());
			}
		}
		final double[] scores = scoreList.stream().mapToDouble(Double::doubleValue).toArray();
		final long t1 = System.nanoTime();
		final int[] kept = NonMaximumSuppression.suppress(polygons, scores, 0.4, NonMaximumSuppression.DEFAULT_OVERLAP);
		final long t2 = System.nanoTime();
		System.out.printf(Locale.ROOT, "NMS timing: %d candidates, polygons built in %.0f ms, NMS %.0f ms, %d kept%n", polygons.size(),
				(t1 - t0) / 1e6, (t2 - t1) / 1e6, kept.length);
		assertTrue(kept.length > 0);
	}
}
