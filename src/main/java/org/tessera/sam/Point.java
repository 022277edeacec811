package org.tessera.sam;

/**
 * A point prompt: a position in pixel coordinates (the point lies on pixel
 * {@code (floor(x), floor(y))}) that is either positive (this object) or negative
 * (not this object).
 */
public record Point(double x, double y, boolean positive) {

	public Point {
		if (!(Double.isFinite(x) && Double.isFinite(y)))
			throw new IllegalArgumentException("point coordinates must be finite numbers: " + x + ", " + y);
	}

	/** A positive point. */
	public static Point positive(final double x, final double y) {
		return new Point(x, y, true);
	}

	/** A negative point. */
	public static Point negative(final double x, final double y) {
		return new Point(x, y, false);
	}

	/** The column of the pixel the point lies on. */
	public int column() {
		return (int) Math.floor(x);
	}

	/** The row of the pixel the point lies on. */
	public int row() {
		return (int) Math.floor(y);
	}

	/** As the {@code points} text writes it: {@code x,y}, with a leading {@code -} for a negative point. */
	@Override
	public String toString() {
		return (positive ? "" : "-") + Box.fmt(x) + "," + Box.fmt(y);
	}
}
