package org.tessera.filter;

import java.util.Arrays;
import java.util.Optional;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Volumes;
import org.tessera.gpu.GpuDevice;

import net.imglib2.parallel.TaskExecutor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

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

	private Volumewise() {
		// static utility
	}

	static <T extends RealType<T>, U extends RealType<U>> void run(final AxisImg<T> input, final AxisImg<U> output,
		final Optional<GpuDevice> gpu, final TaskExecutor executor, final TaskMonitor monitor, final Cpu cpu, final Gpu onGpu)
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
				if (gpu.isPresent()) {
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
}
