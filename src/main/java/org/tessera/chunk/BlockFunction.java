package org.tessera.chunk;

import java.util.function.Function;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * The work done on one block: read the input block with its halo, write the
 * result for the block's core. Both images are in image coordinates (the input
 * spans the core plus halo, the output exactly the core). It runs on one
 * thread; {@link BlockProcessor} runs blocks in parallel.
 *
 * @param <T> input pixel type
 * @param <U> output pixel type
 */
@FunctionalInterface
public interface BlockFunction<T, U> {

	/**
	 * @param input the block with its halo, a private copy the function may change
	 * @param output the block's core, to be written completely
	 */
	void apply(RandomAccessibleInterval<T> input, RandomAccessibleInterval<U> output);

	/**
	 * A block function from one that maps a whole (haloed) block to a result of
	 * the same size, like dask's {@code map_overlap}: the core of the result is
	 * copied to the output, the rest is dropped. The result may be zero-min or in
	 * image coordinates.
	 */
	static <T, U extends net.imglib2.type.Type<U>> BlockFunction<T, U> mapping(final Function<RandomAccessibleInterval<T>, ? extends RandomAccessibleInterval<U>> f) {
		return (input, output) -> {
			RandomAccessibleInterval<U> result = f.apply(input);
			if (!Intervals.equalDimensions(result, input))
				throw new IllegalStateException("the block function returned " + Intervals.toString(result) + " for a block of " + Intervals
					.toString(input));
			if (!Intervals.equals(result, input)) result = Views.translate(Views.zeroMin(result), input.minAsLongArray());
			Blocks.copy(Views.interval(result, output), output);
		};
	}
}
