package org.tessera.filter;

import java.util.Arrays;

import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.FloatBlockFunction;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.chunk.Padding;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;
import org.tessera.op.Execution;

import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

/**
 * Gaussian blur of 2D and 3D images, on the CPU or on an OpenCL device.
 * <p>
 * The blur acts along x, y and z; channels and time points are blurred one by
 * one. The kernel is the sampled Gaussian of {@code scipy.ndimage.gaussian_filter}
 * (radius {@code (int)(truncate·σ + 0.5)}, normalised), edges are extended as
 * {@link #boundary()} says, and integer pixel types are rounded and clamped.
 * The CPU path runs on {@link #threads()} threads (all cores by default).
 * <pre>
 * AxisImg&lt;FloatType&gt; out = GaussianBlur.of(2.0).apply(in);
 * AxisImg&lt;FloatType&gt; out = GaussianBlur.of(2, 2, 1).withDevice(DeviceChoice.GPU).apply(in);
 * </pre>
 *
 * @param sigma one sigma for all spatial axes, or one per spatial axis of the image, in the order x, y, z (pixels)
 * @param boundary how the image is extended beyond its edges
 * @param truncate kernel radius in sigmas
 * @param device where to run
 * @param threads CPU threads; 0 for all cores
 */
public record GaussianBlur(double[] sigma, Boundary boundary, double truncate, DeviceChoice device, int threads) {

	/** The default boundary: the edge pixel repeats, as in ImageJ and CLIJ2. */
	public static final Boundary DEFAULT_BOUNDARY = Boundary.NEAREST;

	public GaussianBlur {
		if (sigma == null || sigma.length == 0 || sigma.length > 3)
			throw new IllegalArgumentException("sigma needs 1 to 3 values, got " + (sigma == null ? 0 : sigma.length));
		sigma = sigma.clone();
		for (final double s : sigma)
			if (!(s >= 0) || !Double.isFinite(s)) throw new IllegalArgumentException("sigma must be >= 0, got " + s);
		if (!(truncate > 0)) throw new IllegalArgumentException("truncate must be > 0, got " + truncate);
		if (boundary == null) boundary = DEFAULT_BOUNDARY;
		if (device == null) device = DeviceChoice.CPU;
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
	}

	/** A blur with the given sigmas, boundary, truncation and device, on all cores. */
	public GaussianBlur(final double[] sigma, final Boundary boundary, final double truncate, final DeviceChoice device) {
		this(sigma, boundary, truncate, device, 0);
	}

	/** A CPU blur with the given sigma(s), the default boundary and truncation. */
	public static GaussianBlur of(final double... sigma) {
		return new GaussianBlur(sigma, DEFAULT_BOUNDARY, GaussianKernel.DEFAULT_TRUNCATE, DeviceChoice.CPU, 0);
	}

	/**
	 * Parses sigmas as users write them: {@code "2"} or {@code "2,2,1"} (also
	 * with spaces or semicolons).
	 */
	public static double[] parseSigma(final String text) {
		final String[] parts = text.trim().split("[,;\\s]+");
		final double[] s = new double[parts.length];
		try {
			for (int i = 0; i < parts.length; i++) s[i] = Double.parseDouble(parts[i]);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("sigma '" + text + "' is not a number or a list like 2,2,1");
		}
		for (final double v : s)
			if (!(v >= 0) || !Double.isFinite(v)) throw new IllegalArgumentException("sigma '" + text + "' must be >= 0");
		return s;
	}

	/** The same blur with other sigmas. */
	public GaussianBlur withSigma(final double... s) {
		return new GaussianBlur(s, boundary, truncate, device, threads);
	}

	public GaussianBlur withBoundary(final Boundary b) {
		return new GaussianBlur(sigma, b, truncate, device, threads);
	}

	public GaussianBlur withDevice(final DeviceChoice d) {
		return new GaussianBlur(sigma, boundary, truncate, d, threads);
	}

	public GaussianBlur withTruncate(final double t) {
		return new GaussianBlur(sigma, boundary, t, device, threads);
	}

	/** The same blur on {@code n} CPU threads (0 = all cores). */
	public GaussianBlur withThreads(final int n) {
		return new GaussianBlur(sigma, boundary, truncate, device, n);
	}

	@Override
	public double[] sigma() {
		return sigma.clone();
	}

	/**
	 * Sigma along x, y and z for this image (z is 0 for 2D images).
	 *
	 * @throws IllegalArgumentException if the number of sigmas does not fit the image
	 */
	public double[] sigmaXYZ(final AxisImg<?> image) {
		final boolean hasZ = image.dimensionOf(AxisType.Z) >= 0;
		final int spatial = hasZ ? 3 : 2;
		if (sigma.length == 1) return new double[] { sigma[0], sigma[0], hasZ ? sigma[0] : 0 };
		if (sigma.length != spatial)
			throw new IllegalArgumentException("sigma has " + sigma.length + " values but image '" + image.name() + "' has " + spatial +
				" spatial axes (" + (hasZ ? "x,y,z" : "x,y") + "); give one value or " + spatial);
		return new double[] { sigma[0], sigma[1], hasZ ? sigma[2] : 0 };
	}

	/** Blurs the image into a new planar image of the same type and axes. */
	public <T extends RealType<T> & NativeType<T>> AxisImg<T> apply(final AxisImg<T> input) {
		return apply(input, TaskMonitor.NONE);
	}

	/** Blurs the image into a new planar image of the same type and axes, reporting to {@code monitor}. */
	public <T extends RealType<T> & NativeType<T>> AxisImg<T> apply(final AxisImg<T> input, final TaskMonitor monitor) {
		final Img<T> out = new PlanarImgFactory<>(input.data().getType().createVariable()).create(Intervals.dimensionsAsLongArray(input.data()));
		final AxisImg<T> output = input.withData(out);
		applyTo(input, output, monitor);
		return output;
	}

	/** Blurs {@code input} into {@code output}, an image of the same shape (it may be the input itself). */
	public <T extends RealType<T>, U extends RealType<U>> void applyTo(final AxisImg<T> input, final AxisImg<U> output,
		final TaskMonitor monitor)
	{
		new Execution(device, threads, monitor).apply(op(input), input, output);
	}

	/**
	 * This blur as an operation on the spatial volumes of {@code image}, with its
	 * sigmas along x, y and z, for {@link Execution} (whole, tiled, chunked, Spark).
	 *
	 * @throws IllegalArgumentException if the number of sigmas does not fit the image
	 */
	public GaussianOp op(final AxisImg<?> image) {
		return new GaussianOp(sigmaXYZ(image), truncate, boundary);
	}

	/**
	 * Blurs a 2D or 3D image (axes x, y[, z]) block by block: each block is read
	 * with a halo as wide as the kernel and blurred on one thread; blocks run in
	 * parallel on {@link #threads()} threads. The result equals {@link #apply}
	 * exactly. {@code output} may be any real image of the same size, for example
	 * one backed by files.
	 *
	 * @param blockShape block size per axis, or null to choose one
	 */
	public <T extends RealType<T>, U extends RealType<U>> BlockProcessor.Summary applyChunked(final AxisImg<T> input,
		final AxisImg<U> output, final long[] blockShape, final TaskMonitor monitor)
	{
		return applyChunked(input, FloatBlockSink.into(output.data()), blockShape, monitor);
	}

	/**
	 * The same, with the blocks going to any sink, for example chunk files of a
	 * Zarr array ({@code ZarrImages.sink}); blocks the sink reports as done are
	 * skipped, so a stopped job resumes. Blocks run on the CPU.
	 */
	public <T extends RealType<T>> BlockProcessor.Summary applyChunked(final AxisImg<T> input, final FloatBlockSink sink,
		final long[] blockShape, final TaskMonitor monitor)
	{
		return new Execution(DeviceChoice.CPU, threads, monitor).blocks(op(input), input, sink, blockShape);
	}

	/** The halo a block of this image needs: the kernel radius along each axis. */
	public long[] halo(final AxisImg<?> image) {
		return Execution.halo(op(image), image);
	}

	/** How blocks are padded at the image edges. */
	public Padding padding() {
		return new GaussianOp(new double[3], truncate, boundary).padding();
	}

	/**
	 * The work on one block of this image, single-threaded and serializable (so
	 * that cluster executors can run it).
	 */
	public FloatBlockFunction blockFunction(final AxisImg<?> image) {
		return Execution.blockFunction(op(image));
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof GaussianBlur g && Arrays.equals(sigma, g.sigma) && boundary == g.boundary && truncate == g.truncate &&
			device.equals(g.device) && threads == g.threads;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(sigma) * 31 + boundary.hashCode() + Double.hashCode(truncate) * 7 + device.hashCode() + threads;
	}

	@Override
	public String toString() {
		return "GaussianBlur[sigma=" + Arrays.toString(sigma) + ", boundary=" + boundary.key() + ", truncate=" + truncate + ", device=" +
			device + ", threads=" + threads + "]";
	}
}
