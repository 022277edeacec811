package org.tessera.gpu;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * Complex-to-complex FFTs of 1D, 2D and 3D volumes on an OpenCL device, for
 * lengths of the form 2<sup>a</sup>·3<sup>b</sup>·5<sup>c</sup> along every axis
 * ({@link FftSizes}); CLIJ2 has none. Same conventions as JTransforms'
 * {@code complexForward} and {@code complexInverse(a, true)}: the forward
 * transform is X<sub>k</sub> = Σ x<sub>j</sub> e<sup>-2πi jk/N</sup>, the
 * inverse has the opposite sign and is scaled by 1/N.
 * <p>
 * Data are interleaved complex floats (re, im), x fastest, then y, then z: a
 * buffer of 2·nx·ny·nz floats. A 2D volume has nz = 1, a 1D one ny = nz = 1.
 * <p>
 * Each axis is transformed by mixed-radix Stockham passes (radix 4, 2, 3, 5;
 * kernels in fft.cl), one kernel launch per pass with one work-item per
 * butterfly over all lines of the axis, alternating between the data and a
 * scratch buffer. Twiddle factors are computed on the host in double precision
 * and uploaded as floats; the kernels are built without fast math.
 * <p>
 * Deconvolution keeps its buffers on the device and uses a {@link Plan} inside
 * its own {@link GpuDevice#run}; {@link #forward(GpuDevice, float[], int, int, int)}
 * and {@link #inverse(GpuDevice, float[], int, int, int)} transform host arrays.
 */
public final class GpuFft {

	private GpuFft() {
		// static utility
	}

	/**
	 * A plan for transforms of one shape: a scratch buffer as large as the data
	 * and the twiddle tables, on the device. Make, use and close it inside one
	 * {@link GpuDevice#run} (try-with-resources).
	 */
	public static final class Plan implements AutoCloseable {

		private final GpuDevice device;
		private final int nx, ny, nz;
		private final long n;
		private final List<Pass> passes;
		private final Map<Integer, ClearCLBuffer> twiddles;
		private final ClearCLBuffer scratch;
		private boolean closed;

		private Plan(final GpuDevice device, final CLIJ2 clij2, final int nx, final int ny, final int nz) {
			this.device = device;
			this.nx = nx;
			this.ny = ny;
			this.nz = nz;
			this.n = (long) nx * ny * nz;
			this.passes = passes(nx, ny, nz);
			this.twiddles = new HashMap<>();
			ClearCLBuffer s = null;
			try {
				for (final Pass pass : passes)
					if (!twiddles.containsKey(pass.n)) {
						final ClearCLBuffer t = clij2.create(new long[] { 2L * pass.n }, NativeTypeEnum.Float);
						twiddles.put(pass.n, t);
						t.readFrom(FloatBuffer.wrap(twiddleTable(pass.n)), true);
					}
				s = clij2.create(new long[] { 2 * n }, NativeTypeEnum.Float);
			}
			catch (final RuntimeException e) {
				for (final ClearCLBuffer t : twiddles.values()) t.close();
				throw e;
			}
			this.scratch = s;
		}

		/** Length along x. */
		public int nx() {
			return nx;
		}

		/** Length along y. */
		public int ny() {
			return ny;
		}

		/** Length along z. */
		public int nz() {
			return nz;
		}

		/**
		 * Forward transform in place (exponent sign -1, not scaled).
		 *
		 * @param data a Float buffer of exactly 2·nx·ny·nz values, interleaved (re, im), x fastest
		 */
		public void forward(final ClearCLBuffer data) {
			transform(data, -1f, 1f);
		}

		/**
		 * Inverse transform in place (exponent sign +1, scaled by 1/(nx·ny·nz)),
		 * so that {@code inverse(forward(x)) = x} up to rounding.
		 *
		 * @param data a Float buffer of exactly 2·nx·ny·nz values, interleaved (re, im), x fastest
		 */
		public void inverse(final ClearCLBuffer data) {
			transform(data, 1f, (float) (1.0 / n));
		}

		private void transform(final ClearCLBuffer data, final float direction, final float scale) {
			if (closed) throw new IllegalStateException("this FFT plan was closed");
			if (data.getNativeType() != NativeTypeEnum.Float || data.getSizeInBytes() != 8 * n) throw new IllegalArgumentException("an FFT of " +
				shape(nx, ny, nz) + " needs a Float buffer of " + 2 * n + " values, got " + data.getNativeType() + " x " + data.getLength());
			if (passes.isEmpty()) {
				// every length is 1: the transform is the identity, and 1/N = 1
				return;
			}
			final Map<Integer, ClearCLKernel> kernels = new LinkedHashMap<>();
			try {
				ClearCLBuffer src = data, dst = scratch;
				for (int i = 0; i < passes.size(); i++) {
					final Pass pass = passes.get(i);
					ClearCLKernel k = kernels.get(pass.radix);
					if (k == null) {
						k = device.kernel(GpuFft.class, "fft.cl", "radix" + pass.radix, Map.of(), false);
						kernels.put(pass.radix, k);
					}
					final KernelLaunch launch = KernelLaunch.with(k).arg("src", src).arg("dst", dst).arg("twiddles", twiddles.get(pass.n)).arg("n",
						pass.n).arg("p", pass.p).arg("axis", pass.axis).arg("nx", nx).arg("ny", ny).arg("direction", direction).arg("scale", i == passes
							.size() - 1 ? scale : 1f);
					final long butterflies = pass.n / pass.radix;
					launch.run(pass.axis == 0 ? butterflies : nx, pass.axis == 1 ? butterflies : ny, pass.axis == 2 ? butterflies : nz);
					final ClearCLBuffer t = src;
					src = dst;
					dst = t;
				}
				if (src != data) src.copyTo(data, true);
			}
			finally {
				for (final ClearCLKernel k : kernels.values()) k.close();
			}
		}

		/** Releases the scratch buffer and the twiddle tables. */
		@Override
		public void close() {
			if (closed) return;
			closed = true;
			scratch.close();
			for (final ClearCLBuffer t : twiddles.values()) t.close();
			twiddles.clear();
		}
	}

	/** One radix pass along an axis of length n, after passes whose radices multiply to p. */
	private record Pass(int axis, int n, int radix, int p) {}

	private static List<Pass> passes(final int nx, final int ny, final int nz) {
		final List<Pass> passes = new ArrayList<>();
		final int[] lengths = { nx, ny, nz };
		for (int axis = 0; axis < 3; axis++) {
			int p = 1;
			for (final int r : FftSizes.radices(lengths[axis])) {
				passes.add(new Pass(axis, lengths[axis], r, p));
				p *= r;
			}
		}
		return passes;
	}

	/** (cos, sin)(2πe/n) for e = 0..n-1, computed in double, rounded to float. */
	static float[] twiddleTable(final int n) {
		final float[] t = new float[2 * n];
		for (int e = 0; e < n; e++) {
			final double angle = 2 * Math.PI * e / n;
			t[2 * e] = (float) Math.cos(angle);
			t[2 * e + 1] = (float) Math.sin(angle);
		}
		return t;
	}

	/**
	 * A plan for transforms of an nx×ny×nz volume on buffers of this device;
	 * call inside {@link GpuDevice#run} and close it there.
	 *
	 * @throws IllegalArgumentException if a length is not of the form
	 *           2<sup>a</sup>·3<sup>b</sup>·5<sup>c</sup>, or the volume is too
	 *           large for one device buffer
	 */
	public static Plan plan(final GpuDevice device, final CLIJ2 clij2, final int nx, final int ny, final int nz) {
		checkShape(nx, ny, nz);
		final long bytes = 8L * nx * ny * nz;
		if (bytes > device.maxBufferBytes()) throw new IllegalArgumentException("an FFT of " + shape(nx, ny, nz) + " needs buffers of " +
			(bytes >> 20) + " MiB; OpenCL device " + device.name() + " allows " + (device.maxBufferBytes() >> 20) + " MiB");
		return new Plan(device, clij2, nx, ny, nz);
	}

	/**
	 * The forward transform of a host array (which is left as it is).
	 *
	 * @param interleaved 2·nx·ny·nz floats (re, im), x fastest
	 * @return the transform, same layout
	 */
	public static float[] forward(final GpuDevice device, final float[] interleaved, final int nx, final int ny, final int nz) {
		return transform(device, interleaved, nx, ny, nz, true);
	}

	/**
	 * The inverse transform (scaled by 1/(nx·ny·nz)) of a host array (which is
	 * left as it is).
	 *
	 * @param interleaved 2·nx·ny·nz floats (re, im), x fastest
	 * @return the transform, same layout
	 */
	public static float[] inverse(final GpuDevice device, final float[] interleaved, final int nx, final int ny, final int nz) {
		return transform(device, interleaved, nx, ny, nz, false);
	}

	private static float[] transform(final GpuDevice device, final float[] interleaved, final int nx, final int ny, final int nz,
		final boolean forward)
	{
		checkShape(nx, ny, nz);
		final long n = (long) nx * ny * nz;
		if (interleaved.length != 2 * n) throw new IllegalArgumentException("an FFT of " + shape(nx, ny, nz) + " needs " + 2 * n +
			" interleaved floats, got " + interleaved.length);
		final float[] result = new float[interleaved.length];
		device.run(clij2 -> {
			try (Plan plan = plan(device, clij2, nx, ny, nz); ClearCLBuffer data = clij2.create(new long[] { 2 * n }, NativeTypeEnum.Float)) {
				data.readFrom(FloatBuffer.wrap(interleaved), true);
				if (forward) plan.forward(data);
				else plan.inverse(data);
				data.writeTo(FloatBuffer.wrap(result), true);
			}
			return null;
		});
		return result;
	}

	/** Checks that every length is at least 1 and of the form 2^a·3^b·5^c; one-line message otherwise. */
	static void checkShape(final int nx, final int ny, final int nz) {
		final int[] lengths = { nx, ny, nz };
		final String[] axes = { "x", "y", "z" };
		for (int a = 0; a < 3; a++) {
			if (lengths[a] < 1) throw new IllegalArgumentException("FFT of " + shape(nx, ny, nz) + ": length along " + axes[a] +
				" must be at least 1");
			if (!FftSizes.isFast(lengths[a])) throw new IllegalArgumentException("FFT of " + shape(nx, ny, nz) + ": length " + lengths[a] +
				" along " + axes[a] + " is not of the form 2^a*3^b*5^c; pad it to FftSizes.nextFast(" + lengths[a] + ") = " + FftSizes.nextFast(
					lengths[a]));
		}
	}

	private static String shape(final int nx, final int ny, final int nz) {
		return nx + "x" + ny + "x" + nz;
	}
}
