package org.tessera.segment;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.tessera.chunk.Block;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.FloatBlockSink;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.Rows;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.filter.GaussianKernel;
import org.tessera.filter.SeparableGaussian;
import org.tessera.gpu.DeviceChoice;
import org.tessera.op.BlockJob;
import org.tessera.op.Execution;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.parallel.TaskExecutor;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Voronoi-Otsu labeling of an image too large for memory, block by block, with
 * exactly the labels of {@link VoronoiOtsuLabeling} on the whole image. Three
 * passes over the blocks, each of which reads only its block and a margin:
 * <ol>
 * <li>{@link #outlineRange} and {@link #outlineHistogram}: the outline blur's
 * value range and histogram, merged into ImageJ's Otsu level ({@link #level});</li>
 * <li>{@link #seeds}: the seed pixels of each block, numbered over the whole
 * image by {@link Seeds#of} (touching seeds are one, labels in the order of
 * their first pixel);</li>
 * <li>{@link #labels}: the geodesic Voronoi growth of the seeds around the
 * block, in a region wide enough that no path from outside it could change a
 * label of the block.</li>
 * </ol>
 * The region of the last pass starts at {@link #REACH} pixels around the block
 * and doubles until every foreground pixel of the block is settled: reached
 * from a seed in fewer steps than the margin is wide (a path from outside the
 * region is longer), or in a piece of foreground that does not leave the
 * region. Plateaus of the seed blur that leave a region are settled the same
 * way. Very large touching foreground without seeds can so need a large region;
 * {@code maxRegion} bounds it, and beyond it the block is refused with a message.
 * <p>
 * Each method is one block's work with no shared state, so the passes run on
 * local threads ({@link #run}) or as Spark tasks alike.
 */
public final class BlockVoronoiOtsu implements Serializable {

	private static final long serialVersionUID = 1L;

	/** The margin around a block, in pixels along each axis, that the growth pass tries first. */
	public static final int REACH = 32;

	private final double[] spot, outline;
	private final long[] dims;
	private final boolean hasZ;
	private final long maxRegion;

	/**
	 * @param spotSigma sigma of the seed blur, as for {@link VoronoiOtsuLabeling}
	 * @param outlineSigma sigma of the foreground blur
	 * @param dims the image's size, x, y[, z]
	 * @param maxRegion the most pixels one block's region may have
	 */
	public BlockVoronoiOtsu(final double[] spotSigma, final double[] outlineSigma, final long[] dims, final long maxRegion) {
		final VoronoiOtsuLabeling checked = new VoronoiOtsuLabeling(spotSigma, outlineSigma, DeviceChoice.CPU, 1);
		if (dims.length < 2 || dims.length > 3) throw new IllegalArgumentException("Voronoi-Otsu labeling needs a 2D or 3D image, got " +
			dims.length + " dimensions");
		this.dims = dims.clone();
		this.hasZ = dims.length == 3 && dims[2] > 1;
		this.spot = VoronoiOtsuLabeling.xyz(checked.spotSigma(), hasZ, "spot_sigma");
		this.outline = VoronoiOtsuLabeling.xyz(checked.outlineSigma(), hasZ, "outline_sigma");
		this.maxRegion = maxRegion;
	}

	/** Whether the image is a stack (ImageJ's stack histogram then gives the level). */
	public boolean isStack() {
		return hasZ;
	}

	// ---- pass 1: the Otsu level of the outline blur

	/** The outline blur's value range over the block's core, as {@link AutoThreshold#addToRange} gathers it. */
	public <T extends RealType<T>> double[] outlineRange(final RandomAccessibleInterval<T> image, final Interval core) {
		final double[] range = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		for (final float v : outlineCore(image, core)) AutoThreshold.addToRange(range, v, hasZ);
		return range;
	}

	/** The outline blur's histogram over the block's core, for the whole image's {@code range}. */
	public <T extends RealType<T>> long[] outlineHistogram(final RandomAccessibleInterval<T> image, final Interval core, final double[] range) {
		final double[] bounds = AutoThreshold.histogramBounds(range, hasZ);
		final double scale = AutoThreshold.histogramScale(bounds, hasZ);
		final long[] h = new long[256];
		for (final float v : outlineCore(image, core)) AutoThreshold.addToHistogram(h, v, bounds, scale, hasZ);
		return h;
	}

	/** ImageJ's Otsu range of the outline blur, from the merged range and histogram of every block. */
	public double[] level(final double[] range, final long[] histogram, final String title) {
		return new AutoThreshold("Otsu", true, DeviceChoice.CPU).floatRange(range, histogram, hasZ, title);
	}

	private <T extends RealType<T>> float[] outlineCore(final RandomAccessibleInterval<T> image, final Interval core) {
		final Box c = Box.of(core, dims), read = c.grow(halo(outline), dims);
		final float[] data = read.read(image);
		blur(data, read, outline);
		return read.crop(data, c);
	}

	// ---- pass 2: the seeds

	/**
	 * The seed pixels in the block's core: local maxima of the seed blur inside
	 * the foreground ({@code level} from {@link #level}), as indices into the
	 * whole image (x fastest), ascending.
	 */
	public <T extends RealType<T>> long[] seeds(final RandomAccessibleInterval<T> image, final Interval core, final double[] level) {
		final Box c = Box.of(core, dims);
		for (int reach = 0;; reach = Math.max(1, 2 * reach)) {
			final Region r = region(image, c, reach, level);
			if (r == null) continue; // a plateau goes on past the region
			final LongList out = new LongList();
			final Box s = r.outer;
			for (long z = c.min[2]; z <= c.max[2]; z++)
				for (long y = c.min[1]; y <= c.max[1]; y++)
					for (long x = c.min[0]; x <= c.max[0]; x++)
						if (r.state[s.index(x, y, z)] == LocalMaxima.MAX) out.add(x + dims[0] * (y + dims[1] * z));
			return out.toArray();
		}
	}

	// ---- pass 3: the labels

	/**
	 * The labels of the block's core (x fastest), as {@link VoronoiOtsuLabeling}
	 * gives them for the whole image.
	 *
	 * @param seeds every seed of the image with its label
	 * @throws IllegalArgumentException when the region needed exceeds {@code maxRegion} pixels
	 */
	public <T extends RealType<T>> int[] labels(final RandomAccessibleInterval<T> image, final Interval core, final double[] level,
		final Seeds seeds)
	{
		final Box c = Box.of(core, dims);
		for (int reach = REACH;; reach *= 2) {
			final Region r = region(image, c, reach, level);
			if (r == null) continue;
			final Box s = r.outer;
			final int[] labels = new int[(int) s.size()];
			for (int i = 0; i < labels.length; i++)
				if (r.state[i] == LocalMaxima.MAX) {
					final long[] p = s.position(i);
					labels[i] = seeds.label(p[0] + dims[0] * (p[1] + dims[1] * p[2]));
				}
			final int[] steps = new int[labels.length];
			MaskedVoronoi.grow(labels, r.mask, s.nx(), s.ny(), s.nz(), steps);
			final boolean[] open = openForeground(r.mask, r.inner, s);
			final int[] out = new int[(int) c.size()];
			boolean settled = true;
			int k = 0;
			for (long z = c.min[2]; z <= c.max[2] && settled; z++)
				for (long y = c.min[1]; y <= c.max[1] && settled; y++)
					for (long x = c.min[0]; x <= c.max[0]; x++) {
						final int i = s.index(x, y, z);
						if (r.mask[i] != 0 && open[i] && (labels[i] == 0 || steps[i] > reach)) {
							settled = false;
							break;
						}
						out[k++] = labels[i];
					}
			if (settled) return out;
		}
	}

	/**
	 * The foreground pixels of the inner region connected (as the growth steps:
	 * faces only) to one of its faces that lies inside the image: pixels whose
	 * growth may depend on what lies beyond the region.
	 */
	private boolean[] openForeground(final byte[] mask, final Box inner, final Box s) {
		final boolean[] open = new boolean[mask.length];
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (long z = inner.min[2]; z <= inner.max[2]; z++)
			for (long y = inner.min[1]; y <= inner.max[1]; y++)
				for (long x = inner.min[0]; x <= inner.max[0]; x++) {
					if (!inner.onCut(x, y, z, dims)) {
						// inside the faces: jump along x to the far face
						if (x > inner.min[0] && x < inner.max[0]) x = inner.max[0] - 1;
						continue;
					}
					final int i = s.index(x, y, z);
					if (mask[i] != 0 && !open[i]) {
						open[i] = true;
						queue.add(i);
					}
				}
		final int nx = s.nx(), ny = s.ny(), nz = s.nz();
		final int plane = nx * ny;
		while (!queue.isEmpty()) {
			final int i = queue.poll();
			final int x = i % nx, y = (i / nx) % ny, z = i / plane;
			for (int d = 0; d < 6; d++) {
				final int j;
				switch (d) {
					case 0 -> j = x > 0 ? i - 1 : -1;
					case 1 -> j = x + 1 < nx ? i + 1 : -1;
					case 2 -> j = y > 0 ? i - nx : -1;
					case 3 -> j = y + 1 < ny ? i + nx : -1;
					case 4 -> j = z > 0 ? i - plane : -1;
					default -> j = z + 1 < nz ? i + plane : -1;
				}
				if (j >= 0 && mask[j] != 0 && !open[j]) {
					open[j] = true;
					queue.add(j);
				}
			}
		}
		return open;
	}

	/**
	 * The foreground and the seed maxima around a block: {@code inner} is the
	 * block grown by {@code reach}, where the mask is set; {@code outer}
	 * is one pixel more, the neighbours the maxima are told by.
	 */
	private record Region(Box inner, Box outer, byte[] mask, byte[] state) {}

	/** The region at this reach, or null when a plateau of the seed blur leaves it undecided. */
	private <T extends RealType<T>> Region region(final RandomAccessibleInterval<T> image, final Box core, final int reach, final double[] level) {
		final Box inner = core.grow(new long[] { reach, reach, hasZ ? reach : 0 }, dims);
		final Box outer = inner.grow(new long[] { 1, 1, hasZ ? 1 : 0 }, dims);
		final long[] spotHalo = halo(spot), outlineHalo = halo(outline);
		final Box read = inner.grow(new long[] { Math.max(spotHalo[0] + 1, outlineHalo[0]), Math.max(spotHalo[1] + 1, outlineHalo[1]), hasZ
			? Math.max(spotHalo[2] + 1, outlineHalo[2]) : 0 }, dims);
		if (read.size() > maxRegion) throw new IllegalArgumentException("Voronoi-Otsu labeling block by block: the foreground or a flat top " +
			"of the seed blur around block " + core + " reaches further than " + reach / 2 + " pixels, and the region needed (" + read.size() +
			" pixels) is larger than the limit (" + maxRegion + "); use execution=whole");
		if (read.size() > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("Voronoi-Otsu labeling block by block: the region " +
			"around block " + core + " is too large (" + read.size() + " pixels); use smaller chunks");
		final float[] data = read.read(image);
		final float[] spotted = data.clone();
		blur(spotted, read, spot);
		blur(data, read, outline);
		final float[] seedBlur = read.crop(spotted, outer);
		final float[] outlined = read.crop(data, outer);
		final float lower = (float) level[0], upper = (float) level[1];
		final byte[] mask = new byte[seedBlur.length];
		for (long z = inner.min[2]; z <= inner.max[2]; z++)
			for (long y = inner.min[1]; y <= inner.max[1]; y++)
				for (long x = inner.min[0]; x <= inner.max[0]; x++) {
					final int i = outer.index(x, y, z);
					final float v = outlined[i];
					if (v >= lower && v <= upper) mask[i] = 1;
				}
		final byte[] state = LocalMaxima.inMask(seedBlur, mask, outer.nx(), outer.ny(), outer.nz(), Threads.executor(1), i -> {
			final long[] p = outer.position(i);
			return outer.onCut(p[0], p[1], p[2], dims);
		});
		return state == null ? null : new Region(inner, outer, mask, state);
	}

	private long[] halo(final double[] sigma) {
		return new long[] { GaussianKernel.radius(sigma[0], GaussianKernel.DEFAULT_TRUNCATE), GaussianKernel.radius(sigma[1],
			GaussianKernel.DEFAULT_TRUNCATE), hasZ ? GaussianKernel.radius(sigma[2], GaussianKernel.DEFAULT_TRUNCATE) : 0 };
	}

	private static final TaskExecutor ONE = Threads.executor(1);

	/** The workflow's blur (nearest-pixel boundary, truncated at 4 sigma), in place, on one thread. */
	private static void blur(final float[] data, final Box box, final double[] sigma) {
		SeparableGaussian.blur(data, box.nx(), box.ny(), box.nz(), sigma, GaussianKernel.DEFAULT_TRUNCATE, Boundary.NEAREST, ONE,
			TaskMonitor.NONE);
	}

	// ---- the seeds of the whole image

	/**
	 * Every seed pixel of the image with its label: touching seed pixels (full
	 * connectivity) are one seed, and seeds are numbered 1..n in the order of
	 * their first pixel (x fastest), as {@link VoronoiOtsuLabeling} numbers them.
	 */
	public static final class Seeds implements Serializable {

		private static final long serialVersionUID = 1L;

		private final long[] pixels;
		private final int[] labels;
		private final int count;

		private Seeds(final long[] pixels, final int[] labels, final int count) {
			this.pixels = pixels;
			this.labels = labels;
			this.count = count;
		}

		/** Numbers the seed pixels of every block ({@link #seeds}) of an image of size {@code dims}. */
		public static Seeds of(final long[][] blocks, final long[] dims) {
			int n = 0;
			for (final long[] b : blocks) n += b.length;
			final long[] pixels = new long[n];
			int k = 0;
			for (final long[] b : blocks) {
				System.arraycopy(b, 0, pixels, k, b.length);
				k += b.length;
			}
			Arrays.sort(pixels);
			final int[] parent = new int[n];
			for (int i = 0; i < n; i++) parent[i] = i;
			final long nx = dims[0], ny = dims[1], nz = dims.length > 2 ? dims[2] : 1;
			for (int i = 0; i < n; i++) {
				final long p = pixels[i], x = p % nx, y = p / nx % ny, z = p / (nx * ny);
				// the neighbours after this pixel in raster order suffice: each pair is met once
				for (long dz = 0; dz <= 1; dz++)
					for (long dy = dz == 0 ? 0 : -1; dy <= 1; dy++)
						for (long dx = -1; dx <= 1; dx++) {
							if (dz == 0 && dy == 0 && dx <= 0) continue;
							final long xx = x + dx, yy = y + dy, zz = z + dz;
							if (xx < 0 || xx >= nx || yy < 0 || yy >= ny || zz >= nz) continue;
							final int j = Arrays.binarySearch(pixels, xx + nx * (yy + ny * zz));
							if (j >= 0) union(parent, i, j);
						}
			}
			final int[] labels = new int[n];
			final int[] rootLabel = new int[n];
			int count = 0;
			for (int i = 0; i < n; i++) {
				final int r = find(parent, i);
				if (rootLabel[r] == 0) rootLabel[r] = ++count;
				labels[i] = rootLabel[r];
			}
			return new Seeds(pixels, labels, count);
		}

		private static int find(final int[] parent, int i) {
			while (parent[i] != i) {
				parent[i] = parent[parent[i]];
				i = parent[i];
			}
			return i;
		}

		private static void union(final int[] parent, final int a, final int b) {
			final int ra = find(parent, a), rb = find(parent, b);
			if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
		}

		/** The number of seeds, that is of labels. */
		public int count() {
			return count;
		}

		/** The label of a seed pixel. */
		int label(final long pixel) {
			final int i = Arrays.binarySearch(pixels, pixel);
			if (i < 0) throw new IllegalStateException("seed pixel " + pixel + " was not found by the seed pass; the input changed between passes?");
			return labels[i];
		}
	}

	// ---- the whole job on local threads

	/** What {@link #run} did: the labels written, the Otsu level and the blocks written and skipped. */
	public record Result(int count, double threshold, int processed, int skipped) {}

	/**
	 * Runs the three passes over {@code blocks} on {@code threads} threads (0:
	 * all cores), writing each block's labels to {@code sink} (as float values,
	 * exact up to 2^24 labels); blocks the sink already holds are not labeled
	 * again.
	 */
	public <T extends RealType<T>> Result run(final AxisImg<T> image, final List<Block> blocks, final int threads, final FloatBlockSink sink,
		final TaskMonitor monitor) throws IOException
	{
		final RandomAccessibleInterval<T> data = image.data();
		final TaskExecutor executor = Threads.executor(threads);
		final int n = blocks.size(), steps = 4 * n;
		final AtomicInteger done = new AtomicInteger();
		final double[][] ranges = new double[n][];
		monitor.status("Voronoi-Otsu labeling block by block: the foreground level");
		Threads.forEach(executor, indices(n), i -> {
			monitor.checkCancelled();
			ranges[i] = outlineRange(data, blocks.get(i).core());
			monitor.progress(done.incrementAndGet(), steps);
		});
		double[] range = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		for (final double[] r : ranges) range = AutoThreshold.mergeRanges(range, r);
		final double[] whole = range;
		final long[][] histograms = new long[n][];
		Threads.forEach(executor, indices(n), i -> {
			monitor.checkCancelled();
			histograms[i] = outlineHistogram(data, blocks.get(i).core(), whole);
			monitor.progress(done.incrementAndGet(), steps);
		});
		final long[] histogram = new long[256];
		for (final long[] h : histograms)
			for (int b = 0; b < 256; b++) histogram[b] += h[b];
		final double[] level = level(whole, histogram, image.name());
		monitor.status("Voronoi-Otsu labeling block by block: the seeds");
		final long[][] seedPixels = new long[n][];
		Threads.forEach(executor, indices(n), i -> {
			monitor.checkCancelled();
			seedPixels[i] = seeds(data, blocks.get(i).core(), level);
			monitor.progress(done.incrementAndGet(), steps);
		});
		final Seeds seeds = Seeds.of(seedPixels, dims);
		if (seeds.count() > 1 << 24) throw new IllegalArgumentException("Voronoi-Otsu labeling block by block: " + seeds.count() +
			" nuclei are more than the 2^24 labels that the outputs hold exactly");
		monitor.status("Voronoi-Otsu labeling block by block: " + seeds.count() + " nuclei");
		final int[] counts = new int[2];
		final IOException[] failure = new IOException[1];
		Threads.forEach(executor, indices(n), i -> {
			monitor.checkCancelled();
			final Block block = blocks.get(i);
			try {
				if (sink.isDone(block)) {
					synchronized (counts) {
						counts[1]++;
					}
				}
				else {
					final int[] labels = labels(data, block.core(), level, seeds);
					sink.write(block, rows(labels, block.core()), 0);
					synchronized (counts) {
						counts[0]++;
					}
				}
			}
			catch (final IOException e) {
				synchronized (failure) {
					if (failure[0] == null) failure[0] = e;
				}
			}
			monitor.progress(done.incrementAndGet(), steps);
		});
		if (failure[0] != null) throw failure[0];
		return new Result(seeds.count(), level[0], counts[0], counts[1]);
	}

	/** Labels of a block as the rows a {@link FloatBlockSink} takes. */
	public static float[][] rows(final int[] labels, final Interval core) {
		final int nx = (int) core.dimension(0);
		final float[][] rows = new float[labels.length / nx][nx];
		for (int r = 0; r < rows.length; r++)
			for (int x = 0; x < nx; x++) rows[r][x] = labels[r * nx + x];
		return rows;
	}

	private static List<Integer> indices(final int n) {
		final List<Integer> list = new ArrayList<>(n);
		for (int i = 0; i < n; i++) list.add(i);
		return list;
	}

	// ---- as a block job, for the routes that read and write files

	/**
	 * The labeling as a {@link BlockJob} for files of any size (the command
	 * line's {@code execution=chunked}): labels as 32-bit integers, on the CPU,
	 * a region of at most about a 24th of the Java heap per thread.
	 */
	public static Job job(final double[] spotSigma, final double[] outlineSigma) {
		final VoronoiOtsuLabeling checked = new VoronoiOtsuLabeling(spotSigma, outlineSigma, DeviceChoice.CPU, 1);
		return new Job(checked.spotSigma(), checked.outlineSigma());
	}

	/** The labeling as a {@link BlockJob}, made by {@link BlockVoronoiOtsu#job}; its sigmas as given (one value or one per axis). */
	public record Job(double[] spotSigma, double[] outlineSigma) implements BlockJob {

		/** The passes for an image of size {@code dims}, a region of at most about a 24th of the Java heap per thread. */
		public BlockVoronoiOtsu passes(final long[] dims, final int threads) {
			return new BlockVoronoiOtsu(spotSigma, outlineSigma, dims, Math.max(1L << 22, Runtime.getRuntime().maxMemory() / (24L * Math.max(1,
				threads))));
		}

		@Override
		public String name() {
			return "Voronoi-Otsu labeling";
		}

		@Override
		public byte[] identity() {
			return ("voronoi-otsu-labeling spot_sigma=" + Arrays.toString(spotSigma) + " outline_sigma=" + Arrays.toString(outlineSigma))
				.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
			final long[] h = new long[image.numDimensions()];
			final double[] sigma = VoronoiOtsuLabeling.xyz(spotSigma, h.length > 2, "spot_sigma");
			for (int d = 0; d < h.length; d++) h[d] = REACH + 1 + GaussianKernel.radius(sigma[d], GaussianKernel.DEFAULT_TRUNCATE);
			return h;
		}

		@Override
		public Outcome run(final AxisImg<?> input, final FloatBlockSink sink, final long[] blockShape, final Execution execution)
			throws IOException
		{
			final AxisType[] xyz = { AxisType.X, AxisType.Y, AxisType.Z };
			for (int d = 0; d < input.numDimensions(); d++)
				if (d > 2 || input.axes().get(d).type() != xyz[d]) throw new IllegalArgumentException("Voronoi-Otsu labeling needs a 2D or 3D " +
					"image (axes x, y[, z]); '" + input.name() + "' has " + input.axesLabel());
			if (execution.device().kind() == DeviceChoice.Kind.GPU) execution.monitor().warn("block by block, Voronoi-Otsu labeling runs on " +
				"the CPU; device=" + execution.device() + " is not used");
			final int threads = Threads.resolve(execution.threads());
			final long[] dims = input.data().dimensionsAsLongArray();
			final List<Block> blocks = new BlockGrid(input.data(), blockShape != null ? blockShape : BlockGrid.auto(input.data(),
				BlockGrid.DEFAULT_TARGET, 2 * threads).blockSize()).blocks();
			final Result r = passes(dims, threads).run(real(input), blocks, threads, sink, execution.monitor());
			return new Outcome(new BlockProcessor.Summary(blocks.size(), r.processed(), r.skipped()), r.count() + " nuclei, Otsu level " + r
				.threshold());
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static AxisImg<FloatType> real(final AxisImg<?> image) {
		return (AxisImg) image;
	}

	// ---- boxes of pixels

	/** A box of pixels, inclusive bounds along x, y, z (z 0..0 for 2D). */
	private record Box(long[] min, long[] max) {

		static Box of(final Interval core, final long[] dims) {
			final long[] min = new long[3], max = new long[3];
			for (int d = 0; d < 3; d++)
				if (d < core.numDimensions()) {
					min[d] = core.min(d);
					max[d] = core.max(d);
				}
			if (min[0] < 0 || min[1] < 0 || max[0] >= dims[0] || max[1] >= dims[1] || dims.length > 2 && max[2] >= dims[2])
				throw new IllegalArgumentException("block " + new FinalInterval(core) + " is outside the image");
			return new Box(min, max);
		}

		Box grow(final long[] by, final long[] dims) {
			final long[] lo = new long[3], hi = new long[3];
			for (int d = 0; d < 3; d++) {
				final long size = d < dims.length ? dims[d] : 1;
				lo[d] = Math.max(0, min[d] - by[d]);
				hi[d] = Math.min(size - 1, max[d] + by[d]);
			}
			return new Box(lo, hi);
		}

		int nx() {
			return (int) (max[0] - min[0] + 1);
		}

		int ny() {
			return (int) (max[1] - min[1] + 1);
		}

		int nz() {
			return (int) (max[2] - min[2] + 1);
		}

		long size() {
			return (long) nx() * ny() * nz();
		}

		int index(final long x, final long y, final long z) {
			return (int) (x - min[0] + nx() * (y - min[1] + (long) ny() * (z - min[2])));
		}

		long[] position(final int i) {
			final int nx = nx(), ny = ny();
			return new long[] { min[0] + i % nx, min[1] + i / nx % ny, min[2] + i / ((long) nx * ny) };
		}

		/** Whether (x, y, z) lies on a face of this box that is not a face of the image: a cut through it. */
		boolean onCut(final long x, final long y, final long z, final long[] dims) {
			final long[] p = { x, y, z };
			for (int d = 0; d < 3; d++) {
				final long size = d < dims.length ? dims[d] : 1;
				if (p[d] == min[d] && min[d] > 0 || p[d] == max[d] && max[d] < size - 1) return true;
			}
			return false;
		}

		/** The box's pixels of {@code image} (x fastest). */
		<T extends RealType<T>> float[] read(final RandomAccessibleInterval<T> image) {
			final int nx = nx(), ny = ny(), nz = nz();
			final float[] out = new float[nx * ny * nz];
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					Rows.read(image, min[0], min[1] + y, min[2] + z, nx, out, nx * (y + ny * z));
			return out;
		}

		/** The part of {@code data} (this box's pixels) inside {@code part}. */
		float[] crop(final float[] data, final Box part) {
			final int px = part.nx(), py = part.ny(), pz = part.nz();
			final float[] out = new float[px * py * pz];
			for (int z = 0; z < pz; z++)
				for (int y = 0; y < py; y++)
					System.arraycopy(data, index(part.min[0], part.min[1] + y, part.min[2] + z), out, px * (y + py * z), px);
			return out;
		}

		@Override
		public String toString() {
			return Arrays.toString(min) + ".." + Arrays.toString(max);
		}
	}

	/** A growable list of longs. */
	private static final class LongList {

		private long[] a = new long[16];
		private int n;

		void add(final long v) {
			if (n == a.length) a = Arrays.copyOf(a, 2 * n);
			a[n++] = v;
		}

		long[] toArray() {
			return Arrays.copyOf(a, n);
		}
	}
}
