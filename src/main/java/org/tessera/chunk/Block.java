package org.tessera.chunk;

import java.util.Arrays;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;

/**
 * One block of a {@link BlockGrid}: its index in the grid, its position in
 * block units, and the pixels it covers (the core, without halo).
 *
 * @param index position in {@link BlockGrid#blocks()} (x fastest)
 * @param gridPosition block coordinates, e.g. {2, 0, 1}
 * @param core the pixels the block is responsible for, in image coordinates
 */
public record Block(int index, long[] gridPosition, FinalInterval core) {

	public Block {
		gridPosition = gridPosition.clone();
	}

	@Override
	public long[] gridPosition() {
		return gridPosition.clone();
	}

	/** Number of pixels in the core. */
	public long size() {
		long n = 1;
		for (int d = 0; d < core.numDimensions(); d++) n *= core.dimension(d);
		return n;
	}

	/** The core grown by {@code halo} on each side, per axis. */
	public FinalInterval grow(final long[] halo) {
		final long[] min = core.minAsLongArray(), max = core.maxAsLongArray();
		for (int d = 0; d < min.length; d++) {
			min[d] -= halo[d];
			max[d] += halo[d];
		}
		return new FinalInterval(min, max);
	}

	/** A file-name friendly id such as "2.0.1" (the grid position), as Zarr names chunks. */
	public String key() {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < gridPosition.length; d++) sb.append(d == 0 ? "" : ".").append(gridPosition[d]);
		return sb.toString();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Block b && b.index == index && Arrays.equals(b.gridPosition, gridPosition) && equalIntervals(b.core, core);
	}

	private static boolean equalIntervals(final Interval a, final Interval b) {
		return Arrays.equals(a.minAsLongArray(), b.minAsLongArray()) && Arrays.equals(a.maxAsLongArray(), b.maxAsLongArray());
	}

	@Override
	public int hashCode() {
		return index * 31 + Arrays.hashCode(gridPosition);
	}

	@Override
	public String toString() {
		return "Block[" + key() + " " + Arrays.toString(core.minAsLongArray()) + ".." + Arrays.toString(core.maxAsLongArray()) + "]";
	}
}
