package org.tessera.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Boundary modes index like scipy.ndimage's documentation says, for a row a b c d. */
class BoundaryTest {

	private static int[] around(final Boundary b) {
		// indices -4..7 for n = 4
		final int[] out = new int[12];
		for (int i = -4; i < 8; i++) out[i + 4] = b.map(i, 4);
		return out;
	}

	@Test
	void reflectRepeatsTheEdgePixel() {
		// d c b a | a b c d | d c b a
		assertArrayEquals(new int[] { 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0 }, around(Boundary.REFLECT));
	}

	@Test
	void mirrorDoesNotRepeatTheEdgePixel() {
		// (c) d c b | a b c d | c b a (b)
		assertArrayEquals(new int[] { 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1 }, around(Boundary.MIRROR));
	}

	@Test
	void nearestWrapConstant() {
		assertArrayEquals(new int[] { 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3 }, around(Boundary.NEAREST));
		assertArrayEquals(new int[] { 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3 }, around(Boundary.WRAP));
		assertArrayEquals(new int[] { -1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1 }, around(Boundary.CONSTANT));
	}

	@Test
	void farOutsideAndSinglePixelAxes() {
		assertEquals(0, Boundary.MIRROR.map(-7, 1));
		assertEquals(0, Boundary.REFLECT.map(9, 1));
		// reflect has period 2n: index -9 on n=4 -> -9 mod 8 = 7 -> 8-1-7 = 0
		assertEquals(0, Boundary.REFLECT.map(-9, 4));
	}

	@Test
	void parsesNamesAndRejectsOthers() {
		assertEquals(Boundary.NEAREST, Boundary.parse(" Nearest "));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Boundary.parse("edge"));
		assertEquals("unknown boundary 'edge'; expected one of reflect, mirror, nearest, wrap, constant", e.getMessage());
	}
}
