package org.tessera.filter;

import java.util.Arrays;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;
import org.tessera.op.ImageOp;

import net.imglib2.parallel.TaskExecutor;

/**
 * The Gaussian blur as an {@link ImageOp}: {@link SeparableGaussian} on the CPU,
 * {@link GpuGaussian} on OpenCL, with the same sampled kernel, so both agree to
 * float rounding. Made by {@link GaussianBlur#op}.
 *
 * @param sigma sigma in pixels along x, y and z (0: that axis is not blurred)
 * @param truncate kernel radius in sigmas
 * @param boundary how the image continues past its edges
 */
public record GaussianOp(double[] sigma, double truncate, Boundary boundary) implements ImageOp {

	public GaussianOp {
		if (sigma.length != 3) throw new IllegalArgumentException("need sigma along x, y and z, got " + sigma.length + " values");
		sigma = sigma.clone();
	}

	@Override
	public double[] sigma() {
		return sigma.clone();
	}

	@Override
	public String name() {
		return "Gaussian blur";
	}

	@Override
	public long[] halo() {
		return new long[] { GaussianKernel.radius(sigma[0], truncate), GaussianKernel.radius(sigma[1], truncate), GaussianKernel.radius(sigma[2],
			truncate) };
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		return SeparableGaussian.blur(rows, dims[0], dims[1], dims[2], sigma, truncate, boundary, executor, monitor);
	}

	/** Skips the halo rows in the y and z passes. */
	@Override
	public float[][] cpuCore(final float[][] rows, final int[] dims, final int y0, final int cny, final int z0, final int cnz,
		final TaskExecutor executor)
	{
		return SeparableGaussian.blur(rows, dims[0], dims[1], dims[2], sigma, truncate, boundary, executor, TaskMonitor.NONE, y0, cny, z0, cnz);
	}

	@Override
	public boolean hasGpu() {
		return true;
	}

	@Override
	public DeviceImage gpu(final GpuScope scope, final DeviceImage in) {
		return GpuGaussian.blur(scope, in, sigma, truncate, boundary);
	}

	@Override
	public int deviceBuffers() {
		return 3;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof GaussianOp g && Arrays.equals(sigma, g.sigma) && truncate == g.truncate && boundary == g.boundary;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(sigma) * 31 + Double.hashCode(truncate) * 7 + boundary.hashCode();
	}

	@Override
	public String toString() {
		return "GaussianOp[sigma=" + Arrays.toString(sigma) + ", truncate=" + truncate + ", boundary=" + boundary.key() + "]";
	}
}
