package org.tessera.op;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;

import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.FloatBlockFunction;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuScope;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.parallel.TaskExecutor;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Runs {@link ImageOp}s: the one place that decides where an operation runs
 * (the CPU or an OpenCL device) and how (the whole volume at once, in tiles that
 * fit the device, or block by block into a sink), so that every operation runs
 * every way with the same result.
 * <p>
 * Placement follows one rule: the {@link DeviceChoice} is resolved once
 * ({@code auto} takes a GPU or accelerator when there is one); an operation
 * without an OpenCL kernel runs on the CPU, with a warning when a device was
 * named; a volume larger than the device's memory budget is computed in tiles
 * whose halo covers the operation's reach. Warnings go to the monitor.
 * <pre>
 * new Execution(DeviceChoice.AUTO, 0, monitor).apply(GaussianBlur.of(2).op(in), in, out);
 * </pre>
 *
 * @param device where to run
 * @param threads CPU threads (0 = all cores)
 * @param monitor progress, cancellation and warnings
 */
public record Execution(DeviceChoice device, int threads, TaskMonitor monitor) {

	public Execution {
		if (device == null) device = DeviceChoice.CPU;
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
		if (monitor == null) monitor = TaskMonitor.NONE;
	}

	/** On the CPU, on all cores, without a monitor. */
	public static Execution cpu() {
		return new Execution(DeviceChoice.CPU, 0, TaskMonitor.NONE);
	}

	/**
	 * The device {@code op} runs on, or empty for the CPU: the one fallback rule.
	 *
	 * @throws IllegalArgumentException if a named device is not there
	 */
	public Optional<GpuDevice> place(final ImageOp op) {
		if (device.kind() == DeviceChoice.Kind.CPU) return Optional.empty();
		if (!op.hasGpu()) {
			if (device.kind() == DeviceChoice.Kind.GPU) monitor.warn(op.name() + " has no OpenCL kernel; running it on the CPU");
			return Optional.empty();
		}
		return device.resolve(monitor::warn);
	}

	/**
	 * The device for work that runs on a whole volume at once, without a tiled
	 * device path (labeling, Voronoi-Otsu, thresholds, deconvolution, label
	 * statistics, pixel features), or empty for the CPU: the same rule as for
	 * operations, and when {@code n} values in {@code buffers} volume-sized
	 * buffers do not fit the device's memory budget, the CPU, which gives the
	 * same result, with a warning.
	 *
	 * @param what the work, for the warning ("labeling")
	 */
	public Optional<GpuDevice> placeWhole(final String what, final long n, final int buffers) {
		if (device.kind() == DeviceChoice.Kind.CPU) return Optional.empty();
		final Optional<GpuDevice> d = device.resolve(monitor::warn);
		if (d.isEmpty() || d.get().fits(n, buffers)) return d;
		monitor.warn(what + " of " + n + " pixels needs " + (4 * n * buffers >> 20) + " MiB, more than the memory budget of OpenCL device " + d
			.get().name() + " (" + (d.get().budgetBytes() >> 20) + " MiB, largest buffer " + (d.get().maxBufferBytes() >> 20) +
			" MiB); running it on the CPU, which gives the same result");
		return Optional.empty();
	}

	/**
	 * Applies {@code op} to every spatial volume of {@code input} (each channel
	 * and time point) and writes {@code output}, an image of the same shape; it
	 * may be the input itself. Integer outputs are rounded and clamped.
	 */
	public <T extends RealType<T>, U extends RealType<U>> void apply(final ImageOp op, final AxisImg<T> input, final AxisImg<U> output) {
		if (!Arrays.equals(Intervals.dimensionsAsLongArray(input.data()), Intervals.dimensionsAsLongArray(output.data())))
			throw new IllegalArgumentException("output shape differs from input shape");
		final Optional<GpuDevice> gpu = place(op);
		final TaskExecutor executor = Threads.executor(threads);
		monitor.status(op.name() + " (" + (gpu.isPresent() ? gpu.get().name() : "CPU") + ")");
		final int[] shape = Volumes.shape(input);
		final long nc = input.size(AxisType.CHANNEL), nt = input.size(AxisType.TIME);
		final long volumes = nc * nt;
		long v = 0;
		for (long t = 0; t < nt; t++) {
			for (long c = 0; c < nc; c++, v++) {
				monitor.checkCancelled();
				final TaskMonitor part = monitor.part(v * 100, 100, volumes * 100);
				if (gpu.isPresent() && !gpu.get().fits((long) shape[0] * shape[1] * shape[2], op.deviceBuffers())) {
					// in place, tiles would read halos that earlier tiles have already written: read from a copy then
					final RandomAccessibleInterval<?> src = input.data() == output.data() ? copy(volume(input, c, t)) : volume(input, c, t);
					deviceTiles(op, real(src), volume(output, c, t), gpu.get(), shape, part);
				}
				else if (gpu.isPresent()) {
					final float[] data = Volumes.read(input, c, t, executor);
					Volumes.write(onDevice(op, gpu.get(), data, shape), output, c, t, executor);
				}
				else {
					final float[][] rows = op.cpu(Volumes.readRows(input, c, t, executor), shape, executor, part);
					Volumes.writeRows(rows, output, c, t, executor);
				}
				monitor.progress((v + 1) * 100, volumes * 100);
			}
		}
	}

	/**
	 * Applies {@code op} to a 1D to 3D image (axes x, y[, z]) block by block and
	 * hands each block's core to {@code sink} (an image in memory, chunk files of
	 * a Zarr array, TIFF planes): blocks run on {@link #threads()} threads on the
	 * CPU, one after another on a device. Blocks the sink has already are skipped,
	 * so a stopped run resumes. The result equals {@link #apply}'s exactly.
	 *
	 * @param blockShape block size per axis, or null to choose one
	 */
	public <T extends RealType<T>> BlockProcessor.Summary blocks(final ImageOp op, final AxisImg<T> input, final FloatBlockSink sink,
		long[] blockShape)
	{
		final long[] halo = halo(op, input);
		if (blockShape == null && Arrays.stream(op.alignment()).anyMatch(a -> a > 1))
			blockShape = BlockGrid.auto(input.data(), BlockGrid.DEFAULT_TARGET, 2 * Threads.resolve(threads)).blockSize();
		if (blockShape != null) blockShape = aligned(op, blockShape);
		final Optional<GpuDevice> gpu = place(op);
		monitor.status(op.name() + " in blocks (" + (gpu.isPresent() ? gpu.get().name() : "CPU") + ")");
		if (gpu.isEmpty()) return new BlockProcessor(blockShape, halo, op.padding(), threads).processFloats(input.data(), sink, blockFunction(op),
			monitor);
		final int[] shape = Volumes.shape(input);
		final long[] block = blockShape != null ? blockShape : tileShape(gpu.get(), shape, halo, op.deviceBuffers());
		return new BlockProcessor(block, halo, op.padding(), 1).processFloats(input.data(), sink, deviceFunction(op, gpu.get()), monitor);
	}

	/** The pixel type of an operation's result for an input of {@code inputType}: the input's, 32-bit float or 8-bit. */
	public static NativeType<?> resultType(final ImageOp op, final Object inputType) {
		return switch (op.result()) {
			case FLOAT -> new FloatType();
			case BYTE -> new UnsignedByteType();
			case INPUT -> ((NativeType<?>) inputType).createVariable();
		};
	}

	/**
	 * The block shape rounded up to multiples of the operation's
	 * {@link ImageOp#alignment()}, so that every block's core starts where the
	 * operation needs it to (the shape itself when it already does).
	 */
	public static long[] aligned(final ImageOp op, final long[] blockShape) {
		final long[] a = op.alignment(), out = blockShape.clone();
		for (int d = 0; d < out.length && d < a.length; d++)
			if (a[d] > 1) out[d] = (out[d] + a[d] - 1) / a[d] * a[d];
		return out;
	}

	/**
	 * The halo of {@code op} for the axes of a 1D to 3D image, checking that the
	 * axes are x, y[, z].
	 */
	public static long[] halo(final ImageOp op, final AxisImg<?> image) {
		final AxisType[] xyz = { AxisType.X, AxisType.Y, AxisType.Z };
		if (image.numDimensions() > 3) throw new IllegalArgumentException("block processing needs axes x, y[, z]; image '" + image.name() +
			"' has " + image.axesLabel());
		for (int d = 0; d < image.numDimensions(); d++)
			if (image.axes().get(d).type() != xyz[d]) throw new IllegalArgumentException("block processing needs axes x, y[, z]; image '" +
				image.name() + "' has " + image.axesLabel());
		return Arrays.copyOf(op.halo(), image.numDimensions());
	}

	/**
	 * The operation's parameters in a stable form, its serialized bytes: the same
	 * for the same operation with the same parameters, for telling jobs apart.
	 */
	public static byte[] bytes(final ImageOp op) {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(b)) {
			o.writeObject(op);
		}
		catch (final java.io.IOException e) {
			throw new IllegalStateException(op.name() + " cannot be serialized: " + e.getMessage(), e);
		}
		return b.toByteArray();
	}

	/** {@code op}'s CPU kernel as the work on one block: single-threaded and serializable, for Spark's executors. */
	public static FloatBlockFunction blockFunction(final ImageOp op) {
		return new CpuBlock(op);
	}

	private record CpuBlock(ImageOp op) implements FloatBlockFunction, Serializable {

		@Override
		public float[][] apply(final float[][] rows, final int[] dims) {
			return op.cpu(rows, dims, Threads.executor(1), TaskMonitor.NONE);
		}

		@Override
		public float[][] applyCore(final float[][] rows, final int[] dims, final int y0, final int cny, final int z0, final int cnz) {
			return op.cpuCore(rows, dims, y0, cny, z0, cnz, Threads.executor(1));
		}
	}

	/** One haloed block through the device: up, the kernel, down. */
	private static FloatBlockFunction deviceFunction(final ImageOp op, final GpuDevice device) {
		return (rows, dims) -> {
			final int nx = dims[0];
			final float[] flat = new float[rows.length * nx];
			for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * nx, nx);
			final float[] result = onDevice(op, device, flat, dims);
			final float[][] out = new float[rows.length][];
			for (int i = 0; i < rows.length; i++) out[i] = Arrays.copyOfRange(result, i * nx, (i + 1) * nx);
			return out;
		};
	}

	/** A volume through the device in one scope: every intermediate stays there and is freed at the end. */
	private static float[] onDevice(final ImageOp op, final GpuDevice device, final float[] data, final int[] shape) {
		return GpuScope.run(device, scope -> {
			final DeviceImage in = scope.upload(data, shape[0], shape[1], shape[2]);
			return scope.download(op.gpu(scope, in));
		});
	}

	/**
	 * The volume on the device tile by tile: each tile is read with its halo,
	 * computed on the device, and its core written; the cores equal the untiled
	 * result because the kernels read no further than the halo.
	 */
	private <T extends RealType<T>, U extends RealType<U>> void deviceTiles(final ImageOp op, final RandomAccessibleInterval<T> in,
		final RandomAccessibleInterval<U> out, final GpuDevice device, final int[] shape, final TaskMonitor part)
	{
		final long[] halo = Arrays.copyOf(op.halo(), in.numDimensions());
		final long[] block = tileShape(device, shape, halo, op.deviceBuffers());
		part.status("tiles of " + Arrays.toString(block) + " on " + device.name() + " (" + (device.budgetBytes() >> 20) + " MiB budget)");
		new BlockProcessor(block, halo, op.padding(), 1).processFloats(in, FloatBlockSink.into(out), deviceFunction(op, device), part);
	}

	/**
	 * The largest tile (core) whose haloed size fits the device: the longest
	 * axis is halved until it does.
	 *
	 * @throws IllegalArgumentException if even a one-pixel core with its halo does not fit
	 */
	public static long[] tileShape(final GpuDevice device, final int[] shape, final long[] halo, final int buffers) {
		final long[] core = new long[halo.length];
		for (int d = 0; d < core.length; d++) core[d] = shape[d];
		while (true) {
			long n = 1;
			for (int d = 0; d < core.length; d++) n *= Math.min(shape[d], core[d] + 2 * halo[d]);
			if (device.fits(n, buffers)) return core;
			int longest = 0;
			for (int d = 1; d < core.length; d++) if (core[d] > core[longest]) longest = d;
			if (core[longest] == 1) throw new IllegalArgumentException("OpenCL device " + device.name() + " has too little memory (budget " +
				(device.budgetBytes() >> 10) + " KiB) for even one pixel with its halo " + Arrays.toString(halo) + "; use device=CPU");
			core[longest] = (core[longest] + 1) / 2;
		}
	}

	private static <T extends RealType<T>> RandomAccessibleInterval<FloatType> copy(final RandomAccessibleInterval<T> in) {
		final RandomAccessibleInterval<FloatType> out = new PlanarImgFactory<>(new FloatType()).create(in.dimensionsAsLongArray());
		LoopBuilder.setImages(in, out).forEachPixel((a, b) -> b.setReal(a.getRealFloat()));
		return out;
	}

	/** The spatial volume at channel c and time t as an image of axes x, y[, z]. */
	private static <T> RandomAccessibleInterval<T> volume(final AxisImg<T> img, final long c, final long t) {
		RandomAccessibleInterval<T> v = img.data();
		final int dt = img.dimensionOf(AxisType.TIME), dc = img.dimensionOf(AxisType.CHANNEL);
		if (dt >= 0) v = Views.hyperSlice(v, dt, t);
		if (dc >= 0) v = Views.hyperSlice(v, dc, c);
		return v;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RandomAccessibleInterval real(final RandomAccessibleInterval<?> img) {
		return img;
	}
}
