package org.tessera.deconv;

import org.jtransforms.fft.FloatFFT_1D;
import org.jtransforms.fft.FloatFFT_2D;
import org.jtransforms.fft.FloatFFT_3D;

/**
 * Complex FFTs of a 1D, 2D or 3D volume (x fastest) of interleaved complex
 * floats, in place, with JTransforms (any size; fastest for 2^a·3^b·5^c).
 * The inverse is scaled by 1/N.
 */
final class CpuFft {

	private final FloatFFT_1D fft1;
	private final FloatFFT_2D fft2;
	private final FloatFFT_3D fft3;

	CpuFft(final int nx, final int ny, final int nz) {
		if (nz > 1) {
			fft3 = new FloatFFT_3D(nz, ny, nx);
			fft2 = null;
			fft1 = null;
		}
		else if (ny > 1) {
			fft2 = new FloatFFT_2D(ny, nx);
			fft3 = null;
			fft1 = null;
		}
		else {
			fft1 = new FloatFFT_1D(nx);
			fft2 = null;
			fft3 = null;
		}
	}

	void forward(final float[] complex) {
		if (fft3 != null) fft3.complexForward(complex);
		else if (fft2 != null) fft2.complexForward(complex);
		else fft1.complexForward(complex);
	}

	void inverse(final float[] complex) {
		if (fft3 != null) fft3.complexInverse(complex, true);
		else if (fft2 != null) fft2.complexInverse(complex, true);
		else fft1.complexInverse(complex, true);
	}
}
