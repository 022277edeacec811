package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tessera.segment.ConnectedComponents.Connectivity;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

class ConnectedComponentsTest {

	private static int[] flat(final net.imglib2.RandomAccessibleInterval<IntType> img) {
		final int[] v = new int[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final IntType t : net.imglib2.view.Views.flatIterable(img)) v[i++] = t.get();
		return v;
	}

	private static net.imglib2.img.array.ArrayImg<UnsignedByteType, ?> mask2D(final String... rows) {
		final int h = rows.length, w = rows[0].length();
		final byte[] px = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) px[x + w * y] = (byte) (rows[y].charAt(x) == '#' ? 1 : 0);
		return ArrayImgs.unsignedBytes(px, w, h);
	}

	@Test
	void diagonalNeighboursTouchOnlyWithFullConnectivity() {
		final var m = mask2D(
			"#..##",
			".#..#",
			"..#..",
			"##...");
		assertArrayEquals(new int[] {
			1, 0, 0, 2, 2,
			0, 3, 0, 0, 2,
			0, 0, 4, 0, 0,
			5, 5, 0, 0, 0 }, flat(ConnectedComponents.label(m, Connectivity.FACE)));
		assertArrayEquals(new int[] {
			1, 0, 0, 2, 2,
			0, 1, 0, 0, 2,
			0, 0, 1, 0, 0,
			1, 1, 0, 0, 0 }, flat(ConnectedComponents.label(m, Connectivity.FULL)));
	}

	@Test
	void aUShapeIsMergedIntoOneComponentNumberedByItsFirstPixel() {
		// The two arms get different provisional labels and meet at the bottom.
		final var m = mask2D(
			"..#.#",
			"#.#.#",
			"#.###");
		assertArrayEquals(new int[] { 0, 0, 1, 0, 1, 2, 0, 1, 0, 1, 2, 0, 1, 1, 1 }, flat(ConnectedComponents.label(m, Connectivity.FACE)));
	}

	@Test
	void cornerTouchingVoxelsIn3D() {
		final var m = ArrayImgs.unsignedBytes(2, 2, 2);
		final var ra = m.randomAccess();
		ra.setPosition(new long[] { 0, 0, 0 });
		ra.get().set(1);
		ra.setPosition(new long[] { 1, 1, 1 });
		ra.get().set(1);
		assertEquals(2, ConnectedComponents.count(ConnectedComponents.label(m, Connectivity.FACE)));
		assertEquals(1, ConnectedComponents.count(ConnectedComponents.label(m, Connectivity.FULL)));
	}

	private static byte[] resource(final String name) throws IOException {
		try (InputStream s = ConnectedComponentsTest.class.getResourceAsStream("scipy/" + name)) {
			return s.readAllBytes();
		}
	}

	/** scipy.ndimage.label results made once by scipy/make_fixture.py: identical labels, numbering included. */
	@ParameterizedTest
	@EnumSource(Connectivity.class)
	void matchesScipyLabelExactly(final Connectivity c) throws IOException {
		final var mask = ArrayImgs.unsignedBytes(resource("mask.u8"), 24, 20, 16);
		final int[] expected = new int[24 * 20 * 16];
		ByteBuffer.wrap(resource("labels_" + c.name().toLowerCase() + ".i32")).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(expected);
		assertArrayEquals(expected, flat(ConnectedComponents.label(mask, c)));
	}

	/** The run-based labeling (the fast path) numbers exactly like the pixel-based reference, in 2D and 3D. */
	@ParameterizedTest
	@EnumSource(Connectivity.class)
	void runLabelingEqualsPixelLabeling(final Connectivity c) {
		final java.util.Random r = new java.util.Random(9);
		for (final int[] d : new int[][] { { 57, 43, 1 }, { 23, 19, 17 }, { 1, 30, 1 }, { 30, 1, 5 } }) {
			final boolean[][] rows = new boolean[d[1] * d[2]][d[0]];
			final byte[] flat = new byte[d[0] * d[1] * d[2]];
			for (int i = 0; i < flat.length; i++) {
				final boolean on = r.nextDouble() < 0.45;
				flat[i] = (byte) (on ? 1 : 0);
				rows[i / d[0]][i % d[0]] = on;
			}
			final int[] expected = flat(ConnectedComponents.label(ArrayImgs.unsignedBytes(flat, d[0], d[1], d[2]), c));
			final RunLabeling runs = RunLabeling.of(rows, d[0], d[1], d[2], c);
			final int[] got = new int[flat.length], row = new int[d[0]];
			for (int i = 0; i < rows.length; i++) {
				runs.fillRow(i, row, 0);
				System.arraycopy(row, 0, got, i * d[0], d[0]);
				for (int x = 0; x < d[0]; x++) assertEquals(row[x], runs.labelAt(i, x));
			}
			assertArrayEquals(expected, got, java.util.Arrays.toString(d) + " " + c);
		}
	}

	@Test
	void partitionsCompareIgnoringNumbering() {
		final var a = ArrayImgs.ints(new int[] { 1, 1, 0, 2 }, 4);
		assertTrue(ConnectedComponents.samePartition(a, ArrayImgs.ints(new int[] { 7, 7, 0, 3 }, 4)));
		assertFalse(ConnectedComponents.samePartition(a, ArrayImgs.ints(new int[] { 7, 3, 0, 3 }, 4)));
		assertFalse(ConnectedComponents.samePartition(a, ArrayImgs.ints(new int[] { 7, 7, 0, 7 }, 4)));
		assertFalse(ConnectedComponents.samePartition(a, ArrayImgs.ints(new int[] { 7, 7, 1, 3 }, 4)));
	}

	@Test
	void connectivityParses() {
		assertEquals(Connectivity.FACE, Connectivity.parse("1"));
		assertEquals(Connectivity.FULL, Connectivity.parse("full"));
		// as Fiji names them, in 2D and 3D, and as the dialogs offer them
		for (final String face : new String[] { "4", "6", "4/6" }) assertEquals(Connectivity.FACE, Connectivity.parse(face));
		for (final String full : new String[] { "8", "26", "8/26", "2" }) assertEquals(Connectivity.FULL, Connectivity.parse(full));
		assertThrows(IllegalArgumentException.class, () -> Connectivity.parse("3"));
	}
}
