package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Vertices, continuous and pixel areas, containment and intersections of star polygons. */
class StarPolygonTest {

	/** Pixel centres inside, counted one by one with {@link StarPolygon#contains}. */
	static long countByContains(final StarPolygon p) {
		long n = 0;
		for (int y = (int) Math.floor(p.minY()) - 1; y <= (int) Math.ceil(p.maxY()) + 1; y++)
			for (int x = (int) Math.floor(p.minX()) - 1; x <= (int) Math.ceil(p.maxX()) + 1; x++)
				if (p.contains(x, y)) n++;
		return n;
	}

	static double perimeter(final StarPolygon p) {
		final double[] x = p.xs(), y = p.ys();
		double s = 0;
		for (int k = 0, j = x.length - 1; k < x.length; j = k++)
			s += Math.hypot(x[k] - x[j], y[k] - y[j]);
		return s;
	}

	/**
	 * Bound on |pixel count - continuous area|: every misclassified pixel's unit
	 * square meets the boundary, so it lies in the sqrt(2)/2-neighbourhood of the
	 * outline, whose area is at most 2 rho P + pi rho^2.
	 */
	static double discretisationBound(final StarPolygon p) {
		final double rho = Math.sqrt(0.5);
		return 2 * rho * perimeter(p) + Math.PI * rho * rho;
	}

	@Test
	void verticesFollowStarDistConvention() {
		final double[] d = new double[8];
		for (int k = 0; k < 8; k++) d[k] = k + 1;
		final StarPolygon p = StarPolygon.fromDistances(10, 20, d);
		final double[] xs = p.xs(), ys = p.ys();
		// ray 0 along +x, ray 2 (90 degrees) along +y
		assertEquals(21, xs[0], 1e-6);
		assertEquals(10, ys[0], 1e-6);
		assertEquals(20, xs[2], 1e-6);
		assertEquals(13, ys[2], 1e-6);
		assertEquals(20 + 5 * Math.cos(Math.PI), xs[4], 1e-6);
		assertEquals(10 - 7, ys[6], 1e-6);
	}

	@Test
	void regularPolygonAreas() {
		final int n = 32;
		final double r = 20;
		final double[] d = new double[n];
		java.util.Arrays.fill(d, r);
		final StarPolygon p = StarPolygon.fromDistances(50, 40, d);
		final double exact = n / 2.0 * r * r * Math.sin(2 * Math.PI / n);
		assertEquals(exact, p.polygonArea(), 1e-3);
		assertTrue(Math.abs(p.area() - exact) <= discretisationBound(p), p.area() + " vs " + exact);
		assertEquals(countByContains(p), p.area());
	}

	@Test
	void nonConvexStarAreaMatchesShoelace() {
		final int n = 32;
		final double r = 20;
		final double[] d = new double[n];
		for (int k = 0; k < n; k++) d[k] = k % 2 == 0 ? r : r / 2;
		final StarPolygon p = StarPolygon.fromDistances(50.3, 40.7, d);
		// n triangles at the centre, each 1/2 r (r/2) sin(2 pi / n)
		final double exact = n * r * (r / 2) / 2 * Math.sin(2 * Math.PI / n);
		assertEquals(exact, p.polygonArea(), 1e-3);
		assertTrue(Math.abs(p.area() - exact) <= discretisationBound(p), p.area() + " vs " + exact + " bound " + discretisationBound(p));
		assertEquals(countByContains(p), p.area());
		// non-convex: the midpoint of two outer vertices lies outside
		final double mx = (p.xs()[0] + p.xs()[2]) / 2, my = (p.ys()[0] + p.ys()[2]) / 2;
		assertTrue(!p.contains(mx, my));
	}

	@Test
	void intersectionMatchesPixelByPixelCount() {
		final Random random = new Random(42);
		for (int t = 0; t < 200; t++) {
			final StarPolygon a = randomStar(random, 30, 30, 30);
			final StarPolygon b = randomStar(random, 30, 30, 30);
			long both = 0;
			for (int y = -20; y <= 80; y++)
				for (int x = -20; x <= 80; x++)
					if (a.contains(x, y) && b.contains(x, y)) both++;
			assertEquals(both, a.intersectionArea(b));
			assertEquals(both, b.intersectionArea(a));
			assertEquals(a.area(), a.intersectionArea(a));
		}
	}

	/** A noisy star with 32 rays, centre uniformly within {@code spread} of (cx, cy). */
	static StarPolygon randomStar(final Random random, final double cx, final double cy, final double spread) {
		final double[] d = new double[32];
		final double r = 3 + 12 * random.nextDouble();
		for (int k = 0; k < d.length; k++) d[k] = r * (0.5 + random.nextDouble());
		return StarPolygon.fromDistances(cy + spread * (random.nextDouble() - 0.5), cx + spread * (random.nextDouble() - 0.5), d);
	}
}
