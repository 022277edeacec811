package org.tessera.dl;

/**
 * Rescaling of network inputs, so that a model trained at one magnification
 * runs on images taken at another.
 * <p>
 * Pixel centres are aligned, as scipy's {@code ndimage.zoom(..., grid_mode=True)}
 * aligns them: output pixel {@code u} of {@code n'} samples the input at
 * {@code (u + 0.5) * n / n' - 0.5}, clamped to the image. The inverse map,
 * for outlines found in the rescaled image, is {@link #toSource}.
 */
public final class Resample {

	private Resample() {
		// static utility
	}

	/** The size of an axis of {@code n} pixels rescaled by {@code scale}: {@code round(n * scale)}, at least 1. */
	public static int size(final int n, final double scale) {
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale must be a positive number, got " + scale);
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(n * scale)));
	}

	/**
	 * Bilinear rescaling of an image with interleaved channels.
	 *
	 * @param image pixels in y, x, channel order ({@code (y * width + x) * channels + c})
	 * @param width input columns
	 * @param height input rows
	 * @param channels values per pixel
	 * @param outWidth output columns
	 * @param outHeight output rows
	 * @return the rescaled image, in the same layout
	 */
	public static float[] bilinear(final float[] image, final int width, final int height, final int channels, final int outWidth,
		final int outHeight)
	{
		if ((long) width * height * channels != image.length) throw new IllegalArgumentException("image has " + image.length + " values, expected " +
			width + " x " + height + " x " + channels);
		if (outWidth < 1 || outHeight < 1) throw new IllegalArgumentException("output size must be positive, got " + outWidth + " x " + outHeight);
		if ((long) outWidth * outHeight * channels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("rescaled image of " + outWidth +
			" x " + outHeight + " x " + channels + " values is too large for one array");
		final int[] x0 = new int[outWidth], x1 = new int[outWidth];
		final float[] fx = new float[outWidth];
		weights(width, outWidth, x0, x1, fx);
		final int[] y0 = new int[outHeight], y1 = new int[outHeight];
		final float[] fy = new float[outHeight];
		weights(height, outHeight, y0, y1, fy);
		final float[] out = new float[outWidth * outHeight * channels];
		for (int v = 0; v < outHeight; v++) {
			final int rowA = y0[v] * width, rowB = y1[v] * width;
			final float wy = fy[v];
			for (int u = 0; u < outWidth; u++) {
				final float wx = fx[u];
				final int a = (rowA + x0[u]) * channels, b = (rowA + x1[u]) * channels, c = (rowB + x0[u]) * channels, d = (rowB + x1[u]) * channels;
				final int o = (v * outWidth + u) * channels;
				for (int k = 0; k < channels; k++) {
					final float top = image[a + k] + wx * (image[b + k] - image[a + k]);
					final float bottom = image[c + k] + wx * (image[d + k] - image[c + k]);
					out[o + k] = top + wy * (bottom - top);
				}
			}
		}
		return out;
	}

	/** The two input pixels and the weight of the second, for each output pixel of an axis. */
	private static void weights(final int n, final int outN, final int[] i0, final int[] i1, final float[] f) {
		final double step = (double) n / outN;
		for (int u = 0; u < outN; u++) {
			final double p = Math.min(Math.max((u + 0.5) * step - 0.5, 0), n - 1);
			final int a = (int) Math.floor(p);
			i0[u] = a;
			i1[u] = Math.min(a + 1, n - 1);
			f[u] = (float) (p - a);
		}
	}

	/** Where a coordinate (pixel centres at integers) of an axis rescaled from {@code n} to {@code outN} pixels lies in the input. */
	public static double toSource(final double coordinate, final int n, final int outN) {
		return (coordinate + 0.5) * n / outN - 0.5;
	}
}
