package org.tessera.filter;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.Neighborhood.Shape;
import org.tessera.filter.RankFilters.Op;
import org.tessera.gpu.DeviceChoice;
import org.tessera.op.Execution;
import org.tessera.op.ImageOp;

import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Minimum, maximum, mean or median over a box or ellipse around every pixel,
 * and the white top-hat (the image minus its opening), in 2D and 3D, on the CPU
 * or an OpenCL device with the same results. Channels and time points are
 * filtered one by one; integer pixel types are rounded and clamped.
 *
 * @param op what to take of the neighbourhood
 * @param radius one radius for all spatial axes, or one per axis (x, y[, z]), in pixels
 * @param shape box or ellipse
 * @param boundary how the image continues past its edges (ImageJ repeats the edge pixels: nearest)
 * @param device where to run
 * @param threads CPU threads; 0 for all cores
 */
public record NeighborhoodFilter(Op op, int[] radius, Shape shape, Boundary boundary, DeviceChoice device, int threads) {

	public NeighborhoodFilter {
		if (op == null) throw new IllegalArgumentException("no filter given");
		if (radius == null || radius.length < 1 || radius.length > 3) throw new IllegalArgumentException("radius needs 1 to 3 values");
		radius = radius.clone();
		for (final int r : radius) if (r < 0) throw new IllegalArgumentException("radius must be >= 0, got " + r);
		if (shape == null) shape = Shape.ELLIPSE;
		if (boundary == null) boundary = Boundary.NEAREST;
		if (device == null) device = DeviceChoice.CPU;
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0");
	}

	/** A CPU filter with an ellipse neighbourhood and nearest-edge boundary. */
	public static NeighborhoodFilter of(final Op op, final int... radius) {
		return new NeighborhoodFilter(op, radius, Shape.ELLIPSE, Boundary.NEAREST, DeviceChoice.CPU, 0);
	}

	public NeighborhoodFilter withShape(final Shape s) {
		return new NeighborhoodFilter(op, radius, s, boundary, device, threads);
	}

	public NeighborhoodFilter withDevice(final DeviceChoice d) {
		return new NeighborhoodFilter(op, radius, shape, boundary, d, threads);
	}

	public NeighborhoodFilter withBoundary(final Boundary b) {
		return new NeighborhoodFilter(op, radius, shape, b, device, threads);
	}

	@Override
	public int[] radius() {
		return radius.clone();
	}

	/** The neighbourhood for this image: radii along x, y, z (z = 0 for 2D). */
	public Neighborhood neighborhood(final AxisImg<?> image) {
		final boolean hasZ = image.dimensionOf(AxisType.Z) >= 0;
		final int spatial = hasZ ? 3 : 2;
		final int[] r = new int[3];
		if (radius.length == 1) for (int d = 0; d < spatial; d++) r[d] = radius[0];
		else if (radius.length == spatial) System.arraycopy(radius, 0, r, 0, spatial);
		else throw new IllegalArgumentException("radius has " + radius.length + " values but image '" + image.name() + "' has " + spatial +
			" spatial axes; give one value or " + spatial);
		return new Neighborhood(r, shape);
	}

	/** Filters into a new planar image of the same type and axes. */
	public <T extends RealType<T> & NativeType<T>> AxisImg<T> apply(final AxisImg<T> input) {
		return apply(input, TaskMonitor.NONE);
	}

	public <T extends RealType<T> & NativeType<T>> AxisImg<T> apply(final AxisImg<T> input, final TaskMonitor monitor) {
		return run(op(input), input, monitor);
	}

	/**
	 * The white top-hat with this filter's neighbourhood: the image minus its
	 * opening (the maximum of the minimum), which keeps bright details smaller
	 * than the neighbourhood and removes the background.
	 */
	public <T extends RealType<T> & NativeType<T>> AxisImg<T> topHat(final AxisImg<T> input, final TaskMonitor monitor) {
		return run(topHatOp(input), input, monitor);
	}

	/** This filter as an operation on the spatial volumes of {@code image}, for {@link Execution}. */
	public RankOp op(final AxisImg<?> image) {
		return new RankOp(op, neighborhood(image), boundary);
	}

	/** The white top-hat as an operation: the image minus (minimum, then maximum). */
	public ImageOp topHatOp(final AxisImg<?> image) {
		final Neighborhood n = neighborhood(image);
		return ImageOp.identity().minus(new RankOp(Op.MIN, n, boundary).andThen(new RankOp(Op.MAX, n, boundary)));
	}

	private <T extends RealType<T> & NativeType<T>> AxisImg<T> run(final ImageOp o, final AxisImg<T> input, final TaskMonitor monitor) {
		final Img<T> out = new PlanarImgFactory<>(input.data().getType().createVariable()).create(input.data().dimensionsAsLongArray());
		final AxisImg<T> output = input.withData(out);
		new Execution(device, threads, monitor).apply(o, input, output);
		return output;
	}
}
