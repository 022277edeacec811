package org.tessera.stardist;

import java.util.Arrays;
import java.util.List;

/**
 * Greedy non-maximum suppression of star-convex polygons, as in StarDist:
 * candidates are visited by decreasing score (ties: lower index first) and a
 * candidate is dropped when its overlap with any polygon already kept exceeds
 * the threshold; otherwise it is kept.
 * <p>
 * Kept polygons are entered into a uniform grid of buckets by their bounding
 * boxes, so a candidate is compared only with kept polygons whose buckets it
 * touches and whose bounding boxes overlap its own, never with all of them.
 * Areas and intersections are pixel counts ({@link StarPolygon#area()}).
 */
public final class NonMaximumSuppression {

	/**
	 * How the overlap of two polygons is measured. Areas are pixel counts.
	 * A pair whose denominator is zero (empty rasters) has overlap 0.
	 */
	public enum Overlap {
		/**
		 * Intersection over the area of the smaller polygon. This is what
		 * StarDist's own 2D NMS computes ({@code stardist/lib/stardist2d.cpp},
		 * {@code area_inter / fmin(areas[i], areas[j])}), so StarDist models'
		 * {@code nms_thresh} values mean the same here. It also drops a small
		 * polygon lying entirely inside a kept larger one, which IoU does not.
		 */
		INTERSECTION_OVER_SMALLER,
		/** Intersection over union (Jaccard index), the usual box-NMS measure. */
		INTERSECTION_OVER_UNION;

		/** The overlap from the two areas and their intersection. */
		public double of(final long areaA, final long areaB, final long intersection) {
			final long denominator = this == INTERSECTION_OVER_UNION ? areaA + areaB - intersection : Math.min(areaA, areaB);
			return denominator <= 0 ? 0 : (double) intersection / denominator;
		}
	}

	/** The default: StarDist's measure. */
	public static final Overlap DEFAULT_OVERLAP = Overlap.INTERSECTION_OVER_SMALLER;

	private NonMaximumSuppression() {}

	/**
	 * Indices of the polygons kept, in decreasing score order.
	 *
	 * @param polygons candidates
	 * @param scores one score per candidate
	 * @param threshold a candidate is dropped when its overlap with a kept polygon is strictly greater
	 * @param overlap how overlap is measured
	 */
	public static int[] suppress(final List<StarPolygon> polygons, final double[] scores, final double threshold, final Overlap overlap) {
		final int n = polygons.size();
		if (scores.length != n) throw new IllegalArgumentException(n + " polygons but " + scores.length + " scores");
		final int[] order = orderByScore(scores);
		if (n == 0) return new int[0];

		// Bucket grid over the union of the candidates' bounding boxes; a bucket
		// about as large as the mean bounding box, at most 1024 x 1024 buckets.
		double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
		double extent = 0;
		for (final StarPolygon p : polygons) {
			x0 = Math.min(x0, p.minX());
			y0 = Math.min(y0, p.minY());
			x1 = Math.max(x1, p.maxX());
			y1 = Math.max(y1, p.maxY());
			extent += Math.max(p.maxX() - p.minX(), p.maxY() - p.minY());
		}
		final double cell = Math.max(Math.max(4, extent / n), Math.max(x1 - x0, y1 - y0) / 1024);
		final Grid grid = new Grid(x0, y0, cell, (int) ((x1 - x0) / cell) + 1, (int) ((y1 - y0) / cell) + 1);

		final int[] kept = new int[n];
		int nKept = 0;
		final int[] seen = new int[n]; // seen[k] == stamp: kept polygon k already compared with this candidate
		Arrays.fill(seen, -1);
		for (int rank = 0; rank < n; rank++) {
			final int c = order[rank];
			final StarPolygon p = polygons.get(c);
			if (!grid.overlapsKept(p, polygons, kept, seen, rank, threshold, overlap)) {
				grid.add(p, nKept);
				kept[nKept++] = c;
			}
		}
		return Arrays.copyOf(kept, nKept);
	}

	/** Candidate indices by decreasing score, ties by increasing index. */
	static int[] orderByScore(final double[] scores) {
		final Integer[] boxed = new Integer[scores.length];
		for (int i = 0; i < boxed.length; i++) boxed[i] = i;
		Arrays.sort(boxed, (a, b) -> {
			final int s = Double.compare(scores[b], scores[a]);
			return s != 0 ? s : Integer.compare(a, b);
		});
		final int[] order = new int[boxed.length];
		for (int i = 0; i < order.length; i++) order[i] = boxed[i];
		return order;
	}

	/** Uniform buckets of kept-polygon numbers (positions in the kept list). */
	private static final class Grid {
		final double x0, y0, cell;
		final int nx, ny;
		final int[][] buckets;
		final int[] counts;

		Grid(final double x0, final double y0, final double cell, final int nx, final int ny) {
			this.x0 = x0;
			this.y0 = y0;
			this.cell = cell;
			this.nx = nx;
			this.ny = ny;
			buckets = new int[nx * ny][];
			counts = new int[nx * ny];
		}

		int bx(final double x) {
			return Math.min(nx - 1, Math.max(0, (int) ((x - x0) / cell)));
		}

		int by(final double y) {
			return Math.min(ny - 1, Math.max(0, (int) ((y - y0) / cell)));
		}

		void add(final StarPolygon p, final int keptNumber) {
			for (int j = by(p.minY()); j <= by(p.maxY()); j++)
				for (int i = bx(p.minX()); i <= bx(p.maxX()); i++) {
					final int b = j * nx + i;
					if (buckets[b] == null) buckets[b] = new int[4];
					else if (counts[b] == buckets[b].length) buckets[b] = Arrays.copyOf(buckets[b], 2 * counts[b]);
					buckets[b][counts[b]++] = keptNumber;
				}
		}

		boolean overlapsKept(final StarPolygon p, final List<StarPolygon> polygons, final int[] kept, final int[] seen, final int stamp,
				final double threshold, final Overlap overlap) {
			final long area = p.area();
			for (int j = by(p.minY()); j <= by(p.maxY()); j++)
				for (int i = bx(p.minX()); i <= bx(p.maxX()); i++) {
					final int b = j * nx + i;
					for (int e = 0; e < counts[b]; e++) {
						final int k = buckets[b][e];
						if (seen[k] == stamp) continue;
						seen[k] = stamp;
						final StarPolygon q = polygons.get(kept[k]);
						if (!p.boundsIntersect(q)) continue;
						if (overlap.of(area, q.area(), p.intersectionArea(q)) > threshold) return true;
					}
				}
			return false;
		}
	}
}
