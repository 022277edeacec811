package org.tessera.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Transform lengths that {@link GpuFft} handles: those of the form
 * 2<sup>a</sup>·3<sup>b</sup>·5<sup>c</sup> (5-smooth numbers, 1 included).
 * Pad other lengths up to {@link #nextFast}.
 */
public final class FftSizes {

	private FftSizes() {
		// static utility
	}

	/** Whether {@code n} is 2<sup>a</sup>·3<sup>b</sup>·5<sup>c</sup> (for a, b, c &gt;= 0); false for n &lt; 1. */
	public static boolean isFast(final long n) {
		if (n < 1) return false;
		long m = n;
		for (final int p : new int[] { 2, 3, 5 })
			while (m % p == 0) m /= p;
		return m == 1;
	}

	/**
	 * The smallest length {@code >= n} of the form 2<sup>a</sup>·3<sup>b</sup>·5<sup>c</sup>
	 * (1 for n &lt;= 1).
	 *
	 * @throws IllegalArgumentException if that length does not fit an int
	 */
	public static int nextFast(final int n) {
		if (n <= 1) return 1;
		long best = Long.MAX_VALUE;
		// every 5^c * 3^b below the bound, times the smallest power of two that reaches n
		for (long p5 = 1; p5 < best && p5 < 2L * n; p5 *= 5)
			for (long p35 = p5; p35 < best && p35 < 2L * n; p35 *= 3) {
				long m = p35;
				while (m < n) m *= 2;
				best = Math.min(best, m);
			}
		if (best > Integer.MAX_VALUE) throw new IllegalArgumentException("no FFT length of the form 2^a*3^b*5^c between " + n + " and " +
			Integer.MAX_VALUE);
		return (int) best;
	}

	/**
	 * The prime factors of a length of the form 2<sup>a</sup>·3<sup>b</sup>·5<sup>c</sup>,
	 * smallest first (empty for 1): 60 gives [2, 2, 3, 5].
	 *
	 * @throws IllegalArgumentException if {@code n} is not of that form
	 */
	public static int[] factors(final int n) {
		if (n < 1) throw new IllegalArgumentException("an FFT length must be at least 1, not " + n);
		if (!isFast(n)) throw new IllegalArgumentException(n + " is not of the form 2^a*3^b*5^c; the next such length is " + nextFast(n));
		final List<Integer> f = new ArrayList<>();
		int m = n;
		for (final int p : new int[] { 2, 3, 5 })
			while (m % p == 0) {
				f.add(p);
				m /= p;
			}
		return f.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * The radices of the passes {@link GpuFft} makes along an axis of length
	 * {@code n}: pairs of factors 2 combined into radix 4, then a single 2 if
	 * one is left, then the 3s and 5s. Their product is {@code n}; empty for 1.
	 */
	static int[] radices(final int n) {
		final int[] f = factors(n);
		int twos = 0;
		for (final int p : f)
			if (p == 2) twos++;
		final List<Integer> r = new ArrayList<>();
		for (int i = 0; i < twos / 2; i++) r.add(4);
		if (twos % 2 == 1) r.add(2);
		for (final int p : f)
			if (p != 2) r.add(p);
		return r.stream().mapToInt(Integer::intValue).toArray();
	}
}
