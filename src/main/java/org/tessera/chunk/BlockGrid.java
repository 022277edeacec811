package org.tessera.chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;

/**
 * A regular grid of blocks over an image interval; blocks at the upper edges
 * may be smaller. Blocks are numbered with x fastest.
 */
public final class BlockGrid {

	/** Elements per block that {@link #auto} aims for: 4 Mi, e.g. 2048² or 160³ pixels. */
	public static final long DEFAULT_TARGET = 1L << 22;

	private final FinalInterval image;
	private final long[] blockSize;
	private final long[] gridSize;
	private final int count;

	/**
	 * @param image the pixels to cover
	 * @param blockSize block size per axis (at least 1)
	 */
	public BlockGrid(final Interval image, final long[] blockSize) {
		if (blockSize.length != image.numDimensions())
			throw new IllegalArgumentException("block shape " + Arrays.toString(blockSize) + " has " + blockSize.length + " axes, the image " +
				image.numDimensions());
		this.image = new FinalInterval(image);
		this.blockSize = blockSize.clone();
		this.gridSize = new long[blockSize.length];
		long n = 1;
		for (int d = 0; d < blockSize.length; d++) {
			if (blockSize[d] < 1) throw new IllegalArgumentException("block size must be >= 1, got " + Arrays.toString(blockSize));
			gridSize[d] = (image.dimension(d) + blockSize[d] - 1) / blockSize[d];
			n *= gridSize[d];
		}
		if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many blocks (" + n + "); use larger blocks");
		this.count = (int) n;
	}

	/**
	 * A grid with blocks of about {@code target} elements: the largest axis is
	 * halved until a block is small enough, so blocks stay as compact as the
	 * image allows, and there are at least {@code minBlocks} blocks if the image
	 * has that many elements.
	 */
	public static BlockGrid auto(final Interval image, final long target, final int minBlocks) {
		final long[] size = image.dimensionsAsLongArray();
		long total = 1;
		for (final long s : size) total *= s;
		while (true) {
			long elements = 1, blocks = 1;
			for (int d = 0; d < size.length; d++) {
				elements *= size[d];
				blocks *= (image.dimension(d) + size[d] - 1) / size[d];
			}
			if (elements <= target && (blocks >= minBlocks || total < minBlocks)) break;
			int largest = 0;
			for (int d = 1; d < size.length; d++) if (size[d] > size[largest]) largest = d;
			if (size[largest] == 1) break;
			size[largest] = (size[largest] + 1) / 2;
		}
		return new BlockGrid(image, size);
	}

	/** Parses a block shape "512,512,64" (one value for all axes, or one per axis). */
	public static long[] parseShape(final String text, final int numDimensions) {
		final String[] parts = text.trim().split("[,x\\s]+");
		final long[] s = new long[numDimensions];
		try {
			for (int d = 0; d < numDimensions; d++) s[d] = Long.parseLong(parts.length == 1 ? parts[0] : parts[d]);
		}
		catch (final NumberFormatException | ArrayIndexOutOfBoundsException e) {
			throw new IllegalArgumentException("block shape '" + text + "' must be one whole number or " + numDimensions +
				" separated by commas");
		}
		if (parts.length != 1 && parts.length != numDimensions)
			throw new IllegalArgumentException("block shape '" + text + "' has " + parts.length + " values; the image has " + numDimensions +
				" axes");
		for (final long v : s) if (v < 1) throw new IllegalArgumentException("block shape '" + text + "' must be positive");
		return s;
	}

	public FinalInterval image() {
		return image;
	}

	public long[] blockSize() {
		return blockSize.clone();
	}

	/** Number of blocks along each axis. */
	public long[] gridSize() {
		return gridSize.clone();
	}

	public int numBlocks() {
		return count;
	}

	/** Block number {@code index} (x fastest). */
	public Block block(final int index) {
		final long[] pos = new long[gridSize.length], min = new long[gridSize.length], max = new long[gridSize.length];
		long rest = index;
		for (int d = 0; d < gridSize.length; d++) {
			pos[d] = rest % gridSize[d];
			rest /= gridSize[d];
			min[d] = image.min(d) + pos[d] * blockSize[d];
			max[d] = Math.min(image.max(d), min[d] + blockSize[d] - 1);
		}
		return new Block(index, pos, new FinalInterval(min, max));
	}

	/** All blocks, in index order. */
	public List<Block> blocks() {
		final List<Block> list = new ArrayList<>(count);
		for (int i = 0; i < count; i++) list.add(block(i));
		return list;
	}
}
