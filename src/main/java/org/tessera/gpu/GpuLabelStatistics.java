package org.tessera.gpu;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Map;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/**
 * The per-label integer sums of {@code org.tessera.segment.LabelStatistics} on
 * an OpenCL device (kernels in label_stats.cl): one work-item per image row
 * sums runs of equal labels and adds them to the label's fields with atomics.
 * Only integer additions, minima and maxima, so the result does not depend on
 * the scheduling and equals the CPU's.
 * <p>
 * The result holds {@link #FIELDS} ints per label value 0..maxLabel (label
 * {@code l} at {@code l·FIELDS}): {@link #COUNT}; 64-bit integers as (low, high)
 * words at {@link #SUM} (intensities in fixed point), {@link #SUM_X},
 * {@link #SUM_Y}, {@link #SUM_Z}; {@link #MIN_KEY} and {@link #MAX_KEY}, order
 * keys of the extreme values ({@code bits >= 0 ? bits : bits ^ 0x7fffffff});
 * the bounding box, inclusive, lower corner x, y, z at {@link #LOW}, upper at
 * {@link #HIGH}.
 */
public final class GpuLabelStatistics {

	public static final int FIELDS = 17;
	public static final int COUNT = 0, SUM = 1, SUM_X = 3, SUM_Y = 5, SUM_Z = 7, MIN_KEY = 9, MAX_KEY = 10, LOW = 11, HIGH = 14;

	private GpuLabelStatistics() {
		// static utility
	}

	/**
	 * Sums a labelled volume (x fastest) on the device.
	 *
	 * @param labels 0 (background) to {@code maxLabel}
	 * @param scaleExponent each value adds {@code rint(v·2^scaleExponent)} to its label's sum
	 * @return {@link #FIELDS} ints per label value 0..maxLabel, laid out as above
	 */
	public static int[] accumulate(final GpuDevice device, final float[] values, final int[] labels, final int nx, final int ny, final int nz,
		final int maxLabel, final int scaleExponent)
	{
		final long n = (long) nx * ny * nz;
		if (values.length != n || labels.length != n) throw new IllegalArgumentException("volume size mismatch");
		final long statsLength = (long) FIELDS * (maxLabel + 1);
		if (statsLength > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("too many labels (" + maxLabel + ") for the device");
		final long largest = Math.max(4 * n, 4 * statsLength);
		if (largest > device.maxAllocationBytes() || 8 * n + 4 * statsLength > device.globalMemoryBytes())
			throw new IllegalArgumentException("a " + nx + "x" + ny + "x" + nz + " volume with " + maxLabel + " labels needs " + ((8 * n + 4 *
				statsLength) >> 20) + " MiB, more than OpenCL device " + device.name() + " can hold; use device=CPU");
		final int[] stats = new int[(int) statsLength];
		device.run(clij2 -> {
			try (ClearCLBuffer v = clij2.create(new long[] { n }, NativeTypeEnum.Float); ClearCLBuffer l = clij2.create(new long[] { n },
				NativeTypeEnum.Int); ClearCLBuffer s = clij2.create(new long[] { statsLength }, NativeTypeEnum.Int); ClearCLKernel init = device
					.kernel(GpuLabelStatistics.class, "label_stats.cl", "init_stats", Map.of(), false); ClearCLKernel rows = device.kernel(
						GpuLabelStatistics.class, "label_stats.cl", "row_stats", Map.of(), false))
			{
				v.readFrom(FloatBuffer.wrap(values), true);
				l.readFrom(IntBuffer.wrap(labels), true);
				init.setArgument("stats", s);
				init.setArgument("n", maxLabel + 1);
				init.setGlobalSizes(maxLabel + 1);
				init.run(true);
				rows.setArgument("values", v);
				rows.setArgument("labels", l);
				rows.setArgument("nx", nx);
				rows.setArgument("ny", ny);
				rows.setArgument("nz", nz);
				rows.setArgument("scale_exp", scaleExponent);
				rows.setArgument("stats", s);
				rows.setGlobalSizes(ny, nz);
				rows.run(true);
				s.writeTo(IntBuffer.wrap(stats), true);
			}
			return null;
		});
		return stats;
	}
}
