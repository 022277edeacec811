package org.tessera.filter;

import java.nio.FloatBuffer;
import java.util.Map;

import org.tessera.core.Boundary;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuScope;
import org.tessera.gpu.KernelLaunch;

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
	 * Blurs a device image into a new one made by {@code scope}; {@code in} is
	 * only read, and returned itself when no axis is blurred.
	 *
	 * @param sigma sigma in pixels along x, y and z (0 skips that axis)
	 */
	public static DeviceImage blur(final GpuScope scope, final DeviceImage in, final double[] sigma, final double truncate,
		final Boundary boundary)
	{
		if (!(sigma[0] > 0 || sigma[1] > 0 || sigma[2] > 0)) return in;
		final DeviceImage a = scope.create(in.nx(), in.ny(), in.nz()), b = scope.create(in.nx(), in.ny(), in.nz());
		final var result = blur(scope.device(), scope.clij2(), in.buffer(), a.buffer(), b.buffer(), in.nx(), in.ny(), in.nz(), sigma, truncate,
			boundary);
		final DeviceImage out = result == a.buffer() ? a : b;
		(out == a ? b : a).close();
		return out;
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
				KernelLaunch.with(kernel).arg("src", in).arg("dst", out).arg("w", weights).arg("radius", w.length - 1).arg("axis", axis)
					.arg("nx", nx).arg("ny", ny).arg("nz", nz).arg("mode", boundary.ordinal()).run(nx, ny, nz);
			}
			in = out;
			out = out == first ? second : first;
		}
		return in;
	}
}
