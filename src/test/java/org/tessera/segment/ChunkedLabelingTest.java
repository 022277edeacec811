package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.core.TaskMonitor;
import org.tessera.segment.ConnectedComponents;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.testutil.TestImages;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/** Chunked labeling gives the same partition as whole-image labeling, with consecutive labels. */
class ChunkedLabelingTest {

	static void assertConsecutive(final RandomAccessibleInterval<IntType> labels, final int n) {
		final BitSet seen = new BitSet();
		for (final IntType t : Views.iterable(labels)) if (t.get() != 0) seen.set(t.get());
		assertEquals(n, seen.cardinality());
		assertEquals(n, seen.length() - 1, "labels are not 1.." + n);
	}

	static Stream<Arguments> cases() {
		return Stream.of(
			Arguments.of(new long[] { 97, 83 }, new long[] { 16, 16 }),
			Arguments.of(new long[] { 97, 83 }, new long[] { 7, 40 }),
			Arguments.of(new long[] { 97, 83 }, new long[] { 1, 83 }),
			Arguments.of(new long[] { 41, 37, 23 }, new long[] { 8, 8, 8 }),
			Arguments.of(new long[] { 41, 37, 23 }, new long[] { 5, 13, 2 }),
			Arguments.of(new long[] { 41, 37, 23 }, new long[] { 41, 37, 1 }));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void samePartitionAsWholeImage(final long[] dims, final long[] blockShape) {
		final var mask = TestImages.blobs(dims.length * 7 + blockShape[0], dims);
		for (final Connectivity c : Connectivity.values()) {
			final var whole = ConnectedComponents.label(mask, c);
			final var out = ArrayImgs.ints(dims);
			final int n = new ChunkedLabeling(blockShape, c, 3).labelInto(mask, out, TaskMonitor.NONE);
			assertEquals(ConnectedComponents.count(whole), n, c.toString());
			assertTrue(ConnectedComponents.samePartition(whole, out), "different partition, " + c);
			assertConsecutive(out, n);
		}
	}

	/**
	 * Joining blocks from their faces alone (what Spark's driver gets) gives the
	 * labels that joining them from their runs gives.
	 */
	@ParameterizedTest
	@MethodSource("cases")
	void facesJoinAsTheRunsDo(final long[] dims, final long[] blockShape) {
		final var mask = TestImages.blobs(dims.length * 7 + blockShape[0], dims);
		for (final Connectivity c : Connectivity.values()) {
			final ChunkedLabeling labeling = new ChunkedLabeling(blockShape, c, 1);
			final var grid = new org.tessera.chunk.BlockGrid(mask, blockShape);
			final RunLabeling[] runs = new RunLabeling[grid.numBlocks()];
			final ChunkedLabeling.Faces[] faces = new ChunkedLabeling.Faces[runs.length];
			final int[] counts = new int[runs.length];
			for (final var b : grid.blocks()) {
				runs[b.index()] = labeling.labelBlock(mask, b);
				faces[b.index()] = ChunkedLabeling.Faces.of(runs[b.index()], b);
				counts[b.index()] = runs[b.index()].count();
			}
			final var joined = labeling.join(grid, mask, counts, (b, within) -> faces[b].at(within));
			final var out = ArrayImgs.ints(dims);
			final int n = labeling.labelInto(mask, out, TaskMonitor.NONE);
			assertEquals(n, joined.count(), c.toString());
			// the same labels, block by block
			final var ra = out.randomAccess();
			for (final var b : grid.blocks()) {
				final int[][] rows = joined.rows(runs[b.index()], b);
				final int ny = (int) (b.core().numDimensions() > 1 ? b.core().dimension(1) : 1);
				for (int r = 0; r < rows.length; r++)
					for (int x = 0; x < rows[r].length; x++) {
						final long[] p = new long[dims.length];
						p[0] = b.core().min(0) + x;
						if (dims.length > 1) p[1] = b.core().min(1) + r % ny;
						if (dims.length > 2) p[2] = b.core().min(2) + r / ny;
						ra.setPosition(p);
						assertEquals(ra.get().get(), rows[r][x], c + " at " + java.util.Arrays.toString(p));
					}
			}
		}
	}

	@Test
	void aSpiralThroughManyBlocksIsOneObject() {
		final int size = 61;
		final var img = ArrayImgs.unsignedBytes(size, size);
		final var ra = img.randomAccess();
		// a square spiral, 1 pixel wide, with 1-pixel gaps between turns
		int x0 = 0, y0 = 0, x1 = size - 1, y1 = size - 1;
		while (x0 <= x1 && y0 <= y1) {
			for (int x = x0; x <= x1; x++) set(ra, x, y0);
			for (int y = y0; y <= y1; y++) set(ra, x1, y);
			for (int x = x1; x >= x0; x--) set(ra, x, y1);
			for (int y = y1; y >= y0 + 2; y--) set(ra, x0, y);
			if (x0 + 1 <= x1) set(ra, x0 + 1, y0 + 2);
			x0 += 2;
			y0 += 2;
			x1 -= 2;
			y1 -= 2;
		}
		assertEquals(1, ConnectedComponents.count(ConnectedComponents.label(img, Connectivity.FACE)));
		final var out = new ChunkedLabeling(new long[] { 4, 4 }, Connectivity.FACE, 2).label(img, TaskMonitor.NONE);
		assertEquals(1, ConnectedComponents.count(out));
		assertTrue(ConnectedComponents.samePartition(ConnectedComponents.label(img, Connectivity.FACE), out));
	}

	private static void set(final net.imglib2.RandomAccess<UnsignedByteType> ra, final int x, final int y) {
		ra.setPosition(new long[] { x, y });
		ra.get().set(1);
	}

	@Test
	void resultDoesNotDependOnThreads() {
		final var mask = TestImages.blobs(3, 120, 90);
		final var a = new ChunkedLabeling(new long[] { 20, 20 }, Connectivity.FULL, 1).label(mask, TaskMonitor.NONE);
		final var b = new ChunkedLabeling(new long[] { 20, 20 }, Connectivity.FULL, 4).label(mask, TaskMonitor.NONE);
		final var ca = a.cursor();
		final var cb = b.cursor();
		while (ca.hasNext()) assertEquals(ca.next().get(), cb.next().get());
	}
}
