package org.tessera.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.ChunkedImages;
import org.tessera.core.AxisImg;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/**
 * What a Spark task needs to open the input of a job that runs in passes over
 * the blocks, and to find its blocks.
 *
 * @param path the input, readable from every executor
 * @param blockShape block size per axis
 * @param cache planes or chunks of the input to keep in memory
 */
record BlockInput(String path, long[] blockShape, int cache) implements Serializable {

	AxisImg<?> open() {
		try {
			return ChunkedImages.open(path, cache);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	BlockGrid grid(final AxisImg<?> image) {
		return new BlockGrid(image.data(), blockShape);
	}

	/** The pixels as real values (any pixel type: the passes read them as floats). */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static RandomAccessibleInterval<FloatType> real(final AxisImg<?> img) {
		return (RandomAccessibleInterval) img.data();
	}
}
