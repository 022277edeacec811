package org.tessera.stardist;

import java.util.Arrays;

/**
 * Percentile normalisation of StarDist inputs, as StarDist and CSBDeep do it:
 * {@code (x - p_low) / (p_high - p_low + 1e-20)}, where the percentiles are
 * computed like numpy's {@code np.percentile} with its default linear
 * interpolation.
 */
public final class Normalize {

	/** StarDist's default lower percentile. */
	public static final double DEFAULT_LOW = 1.0;
	/** StarDist's default upper percentile. */
	public static final double DEFAULT_HIGH = 99.8;
	/** Added to the denominator, as CSBDeep does, so that a flat image gives no division by zero. */
	public static final double EPS = 1e-20;

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
		final float[] sorted = image.clone();
		Arrays.sort(sorted);
		final double pLow = percentileOfSorted(sorted, low);
		final double pHigh = percentileOfSorted(sorted, high);
		final double scale = 1 / (pHigh - pLow + EPS);
		final float[] out = new float[image.length];
		for (int i = 0; i < image.length; i++)
			out[i] = (float) ((image[i] - pLow) * scale);
		return out;
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
		final float[] sorted = values.clone();
		Arrays.sort(sorted);
		return percentileOfSorted(sorted, q);
	}

	private static double percentileOfSorted(final float[] sorted, final double q) {
		if (sorted.length == 0)
			throw new IllegalArgumentException("cannot normalise an empty image");
		if (!(q >= 0 && q <= 100))
			throw new IllegalArgumentException("percentile must be between 0 and 100, got " + q);
		final double rank = q / 100 * (sorted.length - 1);
		final int below = (int) Math.floor(rank);
		final int above = Math.min(below + 1, sorted.length - 1);
		final double fraction = rank - below;
		return sorted[below] + fraction * ((double) sorted[above] - sorted[below]);
	}
}
