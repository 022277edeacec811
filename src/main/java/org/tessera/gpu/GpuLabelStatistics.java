package org.tessera.gpu;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
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
		final long statsBytes = 4 * statsLength;
		// rows per slab: the values and labels of a slab and the stats must fit the device's budget
		final long rowBytes = 8L * nx;
		final long rowsPerSlab = Math.min((long) ny * nz, Math.min((device.budgetBytes() - statsBytes) / rowBytes, device.maxBufferBytes() /
			(4L * nx)));
		if (statsBytes > device.maxBufferBytes() || rowsPerSlab < 1) throw new IllegalArgumentException("statistics of " + maxLabel +
			" labels in rows of " + nx + " pixels need more than the memory budget of OpenCL device " + device.name() + " (" + (device
				.budgetBytes() >> 20) + " MiB); use device=CPU");
		final int[] stats = new int[(int) statsLength];
		final int rows = ny * nz;
		device.run(clij2 -> {
			try (ClearCLBuffer s = clij2.create(new long[] { statsLength }, NativeTypeEnum.Int); ClearCLKernel init = device.kernel(
				GpuLabelStatistics.class, "label_stats.cl", "init_stats", Map.of(), false); ClearCLKernel rowStats = device.kernel(
					GpuLabelStatistics.class, "label_stats.cl", "row_stats", Map.of(), false))
			{
				KernelLaunch.with(init).arg("stats", s).arg("n", maxLabel + 1).run(maxLabel + 1);
				for (int row0 = 0; row0 < rows; row0 += (int) rowsPerSlab) {
					final int count = (int) Math.min(rowsPerSlab, rows - row0);
					final int from = row0 * nx, to = from + count * nx;
					try (ClearCLBuffer v = clij2.create(new long[] { to - from }, NativeTypeEnum.Float); ClearCLBuffer l = clij2.create(new long[] {
						to - from }, NativeTypeEnum.Int))
					{
						v.readFrom(FloatBuffer.wrap(from == 0 && to == values.length ? values : Arrays.copyOfRange(values, from, to)), true);
						l.readFrom(IntBuffer.wrap(from == 0 && to == labels.length ? labels : Arrays.copyOfRange(labels, from, to)), true);
						KernelLaunch.with(rowStats).arg("values", v).arg("labels", l).arg("nx", nx).arg("ny", ny).arg("row0", row0).arg("count", count)
							.arg("scale_exp", scaleExponent).arg("stats", s).run(count);
					}
				}
				s.writeTo(IntBuffer.wrap(stats), true);
			}
			return null;
		});
		return stats;
	}
}
