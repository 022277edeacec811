package org.tessera.chunk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.tessera.core.Boundary;
import org.tessera.core.Rows;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;

import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
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

	/**
	 * The fast path for filters on real-valued images: every block is read into
	 * a float array with its halo (straight from the arrays of array and planar
	 * images), {@code function} computes it, and the core goes to {@code sink}.
	 * Images have 1 to 3 dimensions.
	 *
	 * @throws CancellationException if the monitor was cancelled; finished blocks stay in the sink
	 */
	public <T extends RealType<T>> Summary processFloats(final RandomAccessibleInterval<T> input, final FloatBlockSink sink,
		final FloatBlockFunction function, final TaskMonitor monitor)
	{
		if (input.numDimensions() > 3) throw new IllegalArgumentException("processFloats handles 1 to 3 dimensions, got " + input
			.numDimensions());
		final BlockGrid grid = grid(input);
		final List<Block> blocks = grid.blocks();
		final AtomicInteger done = new AtomicInteger(), skipped = new AtomicInteger();
		monitor.progress(0, blocks.size());
		Threads.forEach(Threads.executor(threads), blocks, block -> {
			monitor.checkCancelled();
			if (!processBlock(input, block, sink, function)) skipped.incrementAndGet();
			monitor.progress(done.incrementAndGet(), blocks.size());
		});
		return new Summary(blocks.size(), blocks.size() - skipped.get(), skipped.get());
	}

	/**
	 * One block of {@link #processFloats}, on the calling thread: read it with its
	 * halo, compute it, hand its core to the sink. Distributed executors (Spark)
	 * call this for the blocks they are given.
	 *
	 * @return false if the sink had the block already (resume), true if it was computed
	 */
	public <T extends RealType<T>> boolean processBlock(final RandomAccessibleInterval<T> input, final Block block, final FloatBlockSink sink,
		final FloatBlockFunction function)
	{
		if (input.numDimensions() > 3) throw new IllegalArgumentException("processFloats handles 1 to 3 dimensions, got " + input
			.numDimensions());
		if (sink.isDone(block)) return false;
		final Interval region = padding.haloRegion(block, halo, input);
		final int[] dims = dims3(region);
		final float[][] rows = readPadded(input, region, dims);
		final int[] core = dims3(block.core());
		final int oy = input.numDimensions() > 1 ? (int) (block.core().min(1) - region.min(1)) : 0;
		final int oz = input.numDimensions() > 2 ? (int) (block.core().min(2) - region.min(2)) : 0;
		final float[][] result = function.applyCore(rows, dims, oy, core[1], oz, core[2]);
		if (result.length != core[1] * core[2])
			throw new IllegalStateException("block function returned " + result.length + " rows for a core of " + core[1] * core[2]);
		try {
			sink.write(block, result, (int) (block.core().min(0) - region.min(0)));
		}
		catch (final IOException e) {
			throw new UncheckedIOException("block " + block.key() + ": " + e.getMessage(), e);
		}
		return true;
	}

	private static int[] dims3(final Interval r) {
		final int[] d = { 1, 1, 1 };
		long n = 1;
		for (int i = 0; i < r.numDimensions(); i++) {
			d[i] = (int) r.dimension(i);
			n *= r.dimension(i);
		}
		if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("block with halo has " + n + " pixels; use smaller blocks");
		return d;
	}

	/** The haloed region as rows of floats; outside the image the padding mode decides. */
	private <T extends RealType<T>> float[][] readPadded(final RandomAccessibleInterval<T> input, final Interval region, final int[] dims) {
		final int nd = input.numDimensions();
		final float[][] rows = new float[dims[1] * dims[2]][];
		final Boundary mode = padding == Padding.NONE ? Boundary.CONSTANT : Boundary.valueOf(padding.name());
		final long[] imgMin = input.minAsLongArray();
		final int nx = (int) input.dimension(0);
		final int ny = nd > 1 ? (int) input.dimension(1) : 1, nz = nd > 2 ? (int) input.dimension(2) : 1;
		final long rx = region.min(0) - imgMin[0];
		final long ry = nd > 1 ? region.min(1) - imgMin[1] : 0, rz = nd > 2 ? region.min(2) - imgMin[2] : 0;
		// x range of the region that lies inside the image, relative to the region
		final int inFrom = (int) Math.max(0, -rx), inTo = (int) Math.min(dims[0], nx - rx);
		final float[] one = new float[1];
		for (int z = 0; z < dims[2]; z++) {
			final int zz = mode.map((int) (rz + z), nz);
			for (int y = 0; y < dims[1]; y++) {
				final int yy = mode.map((int) (ry + y), ny);
				final float[] row = new float[dims[0]];
				rows[y + dims[1] * z] = row;
				if (yy < 0 || zz < 0) continue; // constant zero
				if (inTo > inFrom) Rows.read(input, rx + inFrom, yy, zz, inTo - inFrom, row, inFrom);
				for (int x = 0; x < dims[0]; x++) {
					if (x >= inFrom && x < inTo) {
						x = inTo - 1;
						continue;
					}
					final int xx = mode.map((int) (rx + x), nx);
					if (xx < 0) continue;
					final long inRow = xx - rx; // where that pixel sits in this row, if it was read already
					if (inRow >= inFrom && inRow < inTo) row[x] = row[(int) inRow];
					else {
						Rows.read(input, xx, yy, zz, 1, one, 0);
						row[x] = one[0];
					}
				}
			}
		}
		return rows;
	}
}
