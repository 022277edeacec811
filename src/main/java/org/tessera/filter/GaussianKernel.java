package org.tessera.filter;

/**
 * Sampled, normalised 1D Gaussian kernels, as {@code scipy.ndimage.gaussian_filter}
 * builds them: weights {@code exp(-x²/2σ²)} for {@code |x| <= radius}, with
 * {@code radius = (int) (truncate·σ + 0.5)}, divided by their sum.
 */
public final class GaussianKernel {

	/** The default truncation, in standard deviations (scipy's default too). */
	public static final double DEFAULT_TRUNCATE = 4.0;

	private GaussianKernel() {
		// static utility
	}

	/** Kernel radius in pixels for this sigma; 0 for sigma 0. */
	public static int radius(final double sigma, final double truncate) {
		if (!(sigma >= 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("sigma must be >= 0, got " + sigma);
		return (int) (truncate * sigma + 0.5);
	}

	/**
	 * The half kernel {@code w[0..radius]} (the kernel is symmetric:
	 * {@code w[-k] = w[k]}), normalised so that the full kernel sums to 1.
	 */
	public static double[] halfKernel(final double sigma, final double truncate) {
		final int r = radius(sigma, truncate);
		final double[] w = new double[r + 1];
		if (r == 0) {
			w[0] = 1;
			return w;
		}
		double sum = 0;
		for (int k = 0; k <= r; k++) {
			w[k] = Math.exp(-0.5 * k * k / (sigma * sigma));
			sum += k == 0 ? w[k] : 2 * w[k];
		}
		for (int k = 0; k <= r; k++) w[k] /= sum;
		return w;
	}
}
