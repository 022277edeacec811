package org.tessera.chunk;

import java.io.IOException;

import net.imglib2.RandomAccessibleInterval;

/**
 * Where block results go: an image in memory, or files on disk. A sink hands
 * out a place to write each block's core and is told when the block is
 * complete; sinks that persist blocks can say which ones are already done, so a
 * stopped job resumes where it stopped.
 *
 * @param <U> pixel type
 */
public interface BlockSink<U> {

	/** Where to write the core of this block (in image coordinates). Called from worker threads. */
	RandomAccessibleInterval<U> open(Block block);

	/** The block's core has been written completely into what {@link #open} returned. */
	default void commit(final Block block, final RandomAccessibleInterval<U> written) throws IOException {
		// in-memory sinks have nothing to do
	}

	/** Whether this block was finished by an earlier run (then it is skipped). */
	default boolean isDone(final Block block) {
		return false;
	}

	/** A sink that writes straight into an image in memory (which must cover the blocks). */
	static <U> BlockSink<U> into(final RandomAccessibleInterval<U> image) {
		return block -> net.imglib2.view.Views.interval(image, block.core());
	}
}
