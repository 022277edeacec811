package org.tessera.deconv;

import java.util.Arrays;

import org.tessera.core.TaskMonitor;
import org.tessera.gpu.FftSizes;

/**
 * Richardson-Lucy deconvolution, optionally with total-variation
 * regularisation and Biggs-Andrews acceleration, in 2D or 3D, on the CPU.
 * <p>
 * <b>Edges without wrap-around.</b> The object is estimated on a domain larger
 * than the image by the PSF's size (rounded up to an FFT-friendly
 * 2^a·3^b·5^c), so the FFT's circular convolution never folds one edge onto
 * the other. Only the image's pixels are compared with the blurred estimate;
 * the correction is divided by the blurred image support {@code s = Hᵀ1_W}
 * (Bertero and Boccacci 2005), which keeps the pixels near the edges and just
 * outside them as well determined as the others:
 * <pre>
 *   f ← f · Hᵀ( 1_W · g / Hf ) / (s − λ·div(∇f / |∇f|))
 * </pre>
 * with {@code λ = 0} for plain Richardson-Lucy. The total-variation term is
 * that of Dey et al. (2006), the convention of clij2-fft's RLTV: λ = 0.002 is
 * a usual value for images in photon counts.
 * <p>
 * <b>Acceleration</b> (Biggs and Andrews 1997, first order): each iteration
 * starts from the estimate extrapolated along the last step, {@code y = f_k +
 * α (f_k − f_{k−1})}, with α from the last two corrections (0 ≤ α ≤ 0.95). It
 * reaches a given quality in a fraction of the iterations, and goes past the
 * best one as fast: on noisy images use few iterations (about a fifth) or total
 * variation with it.
 *
 * @param iterations number of iterations (≥ 1)
 * @param regularization λ of the total-variation term; 0 for plain Richardson-Lucy
 * @param accelerate Biggs-Andrews acceleration
 * @param threads CPU threads for the FFTs (0 = all cores)
 */
public record RichardsonLucy(int iterations, double regularization, boolean accelerate, int threads) {

	/** A floor for the blurred estimate, so that dark pixels do not divide by 0. */
	static final float TINY = 1e-12f;

	/** |∇f| is at least this (relative to the image's mean), so flat regions do not divide by 0. */
	private static final double TV_EPSILON = 1e-2;

	public RichardsonLucy {
		if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
		if (!(regularization >= 0) || Double.isInfinite(regularization))
			throw new IllegalArgumentException("regularization must be >= 0 (0 = plain Richardson-Lucy), got " + regularization);
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
	}

	/**
	 * The FFT domain for an image and a PSF: per axis at least image + PSF − 1,
	 * rounded up to 2^a·3^b·5^c (1 stays 1 for a 2D image's z).
	 */
	public static int[] domain(final int[] image, final int[] psf) {
		final int[] d = new int[3];
		for (int a = 0; a < 3; a++) d[a] = image[a] == 1 && psf[a] == 1 ? 1 : FftSizes.nextFast(image[a] + psf[a] - 1);
		return d;
	}

	/**
	 * Deconvolves a volume.
	 *
	 * @param image the observed image, x fastest; nz = 1 for 2D
	 * @param psf the PSF (normalised to sum 1 here), x fastest, centred at {@code size / 2} per axis
	 * @return the estimate, the size of the image
	 */
	public float[] apply(final float[] image, final int nx, final int ny, final int nz, final float[] psf, final int kx, final int ky,
		final int kz, final TaskMonitor monitor)
	{
		final Setup setup = setup(image, nx, ny, nz, psf, kx, ky, kz);
		if (threads > 0) org.visnow.jlargearrays.ConcurrencyUtils.setNumberOfThreads(threads);
		final int[] d = setup.domain();
		final CpuFft fft = new CpuFft(d[0], d[1], d[2]);
		final int n = d[0] * d[1] * d[2];
		final float[] otf = centredKernel(psf, new int[] { kx, ky, kz }, d);
		fft.forward(otf);
		final float[] work = new float[2 * n];
		final float[] g = setup.observed();
		final boolean[] inW = setup.window();
		final double mean = setup.mean();
		// s = Hᵀ 1_W: how much of each domain pixel's light lands in the image
		final float[] s = new float[n];
		for (int i = 0; i < n; i++) s[i] = inW[i] ? 1 : 0;
		convolve(s, otf, true, fft, work);
		final float sMin = supportFloor(s);
		// start: the image's mean wherever the image sees light
		float[] f = new float[n];
		for (int i = 0; i < n; i++) f[i] = s[i] > sMin ? (float) mean : 0;
		float[] previous = null, previousStep = null, olderStep = null;
		final float[] ratio = new float[n];
		final double eps = tvEpsilon(mean);
		for (int it = 0; it < iterations; it++) {
			monitor.checkCancelled();
			// acceleration: extrapolate along the last step
			float[] y = f;
			if (accelerate && previous != null && previousStep != null && olderStep != null) {
				final double alpha = alpha(previousStep, olderStep);
				if (alpha > 0) {
					y = new float[n];
					for (int i = 0; i < n; i++) y[i] = Math.max(0, f[i] + (float) alpha * (f[i] - previous[i]));
				}
			}
			// ratio = 1_W · g / (H y)
			System.arraycopy(y, 0, ratio, 0, n);
			convolve(ratio, otf, false, fft, work);
			for (int i = 0; i < n; i++) ratio[i] = inW[i] ? g[i] / Math.max(ratio[i], TINY) : 0;
			convolve(ratio, otf, true, fft, work);
			final float[] tv = regularization > 0 ? divergenceOfNormalisedGradient(y, d, eps) : null;
			final float[] next = new float[n];
			for (int i = 0; i < n; i++) {
				if (s[i] <= sMin) continue;
				// the TV term weighted by the support: pixels the image barely sees (s → 0, outside it) are not driven
				// by the regulariser alone, which would make them explode
				float factor = tv == null ? 1 : 1 - (float) regularization * tv[i];
				factor = Math.max(factor, 0.1f);
				final float denominator = s[i] * factor;
				next[i] = (float) (y[i] * ratio[i] / denominator);
			}
			if (accelerate) {
				olderStep = previousStep;
				previousStep = new float[n];
				for (int i = 0; i < n; i++) previousStep[i] = next[i] - y[i];
				previous = f;
			}
			f = next;
			monitor.progress(it + 1, iterations);
		}
		return setup.crop(f);
	}

	/**
	 * The checked inputs on the FFT domain: the observed values placed in the
	 * domain (0 elsewhere), where the image is (the window W), and its mean.
	 */
	record Setup(int[] image, int[] psf, int[] domain, float[] observed, boolean[] window, double mean) {

		int index(final int x, final int y, final int z) {
			return x + psf[0] / 2 + domain[0] * (y + psf[1] / 2 + domain[1] * (z + psf[2] / 2));
		}

		/** The image's part of a domain-sized array. */
		float[] crop(final float[] f) {
			final float[] out = new float[image[0] * image[1] * image[2]];
			for (int z = 0; z < image[2]; z++)
				for (int y = 0; y < image[1]; y++)
					for (int x = 0; x < image[0]; x++) out[x + image[0] * (y + image[1] * z)] = f[index(x, y, z)];
			return out;
		}
	}

	static Setup setup(final float[] image, final int nx, final int ny, final int nz, final float[] psf, final int kx, final int ky,
		final int kz)
	{
		final int[] in = { nx, ny, nz }, k = { kx, ky, kz };
		if ((long) nx * ny * nz != image.length) throw new IllegalArgumentException("image " + nx + "x" + ny + "x" + nz + " does not match " +
			image.length + " values");
		if ((long) kx * ky * kz != psf.length) throw new IllegalArgumentException("psf " + kx + "x" + ky + "x" + kz + " does not match " +
			psf.length + " values");
		if (nz == 1 && kz > 1) throw new IllegalArgumentException("the PSF is 3D (" + kz + " planes) but the image is 2D");
		for (final float v : image)
			if (!(v >= 0) || Float.isInfinite(v)) throw new IllegalArgumentException(
				"the image has negative or non-finite values; Richardson-Lucy needs intensities >= 0 (subtract less background)");
		final int[] d = domain(in, k);
		if ((long) d[0] * d[1] * d[2] > Integer.MAX_VALUE / 2 - 16) throw new IllegalArgumentException("image and PSF need an FFT of " +
			d[0] + "x" + d[1] + "x" + d[2] + ", more than one array holds; deconvolve in parts");
		final int n = d[0] * d[1] * d[2];
		final float[] g = new float[n];
		final boolean[] inW = new boolean[n];
		final Setup setup = new Setup(in, k, d, g, inW, 0);
		double mean = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = setup.index(x, y, z);
					g[i] = image[x + nx * (y + ny * z)];
					inW[i] = true;
					mean += g[i];
				}
		return new Setup(in, k, d, g, inW, mean / image.length);
	}

	/**
	 * Domain pixels whose blurred support is below this get no estimate: the
	 * image sees no light from them (beyond the PSF's reach; FFT round-off is
	 * about 1e-7 of the maximum).
	 */
	static float supportFloor(final float[] s) {
		float max = 0;
		for (final float v : s) max = Math.max(max, v);
		return 1e-5f * max;
	}

	/** |∇f| is at least this in the total-variation term, so flat regions do not divide by 0. */
	static double tvEpsilon(final double mean) {
		return TV_EPSILON * Math.max(mean, 1e-30);
	}

	/** Biggs-Andrews α = Σ g_{k−1}·g_{k−2} / Σ g_{k−2}·g_{k−2}, in [0, 1). */
	private static double alpha(final float[] last, final float[] older) {
		double num = 0, den = 0;
		for (int i = 0; i < last.length; i++) {
			num += (double) last[i] * older[i];
			den += (double) older[i] * older[i];
		}
		if (!(den > 0)) return 0;
		return Math.max(0, Math.min(0.95, num / den));
	}

	/**
	 * div(∇f / |∇f|) with forward differences for the gradient and backward
	 * ones for the divergence (zero flux at the domain's edges), |∇f| at least
	 * {@code eps}.
	 */
	static float[] divergenceOfNormalisedGradient(final float[] f, final int[] d, final double eps) {
		final int nx = d[0], ny = d[1], nz = d[2], plane = nx * ny;
		final int n = f.length;
		final float[] gx = new float[n], gy = new float[n], gz = new float[n];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					final double dx = x + 1 < nx ? f[i + 1] - f[i] : 0;
					final double dy = y + 1 < ny ? f[i + nx] - f[i] : 0;
					final double dz = z + 1 < nz ? f[i + plane] - f[i] : 0;
					final double norm = Math.sqrt(dx * dx + dy * dy + dz * dz + eps * eps);
					gx[i] = (float) (dx / norm);
					gy[i] = (float) (dy / norm);
					gz[i] = (float) (dz / norm);
				}
		final float[] div = new float[n];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					double v = gx[i] - (x > 0 ? gx[i - 1] : 0) + gy[i] - (y > 0 ? gy[i - nx] : 0);
					if (nz > 1) v += gz[i] - (z > 0 ? gz[i - plane] : 0);
					div[i] = (float) v;
				}
		return div;
	}

	/** The PSF on the domain as complex values: normalised to sum 1, its centre moved to index 0 (its FFT is the transfer function). */
	static float[] centredKernel(final float[] psf, final int[] k, final int[] d) {
		double sum = 0;
		for (final float v : psf) {
			if (!(v >= 0) || Float.isInfinite(v)) throw new IllegalArgumentException("the PSF has negative or non-finite values");
			sum += v;
		}
		if (!(sum > 0)) throw new IllegalArgumentException("the PSF is all zero");
		final float[] otf = new float[2 * d[0] * d[1] * d[2]];
		final int cx = k[0] / 2, cy = k[1] / 2, cz = k[2] / 2;
		for (int z = 0; z < k[2]; z++)
			for (int y = 0; y < k[1]; y++)
				for (int x = 0; x < k[0]; x++) {
					final int xx = Math.floorMod(x - cx, d[0]), yy = Math.floorMod(y - cy, d[1]), zz = Math.floorMod(z - cz, d[2]);
					otf[2 * (xx + d[0] * (yy + d[1] * zz))] = (float) (psf[x + k[0] * (y + k[1] * z)] / sum);
				}
		return otf;
	}

	/** {@code data ← H data} (or {@code Hᵀ data} with transpose), circular on the domain, in place. */
	static void convolve(final float[] data, final float[] otf, final boolean transpose, final CpuFft fft, final float[] work) {
		final int n = data.length;
		Arrays.fill(work, 0);
		for (int i = 0; i < n; i++) work[2 * i] = data[i];
		fft.forward(work);
		for (int i = 0; i < n; i++) {
			final float a = work[2 * i], b = work[2 * i + 1], c = otf[2 * i], e = transpose ? -otf[2 * i + 1] : otf[2 * i + 1];
			work[2 * i] = a * c - b * e;
			work[2 * i + 1] = a * e + b * c;
		}
		fft.inverse(work);
		for (int i = 0; i < n; i++) data[i] = work[2 * i];
	}

}
