package org.tessera.filter;

import java.util.Map;

import org.tessera.core.Boundary;
import org.tessera.filter.RankFilters.Op;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;
import org.tessera.gpu.KernelLaunch;

/**
 * Minimum, maximum, mean and median filters on an OpenCL device (kernels in
 * rank.cl), the device half of {@link RankOp}: the same passes in the same
 * order as {@link RankFilters} (1D passes for boxes, every neighbour otherwise).
 */
public final class GpuRankFilters {

	/** Largest neighbourhood the direct kernel takes (its median keeps the values in private memory). */
	public static final int MAX_NEIGHBOURS = 2197; // 13^3

	private GpuRankFilters() {
		// static utility
	}

	/** Filters a device image into a new one made by {@code scope}; {@code in} is only read. */
	public static DeviceImage apply(final GpuScope scope, final DeviceImage in, final Op op, final Neighborhood n, final Boundary boundary) {
		final int nx = in.nx(), ny = in.ny(), nz = in.nz();
		final int[] r = n.radius();
		if (n.separable() && op != Op.MEDIAN) {
			DeviceImage src = in;
			for (int axis = 0; axis < 3; axis++) {
				if (r[axis] == 0) continue;
				final DeviceImage dst = scope.create(nx, ny, nz);
				sizes(scope.kernel(GpuRankFilters.class, "rank.cl", "axis_pass", Map.of("MAX_K", 1)).arg("src", src).arg("dst", dst).arg("radius",
					r[axis]).arg("axis", axis), nx, ny, nz, boundary, op, 1f / (2 * r[axis] + 1)).run(nx, ny, nz);
				if (src != in) src.close();
				src = dst;
			}
			return src;
		}
		final int[][] offsets = n.offsets();
		if (offsets.length > MAX_NEIGHBOURS) throw new IllegalArgumentException("neighbourhood of " + offsets.length +
			" pixels is too large for the OpenCL kernel (" + MAX_NEIGHBOURS + " at most); use device=CPU");
		final int[] flat = new int[3 * offsets.length];
		for (int i = 0; i < offsets.length; i++) System.arraycopy(offsets[i], 0, flat, 3 * i, 3);
		final DeviceImage dst = scope.create(nx, ny, nz);
		sizes(scope.kernel(GpuRankFilters.class, "rank.cl", "neighborhood", Map.of("MAX_K", op == Op.MEDIAN ? offsets.length : 1)).arg("src",
			in).arg("dst", dst).arg("offsets", scope.ints(flat)).arg("count", offsets.length), nx, ny, nz, boundary, op, 1f / offsets.length)
				.run(nx, ny, nz);
		return dst;
	}

	private static KernelLaunch sizes(final KernelLaunch k, final int nx, final int ny, final int nz, final Boundary boundary,
		final Op op, final float scale)
	{
		return k.arg("nx", nx).arg("ny", ny).arg("nz", nz).arg("mode", boundary.ordinal()).arg("op", op.ordinal()).arg("scale", scale);
	}
}
