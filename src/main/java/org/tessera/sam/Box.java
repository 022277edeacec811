package org.tessera.sam;

/**
 * An axis-aligned box in continuous pixel coordinates: pixel {@code (x, y)} covers
 * {@code [x, x + 1) x [y, y + 1)}, and a box holds the pixels whose centres
 * {@code (x + 0.5, y + 0.5)} lie in {@code [x0, x1) x [y0, y1)}. So the box
 * {@code (10, 20, 30, 40)} holds columns 10..29 and rows 20..39, as ImageJ's
 * rectangle at (10, 20) of size 20 x 20.
 */
public record Box(double x0, double y0, double x1, double y1) {

	/** A box; it may be empty ({@code x1 <= x0} or {@code y1 <= y0}). */
	public Box {
		if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1)))
			throw new IllegalArgumentException("box corners must be finite numbers: " + x0 + ", " + y0 + ", " + x1 + ", " + y1);
	}

	/** The box with centre {@code (cx, cy)} and size {@code w x h}, as YOLO models give boxes. */
	public static Box ofCentre(final double cx, final double cy, final double w, final double h) {
		return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
	}

	public double width() {
		return Math.max(0, x1 - x0);
	}

	public double height() {
		return Math.max(0, y1 - y0);
	}

	/** The area (0 for an empty box). */
	public double area() {
		return width() * height();
	}

	/** Intersection over union of the two boxes' areas (0 when both are empty). */
	public double iou(final Box other) {
		final double w = Math.min(x1, other.x1) - Math.max(x0, other.x0);
		final double h = Math.min(y1, other.y1) - Math.max(y0, other.y0);
		if (w <= 0 || h <= 0) return 0;
		final double inter = w * h;
		return inter / (area() + other.area() - inter);
	}

	/** This box clipped to {@code [0, width] x [0, height]}. */
	public Box clip(final int width, final int height) {
		return new Box(clamp(x0, width), clamp(y0, height), clamp(x1, width), clamp(y1, height));
	}

	private static double clamp(final double v, final int max) {
		return Math.min(max, Math.max(0, v));
	}

	/** The first column whose centre is in the box. */
	public int firstColumn() {
		return (int) Math.ceil(x0 - 0.5);
	}

	/** One past the last column whose centre is in the box. */
	public int endColumn() {
		return (int) Math.ceil(x1 - 0.5);
	}

	/** The first row whose centre is in the box. */
	public int firstRow() {
		return (int) Math.ceil(y0 - 0.5);
	}

	/** One past the last row whose centre is in the box. */
	public int endRow() {
		return (int) Math.ceil(y1 - 0.5);
	}

	/** Whether the centre of pixel {@code (x, y)} lies in the box. */
	public boolean holdsPixel(final int x, final int y) {
		return x >= firstColumn() && x < endColumn() && y >= firstRow() && y < endRow();
	}

	@Override
	public String toString() {
		return fmt(x0) + "," + fmt(y0) + "," + fmt(x1) + "," + fmt(y1);
	}

	static String fmt(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
