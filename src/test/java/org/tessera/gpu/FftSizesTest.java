package org.tessera.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Lengths of the form 2^a 3^b 5^c: recognised, the next one found, factored. */
class FftSizesTest {

	@Test
	void recognisesFiveSmoothLengths() {
		for (final int n : new int[] { 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 60, 100, 243, 250, 256, 384, 3125, 1 << 30 })
			assertTrue(FftSizes.isFast(n), n + " is fast");
		for (final long n : new long[] { 0, -4, 7, 11, 14, 49, 98, 257, 1021 })
			assertFalse(FftSizes.isFast(n), n + " is not fast");
	}

	@Test
	void nextFastIsTheSmallestFastLengthNotBelow() {
		// against a plain search
		for (int n = -2; n <= 5000; n++) {
			int m = Math.max(n, 1);
			while (!FftSizes.isFast(m)) m++;
			assertEquals(m, FftSizes.nextFast(n), "nextFast(" + n + ")");
		}
		assertEquals(1 << 30, FftSizes.nextFast((1 << 30) - 7));
		assertEquals(1_074_954_240, FftSizes.nextFast((1 << 30) + 1)); // the first 5-smooth number above 2^30
		assertThrows(IllegalArgumentException.class, () -> FftSizes.nextFast(Integer.MAX_VALUE));
	}

	@Test
	void factorsSmallestFirst() {
		assertArrayEquals(new int[] {}, FftSizes.factors(1));
		assertArrayEquals(new int[] { 2, 2, 3, 5 }, FftSizes.factors(60));
		assertArrayEquals(new int[] { 2, 5, 5, 5 }, FftSizes.factors(250));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FftSizes.factors(98));
		assertEquals("98 is not of the form 2^a*3^b*5^c; the next such length is 100", e.getMessage());
	}

	@Test
	void radicesPairTwosIntoFours() {
		assertArrayEquals(new int[] { 4, 4, 4, 4 }, FftSizes.radices(256));
		assertArrayEquals(new int[] { 4, 4, 4, 2, 3 }, FftSizes.radices(384));
		assertArrayEquals(new int[] { 2, 5, 5, 5 }, FftSizes.radices(250));
		assertArrayEquals(new int[] {}, FftSizes.radices(1));
	}
}
