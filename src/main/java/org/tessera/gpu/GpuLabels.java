package org.tessera.gpu;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Map;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

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
			final int[] flat = new int[3 * neighbours.length];
			for (int i = 0; i < neighbours.length; i++) System.arraycopy(neighbours[i], 0, flat, 3 * i, 3);
			try (ClearCLBuffer m = clij2.create(new long[] { n }, NativeTypeEnum.Float); ClearCLBuffer l = clij2.create(new long[] { n },
				NativeTypeEnum.Int); ClearCLBuffer off = clij2.create(new long[] { flat.length }, NativeTypeEnum.Int); ClearCLBuffer changed = clij2
					.create(new long[] { 1 }, NativeTypeEnum.Int); ClearCLKernel init = device.kernel(GpuLabels.class, "labels.cl", "init_labels", Map
						.of(), false); ClearCLKernel pass = device.kernel(GpuLabels.class, "labels.cl", "min_neighbours", Map.of(), false);
				ClearCLKernel jump = device.kernel(GpuLabels.class, "labels.cl", "jump", Map.of(), false))
			{
				m.readFrom(FloatBuffer.wrap(mask), true);
				off.readFrom(IntBuffer.wrap(flat), true);
				init.setArgument("mask", m);
				init.setArgument("labels", l);
				init.setArgument("n", n);
				init.setGlobalSizes(n);
				init.run(true);
				pass.setArgument("labels", l);
				pass.setArgument("offsets", off);
				pass.setArgument("count", neighbours.length);
				pass.setArgument("nx", nx);
				pass.setArgument("ny", ny);
				pass.setArgument("nz", nz);
				pass.setArgument("changed", changed);
				pass.setGlobalSizes(nx, ny, nz);
				jump.setArgument("labels", l);
				jump.setArgument("n", n);
				jump.setArgument("changed", changed);
				jump.setGlobalSizes(n);
				final int[] flag = new int[1];
				do {
					flag[0] = 0;
					changed.readFrom(IntBuffer.wrap(flag), true);
					pass.run(true);
					for (int j = 0; j < 4; j++) jump.run(true);
					changed.writeTo(IntBuffer.wrap(flag), true);
				}
				while (flag[0] != 0);
				l.writeTo(IntBuffer.wrap(labels), true);
			}
			return null;
		});
		// number the components by their first pixel: a root is the index + 1 of its component's first pixel
		final int[] id = new int[labels.length + 1];
		int next = 0;
		for (int i = 0; i < labels.length; i++) {
			final int root = labels[i];
			if (root == 0) continue;
			if (id[root] == 0) id[root] = ++next;
			labels[i] = id[root];
		}
		return labels;
	}
}
