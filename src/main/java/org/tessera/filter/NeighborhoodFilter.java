package org.tessera.filter;

import java.util.Optional;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.filter.Neighborhood.Shape;
import org.tessera.filter.RankFilters.Op;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuRankFilters;

import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.parallel.TaskExecutor;
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
		final Img<T> out = new PlanarImgFactory<>(input.data().getType().createVariable()).create(input.data().dimensionsAsLongArray());
		final AxisImg<T> output = input.withData(out);
		final Neighborhood n = neighborhood(input);
		final Optional<GpuDevice> gpu = device.resolve(monitor::warn);
		final TaskExecutor executor = Threads.executor(threads);
		monitor.status(op.name().toLowerCase() + " filter (" + (gpu.isPresent() ? gpu.get().name() : "CPU") + ")");
		Volumewise.run(input, output, gpu, executor, monitor, (rows, s, m) -> RankFilters.apply(rows, s[0], s[1], s[2], op, n, boundary,
			executor, m), (dev, data, s) -> GpuRankFilters.apply(dev, data, s[0], s[1], s[2], op, n, boundary), tiling(n, 1));
		return output;
	}

	/**
	 * The white top-hat with this filter's neighbourhood: the image minus its
	 * opening (the maximum of the minimum), which keeps bright details smaller
	 * than the neighbourhood and removes the background.
	 */
	public <T extends RealType<T> & NativeType<T>> AxisImg<T> topHat(final AxisImg<T> input, final TaskMonitor monitor) {
		final Img<T> out = new PlanarImgFactory<>(input.data().getType().createVariable()).create(input.data().dimensionsAsLongArray());
		final AxisImg<T> output = input.withData(out);
		final Neighborhood n = neighborhood(input);
		final Optional<GpuDevice> gpu = device.resolve(monitor::warn);
		final TaskExecutor executor = Threads.executor(threads);
		Volumewise.run(input, output, gpu, executor, monitor, (rows, s, m) -> {
			final float[][] opened = RankFilters.apply(RankFilters.apply(rows, s[0], s[1], s[2], Op.MIN, n, boundary, executor, m), s[0], s[1],
				s[2], Op.MAX, n, boundary, executor, m);
			for (int i = 0; i < rows.length; i++)
				for (int x = 0; x < s[0]; x++) opened[i][x] = rows[i][x] - opened[i][x];
			return opened;
		}, (dev, data, s) -> {
			final float[] opened = data.clone();
			GpuRankFilters.apply(dev, opened, s[0], s[1], s[2], Op.MIN, n, boundary);
			GpuRankFilters.apply(dev, opened, s[0], s[1], s[2], Op.MAX, n, boundary);
			for (int i = 0; i < data.length; i++) data[i] = data[i] - opened[i];
		}, tiling(n, 2));
		return output;
	}

	/** Tiles on the device need a halo of the radius for each filter pass ({@code passes}). */
	private Volumewise.Tiling tiling(final Neighborhood n, final int passes) {
		final int[] r = n.radius();
		final long[] halo = new long[3];
		for (int d = 0; d < Math.min(3, r.length); d++) halo[d] = (long) passes * r[d];
		return new Volumewise.Tiling(halo, boundary, 2);
	}
}
