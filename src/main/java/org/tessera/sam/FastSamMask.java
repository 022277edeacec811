package org.tessera.sam;

/**
 * One object: a binary mask in image pixels, with its box (image coordinates,
 * clipped to the image) and score. The mask is stored for its bounding rectangle
 * only ({@link #left()}, {@link #top()}, {@link #width()}, {@link #height()}).
 */
public final class FastSamMask {

	private final double score;
	private final Box box;
	private final int left, top, width, height;
	private final boolean[] bits;
	private final int area;

	/**
	 * @param bits {@code width * height} values, row by row, for the rectangle at {@code (left, top)} (not copied)
	 */
	public FastSamMask(final double score, final Box box, final int left, final int top, final int width, final int height, final boolean[] bits) {
		if (width < 0 || height < 0 || bits.length != width * height)
			throw new IllegalArgumentException("mask has " + bits.length + " values for " + width + " x " + height);
		this.score = score;
		this.box = box;
		this.left = left;
		this.top = top;
		this.width = width;
		this.height = height;
		this.bits = bits;
		int n = 0;
		for (final boolean b : bits)
			if (b) n++;
		area = n;
	}

	/** The detection's confidence (for a mask made from several, the highest). */
	public double score() {
		return score;
	}

	/** The detection's box in image coordinates, clipped to the image. */
	public Box box() {
		return box;
	}

	/** The number of pixels in the mask. */
	public int area() {
		return area;
	}

	/** Column of the stored rectangle's left edge. */
	public int left() {
		return left;
	}

	/** Row of the stored rectangle's top edge. */
	public int top() {
		return top;
	}

	/** Width of the stored rectangle. */
	public int width() {
		return width;
	}

	/** Height of the stored rectangle. */
	public int height() {
		return height;
	}

	/** Whether image pixel {@code (x, y)} is in the mask. */
	public boolean contains(final int x, final int y) {
		final int u = x - left, v = y - top;
		return u >= 0 && v >= 0 && u < width && v < height && bits[v * width + u];
	}

	/** Sets {@code labels[y * imageWidth + x] = label} for the mask's pixels that lie in the image. */
	public void paint(final int[] labels, final int imageWidth, final int label) {
		final int imageHeight = labels.length / imageWidth;
		for (int v = 0; v < height; v++) {
			final int y = top + v;
			if (y < 0 || y >= imageHeight) continue;
			for (int u = 0; u < width; u++) {
				final int x = left + u;
				if (bits[v * width + u] && x >= 0 && x < imageWidth) labels[y * imageWidth + x] = label;
			}
		}
	}

	@Override
	public String toString() {
		return "mask score " + score + ", box " + box + ", " + area + " pixels";
	}
}
