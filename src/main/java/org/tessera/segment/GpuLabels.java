package org.tessera.segment;

import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.KernelLaunch;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Map;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * Connected-component labeling on an OpenCL device (kernels in labels.cl):
 * neighbour-minimum passes and pointer jumping until nothing changes; the host
 * then numbers the components 1..n by their first pixel, as the CPU path does.
 */
public final class GpuLabels {

	private GpuLabels() {
		// static utility
	}

	/**
	 * Labels the non-zero values of a float volume (x fastest).
	 *
	 * @param neighbours offsets (dx, dy, dz) of the pixels that touch
	 * @return labels 1..n (0 = background), x fastest
	 */
	public static int[] label(final GpuDevice device, final float[] mask, final int nx, final int ny, final int nz, final int[][] neighbours) {
		final long n = (long) nx * ny * nz;
		if (n >= Integer.MAX_VALUE) throw new IllegalArgumentException("too many pixels to label on the device; use device=CPU");
		final int[] labels = new int[(int) n];
		device.run(clij2 -> {
			try (ClearCLBuffer m = clij2.create(new long[] { n }, NativeTypeEnum.Float); ClearCLBuffer l = clij2.create(new long[] { n },
				NativeTypeEnum.Int); ClearCLKernel init = device.kernel(GpuLabels.class, "labels.cl", "init_labels", Map.of(), false))
			{
				m.readFrom(FloatBuffer.wrap(mask), true);
				KernelLaunch.with(init).arg("mask", m).arg("labels", l).arg("n", n).run(n);
				propagate(device, clij2, l, nx, ny, nz, neighbours);
				l.writeTo(IntBuffer.wrap(labels), true);
			}
			return null;
		});
		renumberRoots(labels);
		return labels;
	}

	/**
	 * Connects the labels of a volume on the device; call inside
	 * {@link GpuDevice#run}. On entry every foreground pixel holds its index + 1
	 * and the background 0; on return every pixel of a component holds the index
	 * + 1 of the component's first pixel (its root).
	 */
	static void propagate(final GpuDevice device, final CLIJ2 clij2, final ClearCLBuffer labels, final int nx, final int ny, final int nz,
		final int[][] neighbours)
	{
		final long n = (long) nx * ny * nz;
		final int[] flat = new int[3 * neighbours.length];
		for (int i = 0; i < neighbours.length; i++) System.arraycopy(neighbours[i], 0, flat, 3 * i, 3);
		try (ClearCLBuffer off = clij2.create(new long[] { flat.length }, NativeTypeEnum.Int); ClearCLBuffer changed = clij2.create(
			new long[] { 1 }, NativeTypeEnum.Int); ClearCLKernel pass = device.kernel(GpuLabels.class, "labels.cl", "min_neighbours", Map.of(),
				false); ClearCLKernel jump = device.kernel(GpuLabels.class, "labels.cl", "jump", Map.of(), false))
		{
			off.readFrom(IntBuffer.wrap(flat), true);
			final KernelLaunch minimum = KernelLaunch.with(pass).arg("labels", labels).arg("offsets", off).arg("count", neighbours.length).arg(
				"nx", nx).arg("ny", ny).arg("nz", nz).arg("changed", changed);
			final KernelLaunch shortcut = KernelLaunch.with(jump).arg("labels", labels).arg("n", n).arg("changed", changed);
			final int[] flag = new int[1];
			do {
				flag[0] = 0;
				changed.readFrom(IntBuffer.wrap(flag), true);
				minimum.run(nx, ny, nz);
				for (int j = 0; j < 4; j++) shortcut.run(n);
				changed.writeTo(IntBuffer.wrap(flag), true);
			}
			while (flag[0] != 0);
		}
	}

	/**
	 * Numbers components 1..n by their first pixel, in place: a root is the index
	 * + 1 of its component's first pixel, so numbering the roots in increasing
	 * order does it. The order of the labels is kept: a larger root gets a larger
	 * number.
	 *
	 * @return n
	 */
	public static int renumberRoots(final int[] labels) {
		final int[] id = new int[labels.length + 1];
		for (final int root : labels)
			if (root != 0) id[root] = 1;
		int next = 0;
		for (int r = 1; r < id.length; r++)
			if (id[r] != 0) id[r] = ++next;
		for (int i = 0; i < labels.length; i++)
			if (labels[i] != 0) labels[i] = id[labels[i]];
		return next;
	}
}
