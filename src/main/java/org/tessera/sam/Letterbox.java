package org.tessera.sam;

import java.util.Arrays;

/**
 * How an image goes into a network input of fixed size, as YOLO models expect:
 * scaled by {@code r = min(inputWidth / width, inputHeight / height)} keeping its
 * aspect ratio (to {@code round(width r) x round(height r)} pixels, bilinearly),
 * centred (offsets {@code (input - resized) / 2}, rounded down) and padded with
 * grey 114 / 255 (Ultralytics' value).
 * <p>
 * Coordinates are continuous (pixel {@code x} covers {@code [x, x + 1)}); image
 * coordinate {@code x} is input coordinate {@code offsetX + x * resizedWidth / width}
 * (each axis has its own exact scale, so the image's edges fall on the resized
 * area's edges). {@link #toInputX} and {@link #toImageX} map between the two.
 */
public final class Letterbox {

	/** The padding value, 114 / 255. */
	public static final float PAD = 114f / 255f;

	private final int width, height, inputWidth, inputHeight, resizedWidth, resizedHeight, offsetX, offsetY;

	private Letterbox(final int width, final int height, final int inputWidth, final int inputHeight) {
		if (width < 1 || height < 1 || inputWidth < 1 || inputHeight < 1)
			throw new IllegalArgumentException("sizes must be positive: image " + width + " x " + height + ", input " + inputWidth + " x " + inputHeight);
		this.width = width;
		this.height = height;
		this.inputWidth = inputWidth;
		this.inputHeight = inputHeight;
		final double r = Math.min(inputWidth / (double) width, inputHeight / (double) height);
		resizedWidth = (int) Math.max(1, Math.min(inputWidth, Math.round(width * r)));
		resizedHeight = (int) Math.max(1, Math.min(inputHeight, Math.round(height * r)));
		offsetX = (inputWidth - resizedWidth) / 2;
		offsetY = (inputHeight - resizedHeight) / 2;
	}

	/** The letterbox of a {@code width x height} image into a {@code inputWidth x inputHeight} input. */
	public static Letterbox of(final int width, final int height, final int inputWidth, final int inputHeight) {
		return new Letterbox(width, height, inputWidth, inputHeight);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int inputWidth() {
		return inputWidth;
	}

	public int inputHeight() {
		return inputHeight;
	}

	/** Width of the image inside the input. */
	public int resizedWidth() {
		return resizedWidth;
	}

	/** Height of the image inside the input. */
	public int resizedHeight() {
		return resizedHeight;
	}

	/** Input column where the image starts. */
	public int offsetX() {
		return offsetX;
	}

	/** Input row where the image starts. */
	public int offsetY() {
		return offsetY;
	}

	/** Input pixels per image pixel along x. */
	public double scaleX() {
		return resizedWidth / (double) width;
	}

	/** Input pixels per image pixel along y. */
	public double scaleY() {
		return resizedHeight / (double) height;
	}

	/** Image x to input x (continuous coordinates). */
	public double toInputX(final double x) {
		return offsetX + x * scaleX();
	}

	/** Image y to input y. */
	public double toInputY(final double y) {
		return offsetY + y * scaleY();
	}

	/** Input x to image x. */
	public double toImageX(final double x) {
		return (x - offsetX) / scaleX();
	}

	/** Input y to image y. */
	public double toImageY(final double y) {
		return (y - offsetY) / scaleY();
	}

	/** A box in input coordinates mapped to image coordinates (not clipped). */
	public Box toImage(final Box input) {
		return new Box(toImageX(input.x0()), toImageY(input.y0()), toImageX(input.x1()), toImageY(input.y1()));
	}

	/** A box in image coordinates mapped to input coordinates. */
	public Box toInput(final Box image) {
		return new Box(toInputX(image.x0()), toInputY(image.y0()), toInputX(image.x1()), toInputY(image.y1()));
	}

	/**
	 * The network input for an image: {@code [3, inputHeight, inputWidth]} planes (red,
	 * green, blue), each the image's plane resampled bilinearly into the resized area
	 * (sampling at pixel centres, as {@code align_corners=False}), {@link #PAD} around.
	 * Planes that are the same array (a grey image) are resampled once.
	 */
	public float[] apply(final FastSamImage image) {
		if (image.width() != width || image.height() != height)
			throw new IllegalArgumentException("image is " + image.width() + " x " + image.height() + ", this letterbox is for " + width + " x " + height);
		final int plane = inputWidth * inputHeight;
		final float[] out = new float[3 * plane];
		final float[][] channels = { image.red(), image.green(), image.blue() };
		// where each resized column and row samples the image
		final int[] x0 = new int[resizedWidth], x1 = new int[resizedWidth];
		final float[] tx = new float[resizedWidth];
		final int[] y0 = new int[resizedHeight], y1 = new int[resizedHeight];
		final float[] ty = new float[resizedHeight];
		sampling(width, resizedWidth, x0, x1, tx);
		sampling(height, resizedHeight, y0, y1, ty);
		for (int c = 0; c < 3; c++) {
			final int base = c * plane;
			int same = -1;
			for (int k = 0; k < c && same < 0; k++)
				if (channels[k] == channels[c]) same = k;
			if (same >= 0) {
				System.arraycopy(out, same * plane, out, base, plane);
				continue;
			}
			Arrays.fill(out, base, base + plane, PAD);
			final float[] src = channels[c];
			for (int v = 0; v < resizedHeight; v++) {
				final int r0 = y0[v] * width, r1 = y1[v] * width;
				final float wy = ty[v];
				final int row = base + (offsetY + v) * inputWidth + offsetX;
				for (int u = 0; u < resizedWidth; u++) {
					final float a = src[r0 + x0[u]], b = src[r0 + x1[u]], cc = src[r1 + x0[u]], d = src[r1 + x1[u]];
					final float wx = tx[u];
					out[row + u] = (1 - wy) * ((1 - wx) * a + wx * b) + wy * ((1 - wx) * cc + wx * d);
				}
			}
		}
		return out;
	}

	/**
	 * Bilinear sampling positions: output pixel {@code i} of {@code m} samples input
	 * position {@code (i + 0.5) * n / m - 0.5} of {@code n}, clamped to {@code [0, n - 1]}.
	 */
	static void sampling(final int n, final int m, final int[] i0, final int[] i1, final float[] t) {
		final double scale = n / (double) m;
		for (int i = 0; i < m; i++) {
			final double f = Math.min(n - 1, Math.max(0, (i + 0.5) * scale - 0.5));
			i0[i] = (int) Math.floor(f);
			i1[i] = Math.min(i0[i] + 1, n - 1);
			t[i] = (float) (f - i0[i]);
		}
	}

	@Override
	public String toString() {
		return "letterbox " + width + " x " + height + " -> " + resizedWidth + " x " + resizedHeight + " at (" + offsetX + ", " + offsetY + ") in "
			+ inputWidth + " x " + inputHeight;
	}
}
