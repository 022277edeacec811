package org.tessera.segment;

import java.util.Arrays;
import java.util.Optional;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
import org.tessera.filter.GaussianOp;
import org.tessera.filter.SeparableGaussian;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuScope;
import org.tessera.op.Execution;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.parallel.TaskExecutor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Voronoi-Otsu labeling, the clesperanto nuclei workflow: the image is blurred
 * with {@code spotSigma} and its local maxima are the nuclei's seeds; blurred
 * with {@code outlineSigma} and thresholded with ImageJ's Otsu method, it gives
 * the foreground; seeds outside the foreground are dropped, touching seeds
 * (full connectivity) are one seed; and the foreground is split among the
 * seeds by a geodesic Voronoi tessellation ({@link MaskedVoronoi}).
 * <p>
 * Steps: Gaussian blurs as {@link GaussianBlur} (nearest-pixel boundary,
 * truncated at 4 sigma, as scikit-image's {@code filters.gaussian}); Otsu's
 * threshold from ImageJ on the outline-blurred image (the stack histogram in
 * 3D), foreground = values at or above it; plateau-aware local maxima
 * ({@link LocalMaxima}, scikit-image's {@code morphology.local_maxima}). The
 * CPU and OpenCL paths give identical labels: the blurs are bit-identical and
 * every later step is exact.
 * <p>
 * Labels are numbered 1..n in the order of their seed's first pixel (x
 * fastest).
 *
 * @param spotSigma sigma of the seed blur, in pixels: one value or one per spatial axis (x, y[, z])
 * @param outlineSigma sigma of the foreground blur, in the same form
 * @param device where to run
 * @param threads CPU threads (0 = all cores)
 */
public record VoronoiOtsuLabeling(double[] spotSigma, double[] outlineSigma, DeviceChoice device, int threads) {

	/** The result: labels, their number and the Otsu threshold used. */
	public record Result(int[] labels, int count, double threshold) {}

	public VoronoiOtsuLabeling {
		spotSigma = check(spotSigma, "spot_sigma");
		outlineSigma = check(outlineSigma, "outline_sigma");
		if (device == null) device = DeviceChoice.CPU;
	}

	private static double[] check(final double[] sigma, final String name) {
		if (sigma == null || sigma.length == 0) throw new IllegalArgumentException(name + " is missing");
		for (final double s : sigma)
			if (!(s >= 0) || Double.isInfinite(s)) throw new IllegalArgumentException(name + " must be >= 0, got " + Arrays.toString(sigma));
		return sigma.clone();
	}

	/** Sigma along x, y, z for a volume with or without z; z is 0 for 2D. */
	static double[] xyz(final double[] sigma, final boolean hasZ, final String name) {
		if (sigma.length == 1) return new double[] { sigma[0], sigma[0], hasZ ? sigma[0] : 0 };
		final int spatial = hasZ ? 3 : 2;
		if (sigma.length != spatial) throw new IllegalArgumentException(name + " has " + sigma.length + " values but the image has " +
			spatial + " spatial axes (" + (hasZ ? "x,y,z" : "x,y") + "); give one value or " + spatial);
		return new double[] { sigma[0], sigma[1], hasZ ? sigma[2] : 0 };
	}

	/** Labels a 2D or 3D image into a new int image of the same size. */
	public <T extends RealType<T>> Img<IntType> apply(final AxisImg<T> input, final double[] otsuThreshold, final TaskMonitor monitor) {
		if (input.dimensionOf(AxisType.CHANNEL) >= 0 || input.dimensionOf(AxisType.TIME) >= 0 || input.numDimensions() > 3)
			throw new IllegalArgumentException("image '" + input.name() + "' has channels or time points; Voronoi-Otsu labeling needs a 2D or 3D image");
		final int[] s = Volumes.shape(input);
		final float[] data = Volumes.read(input, 0, 0, Threads.executor(threads));
		final Result r = apply(data, s[0], s[1], s[2], monitor);
		if (otsuThreshold != null && otsuThreshold.length > 0) otsuThreshold[0] = r.threshold();
		return ArrayImgs.ints(r.labels(), input.data().dimensionsAsLongArray());
	}

	/**
	 * Labels a float volume (x fastest; nz = 1 for 2D); {@code image} is not
	 * changed. On an OpenCL device when the whole workflow fits it; when it does
	 * not, the blurs (most of the work) go through the device in tiles and the
	 * rest runs on the CPU; else all on the CPU. The labels are the same.
	 */
	public Result apply(final float[] image, final int nx, final int ny, final int nz, final TaskMonitor monitor) {
		if ((long) nx * ny * nz != image.length) throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " +
			image.length + " values");
		final double[] spot = xyz(spotSigma, nz > 1, "spot_sigma"), outline = xyz(outlineSigma, nz > 1, "outline_sigma");
		final Execution execution = new Execution(device, threads, monitor);
		final TaskExecutor executor = Threads.executor(threads);
		final Optional<GpuDevice> gpu = execution.place(blur(spot));
		if (gpu.isPresent() && gpu.get().fits(image.length, GpuVoronoiOtsu.BUFFERS)) {
			monitor.status("Voronoi-Otsu labeling (" + gpu.get().name() + ")");
			return GpuScope.run(gpu.get(), scope -> run(new GpuVoronoiOtsu(scope, image, nx, ny, nz), spot, outline, nx, ny, nz, monitor));
		}
		if (gpu.isPresent()) {
			monitor.warn("Voronoi-Otsu labeling of " + image.length + " pixels does not fit OpenCL device " + gpu.get().name() +
				" at once (budget " + (gpu.get().budgetBytes() >> 20) + " MiB): blurring in tiles on the device, the rest on the CPU " +
				"(same result)");
			return run(new CpuVoronoiOtsu(image, nx, ny, nz, (data, sigma) -> {
				final var v = volume(data, nx, ny, nz); // one image as input and output: blurred in place
				execution.apply(blur(sigma), v, v);
			}, executor), spot, outline, nx, ny, nz, monitor);
		}
		monitor.status("Voronoi-Otsu labeling (CPU)");
		return run(new CpuVoronoiOtsu(image, nx, ny, nz, (data, sigma) -> SeparableGaussian.blur(data, nx, ny, nz, sigma,
			GaussianKernel.DEFAULT_TRUNCATE, Boundary.NEAREST, executor, TaskMonitor.NONE), executor), spot, outline, nx, ny, nz, monitor);
	}

	/** The blurs of the workflow: nearest-pixel boundary, truncated at 4 sigma, as scikit-image's. */
	private static GaussianOp blur(final double[] sigma) {
		return new GaussianOp(sigma, GaussianKernel.DEFAULT_TRUNCATE, Boundary.NEAREST);
	}

	/** The workflow, written once for every backend. */
	static <F, M, S> Result run(final VoronoiOtsuSteps<F, M, S> b, final double[] spot, final double[] outline, final int nx, final int ny,
		final int nz, final TaskMonitor monitor)
	{
		final int steps = 5;
		// 1. the foreground: the outline blur thresholded with ImageJ's Otsu (on the host: it needs the histogram)
		final F outlined = b.blur(b.image(), outline);
		final float[] host = b.download(outlined);
		b.free(outlined);
		monitor.progress(1, steps);
		final double[] range = otsu(host, nx, ny, nz);
		final byte[] hostMask = mask(host, range);
		final M mask = b.mask(hostMask);
		monitor.checkCancelled();
		// 2. the seeds: local maxima of the spot blur inside the foreground
		final F spotted = b.blur(b.image(), spot);
		monitor.progress(2, steps);
		final S seeds = b.maxima(spotted, mask);
		b.free(spotted);
		monitor.progress(3, steps);
		monitor.checkCancelled();
		// 3. the seeds labeled and grown through the foreground
		final int[] labels = b.labelAndGrow(seeds, mask, hostMask);
		monitor.progress(steps, steps);
		return new Result(labels, max(labels), range[0]);
	}

	private static org.tessera.core.AxisImg<net.imglib2.type.numeric.real.FloatType> volume(final float[] data, final int nx, final int ny,
		final int nz)
	{
		return nz > 1 ? AxisImg.of("volume", ArrayImgs.floats(data, nx, ny, nz), AxisType.X, AxisType.Y, AxisType.Z) : AxisImg.of("volume",
			ArrayImgs.floats(data, nx, ny), AxisType.X, AxisType.Y);
	}

	/** ImageJ's Otsu threshold range of the outline-blurred volume. */
	public static double[] otsu(final float[] blurred, final int nx, final int ny, final int nz) {
		return new AutoThreshold("Otsu", true, DeviceChoice.CPU).range(blurred, nx, ny, nz);
	}

	/** 1 where the value is inside the range (compared in float, as on the device), else 0. */
	public static byte[] mask(final float[] blurred, final double[] range) {
		final float lower = (float) range[0], upper = (float) range[1];
		final byte[] mask = new byte[blurred.length];
		for (int i = 0; i < mask.length; i++) {
			final float v = blurred[i];
			if (v >= lower && v <= upper) mask[i] = 1;
		}
		return mask;
	}

	static int max(final int[] labels) {
		int m = 0;
		for (final int l : labels) m = Math.max(m, l);
		return m;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof VoronoiOtsuLabeling v && Arrays.equals(spotSigma, v.spotSigma) && Arrays.equals(outlineSigma, v.outlineSigma) &&
			device.equals(v.device) && threads == v.threads;
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Arrays.hashCode(spotSigma) + Arrays.hashCode(outlineSigma)) + device.hashCode() + threads;
	}

	@Override
	public String toString() {
		return "VoronoiOtsuLabeling[spot_sigma=" + Arrays.toString(spotSigma) + ", outline_sigma=" + Arrays.toString(outlineSigma) +
			", device=" + device + "]";
	}
}
