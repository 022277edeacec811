package org.tessera.filter;

import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;
import org.tessera.op.Execution;
import org.tessera.op.ImageOp;

import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Difference of Gaussians: the image blurred with {@code sigma1} minus the
 * image blurred with {@code sigma2} (usually sigma1 &lt; sigma2), in 32-bit
 * float. It enhances blobs of a size between the two sigmas, e.g. spots or
 * nuclei, and removes the background.
 */
public record DifferenceOfGaussians(double[] sigma1, double[] sigma2, Boundary boundary, DeviceChoice device, int threads) {

	public DifferenceOfGaussians {
		sigma1 = sigma1.clone();
		sigma2 = sigma2.clone();
		if (boundary == null) boundary = GaussianBlur.DEFAULT_BOUNDARY;
		if (device == null) device = DeviceChoice.CPU;
	}

	public <T extends RealType<T>> AxisImg<FloatType> apply(final AxisImg<T> input, final TaskMonitor monitor) {
		final AxisImg<FloatType> out = input.withData(PlanarImgs.floats(input.data().dimensionsAsLongArray()));
		new Execution(device, threads, monitor).apply(op(input), input, out);
		return out;
	}

	/** The difference as an operation on the spatial volumes of {@code image}: both blurs and the difference stay on a device. */
	public ImageOp op(final AxisImg<?> image) {
		final GaussianBlur g = new GaussianBlur(sigma1, boundary, GaussianKernel.DEFAULT_TRUNCATE, device, threads);
		return g.op(image).minus(g.withSigma(sigma2).op(image));
	}
}
