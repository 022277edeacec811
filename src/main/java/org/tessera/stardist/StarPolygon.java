package org.tessera.stardist;

import java.util.Arrays;

/**
 * A star-convex polygon as StarDist predicts it: a centre and one distance per
 * ray. Ray {@code k} of {@code n} has angle {@code phi_k = 2 pi k / n} and ends
 * at the vertex {@code (y + d_k sin phi_k, x + d_k cos phi_k)}, StarDist's own
 * convention ({@code dist_to_coord}); coordinates are full-resolution pixel
 * units, pixel {@code (ix, iy)} having its centre at {@code (ix, iy)}.
 * <p>
 * Areas are pixel counts, not the continuous area: the polygon is rasterised
 * once, at construction, into horizontal runs of the pixel centres it contains
 * (even-odd rule; a pixel centre on a left edge is inside, on a right edge
 * outside, so polygons that share an edge do not share pixels). Area,
 * intersection and {@link #contains(double, double)} all use this raster, which
 * is what a label image shows; the continuous {@link #polygonArea()} (shoelace)
 * is there for comparison. Star-convex polygons need not be convex, so the
 * intersection of two is computed on these runs, which is exact in pixel units.
 * <p>
 * Immutable.
 */
public final class StarPolygon {

	private final double centreX;
	private final double centreY;
	private final double[] xs;
	private final double[] ys;
	private final double minX, maxX, minY, maxY;

	/** First raster row; rows {@code rowStart .. rowStart + rowOffsets.length - 2}. */
	private final int rowStart;
	/** Runs of row {@code r} are {@code runs[2i], runs[2i+1]} (inclusive x range) for {@code i} in {@code rowOffsets[r] .. rowOffsets[r+1]-1}. */
	private final int[] rowOffsets;
	private final int[] runs;
	private final long pixelCount;

	/**
	 * A polygon from explicit vertices.
	 *
	 * @param centreX the star centre's x (kept for reference; it does not shape the polygon)
	 * @param centreY the star centre's y
	 * @param xs vertex x coordinates (copied)
	 * @param ys vertex y coordinates (copied), same length, at least 3
	 */
	public StarPolygon(final double centreX, final double centreY, final double[] xs, final double[] ys) {
		if (xs.length != ys.length) throw new IllegalArgumentException("xs and ys differ in length: " + xs.length + " vs " + ys.length);
		if (xs.length < 3) throw new IllegalArgumentException("a polygon needs at least 3 vertices, got " + xs.length);
		this.centreX = centreX;
		this.centreY = centreY;
		this.xs = xs.clone();
		this.ys = ys.clone();
		double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < xs.length; k++) {
			if (!Double.isFinite(xs[k]) || !Double.isFinite(ys[k])) throw new IllegalArgumentException("vertex " + k + " is not finite");
			x0 = Math.min(x0, xs[k]);
			x1 = Math.max(x1, xs[k]);
			y0 = Math.min(y0, ys[k]);
			y1 = Math.max(y1, ys[k]);
		}
		minX = x0;
		maxX = x1;
		minY = y0;
		maxY = y1;

		// Scanline fill over integer rows.
		rowStart = (int) Math.ceil(minY);
		final int rowEnd = (int) Math.floor(maxY);
		final int nRows = Math.max(0, rowEnd - rowStart + 1);
		rowOffsets = new int[nRows + 1];
		int[] out = new int[Math.max(8, 4 * nRows)];
		int nRuns = 0;
		long count = 0;
		final double[] crossings = new double[xs.length];
		for (int r = 0; r < nRows; r++) {
			rowOffsets[r] = nRuns;
			final int nc = crossings(rowStart + r, crossings);
			Arrays.sort(crossings, 0, nc);
			for (int c = 0; c + 1 < nc; c += 2) {
				final int a = (int) Math.ceil(crossings[c]);
				final int b = (int) Math.ceil(crossings[c + 1]) - 1;
				if (b < a) continue;
				if (2 * nRuns + 2 > out.length) out = Arrays.copyOf(out, 2 * out.length);
				out[2 * nRuns] = a;
				out[2 * nRuns + 1] = b;
				nRuns++;
				count += b - a + 1;
			}
		}
		rowOffsets[nRows] = nRuns;
		runs = Arrays.copyOf(out, 2 * nRuns);
		pixelCount = count;
	}

	/**
	 * StarDist's polygon: ray {@code k} at angle {@code 2 pi k / nRays} with
	 * length {@code dist[offset + k]}.
	 *
	 * @param centreY centre row, full-resolution pixels
	 * @param centreX centre column, full-resolution pixels
	 * @param dist distances in full-resolution pixels
	 * @param offset index of ray 0 in {@code dist}
	 * @param nRays number of rays, at least 3
	 */
	public static StarPolygon fromDistances(final double centreY, final double centreX, final float[] dist, final int offset, final int nRays) {
		final double[] px = new double[nRays];
		final double[] py = new double[nRays];
		for (int k = 0; k < nRays; k++) {
			final double phi = 2 * Math.PI * k / nRays;
			final double d = dist[offset + k];
			py[k] = centreY + d * Math.sin(phi);
			px[k] = centreX + d * Math.cos(phi);
		}
		return new StarPolygon(centreX, centreY, px, py);
	}

	/** Same as {@link #fromDistances(double, double, float[], int, int)} for a whole array. */
	public static StarPolygon fromDistances(final double centreY, final double centreX, final double... dist) {
		final float[] f = new float[dist.length];
		for (int k = 0; k < dist.length; k++) f[k] = (float) dist[k];
		return fromDistances(centreY, centreX, f, 0, dist.length);
	}

	/**
	 * The polygon from explicit distances and angles: vertex
	 * {@code (y + d_k sin a_k, x + d_k cos a_k)}.
	 */
	public static StarPolygon fromDistancesAndAngles(final double centreY, final double centreX, final double[] dist, final double[] angles) {
		if (dist.length != angles.length) throw new IllegalArgumentException("dist and angles differ in length");
		final double[] px = new double[dist.length];
		final double[] py = new double[dist.length];
		for (int k = 0; k < dist.length; k++) {
			py[k] = centreY + dist[k] * Math.sin(angles[k]);
			px[k] = centreX + dist[k] * Math.cos(angles[k]);
		}
		return new StarPolygon(centreX, centreY, px, py);
	}

	/** The x coordinates where the edges cross row {@code y} (even-odd, half-open in y), unsorted; returns how many. */
	private int crossings(final double y, final double[] into) {
		int n = 0;
		final int nv = xs.length;
		for (int k = 0, j = nv - 1; k < nv; j = k++) {
			final double y1 = ys[j], y2 = ys[k];
			if ((y1 > y) != (y2 > y)) into[n++] = xs[j] + (y - y1) * (xs[k] - xs[j]) / (y2 - y1);
		}
		return n;
	}

	/**
	 * Whether the point lies inside, by the same rule as the raster: for a
	 * pixel centre (integer coordinates) this is exactly whether the pixel is
	 * counted in {@link #area()}.
	 */
	public boolean contains(final double x, final double y) {
		if (y < minY || y > maxY || x < minX || x > maxX) return false;
		boolean inside = false;
		final int nv = xs.length;
		for (int k = 0, j = nv - 1; k < nv; j = k++) {
			final double y1 = ys[j], y2 = ys[k];
			if ((y1 > y) != (y2 > y) && xs[j] + (y - y1) * (xs[k] - xs[j]) / (y2 - y1) <= x) inside = !inside;
		}
		return inside;
	}

	/** Number of pixel centres inside: the area a label image shows. */
	public long area() {
		return pixelCount;
	}

	/** The continuous area of the polygon (shoelace formula, absolute value). */
	public double polygonArea() {
		double s = 0;
		final int nv = xs.length;
		for (int k = 0, j = nv - 1; k < nv; j = k++)
			s += xs[j] * ys[k] - xs[k] * ys[j];
		return Math.abs(s) / 2;
	}

	/** Number of pixel centres inside both polygons. */
	public long intersectionArea(final StarPolygon other) {
		if (!boundsIntersect(other)) return 0;
		final int r0 = Math.max(rowStart, other.rowStart);
		final int r1 = Math.min(rowStart + rowCount(), other.rowStart + other.rowCount()) - 1;
		long count = 0;
		for (int row = r0; row <= r1; row++) {
			int i = rowOffsets[row - rowStart];
			final int iEnd = rowOffsets[row - rowStart + 1];
			int j = other.rowOffsets[row - other.rowStart];
			final int jEnd = other.rowOffsets[row - other.rowStart + 1];
			while (i < iEnd && j < jEnd) {
				final int a0 = runs[2 * i], a1 = runs[2 * i + 1];
				final int b0 = other.runs[2 * j], b1 = other.runs[2 * j + 1];
				final int lo = Math.max(a0, b0), hi = Math.min(a1, b1);
				if (hi >= lo) count += hi - lo + 1;
				if (a1 < b1) i++;
				else j++;
			}
		}
		return count;
	}

	/** Whether the vertex bounding boxes overlap (touching counts). */
	public boolean boundsIntersect(final StarPolygon other) {
		return minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY;
	}

	/**
	 * Calls {@code action} for every pixel centre inside, row by row, x fastest.
	 * Used to paint label images.
	 */
	public void forEachPixel(final PixelAction action) {
		final int nRows = rowCount();
		for (int r = 0; r < nRows; r++)
			for (int i = rowOffsets[r]; i < rowOffsets[r + 1]; i++)
				for (int x = runs[2 * i]; x <= runs[2 * i + 1]; x++)
					action.accept(x, rowStart + r);
	}

	/** Receives pixel coordinates. */
	@FunctionalInterface
	public interface PixelAction {
		/** One pixel centre inside the polygon. */
		void accept(int x, int y);
	}

	private int rowCount() {
		return rowOffsets.length - 1;
	}

	/** The star centre's x. */
	public double centreX() {
		return centreX;
	}

	/** The star centre's y. */
	public double centreY() {
		return centreY;
	}

	/** Number of vertices. */
	public int size() {
		return xs.length;
	}

	/** Vertex x coordinates (a copy). */
	public double[] xs() {
		return xs.clone();
	}

	/** Vertex y coordinates (a copy). */
	public double[] ys() {
		return ys.clone();
	}

	/** Smallest vertex x. */
	public double minX() {
		return minX;
	}

	/** Largest vertex x. */
	public double maxX() {
		return maxX;
	}

	/** Smallest vertex y. */
	public double minY() {
		return minY;
	}

	/** Largest vertex y. */
	public double maxY() {
		return maxY;
	}
}
