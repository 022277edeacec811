package org.tessera.segment;

import org.tessera.filter.GpuGaussian;
import org.tessera.gpu.GpuDevice;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Map;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianKernel;
import org.tessera.segment.ConnectedComponents.Connectivity;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * The OpenCL path of {@link VoronoiOtsuLabeling} (kernels in voronoi.cl). The
 * blurs, local maxima, seed labeling and Voronoi growth run on the device; the
 * host computes ImageJ's Otsu threshold from the blurred image (as CLIJ2 does,
 * it needs the histogram and ImageJ's code), lists the foreground pixels, and
 * settles the rare plateaus of equal maxima with the CPU path's code. Each step
 * gives the CPU path's exact result, so the labels are identical.
 */
public final class GpuVoronoiOtsu {

	private GpuVoronoiOtsu() {
		// static utility
	}

	/** Volume-sized float buffers the workflow holds on the device at its peak (see {@link GpuDevice#fits}). */
	public static final int BUFFERS = 4;

	/**
	 * Labels a float volume (x fastest; nz = 1 in 2D).
	 *
	 * @param spot sigma of the seed blur along x, y, z
	 * @param outline sigma of the foreground blur along x, y, z
	 */
	public static VoronoiOtsuLabeling.Result label(final GpuDevice device, final float[] image, final int nx, final int ny, final int nz,
		final double[] spot, final double[] outline, final TaskMonitor monitor)
	{
		final long n = (long) nx * ny * nz;
		if (n >= Integer.MAX_VALUE) throw new IllegalArgumentException("a " + nx + "x" + ny + "x" + nz +
			" volume has too many voxels for one pass on the device; use device=CPU");
		if (4 * n > device.maxAllocationBytes()) throw new IllegalArgumentException("a " + nx + "x" + ny + "x" + nz + " float volume (" +
			(4 * n >> 20) + " MiB) is larger than the largest buffer OpenCL device " + device.name() + " can allocate (" +
			(device.maxAllocationBytes() >> 20) + " MiB); use device=CPU");
		final float[] host = new float[(int) n];
		final int[] labels = new int[(int) n];
		final double[] threshold = new double[1];
		final int steps = 5;
		device.run(clij2 -> {
			final long[] dims = { n };
			try (ClearCLBuffer mask = clij2.create(dims, NativeTypeEnum.UnsignedByte); ClearCLBuffer state = clij2.create(dims,
				NativeTypeEnum.UnsignedByte))
			{
				final int[] pixels;
				try (ClearCLBuffer a = clij2.create(dims, NativeTypeEnum.Float); ClearCLBuffer b = clij2.create(dims, NativeTypeEnum.Float);
					ClearCLBuffer c = clij2.create(dims, NativeTypeEnum.Float))
				{
					a.readFrom(FloatBuffer.wrap(image), true);
					GpuGaussian.blur(device, clij2, a, b, c, nx, ny, nz, outline, GaussianKernel.DEFAULT_TRUNCATE, Boundary.NEAREST).writeTo(
						FloatBuffer.wrap(host), true);
					monitor.progress(1, steps);
					// Otsu on the host, with ImageJ's code
					final double[] range = VoronoiOtsuLabeling.otsu(host, nx, ny, nz);
					threshold[0] = range[0];
					final byte[] m = VoronoiOtsuLabeling.mask(host, range);
					pixels = list(m);
					mask.readFrom(ByteBuffer.wrap(m), true);
					monitor.checkCancelled();
					final ClearCLBuffer blurred = GpuGaussian.blur(device, clij2, a, b, c, nx, ny, nz, spot, GaussianKernel.DEFAULT_TRUNCATE,
						Boundary.NEAREST);
					monitor.progress(2, steps);
					maxima(device, clij2, blurred, mask, state, nx, ny, nz, host);
					monitor.progress(3, steps);
				}
				try (ClearCLBuffer src = clij2.create(dims, NativeTypeEnum.Int); ClearCLBuffer dst = clij2.create(dims, NativeTypeEnum.Int);
					ClearCLKernel seeds = device.kernel(GpuVoronoiOtsu.class, "voronoi.cl", "seeds", Map.of(), false))
				{
					seeds.setArgument("state", state);
					seeds.setArgument("labels", src);
					seeds.setArgument("n", n);
					seeds.setGlobalSizes(n);
					seeds.run(true);
					GpuLabels.propagate(device, clij2, src, nx, ny, nz, Labeling.neighbours(Connectivity.FULL, nz > 1 ? 3 : 2));
					monitor.checkCancelled();
					monitor.progress(4, steps);
					grow(device, clij2, src, dst, pixels, nx, ny, nz).writeTo(IntBuffer.wrap(labels), true);
				}
			}
			return null;
		});
		final int count = GpuLabels.renumberRoots(labels);
		monitor.progress(steps, steps);
		return new VoronoiOtsuLabeling.Result(labels, count, threshold[0]);
	}

	/** The indices of the non-zero values. */
	private static int[] list(final byte[] mask) {
		int count = 0;
		for (final byte b : mask)
			if (b != 0) count++;
		final int[] out = new int[count];
		int k = 0;
		for (int i = 0; i < mask.length; i++)
			if (mask[i] != 0) out[k++] = i;
		return out;
	}

	/** Local maxima of {@code img} inside the mask into {@code state}; plateaus are settled on the host. */
	private static void maxima(final GpuDevice device, final CLIJ2 clij2, final ClearCLBuffer img, final ClearCLBuffer mask,
		final ClearCLBuffer state, final int nx, final int ny, final int nz, final float[] scratch)
	{
		final int[] flag = new int[1];
		try (ClearCLBuffer plateaus = clij2.create(new long[] { 1 }, NativeTypeEnum.Int); ClearCLKernel k = device.kernel(GpuVoronoiOtsu.class,
			"voronoi.cl", "maxima", Map.of(), false))
		{
			plateaus.readFrom(IntBuffer.wrap(flag), true);
			k.setArgument("img", img);
			k.setArgument("mask", mask);
			k.setArgument("state", state);
			k.setArgument("nx", nx);
			k.setArgument("ny", ny);
			k.setArgument("nz", nz);
			k.setArgument("plateaus", plateaus);
			k.setGlobalSizes(nx, ny, nz);
			k.run(true);
			plateaus.writeTo(IntBuffer.wrap(flag), true);
		}
		if (flag[0] == 0) return;
		final byte[] s = new byte[scratch.length];
		img.writeTo(FloatBuffer.wrap(scratch), true);
		state.writeTo(ByteBuffer.wrap(s), true);
		LocalMaxima.resolvePlateaus(scratch, s, nx, ny, nz);
		state.readFrom(ByteBuffer.wrap(s), true);
	}

	/** Grows the labels through the mask (one step per launch) until nothing changes; returns the buffer with the result. */
	private static ClearCLBuffer grow(final GpuDevice device, final CLIJ2 clij2, final ClearCLBuffer first, final ClearCLBuffer second,
		final int[] pixels, final int nx, final int ny, final int nz)
	{
		if (pixels.length == 0) return first;
		first.copyTo(second, true);
		ClearCLBuffer src = first, dst = second;
		final int[] flag = new int[1];
		try (ClearCLBuffer list = clij2.create(new long[] { pixels.length }, NativeTypeEnum.Int); ClearCLBuffer changed = clij2.create(
			new long[] { 1 }, NativeTypeEnum.Int); ClearCLKernel k = device.kernel(GpuVoronoiOtsu.class, "voronoi.cl", "grow", Map.of(), false))
		{
			list.readFrom(IntBuffer.wrap(pixels), true);
			k.setArgument("pixels", list);
			k.setArgument("count", pixels.length);
			k.setArgument("nx", nx);
			k.setArgument("ny", ny);
			k.setArgument("nz", nz);
			k.setArgument("changed", changed);
			k.setGlobalSizes(pixels.length);
			while (true) {
				flag[0] = 0;
				changed.readFrom(IntBuffer.wrap(flag), true);
				k.setArgument("src", src);
				k.setArgument("dst", dst);
				k.run(true);
				changed.writeTo(IntBuffer.wrap(flag), true);
				final ClearCLBuffer t = src;
				src = dst;
				dst = t;
				if (flag[0] == 0) return src;
			}
		}
	}
}
