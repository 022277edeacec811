package org.tessera.chunk;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.segment.ConnectedComponents;
import org.tessera.segment.ConnectedComponents.Connectivity;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
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
public record ChunkedLabeling(long[] blockShape, Connectivity connectivity, int threads) {

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
		if (input.numDimensions() > 3) throw new IllegalArgumentException("labeling needs a 2D or 3D image, got " + input.numDimensions() +
			" dimensions");
		final BlockGrid grid = blockShape == null ? BlockGrid.auto(input, BlockGrid.DEFAULT_TARGET, 2 * Threads.resolve(threads))
			: new BlockGrid(input, blockShape);
		final List<Block> blocks = grid.blocks();
		final int[] counts = new int[blocks.size()];
		final AtomicInteger done = new AtomicInteger();
		final long steps = 2L * blocks.size() + 1;
		// 1. Each block on its own, with local labels 1..counts[b].
		Threads.forEach(Threads.executor(threads), blocks, b -> {
			monitor.checkCancelled();
			counts[b.index()] = labelBlock(input, output, b);
			monitor.progress(done.incrementAndGet(), steps);
		});
		final int[] offsets = new int[blocks.size() + 1];
		for (int b = 0; b < blocks.size(); b++) {
			final long next = (long) offsets[b] + counts[b];
			if (next > Integer.MAX_VALUE - 1) throw new IllegalArgumentException("more than 2^31 provisional labels; use larger blocks");
			offsets[b + 1] = (int) next;
		}
		// 2. Join labels that touch across block faces.
		final int[] parent = new int[offsets[blocks.size()] + 1];
		for (int l = 0; l < parent.length; l++) parent[l] = l;
		monitor.checkCancelled();
		merge(grid, output, offsets, parent);
		monitor.progress(done.incrementAndGet(), steps);
		// 3. Renumber 1..n in the order of the roots.
		final int[] ids = new int[parent.length];
		int n = 0;
		for (int l = 1; l < parent.length; l++) {
			final int r = root(parent, l);
			ids[l] = r == l ? ++n : ids[r];
		}
		Threads.forEach(Threads.executor(threads), blocks, b -> {
			monitor.checkCancelled();
			final int offset = offsets[b.index()];
			for (final IntType t : Views.flatIterable(Views.interval(output, b.core()))) {
				final int l = t.get();
				if (l != 0) t.set(ids[offset + l]);
			}
			monitor.progress(done.incrementAndGet(), steps);
		});
		return n;
	}

	/** Labels one block into its region of the output (local consecutive labels); returns how many. */
	private <T extends RealType<T>> int labelBlock(final RandomAccessibleInterval<T> input, final RandomAccessibleInterval<IntType> output,
		final Block b)
	{
		final Interval core = b.core();
		final int[] dims = ConnectedComponents.dims3(core);
		final int n = dims[0] * dims[1] * dims[2];
		final boolean[] mask = ConnectedComponents.mask(Views.interval(input, core), n);
		final int[] labels = new int[n];
		final ConnectedComponents.Result r = ConnectedComponents.labelFlat(mask, labels, dims, connectivity);
		final int[] ids = r.consecutiveIds();
		final Cursor<IntType> c = Views.flatIterable(Views.interval(output, core)).cursor();
		int count = 0;
		for (int i = 0; i < n; i++) {
			final int id = ids[labels[i]];
			c.next().set(id);
			if (id > count) count = id;
		}
		return count;
	}

	/**
	 * For every block and axis, pairs each labeled pixel on the block's upper
	 * face with its labeled neighbours in the next block(s) and joins their labels.
	 */
	private void merge(final BlockGrid grid, final RandomAccessibleInterval<IntType> labels, final int[] offsets, final int[] parent) {
		final int nd = labels.numDimensions();
		final long[] bs = grid.blockSize(), gs = grid.gridSize();
		final long[] min = labels.minAsLongArray(), max = labels.maxAsLongArray();
		final RandomAccess<IntType> ra = labels.randomAccess();
		final long[] p = new long[nd], q = new long[nd];
		for (final Block b : grid.blocks()) {
			for (int d = 0; d < nd; d++) {
				if (b.core().max(d) >= max[d]) continue; // no block above along d
				final long[] faceMin = b.core().minAsLongArray(), faceMax = b.core().maxAsLongArray();
				faceMin[d] = faceMax[d];
				final List<long[]> offs = offsetsAcross(nd, d);
				final Cursor<IntType> c = Views.interval(labels, faceMin, faceMax).localizingCursor();
				while (c.hasNext()) {
					final int lp = c.next().get();
					if (lp == 0) continue;
					c.localize(p);
					final int gp = offsets[b.index()] + lp;
					for (final long[] o : offs) {
						boolean inside = true;
						for (int k = 0; k < nd; k++) {
							q[k] = p[k] + o[k];
							if (q[k] < min[k] || q[k] > max[k]) inside = false;
						}
						if (!inside) continue;
						ra.setPosition(q);
						final int lq = ra.get().get();
						if (lq == 0) continue;
						join(parent, gp, offsets[blockIndex(q, min, bs, gs)] + lq);
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

	private static int blockIndex(final long[] pos, final long[] min, final long[] blockSize, final long[] gridSize) {
		long index = 0, stride = 1;
		for (int d = 0; d < pos.length; d++) {
			index += (pos[d] - min[d]) / blockSize[d] * stride;
			stride *= gridSize[d];
		}
		return (int) index;
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
