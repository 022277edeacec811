package org.tessera.filter;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.RankFilters.Op;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;
import org.tessera.op.ImageOp;

import net.imglib2.parallel.TaskExecutor;

/**
 * A minimum, maximum, mean or median filter as an {@link ImageOp}:
 * {@link RankFilters} on the CPU, {@link GpuRankFilters} on OpenCL, with the
 * same passes. Made by {@link NeighborhoodFilter#op}.
 *
 * @param op what to take of the neighbourhood
 * @param neighborhood radii along x, y, z and the shape
 * @param boundary how the image continues past its edges
 */
public record RankOp(Op op, Neighborhood neighborhood, Boundary boundary) implements ImageOp {

	@Override
	public String name() {
		return op.name().toLowerCase(java.util.Locale.ROOT) + " filter";
	}

	@Override
	public long[] halo() {
		final int[] r = neighborhood.radius();
		return new long[] { r[0], r[1], r[2] };
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		return RankFilters.apply(rows, dims[0], dims[1], dims[2], op, neighborhood, boundary, executor, monitor);
	}

	@Override
	public boolean hasGpu() {
		return true;
	}

	@Override
	public DeviceImage gpu(final GpuScope scope, final DeviceImage in) {
		return GpuRankFilters.apply(scope, in, op, neighborhood, boundary);
	}

	@Override
	public int deviceBuffers() {
		return 3;
	}
}
