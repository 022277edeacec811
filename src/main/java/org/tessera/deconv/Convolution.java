package org.tessera.deconv;

/** Linear convolution through FFTs, zero outside the image (as {@code scipy.signal.fftconvolve(..., mode='same')}). */
public final class Convolution {

	private Convolution() {
		// static utility
	}

	/**
	 * The image convolved with a kernel centred at {@code size / 2} per axis,
	 * the size of the image; the image is zero outside itself.
	 */
	public static float[] same(final float[] image, final int nx, final int ny, final int nz, final float[] kernel, final int kx,
		final int ky, final int kz)
	{
		final int[] d = RichardsonLucy.domain(new int[] { nx, ny, nz }, new int[] { kx, ky, kz });
		final CpuFft fft = new CpuFft(d[0], d[1], d[2]);
		final int n = d[0] * d[1] * d[2];
		// kernel with its centre at index 0, not normalised
		final float[] otf = new float[2 * n];
		for (int z = 0; z < kz; z++)
			for (int y = 0; y < ky; y++)
				for (int x = 0; x < kx; x++) {
					final int xx = Math.floorMod(x - kx / 2, d[0]), yy = Math.floorMod(y - ky / 2, d[1]), zz = Math.floorMod(z - kz / 2, d[2]);
					otf[2 * (xx + d[0] * (yy + d[1] * zz))] = kernel[x + kx * (y + ky * z)];
				}
		fft.forward(otf);
		final float[] work = new float[2 * n];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) work[2 * (x + d[0] * (y + d[1] * z))] = image[x + nx * (y + ny * z)];
		fft.forward(work);
		for (int i = 0; i < n; i++) {
			final float a = work[2 * i], b = work[2 * i + 1], c = otf[2 * i], e = otf[2 * i + 1];
			work[2 * i] = a * c - b * e;
			work[2 * i + 1] = a * e + b * c;
		}
		fft.inverse(work);
		final float[] out = new float[image.length];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) out[x + nx * (y + ny * z)] = work[2 * (x + d[0] * (y + d[1] * z))];
		return out;
	}
}
