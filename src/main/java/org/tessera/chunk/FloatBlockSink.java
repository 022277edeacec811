package org.tessera.chunk;

import java.io.IOException;

import org.tessera.core.Rows;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Where {@link BlockProcessor#processFloats} puts each block's core: the values
 * arrive as the core's rows ({@code rows[y + ny·z]}), each starting at
 * {@code x0} of a longer (haloed) row.
 */
public interface FloatBlockSink {

	/** Stores a finished block. Called from worker threads, for different blocks at once. */
	void write(Block block, float[][] rows, int x0) throws IOException;

	/** Whether this block was finished by an earlier run (then it is skipped). */
	default boolean isDone(final Block block) {
		return false;
	}

	/** Writes into an image in memory (integer types rounded and clamped). */
	static <U extends RealType<U>> FloatBlockSink into(final RandomAccessibleInterval<U> image) {
		return (block, rows, x0Offset) -> {
			final long nx = block.core().dimension(0);
			final long ny = block.core().numDimensions() > 1 ? block.core().dimension(1) : 1;
			final long nz = block.core().numDimensions() > 2 ? block.core().dimension(2) : 1;
			final long x0 = block.core().min(0) - image.min(0);
			final long y0 = block.core().numDimensions() > 1 ? block.core().min(1) - image.min(1) : 0;
			final long z0 = block.core().numDimensions() > 2 ? block.core().min(2) - image.min(2) : 0;
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					Rows.write(rows[(int) (y + ny * z)], x0Offset, image, x0, y0 + y, z0 + z, (int) nx);
		};
	}
}
