package org.tessera.dl;

import java.util.Arrays;

/**
 * Percentile normalisation of network inputs, as CSBDeep and StarDist do it:
 * {@code (x - p_low) / (p_high - p_low + 1e-20)}, where the percentiles are
 * computed like numpy's {@code np.percentile} with its default linear
 * interpolation.
 */
public final class Percentiles {

	/** Added to the denominator, as CSBDeep does, so that a flat image gives no division by zero. */
	public static final double EPS = 1e-20;

	private Percentiles() {}

	/**
	 * Normalises {@code image} to {@code (x - p_low) / (p_high - p_low + EPS)}.
	 *
	 * @param image the pixels (any order; left unchanged)
	 * @param low the lower percentile, in [0, 100]
	 * @param high the upper percentile, in [0, 100]
	 * @return a new array of the normalised pixels
	 * @throws IllegalArgumentException for an empty image or percentiles out of range
	 */
	public static float[] normalize(final float[] image, final double low, final double high) {
		return normalize(image, low, high, false);
	}

	/** As {@link #normalize}, then clipped to [0, 1]. */
	public static float[] normalizeClipped(final float[] image, final double low, final double high) {
		return normalize(image, low, high, true);
	}

	private static float[] normalize(final float[] image, final double low, final double high, final boolean clip) {
		final float[] sorted = image.clone();
		Arrays.sort(sorted);
		final double pLow = percentileOfSorted(sorted, low);
		final double pHigh = percentileOfSorted(sorted, high);
		final double scale = 1 / (pHigh - pLow + EPS);
		final float[] out = new float[image.length];
		for (int i = 0; i < image.length; i++) {
			final float v = (float) ((image[i] - pLow) * scale);
			out[i] = clip ? Math.min(1f, Math.max(0f, v)) : v;
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
