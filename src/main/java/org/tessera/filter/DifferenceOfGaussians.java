package org.tessera.filter;

import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;

import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

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
		final var f = PlanarImgs.floats(input.data().dimensionsAsLongArray());
		final Cursor<T> c = Views.flatIterable(input.data()).cursor();
		for (final FloatType t : Views.flatIterable(f)) t.set(c.next().getRealFloat());
		final AxisImg<FloatType> in = input.withData(f);
		final AxisImg<FloatType> a = new GaussianBlur(sigma1, boundary, GaussianKernel.DEFAULT_TRUNCATE, device, threads).apply(in, monitor
			.part(0, 50, 100));
		final AxisImg<FloatType> b = new GaussianBlur(sigma2, boundary, GaussianKernel.DEFAULT_TRUNCATE, device, threads).apply(in, monitor
			.part(50, 50, 100));
		final Cursor<FloatType> cb = Views.flatIterable(b.data()).cursor();
		for (final FloatType t : Views.flatIterable(a.data())) t.sub(cb.next());
		return a;
	}
}
