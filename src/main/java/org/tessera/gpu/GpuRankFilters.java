package org.tessera.gpu;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Map;

import org.tessera.core.Boundary;
import org.tessera.filter.Neighborhood;
import org.tessera.filter.RankFilters;
import org.tessera.filter.RankFilters.Op;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/**
 * Minimum, maximum, mean and median filters on an OpenCL device, the GPU path
 * of {@link org.tessera.filter.NeighborhoodFilter}: the same passes in the same
 * order as {@link RankFilters} (1D passes for boxes, every neighbour otherwise).
 */
public final class GpuRankFilters {

	/** Largest neighbourhood the direct kernel takes (its median keeps the values in private memory). */
	public static final int MAX_NEIGHBOURS = 2197; // 13^3

	private GpuRankFilters() {
		// static utility
	}

	/** Filters a float volume (x fastest) in place on the device. */
	public static void apply(final GpuDevice device, final float[] data, final int nx, final int ny, final int nz, final Op op,
		final Neighborhood n, final Boundary boundary)
	{
		final long bytes = 4L * data.length;
		if (bytes > device.maxAllocationBytes())
			throw new IllegalArgumentException("a " + nx + "x" + ny + "x" + nz + " float volume (" + (bytes >> 20) +
				" MiB) is larger than the largest buffer OpenCL device " + device.name() + " can allocate; use device=CPU");
		device.run(clij2 -> {
			final long[] dims = { nx, ny, nz };
			try (ClearCLBuffer a = clij2.create(dims, NativeTypeEnum.Float); ClearCLBuffer b = clij2.create(dims, NativeTypeEnum.Float)) {
				a.readFrom(FloatBuffer.wrap(data), true);
				ClearCLBuffer src = a, dst = b;
				final int[] r = n.radius();
				if (n.separable() && op != Op.MEDIAN) {
					for (int axis = 0; axis < 3; axis++) {
						if (r[axis] == 0) continue;
						try (ClearCLKernel k = device.kernel(GpuRankFilters.class, "rank.cl", "axis_pass", Map.of("MAX_K", 1), false)) {
							k.setArgument("src", src);
							k.setArgument("dst", dst);
							k.setArgument("radius", r[axis]);
							k.setArgument("axis", axis);
							set(k, nx, ny, nz, boundary, op, 1f / (2 * r[axis] + 1));
							k.run(true);
						}
						final ClearCLBuffer t = src;
						src = dst;
						dst = t;
					}
				}
				else {
					final int[][] offsets = n.offsets();
					if (offsets.length > MAX_NEIGHBOURS)
						throw new IllegalArgumentException("neighbourhood of " + offsets.length + " pixels is too large for the OpenCL kernel (" +
							MAX_NEIGHBOURS + " at most); use device=CPU");
					final int[] flat = new int[3 * offsets.length];
					for (int i = 0; i < offsets.length; i++) System.arraycopy(offsets[i], 0, flat, 3 * i, 3);
					final int maxK = op == Op.MEDIAN ? offsets.length : 1;
					try (ClearCLBuffer off = clij2.create(new long[] { flat.length }, NativeTypeEnum.Int);
						ClearCLKernel k = device.kernel(GpuRankFilters.class, "rank.cl", "neighborhood", Map.of("MAX_K", maxK), false))
					{
						off.readFrom(IntBuffer.wrap(flat), true);
						k.setArgument("src", src);
						k.setArgument("dst", dst);
						k.setArgument("offsets", off);
						k.setArgument("count", offsets.length);
						set(k, nx, ny, nz, boundary, op, 1f / offsets.length);
						k.run(true);
					}
					src = dst;
				}
				src.writeTo(FloatBuffer.wrap(data), true);
			}
			return null;
		});
	}

	private static void set(final ClearCLKernel k, final int nx, final int ny, final int nz, final Boundary boundary, final Op op,
		final float scale)
	{
		k.setArgument("nx", nx);
		k.setArgument("ny", ny);
		k.setArgument("nz", nz);
		k.setArgument("mode", boundary.ordinal());
		k.setArgument("op", op.ordinal());
		k.setArgument("scale", scale);
		k.setGlobalSizes(nx, ny, nz);
	}
}
