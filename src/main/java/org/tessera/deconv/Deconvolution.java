package org.tessera.deconv;

import java.util.Optional;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.op.Execution;

import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Deconvolves every volume (channel, time point) of an image with a PSF by
 * {@link RichardsonLucy}, on the CPU or an OpenCL device (falling back to
 * the CPU, with a warning, when the FFT domain does not fit the device).
 *
 * @param algorithm iterations, regularisation and acceleration
 * @param device where to run
 */
public record Deconvolution(RichardsonLucy algorithm, DeviceChoice device) {

	public Deconvolution {
		if (algorithm == null) throw new IllegalArgumentException("no algorithm given");
		if (device == null) device = DeviceChoice.CPU;
	}

	/** The estimate as a new 32-bit image with the input's axes. */
	public <T extends RealType<T>, P extends RealType<P>> AxisImg<FloatType> apply(final AxisImg<T> input, final AxisImg<P> psf,
		final TaskMonitor monitor)
	{
		if (psf.dimensionOf(AxisType.CHANNEL) >= 0 || psf.dimensionOf(AxisType.TIME) >= 0)
			throw new IllegalArgumentException("PSF '" + psf.name() + "' has channels or time points; expected one 2D or 3D PSF");
		final int[] k = Volumes.shape(psf);
		final float[] kernel = Volumes.read(psf, 0, 0, Threads.executor(1));
		final int[] s = Volumes.shape(input);
		if (s[2] == 1 && k[2] > 1) throw new IllegalArgumentException("PSF '" + psf.name() + "' is 3D (" + k[2] + " planes) but image '" +
			input.name() + "' is 2D");
		final int[] d = RichardsonLucy.domain(s, k);
		final Optional<GpuDevice> gpu = new Execution(device, 0, monitor).placeWhole("deconvolution", (long) d[0] * d[1] * d[2], GpuRichardsonLucy
			.buffers(algorithm));
		final Img<FloatType> out = PlanarImgs.floats(input.data().dimensionsAsLongArray());
		final AxisImg<FloatType> output = input.withData(out);
		final long nc = input.size(AxisType.CHANNEL), nt = input.size(AxisType.TIME);
		long v = 0;
		for (long t = 0; t < nt; t++)
			for (long c = 0; c < nc; c++, v++) {
				final TaskMonitor part = monitor.part(v * 100, 100, nc * nt * 100);
				final float[] image = Volumes.read(input, c, t, Threads.executor(0));
				part.status("Richardson-Lucy" + (algorithm.regularization() > 0 ? "-TV" : "") + ", " + algorithm.iterations() + " iterations (" +
					(gpu.isPresent() ? gpu.get().name() : "CPU") + ")");
				final float[] result = gpu.isPresent() ? GpuRichardsonLucy.apply(gpu.get(), algorithm, image, s[0], s[1], s[2], kernel, k[0], k[1],
					k[2], part) : algorithm.apply(image, s[0], s[1], s[2], kernel, k[0], k[1], k[2], part);
				Volumes.write(result, output, c, t, Threads.executor(0));
			}
		return output;
	}
}
