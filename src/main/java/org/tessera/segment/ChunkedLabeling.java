package org.tessera.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.tessera.chunk.Block;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.op.BlockJob;
import org.tessera.op.Execution;
import org.tessera.core.Rows;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.segment.ConnectedComponents.Connectivity;

import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Connected-component labeling block by block, like
 * {@code dask_image.ndmeasure.label}: each block is labeled on its own (in
 * parallel), labels that touch across block faces are joined with a union-find,
 * and the result is renumbered 1..n. The partition is the same as whole-image
 * labeling ({@link ConnectedComponents#label}); the numbering follows the blocks.
 *
 * @param blockShape block size per axis, or null to choose one
 * @param connectivity which neighbours touch
 * @param threads blocks labeled at once; 0 for all cores
 */
public record ChunkedLabeling(long[] blockShape, Connectivity connectivity, int threads) implements java.io.Serializable {

	public ChunkedLabeling {
		blockShape = blockShape == null ? null : blockShape.clone();
		if (connectivity == null) connectivity = Connectivity.FACE;
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
	}

	@Override
	public long[] blockShape() {
		return blockShape == null ? null : blockShape.clone();
	}

	/** Labels the non-zero pixels into a new int image (array or planar, at the origin). */
	public <T extends RealType<T>> Img<IntType> label(final RandomAccessibleInterval<T> input, final TaskMonitor monitor) {
		final long[] dims = input.dimensionsAsLongArray();
		final Img<IntType> out = Intervals.numElements(input) < Integer.MAX_VALUE - 16 ? ArrayImgs.ints(dims) : PlanarImgs.ints(dims);
		labelInto(Views.zeroMin(input), out, monitor);
		return out;
	}

	/**
	 * Labels the non-zero pixels of {@code input} into {@code output} (same interval).
	 *
	 * @return the number of components
	 */
	public <T extends RealType<T>> int labelInto(final RandomAccessibleInterval<T> input, final RandomAccessibleInterval<IntType> output,
		final TaskMonitor monitor)
	{
		if (!Intervals.equals(input, output)) throw new IllegalArgumentException("output interval differs from input interval");
		return labelBlocks(input, (b, rows) -> {
			final long[] o = origin(b, output);
			final int nx = (int) b.core().dimension(0), ny = b.core().numDimensions() > 1 ? (int) b.core().dimension(1) : 1;
			for (int r = 0; r < rows.length; r++) Rows.writeInts(rows[r], 0, output, o[0], o[1] + r % ny, o[2] + r / ny, nx);
		}, monitor);
	}

	/** Where {@link #labelBlocks} puts each block's labels. */
	@FunctionalInterface
	public interface LabelRows {

		/** The final labels of the block's core, as rows ({@code rows[y + ny·z]}); called from worker threads. */
		void write(Block block, int[][] rows) throws IOException;

		/** Whether an earlier run wrote this block already (it is then not written again). */
		default boolean isDone(final Block block) {
			return false;
		}
	}

	/**
	 * Labels the non-zero pixels of {@code input} block by block, handing each
	 * block's final labels to {@code out}: only the blocks' runs are held in
	 * memory, so the input may be a file read lazily and the output a store
	 * written chunk by chunk.
	 *
	 * @return the number of components
	 */
	public <T extends RealType<T>> int labelBlocks(final RandomAccessibleInterval<T> input, final LabelRows out, final TaskMonitor monitor) {
		if (input.numDimensions() > 3) throw new IllegalArgumentException("labeling needs a 2D or 3D image, got " + input.numDimensions() +
			" dimensions");
		final BlockGrid grid = grid(input);
		final List<Block> blocks = grid.blocks();
		final RunLabeling[] local = new RunLabeling[blocks.size()];
		final AtomicInteger done = new AtomicInteger();
		final long steps = 2L * blocks.size() + 1;
		// 1. Each block on its own, as runs with local labels 1..count.
		Threads.forEach(Threads.executor(threads), blocks, b -> {
			monitor.checkCancelled();
			local[b.index()] = labelBlock(input, b);
			monitor.progress(done.incrementAndGet(), steps);
		});
		// 2. Join labels that touch across block faces; number them 1..n.
		final int[] counts = new int[blocks.size()];
		for (int b = 0; b < counts.length; b++) counts[b] = local[b].count();
		monitor.checkCancelled();
		final Joined joined = join(grid, input, counts, (b, within) -> {
			final int ny = ConnectedComponents.dims3(grid.block(b).core())[1];
			return local[b].labelAt((int) (within[1] + ny * within[2]), (int) within[0]);
		});
		monitor.progress(done.incrementAndGet(), steps);
		final int[] offsets = joined.offsets(), ids = joined.ids();
		final int n = joined.count();
		// 3. Write every block once.
		final IOException[] failure = new IOException[1];
		Threads.forEach(Threads.executor(threads), blocks, b -> {
			monitor.checkCancelled();
			final int[] d = ConnectedComponents.dims3(b.core());
			final RunLabeling runs = local[b.index()];
			try {
				if (!out.isDone(b)) {
					final int[][] rows = new int[d[1] * d[2]][d[0]];
					for (int r = 0; r < rows.length; r++) runs.fillRow(r, rows[r], offsets[b.index()], ids);
					out.write(b, rows);
				}
			}
			catch (final IOException e) {
				synchronized (failure) {
					if (failure[0] == null) failure[0] = e;
				}
			}
			local[b.index()] = null;
			monitor.progress(done.incrementAndGet(), steps);
		});
		if (failure[0] != null) throw new UncheckedIOException(failure[0]);
		return n;
	}

	/** One block labeled on its own: runs with local labels 1..count. */
	public <T extends RealType<T>> RunLabeling labelBlock(final RandomAccessibleInterval<T> input, final Block b) {
		final int[] d = ConnectedComponents.dims3(b.core());
		final long[] o = origin(b, input);
		return new RunLabeling(d[0], d[1], d[2], connectivity, (r, values) -> Rows.read(input, o[0], o[1] + r % d[1], o[2] + r / d[1], d[0],
			values, 0));
	}

	/** The local label of a pixel, given its block and its position in the block (x, y, z; 0 for missing axes). */
	@FunctionalInterface
	public interface LocalLabels {

		int at(int block, long[] within);
	}

	/**
	 * Labels joined across blocks: the final label of local label {@code l} of
	 * block {@code b} is {@code ids[offsets[b] + l]} (1..count; {@code ids[0] = 0}).
	 */
	public record Joined(int[] offsets, int[] ids, int count) implements java.io.Serializable {

		/** Block {@code b}'s final labels as rows ({@code rows[y + ny·z]}). */
		public int[][] rows(final RunLabeling runs, final Block b) {
			final int[] d = ConnectedComponents.dims3(b.core());
			final int[][] rows = new int[d[1] * d[2]][d[0]];
			for (int r = 0; r < rows.length; r++) runs.fillRow(r, rows[r], offsets[b.index()], ids);
			return rows;
		}
	}

	/**
	 * Joins the blocks' local labels that touch across block faces (with this
	 * labeling's connectivity) and numbers the joined labels 1..n in the order of
	 * their first block and local label.
	 *
	 * @param counts the number of local labels of each block
	 * @param labels the local labels; asked only for pixels on block faces
	 */
	public Joined join(final BlockGrid grid, final Interval image, final int[] counts, final LocalLabels labels) {
		final int[] offsets = new int[counts.length + 1];
		for (int b = 0; b < counts.length; b++) {
			final long next = (long) offsets[b] + counts[b];
			if (next > Integer.MAX_VALUE - 1) throw new IllegalArgumentException("more than 2^31 provisional labels; use larger blocks");
			offsets[b + 1] = (int) next;
		}
		final int[] parent = new int[offsets[counts.length] + 1];
		for (int l = 0; l < parent.length; l++) parent[l] = l;
		merge(grid, image, labels, offsets, parent);
		final int[] ids = new int[parent.length];
		int n = 0;
		for (int l = 1; l < parent.length; l++) {
			final int r = root(parent, l);
			ids[l] = r == l ? ++n : ids[r];
		}
		return new Joined(offsets, ids, n);
	}

	/**
	 * The local labels on the faces of one block: all that {@link #join} asks
	 * for, so that blocks labeled elsewhere (on Spark's executors) can be joined
	 * on the driver.
	 */
	public record Faces(int count, int[] size, int[][] lower, int[][] upper) implements java.io.Serializable {

		/** The faces of a block labeled by {@link #labelBlock}. */
		public static Faces of(final RunLabeling runs, final Block b) {
			final int[] d = ConnectedComponents.dims3(b.core());
			final int nd = b.core().numDimensions();
			final int[][] lower = new int[nd][], upper = new int[nd][];
			for (int k = 0; k < nd; k++) {
				final int u = k == 0 ? 1 : 0, v = k == 2 ? 1 : 2; // the face's axes
				final int nu = d[u], nv = d[v]; // 1 along a missing axis
				lower[k] = new int[nu * nv];
				upper[k] = new int[nu * nv];
				for (int j = 0; j < nv; j++)
					for (int i = 0; i < nu; i++) {
						final int[] p = new int[3];
						p[u] = i;
						p[v] = j;
						p[k] = 0;
						lower[k][i + nu * j] = runs.labelAt(p[1] + d[1] * p[2], p[0]);
						p[k] = d[k] - 1;
						upper[k][i + nu * j] = runs.labelAt(p[1] + d[1] * p[2], p[0]);
					}
			}
			return new Faces(runs.count(), d, lower, upper);
		}

		/** The local label of a pixel on one of the faces. */
		public int at(final long[] within) {
			for (int k = 0; k < lower.length; k++) {
				final boolean low = within[k] == 0, high = within[k] == size[k] - 1;
				if (!low && !high) continue;
				final int u = k == 0 ? 1 : 0, v = k == 2 ? 1 : 2;
				final int i = (int) within[u] + size[u] * (int) within[v];
				return (low ? lower : upper)[k][i];
			}
			throw new IllegalArgumentException("pixel " + Arrays.toString(within) + " is not on a face of the block");
		}
	}

	/**
	 * Labeling as a {@link BlockJob} for files of any size (the command line's
	 * {@code label execution=chunked}): labels as 32-bit integers, numbered
	 * block by block as {@link #labelBlocks} numbers them.
	 */
	public record Job(Connectivity connectivity) implements BlockJob {

		@Override
		public String name() {
			return "Connected-component labeling";
		}

		@Override
		public byte[] identity() {
			return ("label connectivity=" + connectivity).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}

		@Override
		public NativeType<?> resultType(final Object inputType) {
			return new IntType();
		}

		@Override
		public boolean categorical() {
			return true;
		}

		@Override
		public long[] blockShape(final long[] requested) {
			return requested.clone();
		}

		@Override
		public long[] halo(final AxisImg<?> image) {
			return new long[image.numDimensions()];
		}

		@Override
		public Outcome run(final AxisImg<?> input, final FloatBlockSink sink, final long[] blockShape, final Execution execution) {
			if (input.numDimensions() > 3 || input.dimensionOf(AxisType.CHANNEL) >= 0 || input.dimensionOf(AxisType.TIME) >= 0)
				throw new IllegalArgumentException("image '" + input.name() + "' has channels or time points; connected-component labeling needs " +
					"a 2D or 3D image");
			if (execution.device().kind() == org.tessera.gpu.DeviceChoice.Kind.GPU) execution.monitor().warn("block by block, labeling runs on " +
				"the CPU; device=" + execution.device() + " is not used");
			final ChunkedLabeling labeling = new ChunkedLabeling(blockShape, connectivity, execution.threads());
			final BlockGrid grid = labeling.grid(input.data());
			final int[] counts = new int[2];
			final int n = labeling.labelBlocks(real(input), new LabelRows() {

				@Override
				public void write(final Block block, final int[][] rows) throws IOException {
					final float[][] f = new float[rows.length][];
					for (int r = 0; r < rows.length; r++) {
						f[r] = new float[rows[r].length];
						for (int x = 0; x < f[r].length; x++) f[r][x] = rows[r][x];
					}
					sink.write(block, f, 0);
					synchronized (counts) {
						counts[0]++;
					}
				}

				@Override
				public boolean isDone(final Block block) {
					final boolean done = sink.isDone(block);
					if (done) synchronized (counts) {
						counts[1]++;
					}
					return done;
				}
			}, execution.monitor());
			if (n > 1 << 24) throw new IllegalArgumentException(n + " objects are more than the 2^24 labels that the outputs hold exactly");
			return new Outcome(new BlockProcessor.Summary(grid.numBlocks(), counts[0], counts[1]), n + " objects");
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		private static RandomAccessibleInterval<FloatType> real(final AxisImg<?> image) {
			return (RandomAccessibleInterval) image.data();
		}
	}

	/** The block grid used for {@code image}. */
	BlockGrid grid(final Interval image) {
		return blockShape == null ? BlockGrid.auto(image, BlockGrid.DEFAULT_TARGET, 2 * Threads.resolve(threads)) : new BlockGrid(image,
			blockShape);
	}

	/** The block's first pixel relative to the image's min, as {x, y, z}. */
	private static long[] origin(final Block b, final RandomAccessibleInterval<?> img) {
		final long[] o = new long[3];
		for (int k = 0; k < img.numDimensions(); k++) o[k] = b.core().min(k) - img.min(k);
		return o;
	}

	/** Label of an image position (relative to the image min), provisional over all blocks. */
	private static int labelAt(final long[] q, final BlockGrid grid, final LocalLabels local, final int[] offsets) {
		final long[] bs = grid.blockSize(), gs = grid.gridSize();
		long index = 0, stride = 1;
		final long[] within = new long[3];
		for (int d = 0; d < q.length; d++) {
			index += q[d] / bs[d] * stride;
			stride *= gs[d];
			within[d] = q[d] % bs[d];
		}
		final int l = local.at((int) index, within);
		return l == 0 ? 0 : offsets[(int) index] + l;
	}

	/**
	 * For every block and axis, pairs each labeled pixel on the block's upper
	 * face with its labeled neighbours in the next block(s) and joins their labels.
	 */
	private void merge(final BlockGrid grid, final Interval image, final LocalLabels local, final int[] offsets, final int[] parent) {
		final int nd = image.numDimensions();
		final long[] size = image.dimensionsAsLongArray();
		final long[] p = new long[nd], q = new long[nd];
		for (final Block b : grid.blocks()) {
			for (int d = 0; d < nd; d++) {
				if (b.core().max(d) >= image.max(d)) continue; // no block above along d
				final long[] faceMin = new long[nd], faceMax = new long[nd];
				for (int k = 0; k < nd; k++) {
					faceMin[k] = b.core().min(k) - image.min(k);
					faceMax[k] = b.core().max(k) - image.min(k);
				}
				faceMin[d] = faceMax[d];
				final List<long[]> offs = offsetsAcross(nd, d);
				// every pixel of the face
				final long[] extent = new long[nd];
				long count = 1;
				for (int k = 0; k < nd; k++) {
					extent[k] = faceMax[k] - faceMin[k] + 1;
					count *= extent[k];
				}
				for (long i = 0; i < count; i++) {
					long rest = i;
					for (int k = 0; k < nd; k++) {
						p[k] = faceMin[k] + rest % extent[k];
						rest /= extent[k];
					}
					final int gp = labelAt(p, grid, local, offsets);
					if (gp == 0) continue;
					for (final long[] o : offs) {
						boolean inside = true;
						for (int k = 0; k < nd; k++) {
							q[k] = p[k] + o[k];
							if (q[k] < 0 || q[k] >= size[k]) inside = false;
						}
						if (!inside) continue;
						final int gq = labelAt(q, grid, local, offsets);
						if (gq != 0) join(parent, gp, gq);
					}
				}
			}
		}
	}

	/** Neighbour offsets with +1 along axis d: only the face neighbour, or all 3^(n-1) for full connectivity. */
	private List<long[]> offsetsAcross(final int nd, final int d) {
		if (connectivity == Connectivity.FACE) {
			final long[] o = new long[nd];
			o[d] = 1;
			return List.of(o);
		}
		final java.util.ArrayList<long[]> list = new java.util.ArrayList<>();
		final int others = (int) Math.pow(3, nd - 1);
		for (int code = 0; code < others; code++) {
			final long[] o = new long[nd];
			int rest = code;
			for (int k = 0; k < nd; k++) {
				if (k == d) {
					o[k] = 1;
					continue;
				}
				o[k] = rest % 3 - 1;
				rest /= 3;
			}
			list.add(o);
		}
		return list;
	}

	private static int root(final int[] parent, int l) {
		while (parent[l] != l) {
			parent[l] = parent[parent[l]];
			l = parent[l];
		}
		return l;
	}

	private static void join(final int[] parent, final int a, final int b) {
		final int ra = root(parent, a), rb = root(parent, b);
		if (ra < rb) parent[rb] = ra;
		else if (rb < ra) parent[ra] = rb;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ChunkedLabeling c && Arrays.equals(blockShape, c.blockShape) && connectivity == c.connectivity &&
			threads == c.threads;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(blockShape) * 31 + connectivity.hashCode() + threads;
	}
}
