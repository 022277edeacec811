package org.tessera.filter;

import java.util.Arrays;
import java.util.Optional;

import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.chunk.Padding;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Volumes;
import org.tessera.gpu.GpuDevice;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.parallel.TaskExecutor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Runs a filter on every spatial volume (x, y and z if present) of an image,
 * one channel and time point at a time, on the CPU (as rows of floats) or on
 * an OpenCL device (as one flat float array), and writes the results.
 */
final class Volumewise {

	/** The CPU work on one volume: rows {@code [y + ny·z]} of length nx; returns the result rows. */
	@FunctionalInterface
	interface Cpu {
		float[][] apply(float[][] rows, int[] shape, TaskMonitor monitor);
	}

	/** The OpenCL work on one volume, in place on a flat array (x fastest). */
	@FunctionalInterface
	interface Gpu {
		void apply(GpuDevice device, float[] data, int[] shape);
	}

	/**
	 * How the OpenCL work may be split into tiles when a volume does not fit the
	 * device ({@link GpuDevice#fits}): the halo per axis (x, y, z) a tile needs so
	 * that its core is exact, the filter's boundary mode, and how many
	 * volume-sized buffers the work holds on the device at once.
	 */
	record Tiling(long[] halo, Boundary boundary, int buffers) {

		/**
		 * Tiles are cut off at the image's edges, so the device handles the edges
		 * itself as for the whole image: padding the image first would not give
		 * the same result for filters applied one after another (top-hat). Only
		 * wrap reads the far side of the image, so wrapped tiles are padded; a
		 * periodic image stays periodic through every pass.
		 */
		Padding padding() {
			return boundary == Boundary.WRAP ? Padding.WRAP : Padding.NONE;
		}
	}

	private Volumewise() {
		// static utility
	}

	static <T extends RealType<T>, U extends RealType<U>> void run(final AxisImg<T> input, final AxisImg<U> output,
		final Optional<GpuDevice> gpu, final TaskExecutor executor, final TaskMonitor monitor, final Cpu cpu, final Gpu onGpu,
		final Tiling tiling)
	{
		if (!Arrays.equals(Intervals.dimensionsAsLongArray(input.data()), Intervals.dimensionsAsLongArray(output.data())))
			throw new IllegalArgumentException("output shape differs from input shape");
		final int[] shape = Volumes.shape(input);
		final long nc = input.size(AxisType.CHANNEL), nt = input.size(AxisType.TIME);
		final long volumes = nc * nt;
		long v = 0;
		for (long t = 0; t < nt; t++) {
			for (long c = 0; c < nc; c++, v++) {
				monitor.checkCancelled();
				if (gpu.isPresent() && !gpu.get().fits((long) shape[0] * shape[1] * shape[2], tiling.buffers())) {
					// in place, tiles would read halos that earlier tiles have already written: read from a copy then
					final TaskMonitor part = monitor.part(v * 100, 100, volumes * 100);
					if (input.data() == output.data()) tiled(copy(volume(input, c, t)), volume(output, c, t), gpu.get(), shape, onGpu, tiling, part);
					else tiled(volume(input, c, t), volume(output, c, t), gpu.get(), shape, onGpu, tiling, part);
				}
				else if (gpu.isPresent()) {
					final float[] data = Volumes.read(input, c, t, executor);
					onGpu.apply(gpu.get(), data, shape);
					Volumes.write(data, output, c, t, executor);
				}
				else {
					final float[][] rows = cpu.apply(Volumes.readRows(input, c, t, executor), shape, monitor.part(v * 100, 100, volumes * 100));
					Volumes.writeRows(rows, output, c, t, executor);
				}
				monitor.progress((v + 1) * 100, volumes * 100);
			}
		}
	}

	/**
	 * The volume on the device tile by tile: the chunk engine reads each tile
	 * with its halo (padded at the image edges), the device computes it, and the
	 * tile's core is written. The cores equal the untiled result because the
	 * device work reads no further than the halo.
	 */
	private static <T extends RealType<T>> RandomAccessibleInterval<FloatType> copy(final RandomAccessibleInterval<T> in) {
		final RandomAccessibleInterval<FloatType> out = new PlanarImgFactory<>(new FloatType()).create(in.dimensionsAsLongArray());
		LoopBuilder.setImages(in, out).forEachPixel((a, b) -> b.setReal(a.getRealFloat()));
		return out;
	}

	private static <T extends RealType<T>, U extends RealType<U>> void tiled(final RandomAccessibleInterval<T> in,
		final RandomAccessibleInterval<U> out, final GpuDevice device, final int[] shape, final Gpu onGpu, final Tiling tiling,
		final TaskMonitor monitor)
	{
		final int nd = in.numDimensions();
		final long[] halo = Arrays.copyOf(tiling.halo(), nd);
		final long[] block = tileShape(device, shape, halo, tiling.buffers());
		monitor.status("tiles of " + Arrays.toString(block) + " on " + device.name() + " (" + (device.budgetBytes() >> 20) + " MiB budget)");
		new BlockProcessor(block, halo, tiling.padding(), 0).processFloats(in, FloatBlockSink.into(out), (rows, dims) -> {
			final int nx = dims[0];
			final float[] flat = new float[rows.length * nx];
			for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * nx, nx);
			onGpu.apply(device, flat, dims);
			final float[][] result = new float[rows.length][];
			for (int i = 0; i < rows.length; i++) result[i] = Arrays.copyOfRange(flat, i * nx, (i + 1) * nx);
			return result;
		}, monitor);
	}

	/**
	 * The largest tile (core) whose haloed size fits the device: the longest
	 * axis is halved until it does.
	 *
	 * @throws IllegalArgumentException if even a one-pixel core with its halo does not fit
	 */
	static long[] tileShape(final GpuDevice device, final int[] shape, final long[] halo, final int buffers) {
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

	/** The spatial volume at channel c and time t as an image of axes x, y[, z]. */
	private static <T> RandomAccessibleInterval<T> volume(final AxisImg<T> img, final long c, final long t) {
		RandomAccessibleInterval<T> v = img.data();
		final int dt = img.dimensionOf(AxisType.TIME), dc = img.dimensionOf(AxisType.CHANNEL);
		if (dt >= 0) v = Views.hyperSlice(v, dt, t);
		if (dc >= 0) v = Views.hyperSlice(v, dc, c);
		return v;
	}
}
