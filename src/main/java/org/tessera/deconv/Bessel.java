package org.tessera.deconv;

/**
 * The Bessel function of the first kind of order zero, for the diffraction
 * integral of {@link Psf#bornWolf}. The approximations are those of Abramowitz
 * and Stegun, Handbook of Mathematical Functions (1964), 9.4.1 (polynomial for
 * |x| ≤ 3, absolute error below 5·10⁻⁸) and 9.4.3 (modulus and phase for
 * |x| ≥ 3, errors below 1.6·10⁻⁸ and 7·10⁻⁸).
 */
final class Bessel {

	private Bessel() {
		// static utility
	}

	/** J0(x), to about 10⁻⁷ absolute. */
	static double j0(final double x) {
		final double ax = Math.abs(x);
		if (ax <= 3) {
			final double t = (ax / 3) * (ax / 3);
			return 1 + t * (-2.2499997 + t * (1.2656208 + t * (-0.3163866 + t * (0.0444479 + t * (-0.0039444 + t * 0.0002100)))));
		}
		final double t = 3 / ax;
		final double f0 = 0.79788456 + t * (-0.00000077 + t * (-0.00552740 + t * (-0.00009512 + t * (0.00137237 + t * (-0.00072805 +
			t * 0.00014476)))));
		final double theta0 = ax - 0.78539816 + t * (-0.04166397 + t * (-0.00003954 + t * (0.00262573 + t * (-0.00054125 + t * (-0.00029333 +
			t * 0.00013558)))));
		return f0 * Math.cos(theta0) / Math.sqrt(ax);
	}
}
