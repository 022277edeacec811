package org.tessera.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;

/**
 * Richardson-Lucy on the CPU: edges without wrap-around, convergence towards
 * the truth on a phantom, total variation against noise, acceleration.
 */
class RichardsonLucyTest {

	/** A sampled, normalised Gaussian of odd size 2·ceil(3σ)+1 per axis (σ = 0: one pixel). */
	static float[] gaussian(final double sx, final double sy, final double sz, final int[] sizeOut) {
		final int kx = 2 * (int) Math.ceil(3 * sx) + 1, ky = 2 * (int) Math.ceil(3 * sy) + 1, kz = sz > 0 ? 2 * (int) Math.ceil(3 * sz) + 1 : 1;
		final float[] k = new float[kx * ky * kz];
		double sum = 0;
		for (int z = 0; z < kz; z++)
			for (int y = 0; y < ky; y++)
				for (int x = 0; x < kx; x++) {
					final double dx = x - kx / 2, dy = y - ky / 2, dz = z - kz / 2;
					final double v = Math.exp(-dx * dx / (2 * sx * sx) - dy * dy / (2 * sy * sy) - (sz > 0 ? dz * dz / (2 * sz * sz) : 0));
					k[x + kx * (y + ky * z)] = (float) v;
					sum += v;
				}
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		sizeOut[0] = kx;
		sizeOut[1] = ky;
		sizeOut[2] = kz;
		return k;
	}

	@Test
	void domainIsLargeEnoughAndFftFriendly() {
		assertEquals(8, org.tessera.gpu.FftSizes.nextFast(7));
		assertEquals(288, org.tessera.gpu.FftSizes.nextFast(286));
		assertEquals(1, org.tessera.gpu.FftSizes.nextFast(1));
		final int[] d = RichardsonLucy.domain(new int[] { 100, 64, 1 }, new int[] { 31, 31, 1 });
		assertEquals(135, d[0]); // 130 -> 135 = 3^3·5
		assertEquals(96, d[1]);
		assertEquals(1, d[2]);
	}

	@Test
	void aFlatImageStaysFlatUpToTheEdges() {
		final int[] k = new int[3];
		final float[] psf = gaussian(2, 2, 1.5, k);
		final int nx = 30, ny = 26, nz = 12;
		final float[] flat = new float[nx * ny * nz];
		java.util.Arrays.fill(flat, 7.5f);
		final float[] out = new RichardsonLucy(20, 0, false, 0).apply(flat, nx, ny, nz, psf, k[0], k[1], k[2], TaskMonitor.NONE);
		// the circular-FFT shortcut would do this too; dividing by the blurred support is what keeps the edges right
		for (int i = 0; i < out.length; i++) assertEquals(7.5, out[i], 7.5e-4, "pixel " + i);
	}

	@Test
	void aBrightSpotAtOneEdgeLeavesNoGhostAtTheOther() {
		final int[] k = new int[3];
		final float[] psf = gaussian(3, 3, 0, k);
		final int nx = 64, ny = 48;
		final float[] img = Convolution.same(spot(nx, ny, 2, 24, 1000), nx, ny, 1, psf, k[0], k[1], k[2]);
		for (int i = 0; i < img.length; i++) img[i] += 1;
		final float[] out = new RichardsonLucy(30, 0, false, 0).apply(img, nx, ny, 1, psf, k[0], k[1], k[2], TaskMonitor.NONE);
		// the spot sharpens where it is ...
		assertTrue(out[2 + nx * 24] > 2 * img[2 + nx * 24], "spot " + out[2 + nx * 24] + " vs observed " + img[2 + nx * 24]);
		// ... and the far edge stays at the background (a circular convolution would put the spot's tail there)
		for (int y = 0; y < ny; y++) assertEquals(1, out[nx - 1 + nx * y], 0.05, "right edge, y " + y);
	}

	private static float[] spot(final int nx, final int ny, final int x, final int y, final float v) {
		final float[] a = new float[nx * ny];
		a[x + nx * y] = v;
		return a;
	}

	@Test
	void deconvolutionBringsThePhantomCloserToTheTruthIn3D() {
		final int[] k = new int[3];
		final float[] psf = gaussian(1.5, 1.5, 2.5, k);
		final Phantom p = Phantom.spheres(48, 44, 32, new int[] { 2, 3, 5, 8 }, 3, 5, 60, 1, 8, psf, k[0], k[1], k[2], 11);
		final double before = p.nrmse(p.observed(), 0);
		final float[] rl = new RichardsonLucy(30, 0, false, 0).apply(p.observed(), 48, 44, 32, psf, k[0], k[1], k[2], TaskMonitor.NONE);
		final double after = p.nrmse(rl, 0);
		assertTrue(after < 0.8 * before, "NRMSE " + before + " -> " + after);
		// the total intensity is kept (Richardson-Lucy conserves flux)
		double sumIn = 0, sumOut = 0;
		for (int i = 0; i < rl.length; i++) {
			sumIn += p.observed()[i];
			sumOut += rl[i];
		}
		assertEquals(sumIn, sumOut, 0.02 * sumIn);
	}

	@Test
	void restoresSpheresBlurredByAWidefieldPsf() {
		final int k = 21;
		final float[] psf = Psf.bornWolf(new Optics(1.4, 520, 1.518, 100, 200), k, k, k).data();
		final Phantom p = Phantom.spheres(44, 40, 24, new int[] { 2, 3, 5 }, 3, 5, 80, 2, 6, psf, k, k, k, 8);
		final float[] rl = new RichardsonLucy(20, 0.002, false, 0).apply(p.observed(), 44, 40, 24, psf, k, k, k, TaskMonitor.NONE);
		assertTrue(p.nrmse(rl, 0) < 0.85 * p.nrmse(p.observed(), 0), "NRMSE " + p.nrmse(p.observed(), 0) + " -> " + p.nrmse(rl, 0));
	}

	@Test
	void totalVariationBeatsPlainRichardsonLucyOnNoisyDataAtManyIterations() {
		final int[] k = new int[3];
		final float[] psf = gaussian(2, 2, 0, k);
		// few photons: noise that plain Richardson-Lucy amplifies after many iterations
		final Phantom p = Phantom.spheres(96, 80, 1, new int[] { 2, 4, 7, 11 }, 4, 3, 20, 1, 8, psf, k[0], k[1], k[2], 5);
		final float[] rl = new RichardsonLucy(200, 0, false, 0).apply(p.observed(), 96, 80, 1, psf, k[0], k[1], k[2], TaskMonitor.NONE);
		final float[] tv = new RichardsonLucy(200, 0.002, false, 0).apply(p.observed(), 96, 80, 1, psf, k[0], k[1], k[2], TaskMonitor.NONE);
		final double eRl = p.nrmse(rl, 0), eTv = p.nrmse(tv, 0), before = p.nrmse(p.observed(), 0);
		assertTrue(eTv < eRl, "RL-TV " + eTv + " vs RL " + eRl + " (observed " + before + ")");
	}

	@Test
	void accelerationGetsFurtherInTheSameIterations() {
		final int[] k = new int[3];
		final float[] psf = gaussian(2, 2, 0, k);
		final Phantom p = Phantom.spheres(96, 80, 1, new int[] { 2, 4, 7 }, 4, 5, 200, 1, 8, psf, k[0], k[1], k[2], 9);
		final float[] plain = new RichardsonLucy(10, 0, false, 0).apply(p.observed(), 96, 80, 1, psf, k[0], k[1], k[2], TaskMonitor.NONE);
		final float[] fast = new RichardsonLucy(10, 0, true, 0).apply(p.observed(), 96, 80, 1, psf, k[0], k[1], k[2], TaskMonitor.NONE);
		assertTrue(p.nrmse(fast, 0) < p.nrmse(plain, 0), "accelerated " + p.nrmse(fast, 0) + " vs plain " + p.nrmse(plain, 0));
	}

	@Test
	void badInputIsNamed() {
		final int[] k = new int[3];
		final float[] psf = gaussian(1, 1, 1, k);
		final RichardsonLucy rl = new RichardsonLucy(5, 0, false, 0);
		final float[] img = new float[8 * 8];
		img[3] = -1;
		var e = assertThrows(IllegalArgumentException.class, () -> rl.apply(img, 8, 8, 1, new float[] { 1 }, 1, 1, 1, TaskMonitor.NONE));
		assertTrue(e.getMessage().contains("negative"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> rl.apply(new float[64], 8, 8, 1, psf, k[0], k[1], k[2], TaskMonitor.NONE));
		assertTrue(e.getMessage().contains("PSF is 3D"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> rl.apply(new float[64], 8, 8, 1, new float[9], 3, 3, 1, TaskMonitor.NONE));
		assertTrue(e.getMessage().contains("all zero"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new RichardsonLucy(0, 0, false, 0));
		assertTrue(e.getMessage().startsWith("iterations"), e.getMessage());
	}
}
