package org.tessera.deconv;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

import org.tessera.core.TaskMonitor;
import org.tessera.gpu.GpuComplex;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuFft;
import org.tessera.gpu.KernelLaunch;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * The OpenCL path of {@link RichardsonLucy}: the same iterations, with Tessera's
 * device FFT ({@link GpuFft}) and the pointwise steps of deconv.cl; only the
 * image goes to the device and only the estimate comes back.
 */
final class GpuRichardsonLucy {

	private GpuRichardsonLucy() {
		// static utility
	}

	/** Domain-sized float buffers the iterations hold on the device. */
	static int buffers(final RichardsonLucy rl) {
		return 10 + (rl.accelerate() ? 4 : 0) + (rl.regularization() > 0 ? 4 : 0);
	}

	static float[] apply(final GpuDevice device, final RichardsonLucy rl, final float[] image, final int nx, final int ny, final int nz,
		final float[] psf, final int kx, final int ky, final int kz, final TaskMonitor monitor)
	{
		final RichardsonLucy.Setup setup = RichardsonLucy.setup(image, nx, ny, nz, psf, kx, ky, kz);
		final int[] d = setup.domain();
		final int n = d[0] * d[1] * d[2];
		final float[] result = new float[n];
		device.run(clij2 -> {
			final long[] real = { n }, complex = { 2L * n };
			try (GpuFft.Plan fft = GpuFft.plan(device, clij2, d[0], d[1], d[2]); ClearCLBuffer otf = clij2.create(complex, NativeTypeEnum.Float);
				ClearCLBuffer work = clij2.create(complex, NativeTypeEnum.Float); ClearCLBuffer g = clij2.create(real, NativeTypeEnum.Float);
				ClearCLBuffer window = clij2.create(real, NativeTypeEnum.UnsignedByte); ClearCLBuffer s = clij2.create(real, NativeTypeEnum.Float);
				ClearCLBuffer ratio = clij2.create(real, NativeTypeEnum.Float); Extra extra = new Extra(clij2, rl, d))
			{
				otf.readFrom(FloatBuffer.wrap(RichardsonLucy.centredKernel(psf, new int[] { kx, ky, kz }, d)), true);
				fft.forward(otf);
				g.readFrom(FloatBuffer.wrap(setup.observed()), true);
				final byte[] w = new byte[n];
				for (int i = 0; i < n; i++) w[i] = (byte) (setup.window()[i] ? 1 : 0);
				window.readFrom(ByteBuffer.wrap(w), true);
				// s = Hᵀ 1_W, and the start
				final float[] host = new float[n];
				for (int i = 0; i < n; i++) host[i] = w[i];
				s.readFrom(FloatBuffer.wrap(host), true);
				convolve(device, fft, s, otf, work, true, n);
				s.writeTo(FloatBuffer.wrap(host), true);
				final float sMin = RichardsonLucy.supportFloor(host);
				for (int i = 0; i < n; i++) host[i] = host[i] > sMin ? (float) setup.mean() : 0;
				ClearCLBuffer f = extra.f, next = extra.next;
				f.readFrom(FloatBuffer.wrap(host), true);
				final float eps = (float) RichardsonLucy.tvEpsilon(setup.mean());
				try (ClearCLKernel ratioK = kernel(device, "ratio"); ClearCLKernel update = kernel(device, "update"))
				{
					for (int it = 0; it < rl.iterations(); it++) {
						monitor.checkCancelled();
						ClearCLBuffer y = f;
						if (rl.accelerate() && it >= 2) {
							final double alpha = extra.alpha(device);
							if (alpha > 0) {
								extra.extrapolate(device, f, alpha);
								y = extra.y;
							}
						}
						// ratio = 1_W g / (H y)
						y.copyTo(ratio, true);
						convolve(device, fft, ratio, otf, work, false, n);
						KernelLaunch.with(ratioK).arg("hf", ratio).arg("g", g).arg("window", window).arg("tiny", RichardsonLucy.TINY).arg("n", (long) n)
							.run(n);
						convolve(device, fft, ratio, otf, work, true, n);
						final ClearCLBuffer tv = rl.regularization() > 0 ? extra.tv(device, y, eps) : s; // s: a placeholder, unused
						KernelLaunch.with(update).arg("next", next).arg("y", y).arg("c", ratio).arg("s", s).arg("tv", tv)
							.arg("lambda", (float) rl.regularization()).arg("smin", sMin).arg("n", (long) n).run(n);
						if (rl.accelerate()) extra.step(device, next, y, f);
						final ClearCLBuffer t = f;
						f = next;
						next = t;
						monitor.progress(it + 1, rl.iterations());
					}
				}
				f.writeTo(FloatBuffer.wrap(result), true);
			}
			return null;
		});
		return setup.crop(result);
	}

	private static ClearCLKernel kernel(final GpuDevice device, final String name) {
		return device.kernel(GpuRichardsonLucy.class, "deconv.cl", name, Map.of(), false);
	}

	/** {@code data ← H data} (or {@code Hᵀ data}) on the device, through the complex buffer {@code work}. */
	private static void convolve(final GpuDevice device, final GpuFft.Plan fft, final ClearCLBuffer data, final ClearCLBuffer otf,
		final ClearCLBuffer work, final boolean transpose, final long n)
	{
		GpuComplex.toComplex(device, data, work, n);
		fft.forward(work);
		if (transpose) GpuComplex.multiplyConjugate(device, work, otf, n);
		else GpuComplex.multiply(device, work, otf, n);
		fft.inverse(work);
		GpuComplex.toReal(device, work, data, n);
	}

	/** The estimate buffers, and those of acceleration and total variation when asked for. */
	private static final class Extra implements AutoCloseable {

		final ClearCLBuffer f, next, y, previous, lastStep, olderStep, gx, gy, gz, div;
		private final int[] d;
		private final long n;
		private boolean steps;
		private ClearCLBuffer last, older;

		Extra(final CLIJ2 clij2, final RichardsonLucy rl, final int[] d) {
			this.d = d;
			n = (long) d[0] * d[1] * d[2];
			final long[] real = { n };
			f = clij2.create(real, NativeTypeEnum.Float);
			next = clij2.create(real, NativeTypeEnum.Float);
			final boolean a = rl.accelerate(), t = rl.regularization() > 0;
			y = a ? clij2.create(real, NativeTypeEnum.Float) : null;
			previous = a ? clij2.create(real, NativeTypeEnum.Float) : null;
			lastStep = a ? clij2.create(real, NativeTypeEnum.Float) : null;
			olderStep = a ? clij2.create(real, NativeTypeEnum.Float) : null;
			gx = t ? clij2.create(real, NativeTypeEnum.Float) : null;
			gy = t ? clij2.create(real, NativeTypeEnum.Float) : null;
			gz = t ? clij2.create(real, NativeTypeEnum.Float) : null;
			div = t ? clij2.create(real, NativeTypeEnum.Float) : null;
			last = lastStep;
			older = olderStep;
		}

		/** div(∇y / |∇y|) into {@link #div}. */
		ClearCLBuffer tv(final GpuDevice device, final ClearCLBuffer y, final float eps) {
			try (ClearCLKernel grad = kernel(device, "normalised_gradient"); ClearCLKernel dv = kernel(device, "divergence")) {
				KernelLaunch.with(grad).arg("f", y).arg("gx", gx).arg("gy", gy).arg("gz", gz).arg("nx", d[0]).arg("ny", d[1]).arg("nz", d[2])
					.arg("eps", eps).run(d[0], d[1], d[2]);
				KernelLaunch.with(dv).arg("gx", gx).arg("gy", gy).arg("gz", gz).arg("div", div).arg("nx", d[0]).arg("ny", d[1]).arg("nz", d[2])
					.run(d[0], d[1], d[2]);
			}
			return div;
		}

		/** After an iteration from {@code y} to {@code next}: keep the step and the estimate it started from. */
		void step(final GpuDevice device, final ClearCLBuffer nextEstimate, final ClearCLBuffer y, final ClearCLBuffer f) {
			final ClearCLBuffer t = older;
			older = last;
			last = t;
			try (ClearCLKernel k = kernel(device, "difference")) {
				KernelLaunch.with(k).arg("delta", last).arg("next", nextEstimate).arg("y", y).arg("n", n).run(n);
			}
			f.copyTo(previous, true);
			steps = true;
		}

		/** Biggs-Andrews α from the last two steps, in [0, 0.95]. */
		double alpha(final GpuDevice device) {
			if (!steps) return 0;
			final int chunk = 4096;
			final int parts = (int) ((n + chunk - 1) / chunk);
			final float[] ab = new float[parts], bb = new float[parts];
			device.run(clij2 -> {
				try (ClearCLBuffer pab = clij2.create(new long[] { parts }, NativeTypeEnum.Float); ClearCLBuffer pbb = clij2.create(new long[] {
					parts }, NativeTypeEnum.Float); ClearCLKernel k = kernel(device, "dots"))
				{
					KernelLaunch.with(k).arg("a", last).arg("b", older).arg("ab", pab).arg("bb", pbb).arg("chunk", chunk).arg("n", n).run(parts);
					pab.writeTo(FloatBuffer.wrap(ab), true);
					pbb.writeTo(FloatBuffer.wrap(bb), true);
				}
				return null;
			});
			double num = 0, den = 0;
			for (int i = 0; i < parts; i++) {
				num += ab[i];
				den += bb[i];
			}
			if (!(den > 0)) return 0;
			return Math.max(0, Math.min(0.95, num / den));
		}

		/** y = max(0, f + α (f − previous)). */
		void extrapolate(final GpuDevice device, final ClearCLBuffer f, final double alpha) {
			try (ClearCLKernel k = kernel(device, "extrapolate")) {
				KernelLaunch.with(k).arg("y", y).arg("f", f).arg("previous", previous).arg("alpha", (float) alpha).arg("n", n).run(n);
			}
		}

		@Override
		public void close() {
			for (final ClearCLBuffer b : new ClearCLBuffer[] { f, next, y, previous, lastStep, olderStep, gx, gy, gz, div })
				if (b != null) b.close();
		}
	}
}
