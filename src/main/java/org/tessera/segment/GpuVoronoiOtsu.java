package org.tessera.segment;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

import org.tessera.core.Boundary;
import org.tessera.filter.GaussianKernel;
import org.tessera.filter.GpuGaussian;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;
import org.tessera.gpu.KernelLaunch;
import org.tessera.segment.ConnectedComponents.Connectivity;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/**
 * The OpenCL steps of Voronoi-Otsu labeling (kernels in voronoi.cl): the blurs,
 * local maxima, seed labeling and Voronoi growth run on the device, in one
 * {@link GpuScope}; the host computes ImageJ's Otsu threshold from the blurred
 * image (the pipeline does, as CLIJ2 does), and settles the rare plateaus of
 * equal maxima with the CPU's code. Each step gives the CPU's exact result.
 */
final class GpuVoronoiOtsu implements VoronoiOtsuSteps<DeviceImage, ClearCLBuffer, ClearCLBuffer> {

	/** Volume-sized float buffers the workflow holds on the device at its peak. */
	static final int BUFFERS = 4;

	private final GpuScope scope;
	private final DeviceImage image;
	private final int nx, ny, nz;

	/**
	 * @throws IllegalArgumentException if the volume is too large for one buffer on the device
	 */
	GpuVoronoiOtsu(final GpuScope scope, final float[] image, final int nx, final int ny, final int nz) {
		if ((long) nx * ny * nz >= Integer.MAX_VALUE) throw new IllegalArgumentException("a " + nx + "x" + ny + "x" + nz +
			" volume has too many voxels for one pass on the device; use device=CPU");
		this.scope = scope;
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.image = scope.upload(image, nx, ny, nz);
	}

	@Override
	public DeviceImage image() {
		return image;
	}

	@Override
	public DeviceImage blur(final DeviceImage in, final double[] sigma) {
		final DeviceImage out = GpuGaussian.blur(scope, in, sigma, GaussianKernel.DEFAULT_TRUNCATE, Boundary.NEAREST);
		if (out != in) return out;
		final DeviceImage copy = scope.create(nx, ny, nz);
		in.buffer().copyTo(copy.buffer(), true);
		return copy;
	}

	@Override
	public float[] download(final DeviceImage volume) {
		return scope.download(volume);
	}

	@Override
	public void free(final DeviceImage volume) {
		if (volume != image) volume.close();
	}

	@Override
	public ClearCLBuffer mask(final byte[] mask) {
		return scope.bytes(mask);
	}

	/** Local maxima inside the mask as the kernel finds them; plateaus (flagged by the kernel) settled on the host. */
	@Override
	public ClearCLBuffer maxima(final DeviceImage blurred, final ClearCLBuffer mask) {
		final long n = blurred.size();
		final ClearCLBuffer state = scope.buffer(n, NativeTypeEnum.UnsignedByte);
		final ClearCLBuffer plateaus = scope.buffer(1, NativeTypeEnum.Int);
		final int[] flag = new int[1];
		plateaus.readFrom(IntBuffer.wrap(flag), true);
		scope.kernel(GpuVoronoiOtsu.class, "voronoi.cl", "maxima").arg("img", blurred).arg("mask", mask).arg("state", state).arg("nx", nx).arg(
			"ny", ny).arg("nz", nz).arg("plateaus", plateaus).run(nx, ny, nz);
		plateaus.writeTo(IntBuffer.wrap(flag), true);
		if (flag[0] != 0) {
			final float[] img = new float[(int) n];
			blurred.buffer().writeTo(FloatBuffer.wrap(img), true);
			final byte[] s = new byte[(int) n];
			state.writeTo(ByteBuffer.wrap(s), true);
			LocalMaxima.resolvePlateaus(img, s, nx, ny, nz);
			state.readFrom(ByteBuffer.wrap(s), true);
		}
		return state;
	}

	@Override
	public int[] labelAndGrow(final ClearCLBuffer seeds, final ClearCLBuffer mask, final byte[] hostMask) {
		final long n = (long) nx * ny * nz;
		final ClearCLBuffer src = scope.buffer(n, NativeTypeEnum.Int), dst = scope.buffer(n, NativeTypeEnum.Int);
		scope.kernel(GpuVoronoiOtsu.class, "voronoi.cl", "seeds").arg("state", seeds).arg("labels", src).arg("n", n).run(n);
		GpuLabels.propagate(scope.device(), scope.clij2(), src, nx, ny, nz, Labeling.neighbours(Connectivity.FULL, nz > 1 ? 3 : 2));
		final int[] labels = new int[(int) n];
		grow(src, dst, pixels(hostMask)).writeTo(IntBuffer.wrap(labels), true);
		GpuLabels.renumberRoots(labels);
		return labels;
	}

	/** The indices of the foreground pixels. */
	private static int[] pixels(final byte[] mask) {
		int count = 0;
		for (final byte b : mask)
			if (b != 0) count++;
		final int[] out = new int[count];
		int k = 0;
		for (int i = 0; i < mask.length; i++)
			if (mask[i] != 0) out[k++] = i;
		return out;
	}

	/** Grows the labels through the mask (one step per launch) until nothing changes; returns the buffer with the result. */
	private ClearCLBuffer grow(final ClearCLBuffer first, final ClearCLBuffer second, final int[] pixels) {
		if (pixels.length == 0) return first;
		first.copyTo(second, true);
		ClearCLBuffer src = first, dst = second;
		final ClearCLBuffer list = scope.ints(pixels), changed = scope.buffer(1, NativeTypeEnum.Int);
		final int[] flag = new int[1];
		// one kernel for the many steps; only the buffers swap between them
		try (ClearCLKernel k = scope.device().kernel(GpuVoronoiOtsu.class, "voronoi.cl", "grow", java.util.Map.of(), false)) {
			final KernelLaunch step = KernelLaunch.with(k).arg("pixels", list).arg("count", pixels.length).arg("nx", nx).arg("ny", ny).arg("nz",
				nz).arg("changed", changed);
			while (true) {
				flag[0] = 0;
				changed.readFrom(IntBuffer.wrap(flag), true);
				step.arg("src", src).arg("dst", dst).run(pixels.length);
				changed.writeTo(IntBuffer.wrap(flag), true);
				final ClearCLBuffer t = src;
				src = dst;
				dst = t;
				if (flag[0] == 0) return src;
			}
		}
	}
}
