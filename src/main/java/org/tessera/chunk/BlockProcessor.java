package org.tessera.chunk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;

import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.view.Views;

/**
 * Chunked, parallel processing of an image, the ImgLib2 counterpart of dask's
 * {@code map_blocks}/{@code map_overlap} and scikit-image's {@code apply_parallel}:
 * split the image into blocks, give each block a halo filled as
 * {@link #padding()} says, apply a {@link BlockFunction}, keep the core of the
 * result and hand it to a {@link BlockSink} (an image in memory or files on
 * disk). Blocks run in parallel, one per thread; memory in use is about
 * {@code threads × (block + halo)} besides the input and the sink.
 * <pre>
 * BlockProcessor.of(halo).withBlockShape(512, 512).process(input, BlockSink.into(output), fn, monitor);
 * </pre>
 * With a halo at least as wide as a filter's reach, the chunked result equals
 * the whole-image result exactly, borders included, when the padding matches
 * the filter's own boundary mode.
 *
 * @param blockShape block size per axis, or null to choose one ({@link BlockGrid#auto})
 * @param halo halo width per axis (one value for all axes is expanded by {@link #of})
 * @param padding how halos are filled past the image
 * @param threads number of blocks processed at once; 0 for all cores
 */
public record BlockProcessor(long[] blockShape, long[] halo, Padding padding, int threads) {

	/** What a run did. */
	public record Summary(int blocks, int processed, int skipped) {}

	public BlockProcessor {
		halo = halo.clone();
		for (final long h : halo) if (h < 0) throw new IllegalArgumentException("halo must be >= 0, got " + Arrays.toString(halo));
		if (blockShape != null) {
			blockShape = blockShape.clone();
			if (blockShape.length != halo.length)
				throw new IllegalArgumentException("block shape and halo have different numbers of axes: " + Arrays.toString(blockShape) + ", " +
					Arrays.toString(halo));
		}
		if (padding == null) padding = Padding.REFLECT;
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
	}

	/** Automatic blocks, the given halo per axis, reflect padding, all cores. */
	public static BlockProcessor of(final long... halo) {
		return new BlockProcessor(null, halo, Padding.REFLECT, 0);
	}

	public BlockProcessor withBlockShape(final long... shape) {
		return new BlockProcessor(shape, halo, padding, threads);
	}

	public BlockProcessor withPadding(final Padding p) {
		return new BlockProcessor(blockShape, halo, p, threads);
	}

	public BlockProcessor withThreads(final int n) {
		return new BlockProcessor(blockShape, halo, padding, n);
	}

	@Override
	public long[] blockShape() {
		return blockShape == null ? null : blockShape.clone();
	}

	@Override
	public long[] halo() {
		return halo.clone();
	}

	/** The block grid this processor uses on an image. */
	public BlockGrid grid(final Interval image) {
		if (image.numDimensions() != halo.length)
			throw new IllegalArgumentException("halo " + Arrays.toString(halo) + " has " + halo.length + " axes, the image " + image
				.numDimensions());
		return blockShape == null ? BlockGrid.auto(image, BlockGrid.DEFAULT_TARGET, 2 * Threads.resolve(threads)) : new BlockGrid(image,
			blockShape);
	}

	/**
	 * Runs {@code function} on every block of {@code input} and gives the results to {@code sink}.
	 * Blocks that the sink reports as done are skipped (resume).
	 *
	 * @throws CancellationException if the monitor was cancelled; finished blocks stay in the sink
	 */
	public <T extends NativeType<T>, U> Summary process(final RandomAccessibleInterval<T> input, final BlockSink<U> sink,
		final BlockFunction<T, U> function, final TaskMonitor monitor)
	{
		final BlockGrid grid = grid(input);
		final RandomAccessible<T> extended = padding.extend(input);
		final List<Block> blocks = grid.blocks();
		final AtomicInteger done = new AtomicInteger(), skipped = new AtomicInteger();
		monitor.progress(0, blocks.size());
		Threads.forEach(Threads.executor(threads), blocks, block -> {
			monitor.checkCancelled();
			if (sink.isDone(block)) skipped.incrementAndGet();
			else {
				final Interval region = padding.haloRegion(block, halo, input);
				final RandomAccessibleInterval<T> in = Blocks.materialize(Views.interval(extended, region));
				final RandomAccessibleInterval<U> out = sink.open(block);
				try {
					function.apply(in, out);
					sink.commit(block, out);
				}
				catch (final IOException e) {
					throw new UncheckedIOException("block " + block.key() + ": " + e.getMessage(), e);
				}
			}
			monitor.progress(done.incrementAndGet(), blocks.size());
		});
		return new Summary(blocks.size(), blocks.size() - skipped.get(), skipped.get());
	}
}
