package org.tessera.gpu;

import java.nio.FloatBuffer;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/** Pixel-by-pixel operations on an OpenCL device (kernels in pixelwise.cl). */
public final class GpuPixelwise {

	private GpuPixelwise() {
		// static utility
	}

	/** Replaces every value by 255 if {@code lower <= v <= upper}, else 0, in place. */
	public static void inRange(final GpuDevice device, final float[] data, final float lower, final float upper) {
		device.run(clij2 -> {
			try (ClearCLBuffer buf = clij2.create(new long[] { data.length }, NativeTypeEnum.Float);
				ClearCLKernel k = device.kernel(GpuPixelwise.class, "pixelwise.cl", "in_range", java.util.Map.of(), false))
			{
				buf.readFrom(FloatBuffer.wrap(data), true);
				KernelLaunch.with(k).arg("data", buf).arg("lower", lower).arg("upper", upper).arg("n", (long) data.length).run(data.length);
				buf.writeTo(FloatBuffer.wrap(data), true);
			}
			return null;
		});
	}
}
