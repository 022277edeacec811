package org.tessera.gpu;

import java.nio.FloatBuffer;
import java.util.Map;

import org.tessera.core.Boundary;
import org.tessera.filter.GaussianKernel;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * Separable Gaussian blur on an OpenCL device, the GPU path of
 * {@link org.tessera.filter.GaussianBlur}. Unlike CLIJ2's own Gaussian, which
 * evaluates {@code exp()} for every tap, the weights are computed once on the
 * host, with exactly the CPU path's kernel, so both paths agree to float
 * rounding.
 */
public final class GpuGaussian {

	private GpuGaussian() {
		// static utility
	}

	/**
	 * Blurs a float volume (x fastest) in place on the device.
	 *
	 * @param sigma sigma in pixels along x, y and z (0 skips that axis)
	 */
	public static void blur(final GpuDevice device, final float[] data, final int nx, final int ny, final int nz, final double[] sigma,
		final double truncate, final Boundary boundary)
	{
		final long bytes = 4L * data.length;
		if (bytes > device.maxAllocationBytes())
			throw new IllegalArgumentException("a " + nx + "x" + ny + "x" + nz + " float volume (" + (bytes >> 20) +
				" MiB) is larger than the largest buffer OpenCL device " + device.name() + " can allocate (" +
				(device.maxAllocationBytes() >> 20) + " MiB); use device=CPU");
		device.run(clij2 -> {
			final long[] dims = { nx, ny, nz };
			try (ClearCLBuffer a = clij2.create(dims, NativeTypeEnum.Float); ClearCLBuffer b = clij2.create(dims, NativeTypeEnum.Float)) {
				a.readFrom(FloatBuffer.wrap(data), true);
				blur(device, clij2, a, b, a, nx, ny, nz, sigma, truncate, boundary).writeTo(FloatBuffer.wrap(data), true);
			}
			return null;
		});
	}

	/**
	 * Blurs a float volume that is on the device already; call inside
	 * {@link GpuDevice#run}. The passes go {@code src → first → second → first};
	 * {@code src} is only read unless it is also {@code second}.
	 *
	 * @return the buffer with the result: {@code src} if no axis is blurred, else {@code first} or {@code second}
	 */
	public static ClearCLBuffer blur(final GpuDevice device, final CLIJ2 clij2, final ClearCLBuffer src, final ClearCLBuffer first,
		final ClearCLBuffer second, final int nx, final int ny, final int nz, final double[] sigma, final double truncate,
		final Boundary boundary)
	{
		ClearCLBuffer in = src, out = first;
		for (int axis = 0; axis < 3; axis++) {
			if (!(sigma[axis] > 0)) continue;
			final double[] half = GaussianKernel.halfKernel(sigma[axis], truncate);
			final float[] w = new float[half.length];
			for (int i = 0; i < w.length; i++) w[i] = (float) half[i];
			try (ClearCLBuffer weights = clij2.create(new long[] { w.length }, NativeTypeEnum.Float);
				ClearCLKernel kernel = device.kernel(GpuGaussian.class, "separable.cl", "convolve_axis", Map.of(), false))
			{
				weights.readFrom(FloatBuffer.wrap(w), true);
				kernel.setArgument("src", in);
				kernel.setArgument("dst", out);
				kernel.setArgument("w", weights);
				kernel.setArgument("radius", w.length - 1);
				kernel.setArgument("axis", axis);
				kernel.setArgument("nx", nx);
				kernel.setArgument("ny", ny);
				kernel.setArgument("nz", nz);
				kernel.setArgument("mode", boundary.ordinal());
				kernel.setGlobalSizes(nx, ny, nz);
				kernel.run(true);
			}
			in = out;
			out = out == first ? second : first;
		}
		return in;
	}
}
