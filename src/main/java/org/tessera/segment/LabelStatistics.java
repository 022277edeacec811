package org.tessera.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.tessera.chunk.Block;
import org.tessera.chunk.BlockGrid;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuLabelStatistics;
import org.tessera.op.Execution;

import net.imglib2.parallel.TaskExecutor;
import net.imglib2.view.Views;
import net.imglib2.type.numeric.RealType;

/**
 * Measurements of the objects of a label image on an intensity image, as
 * scikit-image's {@code regionprops} gives them: for every label 1..max that
 * occurs, its pixel count (area in 2D, volume in 3D), the mean, minimum,
 * maximum and sum of the intensities, the centroid (mean pixel coordinates) and
 * the bounding box (upper corner exclusive), as a {@link Table}.
 * <p>
 * The CPU (row bands on several threads) and an OpenCL device
 * ({@link GpuLabelStatistics}) give exactly the same table: every sum is
 * integer arithmetic, which does not depend on the order in which threads or
 * work-items add their parts. Counts and coordinate sums are 64-bit integers.
 * Intensities are summed in fixed point: one exponent {@code s} is chosen for
 * the image such that {@code maxAbs·2^s·N <= 2^62} (maxAbs the largest
 * magnitude among the N labelled pixels), every value {@code v} adds
 * {@code rint(v·2^s)} (round half to even; scaling a float by a power of two is
 * exact) to a 64-bit sum, and the sum is {@code total·2^-s}. Hence:
 * <ul>
 * <li>integer-valued images (all 8- and 16-bit images) get the exact sum and the
 * correctly rounded mean whenever {@code maxAbs·N < 2^53};</li>
 * <li>float images: each value is rounded to a multiple of {@code 2^-s}, an error
 * below {@code N·2^-61} of the largest magnitude, i.e. below {@code 2^-37} of it
 * for up to 2^24 labelled pixels (and at most 2^-121 for values so tiny that
 * s reaches its bound of {@value #MAX_EXPONENT}); the mean is within that error,
 * the sum within the pixel count times it (and within 2^-53 relative, from
 * the final conversion to double).</li>
 * </ul>
 * Minimum and maximum compare the floats exactly (−0 counts as below +0).
 * Intensities inside labels must be finite (NaN outside the labels is fine).
 *
 * @param device where to run
 * @param threads CPU threads; 0 for all cores
 */
public record LabelStatistics(DeviceChoice device, int threads) {

	/** Largest label value supported (the largest integer a 32-bit float label image stores exactly). */
	public static final int MAX_LABEL = 1 << 24;

	/**
	 * Largest fixed-point exponent. Subnormal floats (below 2^-126), which some
	 * devices flush to zero, then stay below 1/2 when scaled and add 0 everywhere.
	 * (There is no lower bound to keep: for floats the exponent is at least -97.)
	 */
	static final int MAX_EXPONENT = 120;

	public LabelStatistics {
		if (device == null) device = DeviceChoice.CPU;
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
	}

	/** CPU on all cores. */
	public static LabelStatistics cpu() {
		return new LabelStatistics(DeviceChoice.CPU, 0);
	}

	/**
	 * Measures the labels of a 2D image or z stack on an intensity image of the
	 * same size.
	 *
	 * @param intensity 8-, 16- or 32-bit values
	 * @param labels 8-, 16- or 32-bit labels (0 background; float labels must be non-negative integers)
	 * @throws IllegalArgumentException naming the image for channels or time points, different sizes, or bad labels
	 */
	public <T extends RealType<T>, U extends RealType<U>> Table measure(final AxisImg<T> intensity, final AxisImg<U> labels,
		final TaskMonitor monitor)
	{
		checkSpatial(intensity, "input");
		checkSpatial(labels, "labels");
		final int[] shape = Volumes.shape(intensity), labelShape = Volumes.shape(labels);
		if (!Arrays.equals(shape, labelShape)) throw new IllegalArgumentException("input '" + intensity.name() + "' is " + size(shape) +
			" but labels '" + labels.name() + "' is " + size(labelShape) + "; they must have the same size");
		final TaskExecutor executor = Threads.executor(threads);
		final float[] values = Volumes.read(intensity, 0, 0, executor);
		final int[] ids = toLabels(Volumes.read(labels, 0, 0, executor), shape, "labels '" + labels.name() + "'");
		return measure(values, ids, shape[0], shape[1], shape[2], "input '" + intensity.name() + "'", "labels '" + labels.name() + "'",
			monitor);
	}

	/** The table of one channel at one time point (1-based; 0 where the image has no such axis). */
	public record Part(int channel, int frame, Table table) {}

	/**
	 * Measures every channel at every time point of an intensity image: each
	 * channel's spatial volume at time t against the labels at time t (or the
	 * same labels for every time point when they have none), as StarDist's 2D +
	 * time labels are measured on their movie.
	 *
	 * @throws IllegalArgumentException naming the images when the labels have channels, other time points or another size
	 */
	public <T extends RealType<T>, U extends RealType<U>> List<Part> measureEach(final AxisImg<T> intensity, final AxisImg<U> labels,
		final TaskMonitor monitor)
	{
		if (labels.dimensionOf(AxisType.CHANNEL) >= 0 && labels.size(AxisType.CHANNEL) > 1) throw new IllegalArgumentException("labels '" +
			labels.name() + "' has " + labels.size(AxisType.CHANNEL) + " channels; a label image has one");
		final long channels = intensity.size(AxisType.CHANNEL), frames = intensity.size(AxisType.TIME), labelFrames = labels.size(AxisType.TIME);
		if (labelFrames != 1 && labelFrames != frames) throw new IllegalArgumentException("labels '" + labels.name() + "' has " + labelFrames +
			" time points but input '" + intensity.name() + "' has " + frames + "; give labels for every time point or for all of them at once");
		final int[] shape = Volumes.shape(intensity), labelShape = Volumes.shape(labels);
		if (!Arrays.equals(shape, labelShape)) throw new IllegalArgumentException("input '" + intensity.name() + "' is " + size(shape) +
			" but labels '" + labels.name() + "' is " + size(labelShape) + "; they must have the same size");
		final TaskMonitor m = monitor == null ? TaskMonitor.NONE : monitor;
		final TaskExecutor executor = Threads.executor(threads);
		final boolean hasChannels = intensity.dimensionOf(AxisType.CHANNEL) >= 0, hasTime = intensity.dimensionOf(AxisType.TIME) >= 0;
		final List<Part> parts = new ArrayList<>();
		for (long t = 0; t < frames; t++) {
			final int[] ids = toLabels(Volumes.read(labels, 0, labelFrames == 1 ? 0 : t, executor), shape, "labels '" + labels.name() + "'");
			for (long c = 0; c < channels; c++) {
				m.checkCancelled();
				final Table table = measure(Volumes.read(intensity, c, t, executor), ids, shape[0], shape[1], shape[2], "input '" + intensity
					.name() + "'", "labels '" + labels.name() + "'", m.part(t * channels + c, 1, frames * channels));
				parts.add(new Part(hasChannels ? (int) c + 1 : 0, hasTime ? (int) t + 1 : 0, table));
			}
		}
		return parts;
	}

	/**
	 * The same table as {@link #measure(AxisImg, AxisImg, TaskMonitor)}, block by
	 * block on the CPU, for images larger than memory (chunked files read lazily):
	 * a first pass finds the labels and the intensities' magnitude, a second sums
	 * each block into integer accumulators, so the table is exactly the
	 * whole-image one whatever the blocks.
	 *
	 * @param blockShape block size per axis, or null for blocks of about {@link BlockGrid#DEFAULT_TARGET} pixels
	 */
	public <T extends RealType<T>, U extends RealType<U>> Table measureBlocks(final AxisImg<T> intensity, final AxisImg<U> labels,
		final long[] blockShape, final TaskMonitor monitor)
	{
		checkSpatial(intensity, "input");
		checkSpatial(labels, "labels");
		final int[] shape = Volumes.shape(intensity), labelShape = Volumes.shape(labels);
		if (!Arrays.equals(shape, labelShape)) throw new IllegalArgumentException("input '" + intensity.name() + "' is " + size(shape) +
			" but labels '" + labels.name() + "' is " + size(labelShape) + "; they must have the same size");
		final TaskMonitor m = monitor == null ? TaskMonitor.NONE : monitor;
		final TaskExecutor executor = Threads.executor(threads);
		final BlockGrid grid = blockShape != null ? new BlockGrid(intensity.data(), blockShape) : BlockGrid.auto(intensity.data(),
			BlockGrid.DEFAULT_TARGET, 2 * Threads.resolve(threads));
		final List<Block> blocks = grid.blocks();
		final Scan[] scans = new Scan[blocks.size()];
		final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
		Threads.forEach(executor, blocks, b -> {
			m.checkCancelled();
			scans[b.index()] = scanBlock(b, intensity, labels);
			m.progress(done.incrementAndGet(), 2L * blocks.size());
		});
		Scan whole = Scan.NONE;
		for (final Scan sc : scans) whole = whole.merge(sc);
		final int exponent = whole.exponent();
		final boolean threeD = shape[2] > 1;
		final Sums total = new Sums(whole.maxLabel());
		Threads.forEach(executor, blocks, b -> {
			m.checkCancelled();
			if (scans[b.index()].maxLabel() > 0) {
				final Sums sums = sumBlock(b, intensity, labels, exponent);
				synchronized (total) {
					total.merge(sums);
				}
			}
			m.progress(done.incrementAndGet(), 2L * blocks.size());
		});
		return Table.of(total, exponent, threeD);
	}

	/**
	 * What one block of the images holds, for the first of the two passes of
	 * {@link #measureBlocks} (also run by Spark's executors): its labels' range,
	 * how many labeled pixels and their largest magnitude. Merged over all
	 * blocks, it fixes the fixed-point exponent of the sums.
	 */
	public record Scan(int minLabel, int maxLabel, long count, float maxAbs) implements java.io.Serializable {

		/** Nothing scanned yet. */
		public static final Scan NONE = new Scan(Integer.MAX_VALUE, 0, 0, 0);

		public Scan merge(final Scan o) {
			return new Scan(Math.min(minLabel, o.minLabel), Math.max(maxLabel, o.maxLabel), count + o.count, Math.max(maxAbs, o.maxAbs));
		}

		/** The fixed-point exponent that sums of these pixels need. */
		public int exponent() {
			return scaleExponent(maxAbs, count);
		}
	}

	/** The first pass on one block: see {@link Scan}. */
	public <T extends RealType<T>, U extends RealType<U>> Scan scanBlock(final Block b, final AxisImg<T> intensity, final AxisImg<U> labels) {
		final String intensityName = "input '" + intensity.name() + "'", labelsName = "labels '" + labels.name() + "'";
		final BlockData d = BlockData.read(b, intensity, labels, labelsName);
		final Band band = new Band(0, d.ny * d.nz);
		d.explain(() -> band.scan(d.values, d.ids, d.nx, d.ny, intensityName, labelsName));
		return new Scan(band.minLabel, band.maxLabel, band.count, band.maxAbs);
	}

	/**
	 * The second pass on one block: the integer sums of its labels with the
	 * exponent of the whole image's {@link Scan}, to be merged
	 * ({@link Sums#merged}) and made into the table ({@link #table}).
	 */
	public <T extends RealType<T>, U extends RealType<U>> Sums sumBlock(final Block b, final AxisImg<T> intensity, final AxisImg<U> labels,
		final int exponent)
	{
		final BlockData d = BlockData.read(b, intensity, labels, "labels '" + labels.name() + "'");
		final Band band = new Band(0, d.ny * d.nz);
		band.scan(d.values, d.ids, d.nx, d.ny, "input '" + intensity.name() + "'", "labels '" + labels.name() + "'");
		final long[] min = b.core().minAsLongArray();
		band.accumulate(d.values, d.ids, d.nx, d.ny, exponent, (int) min[0], (int) min[1], min.length > 2 ? (int) min[2] : 0);
		return band.sums != null ? band.sums : new Sums(1, 0);
	}

	/** The table of the merged sums of every block. */
	public static Table table(final Sums total, final Scan whole, final boolean threeD) {
		return Table.of(total, whole.exponent(), threeD);
	}

	/** One block's intensities and labels, read from the images. */
	private record BlockData(float[] values, int[] ids, int nx, int ny, int nz, long[] origin) {

		static <T extends RealType<T>, U extends RealType<U>> BlockData read(final Block b, final AxisImg<T> intensity,
			final AxisImg<U> labels, final String labelsName)
		{
			final AxisImg<T> in = intensity.withData(Views.zeroMin(Views.interval(intensity.data(), b.core())));
			final AxisImg<U> lb = labels.withData(Views.zeroMin(Views.interval(labels.data(), b.core())));
			final int[] shape = Volumes.shape(in);
			final long[] origin = b.core().minAsLongArray();
			final TaskExecutor one = Threads.executor(1);
			try {
				return new BlockData(Volumes.read(in, 0, 0, one), toLabels(Volumes.read(lb, 0, 0, one), shape, labelsName), shape[0], shape[1],
					shape[2], origin);
			}
			catch (final IllegalArgumentException e) {
				throw where(e, origin);
			}
		}

		/** Runs {@code work} on this block's values, saying where the block starts when a value is bad. */
		void explain(final Runnable work) {
			try {
				work.run();
			}
			catch (final IllegalArgumentException e) {
				throw where(e, origin);
			}
		}

		/** A bad value's position in a message is the block's own, so the message also says where the block starts. */
		private static IllegalArgumentException where(final IllegalArgumentException e, final long[] origin) {
			return new IllegalArgumentException(e.getMessage() + " in the block at (x " + origin[0] + ", y " + origin[1] + (origin.length > 2
				? ", z " + origin[2] : "") + ")", e);
		}
	}

	/**
	 * Measures flat label and intensity volumes (x fastest, then y, then z), e.g.
	 * right after labeling. {@code nz = 1} gives the 2D table (area, no z
	 * columns), {@code nz > 1} the 3D one.
	 *
	 * @param labels 0 background, 1..{@value #MAX_LABEL} objects
	 */
	public Table measure(final float[] intensity, final int[] labels, final int nx, final int ny, final int nz,
		final TaskMonitor monitor)
	{
		return measure(intensity, labels, nx, ny, nz, "intensity", "labels", monitor);
	}

	private Table measure(final float[] intensity, final int[] labels, final int nx, final int ny, final int nz,
		final String intensityName, final String labelsName, final TaskMonitor monitor)
	{
		if (nx < 1 || ny < 1 || nz < 1) throw new IllegalArgumentException("volume size must be positive, got " + nx + "x" + ny + "x" + nz);
		final long n = (long) nx * ny * nz;
		if (intensity.length != n || labels.length != n) throw new IllegalArgumentException(intensityName + " has " + intensity.length +
			" values and " + labelsName + " " + labels.length + ", but the volume " + nx + "x" + ny + "x" + nz + " has " + n);
		final TaskMonitor m = monitor == null ? TaskMonitor.NONE : monitor;
		final List<Band> bands = bands(ny * nz, Threads.resolve(threads));
		final TaskExecutor executor = Threads.executor(threads);
		Threads.forEach(executor, bands, b -> b.scan(intensity, labels, nx, ny, intensityName, labelsName));
		final Extent extent = Extent.of(bands);
		final int maxLabel = extent.maxLabel(), exponent = extent.exponent();
		final boolean threeD = nz > 1;
		m.checkCancelled();
		if (maxLabel == 0) return Table.of(new Sums(0), exponent, threeD);
		// large volumes go through the device in slabs of rows: no memory limit to place it by
		final Optional<GpuDevice> gpu = new Execution(device, threads, m).placeWhole("label statistics", 0, 1);
		if (gpu.isPresent()) {
			m.status("label statistics on " + gpu.get().name());
			final int[] stats = GpuLabelStatistics.accumulate(gpu.get(), intensity, labels, nx, ny, nz, maxLabel, exponent);
			m.progress(1, 1);
			return Table.of(Sums.fromDevice(stats, maxLabel), exponent, threeD);
		}
		final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
		Threads.forEach(executor, bands, b -> {
			m.checkCancelled();
			b.accumulate(intensity, labels, nx, ny, exponent);
			m.progress(done.incrementAndGet(), bands.size());
		});
		final Sums total = new Sums(maxLabel);
		for (final Band b : bands) if (b.sums != null) total.merge(b.sums);
		return Table.of(total, exponent, threeD);
	}

	/**
	 * The fixed-point exponent s for values up to {@code maxAbs} in magnitude
	 * summed over {@code n} pixels: {@code maxAbs·2^s·n <= 2^62}, and more than
	 * 2^60 unless clamped to at most {@value #MAX_EXPONENT}; 0 for no pixels or all zero.
	 */
	static int scaleExponent(final float maxAbs, final long n) {
		if (!(maxAbs > 0) || n <= 0) return 0;
		final int ceilLog2N = 64 - Long.numberOfLeadingZeros(n - 1);
		// maxAbs < 2^(e + 1), also for subnormals (getExponent gives -127 for them)
		final int e = Math.getExponent(maxAbs);
		final int s = 62 - ceilLog2N - (e + 1);
		return Math.min(MAX_EXPONENT, s);
	}

	/** A value in fixed point with exponent s: rint(v·2^s), round half to even, as the device computes it. */
	static long fixedPoint(final float v, final int exponent) {
		return (long) Math.rint(Math.scalb(v, exponent));
	}

	/** An int that orders floats as they compare (−0 below +0); its own inverse. */
	static int orderKey(final int floatBits) {
		return floatBits >= 0 ? floatBits : floatBits ^ 0x7fffffff;
	}

	private static void checkSpatial(final AxisImg<?> img, final String role) {
		if (img.dimensionOf(AxisType.CHANNEL) >= 0 || img.dimensionOf(AxisType.TIME) >= 0 || img.numDimensions() > 3)
			throw new IllegalArgumentException(role + " '" + img.name() + "' has channels or time points (axes " + img.axesLabel() +
				"); this measurement takes a 2D image or a z stack (measureEach, and the label-statistics command, measure every channel and " +
				"time point)");
	}

	private static String size(final int[] shape) {
		return shape[2] > 1 ? shape[0] + "x" + shape[1] + "x" + shape[2] : shape[0] + "x" + shape[1];
	}

	/** Label values from a float volume; they must be integers in 0..{@value #MAX_LABEL}. */
	static int[] toLabels(final float[] values, final int[] shape, final String what) {
		final int[] labels = new int[values.length];
		for (int i = 0; i < values.length; i++) {
			final float v = values[i];
			if (!(v >= 0 && v <= MAX_LABEL && v == Math.rint(v))) {
				if (v >= 0 && v == Math.rint(v)) throw tooLarge(what, (long) v);
				throw new IllegalArgumentException(what + " has the value " + v + " at " + position(i, shape[0], shape[1]) +
					"; labels must be non-negative integers (0 = background)");
			}
			labels[i] = (int) v;
		}
		return labels;
	}

	private static IllegalArgumentException tooLarge(final String what, final long label) {
		return new IllegalArgumentException(what + " has the label " + label + "; label statistics support labels up to " + MAX_LABEL +
			" (renumber the labels 1..n)");
	}

	private static String position(final long i, final int nx, final int ny) {
		final long x = i % nx, y = i / nx % ny, z = i / ((long) nx * ny);
		return "(x " + x + ", y " + y + (z > 0 ? ", z " + z : "") + ")";
	}

	/** Rows [{@code from}, {@code to}) of the volume (row index y + ny·z) split into about equal bands. */
	private static List<Band> bands(final int rows, final int parts) {
		final int k = Math.max(1, Math.min(rows, parts));
		final List<Band> list = new ArrayList<>(k);
		for (int i = 0; i < k; i++) list.add(new Band((int) ((long) rows * i / k), (int) ((long) rows * (i + 1) / k)));
		return list;
	}

	/** What the scanned parts hold together: the largest label, and the fixed-point exponent their intensities' sums need. */
	private record Extent(int maxLabel, int exponent) {

		static Extent of(final List<Band> scanned) {
			int maxLabel = 0;
			long count = 0;
			float maxAbs = 0;
			for (final Band b : scanned) {
				maxLabel = Math.max(maxLabel, b.maxLabel);
				count += b.count;
				maxAbs = Math.max(maxAbs, b.maxAbs);
			}
			return new Extent(maxLabel, scaleExponent(maxAbs, count));
		}
	}

	/** One worker's rows: first what they contain (labels, count, magnitude), then their sums. */
	private static final class Band {

		final int from, to;
		int minLabel = Integer.MAX_VALUE, maxLabel;
		long count;
		float maxAbs;
		Sums sums;

		Band(final int from, final int to) {
			this.from = from;
			this.to = to;
		}

		void scan(final float[] intensity, final int[] labels, final int nx, final int ny, final String intensityName, final String labelsName) {
			final int end = to * nx;
			for (int i = from * nx; i < end; i++) {
				final int l = labels[i];
				if (l == 0) continue;
				if (l < 0) throw new IllegalArgumentException(labelsName + " has the value " + l + " at " + position(i, nx, ny) +
					"; labels must be non-negative integers (0 = background)");
				if (l > MAX_LABEL) throw tooLarge(labelsName, l);
				final float v = intensity[i];
				if (!Float.isFinite(v)) throw new IllegalArgumentException(intensityName + " has the value " + v + " at " + position(i, nx, ny) +
					" inside label " + l + "; label statistics need finite intensities in the labels");
				minLabel = Math.min(minLabel, l);
				maxLabel = Math.max(maxLabel, l);
				count++;
				maxAbs = Math.max(maxAbs, Math.abs(v));
			}
		}

		void accumulate(final float[] intensity, final int[] labels, final int nx, final int ny, final int exponent) {
			accumulate(intensity, labels, nx, ny, exponent, 0, 0, 0);
		}

		/** The sums of these rows of a block whose first pixel is at (ox, oy, oz) in the image. */
		void accumulate(final float[] intensity, final int[] labels, final int nx, final int ny, final int exponent, final int ox, final int oy,
			final int oz)
		{
			if (maxLabel == 0) return;
			sums = new Sums(minLabel, maxLabel);
			for (int row = from; row < to; row++) {
				final int y = row % ny, z = row / ny;
				final int off = row * nx;
				for (int x = 0; x < nx; x++) {
					final int l = labels[off + x];
					if (l != 0) sums.add(l, ox + x, oy + y, oz + z, intensity[off + x], exponent);
				}
			}
		}
	}

	/**
	 * The measurements, one row per label that occurs, in increasing label order.
	 * Columns (see {@link #columnNames()}): {@code label}, {@code area} (2D) or
	 * {@code volume} (3D) in pixels, {@code mean}, {@code min}, {@code max},
	 * {@code sum}, {@code centroid_x}, {@code centroid_y} [, {@code centroid_z}]
	 * in pixel coordinates, and the bounding box {@code bbox_x0}, {@code bbox_y0}
	 * [, {@code bbox_z0}], {@code bbox_x1}, {@code bbox_y1} [, {@code bbox_z1}]
	 * with the upper corner exclusive (max + 1), as in scikit-image. Immutable;
	 * the accessors return copies. As an ImageJ results table or a CSV file:
	 * {@code org.tessera.command.StatisticsTables}.
	 */
	public static final class Table {

		private final boolean threeD;
		private final int[] label;
		private final long[] size;
		private final double[] mean, min, max, sum;
		private final double[][] centroid;
		private final int[][] bboxMin, bboxMax;

		private Table(final boolean threeD, final int rows) {
			this.threeD = threeD;
			final int d = threeD ? 3 : 2;
			label = new int[rows];
			size = new long[rows];
			mean = new double[rows];
			min = new double[rows];
			max = new double[rows];
			sum = new double[rows];
			centroid = new double[d][rows];
			bboxMin = new int[d][rows];
			bboxMax = new int[d][rows];
		}

		/** The table of the labels that have pixels; sums in fixed point with this exponent. */
		static Table of(final Sums s, final int exponent, final boolean threeD) {
			int rows = 0;
			for (final long c : s.count) if (c > 0) rows++;
			final Table t = new Table(threeD, rows);
			int r = 0;
			for (int j = 0; j < s.count.length; j++) {
				final long n = s.count[j];
				if (n == 0) continue;
				t.label[r] = s.first + j;
				t.size[r] = n;
				t.sum[r] = Math.scalb((double) s.sum[j], -exponent);
				t.mean[r] = t.sum[r] / n;
				t.min[r] = Float.intBitsToFloat(orderKey(s.minKey[j]));
				t.max[r] = Float.intBitsToFloat(orderKey(s.maxKey[j]));
				final long[] sums = { s.sumX[j], s.sumY[j], s.sumZ[j] };
				final int[] lo = { s.x0[j], s.y0[j], s.z0[j] }, hi = { s.x1[j], s.y1[j], s.z1[j] };
				for (int d = 0; d < t.centroid.length; d++) {
					t.centroid[d][r] = (double) sums[d] / n;
					t.bboxMin[d][r] = lo[d];
					t.bboxMax[d][r] = hi[d] + 1;
				}
				r++;
			}
			return t;
		}

		/** Number of rows (labels that occur). */
		public int rows() {
			return label.length;
		}

		/** Whether this is the table of a 3D volume (volume, z centroid and z bounds). */
		public boolean is3D() {
			return threeD;
		}

		/** The row of a label, or -1 if the label does not occur. */
		public int rowOf(final int labelValue) {
			final int r = Arrays.binarySearch(label, labelValue);
			return r >= 0 ? r : -1;
		}

		public int[] labels() {
			return label.clone();
		}

		/** Pixel (voxel) counts: the area in 2D, the volume in 3D. */
		public long[] sizes() {
			return size.clone();
		}

		public double[] means() {
			return mean.clone();
		}

		public double[] mins() {
			return min.clone();
		}

		public double[] maxs() {
			return max.clone();
		}

		public double[] sums() {
			return sum.clone();
		}

		/** Centroid coordinate along axis {@code d} (0 = x, 1 = y, 2 = z), in pixels. */
		public double[] centroid(final int d) {
			return centroid[d].clone();
		}

		/** Lower bounding-box corner along axis {@code d} (inclusive). */
		public int[] bboxMin(final int d) {
			return bboxMin[d].clone();
		}

		/** Upper bounding-box corner along axis {@code d} (exclusive: max + 1). */
		public int[] bboxMax(final int d) {
			return bboxMax[d].clone();
		}

		/** The column names, in table order. */
		public List<String> columnNames() {
			final List<String> names = new ArrayList<>(List.of("label", threeD ? "volume" : "area", "mean", "min", "max", "sum"));
			final String[] axes = { "x", "y", "z" };
			for (int d = 0; d < centroid.length; d++) names.add("centroid_" + axes[d]);
			for (int d = 0; d < centroid.length; d++) names.add("bbox_" + axes[d] + "0");
			for (int d = 0; d < centroid.length; d++) names.add("bbox_" + axes[d] + "1");
			return names;
		}

		/** A column by name, as doubles (integer columns convert exactly). */
		public double[] column(final String name) {
			return switch (name) {
				case "label" -> Arrays.stream(label).asDoubleStream().toArray();
				case "area", "volume" -> {
					if (name.equals("volume") != threeD) throw new IllegalArgumentException("no column '" + name + "' in a " + (threeD ? "3D" : "2D") +
						" table; columns: " + columnNames());
					yield Arrays.stream(size).asDoubleStream().toArray();
				}
				case "mean" -> means();
				case "min" -> mins();
				case "max" -> maxs();
				case "sum" -> sums();
				default -> axisColumn(name);
			};
		}

		private double[] axisColumn(final String name) {
			final int d = name.length() < 2 ? -1 : "xyz".indexOf(name.charAt(name.startsWith("bbox_") ? 5 : name.length() - 1));
			if (d >= 0 && d < centroid.length) {
				if (name.equals("centroid_" + "xyz".charAt(d))) return centroid(d);
				if (name.equals("bbox_" + "xyz".charAt(d) + "0")) return Arrays.stream(bboxMin[d]).asDoubleStream().toArray();
				if (name.equals("bbox_" + "xyz".charAt(d) + "1")) return Arrays.stream(bboxMax[d]).asDoubleStream().toArray();
			}
			throw new IllegalArgumentException("no column '" + name + "'; columns: " + columnNames());
		}

		/** Same columns and bit-identical values. */
		@Override
		public boolean equals(final Object o) {
			return o instanceof Table t && threeD == t.threeD && Arrays.equals(label, t.label) && Arrays.equals(size, t.size) && Arrays.equals(
				mean, t.mean) && Arrays.equals(min, t.min) && Arrays.equals(max, t.max) && Arrays.equals(sum, t.sum) && Arrays.deepEquals(
					centroid, t.centroid) && Arrays.deepEquals(bboxMin, t.bboxMin) && Arrays.deepEquals(bboxMax, t.bboxMax);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(label) * 31 + Arrays.hashCode(sum);
		}

		@Override
		public String toString() {
			return "LabelStatistics.Table[" + (threeD ? "3D" : "2D") + ", " + rows() + " labels]";
		}
	}

	/**
	 * The integer accumulators of labels {@code first..last}: counts, fixed-point
	 * intensity sums, coordinate sums, order keys of the extreme values and the
	 * bounding box (inclusive). Merging is integer addition, min and max.
	 */
	public static final class Sums implements java.io.Serializable {

		private static final long serialVersionUID = 1L;

		final int first, last;
		final long[] count, sum, sumX, sumY, sumZ;
		final int[] minKey, maxKey, x0, y0, z0, x1, y1, z1;

		/** Labels 1..maxLabel (none for 0). */
		Sums(final int maxLabel) {
			this(1, maxLabel);
		}

		Sums(final int first, final int last) {
			this.first = first;
			this.last = last;
			final int n = Math.max(0, last - first + 1);
			count = new long[n];
			sum = new long[n];
			sumX = new long[n];
			sumY = new long[n];
			sumZ = new long[n];
			minKey = filled(n, Integer.MAX_VALUE);
			maxKey = filled(n, Integer.MIN_VALUE);
			x0 = filled(n, Integer.MAX_VALUE);
			y0 = filled(n, Integer.MAX_VALUE);
			z0 = filled(n, Integer.MAX_VALUE);
			x1 = filled(n, Integer.MIN_VALUE);
			y1 = filled(n, Integer.MIN_VALUE);
			z1 = filled(n, Integer.MIN_VALUE);
		}

		private static int[] filled(final int n, final int value) {
			final int[] a = new int[n];
			Arrays.fill(a, value);
			return a;
		}

		void add(final int label, final int x, final int y, final int z, final float v, final int exponent) {
			final int j = label - first;
			count[j]++;
			sum[j] += fixedPoint(v, exponent);
			sumX[j] += x;
			sumY[j] += y;
			sumZ[j] += z;
			final int key = orderKey(Float.floatToRawIntBits(v));
			if (key < minKey[j]) minKey[j] = key;
			if (key > maxKey[j]) maxKey[j] = key;
			if (x < x0[j]) x0[j] = x;
			if (x > x1[j]) x1[j] = x;
			if (y < y0[j]) y0[j] = y;
			if (y > y1[j]) y1[j] = y;
			if (z < z0[j]) z0[j] = z;
			if (z > z1[j]) z1[j] = z;
		}

		/** Adds the accumulators of {@code o}, whose labels must lie within this one's. */
		/** The sums of both, over labels from the first of either to the last of either. */
		public static Sums merged(final Sums a, final Sums b) {
			if (a.count.length == 0) return b;
			if (b.count.length == 0) return a;
			final Sums s = new Sums(Math.min(a.first, b.first), Math.max(a.last, b.last));
			s.merge(a);
			s.merge(b);
			return s;
		}

		void merge(final Sums o) {
			for (int k = 0; k < o.count.length; k++) {
				if (o.count[k] == 0) continue;
				final int j = k + o.first - first;
				count[j] += o.count[k];
				sum[j] += o.sum[k];
				sumX[j] += o.sumX[k];
				sumY[j] += o.sumY[k];
				sumZ[j] += o.sumZ[k];
				minKey[j] = Math.min(minKey[j], o.minKey[k]);
				maxKey[j] = Math.max(maxKey[j], o.maxKey[k]);
				x0[j] = Math.min(x0[j], o.x0[k]);
				y0[j] = Math.min(y0[j], o.y0[k]);
				z0[j] = Math.min(z0[j], o.z0[k]);
				x1[j] = Math.max(x1[j], o.x1[k]);
				y1[j] = Math.max(y1[j], o.y1[k]);
				z1[j] = Math.max(z1[j], o.z1[k]);
			}
		}

		/** The accumulators of labels 1..maxLabel from the device's buffer (layout in {@link GpuLabelStatistics}). */
		static Sums fromDevice(final int[] stats, final int maxLabel) {
			final Sums s = new Sums(maxLabel);
			final int f = GpuLabelStatistics.FIELDS;
			for (int l = 1; l <= maxLabel; l++) {
				final int b = l * f, j = l - 1;
				s.count[j] = stats[b + GpuLabelStatistics.COUNT] & 0xffffffffL;
				s.sum[j] = long64(stats, b + GpuLabelStatistics.SUM);
				s.sumX[j] = long64(stats, b + GpuLabelStatistics.SUM_X);
				s.sumY[j] = long64(stats, b + GpuLabelStatistics.SUM_Y);
				s.sumZ[j] = long64(stats, b + GpuLabelStatistics.SUM_Z);
				s.minKey[j] = stats[b + GpuLabelStatistics.MIN_KEY];
				s.maxKey[j] = stats[b + GpuLabelStatistics.MAX_KEY];
				s.x0[j] = stats[b + GpuLabelStatistics.LOW];
				s.y0[j] = stats[b + GpuLabelStatistics.LOW + 1];
				s.z0[j] = stats[b + GpuLabelStatistics.LOW + 2];
				s.x1[j] = stats[b + GpuLabelStatistics.HIGH];
				s.y1[j] = stats[b + GpuLabelStatistics.HIGH + 1];
				s.z1[j] = stats[b + GpuLabelStatistics.HIGH + 2];
			}
			return s;
		}

		/** A 64-bit integer stored as low and high 32-bit words. */
		private static long long64(final int[] a, final int i) {
			return (long) a[i + 1] << 32 | a[i] & 0xffffffffL;
		}
	}
}
