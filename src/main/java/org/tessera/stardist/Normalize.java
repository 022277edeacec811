package org.tessera.stardist;

import org.tessera.dl.Percentiles;

/**
 * Percentile normalisation of StarDist inputs, as StarDist and CSBDeep do it:
 * {@code (x - p_low) / (p_high - p_low + 1e-20)}, where the percentiles are
 * computed like numpy's {@code np.percentile} with its default linear
 * interpolation ({@link Percentiles}), with StarDist's defaults.
 */
public final class Normalize {

	/** StarDist's default lower percentile. */
	public static final double DEFAULT_LOW = 1.0;
	/** StarDist's default upper percentile. */
	public static final double DEFAULT_HIGH = 99.8;
	/** Added to the denominator, as CSBDeep does, so that a flat image gives no division by zero. */
	public static final double EPS = Percentiles.EPS;

	private Normalize() {}

	/** Normalises with the default percentiles 1 and 99.8. */
	public static float[] percentiles(final float[] image) {
		return percentiles(image, DEFAULT_LOW, DEFAULT_HIGH);
	}

	/**
	 * Normalises {@code image} to {@code (x - p_low) / (p_high - p_low)}.
	 *
	 * @param image the pixels (any order; left unchanged)
	 * @param low the lower percentile, in [0, 100]
	 * @param high the upper percentile, in [0, 100]
	 * @return a new array of the normalised pixels
	 * @throws IllegalArgumentException for an empty image or percentiles out of range
	 */
	public static float[] percentiles(final float[] image, final double low, final double high) {
		return Percentiles.normalize(image, low, high);
	}

	/**
	 * Normalises each channel of an interleaved image by its own percentiles
	 * (as StarDist's examples do with {@code axis_norm = (0, 1)}).
	 *
	 * @param image pixels with {@code channels} values each, channel fastest
	 */
	public static float[] percentilesPerChannel(final float[] image, final int channels, final double low, final double high) {
		if (channels == 1) return percentiles(image, low, high);
		if (channels < 1 || image.length % channels != 0)
			throw new IllegalArgumentException(image.length + " values are not a whole number of pixels of " + channels + " channels");
		final int n = image.length / channels;
		final float[] out = new float[image.length];
		final float[] one = new float[n];
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < n; i++) one[i] = image[i * channels + c];
			final float[] normalized = percentiles(one, low, high);
			for (int i = 0; i < n; i++) out[i * channels + c] = normalized[i];
		}
		return out;
	}

	/**
	 * The {@code q}-th percentile of {@code values}, like numpy's {@code np.percentile(values, q)}
	 * (linear interpolation between the two nearest ranks).
	 */
	public static double percentile(final float[] values, final double q) {
		return Percentiles.percentile(values, q);
	}
}
