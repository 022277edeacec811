package org.tessera.dl;

import java.util.Arrays;
import java.util.SplittableRandom;

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
		final double[] p = percentiles(image, low, high);
		return normalizeBetween(image, p[0], p[1], clip);
	}

	/**
	 * Normalises {@code image} to {@code (x - pLow) / (pHigh - pLow + EPS)} with
	 * given values (percentiles of a larger image, for parts of it normalised as
	 * the whole is), optionally clipped to [0, 1]; the same arithmetic as
	 * {@link #normalize}.
	 */
	public static float[] normalizeBetween(final float[] image, final double pLow, final double pHigh, final boolean clip) {
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
		return percentiles(values, q)[0];
	}

	/**
	 * Several percentiles of {@code values} at once, each as {@link #percentile} computes it
	 * (the same numbers as sorting gives, found by selection in linear expected time).
	 */
	public static double[] percentiles(final float[] values, final double... qs) {
		if (values.length == 0)
			throw new IllegalArgumentException("cannot normalise an empty image");
		for (final double q : qs)
			if (!(q >= 0 && q <= 100))
				throw new IllegalArgumentException("percentile must be between 0 and 100, got " + q);
		final float[] a = values.clone();
		// selection compares with <, which orders NaN and -0.0 differently from Arrays.sort: sort those
		boolean sort = false;
		for (final float v : a)
			if (v != v || Float.floatToRawIntBits(v) == NEGATIVE_ZERO) {
				sort = true;
				break;
			}
		if (sort) Arrays.sort(a);
		final double[] out = new double[qs.length];
		for (int i = 0; i < qs.length; i++) {
			final double rank = qs[i] / 100 * (a.length - 1);
			final int below = (int) Math.floor(rank);
			final int above = Math.min(below + 1, a.length - 1);
			final double fraction = rank - below;
			final float lo, hi;
			if (sort) {
				lo = a[below];
				hi = a[above];
			}
			else {
				lo = select(a, below);
				// after selection everything right of 'below' is at least a[below]: the next order statistic is their minimum
				float next = lo;
				if (above > below) {
					next = Float.POSITIVE_INFINITY;
					for (int j = below + 1; j < a.length; j++)
						if (a[j] < next) next = a[j];
				}
				hi = next;
			}
			out[i] = lo + fraction * ((double) hi - lo);
		}
		return out;
	}

	private static final int NEGATIVE_ZERO = Float.floatToRawIntBits(-0f);

	/**
	 * The {@code k}-th smallest value (0-based) of {@code a}, which has no NaN: quickselect
	 * with a three-way partition (images have many equal values) and pivots drawn from a
	 * seeded generator. Leaves {@code a} partitioned around {@code a[k]}.
	 */
	static float select(final float[] a, final int k) {
		final SplittableRandom random = new SplittableRandom(k);
		int lo = 0, hi = a.length - 1;
		while (hi > lo) {
			final float pivot = a[lo + random.nextInt(hi - lo + 1)];
			int lt = lo, i = lo, gt = hi;
			while (i <= gt) {
				final float v = a[i];
				if (v < pivot) {
					a[i++] = a[lt];
					a[lt++] = v;
				}
				else if (v > pivot) {
					a[i] = a[gt];
					a[gt--] = v;
				}
				else i++;
			}
			if (k < lt) hi = lt - 1;
			else if (k > gt) lo = gt + 1;
			else return pivot;
		}
		return a[k];
	}
}
