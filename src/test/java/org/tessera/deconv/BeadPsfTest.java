package org.tessera.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A PSF from a bead image: background off, centred, cropped or padded, normalised. */
class BeadPsfTest {

	private static final int NX = 41, NY = 37, NZ = 21;

	/** A Gaussian bead of peak 1000 at (bx, by, bz) on a background of 100, with Gaussian noise of sigma 5 (seeded). */
	private static float[] bead(final int bx, final int by, final int bz, final long seed) {
		final Random random = new Random(seed);
		final float[] img = new float[NX * NY * NZ];
		for (int z = 0, i = 0; z < NZ; z++)
			for (int y = 0; y < NY; y++)
				for (int x = 0; x < NX; x++, i++) {
					final double q = (x - bx) * (x - bx) / 4.0 + (y - by) * (y - by) / 4.0 + (z - bz) * (z - bz) / 2.25;
					img[i] = (float) (100 + 1000 * Math.exp(-q / 2) + 5 * random.nextGaussian());
				}
		return img;
	}

	private static int[] argmax(final Psf p) {
		int best = 0;
		final float[] d = p.data();
		for (int i = 1; i < d.length; i++)
			if (d[i] > d[best]) best = i;
		return new int[] { best % p.nx(), best / p.nx() % p.ny(), best / (p.nx() * p.ny()) };
	}

	private static double sum(final Psf p) {
		double s = 0;
		for (final float v : p.data()) s += v;
		return s;
	}

	@Test
	void anOffCentreNoisyBeadComesBackCentredAndNormalised() {
		final Psf p = Psf.fromImage(bead(12, 25, 7, 1), NX, NY, NZ, 31, 31, 15);
		assertEquals(31, p.nx());
		assertEquals(31, p.ny());
		assertEquals(15, p.nz());
		assertEquals(1, sum(p), 1e-5);
		assertEquals("[15, 15, 7]", Arrays.toString(argmax(p)));
		for (final float v : p.data()) assertTrue(v >= 0);
		// the bead's shape, allowing for the noise: 2 pixels (one sigma) along x, exp(-1/2); 1 pixel along z (sigma 1.5), exp(-1/4.5)
		assertEquals(Math.exp(-0.5), p.get(17, 15, 7) / p.get(15, 15, 7), 0.03);
		assertEquals(Math.exp(-1 / 4.5), p.get(15, 15, 8) / p.get(15, 15, 7), 0.03);
	}

	@Test
	void cropAndPad() {
		final float[] img = bead(30, 10, 14, 2);
		final Psf crop = Psf.fromImage(img, NX, NY, NZ, 9, 7, 5);
		assertEquals("[4, 3, 2]", Arrays.toString(argmax(crop)));
		assertEquals(1, sum(crop), 1e-5);
		final Psf pad = Psf.fromImage(img, NX, NY, NZ, 65, 65, 33);
		assertEquals("[32, 32, 16]", Arrays.toString(argmax(pad)));
		assertEquals(1, sum(pad), 1e-5);
		// bead at x = 30 of 41 lands on 32: source x 0..40 covers output x 2..42, zeros beyond
		for (int z = 0; z < 33; z++)
			for (int y = 0; y < 65; y++) {
				assertEquals(0, pad.get(1, y, z));
				assertEquals(0, pad.get(43, y, z));
			}
		// same pixels as the crop, rescaled: the crop is the middle of the padded PSF
		final double ratio = crop.get(4, 3, 2) / pad.get(32, 32, 16);
		assertEquals(crop.get(5, 3, 2), pad.get(33, 32, 16) * ratio, 1e-6);
		assertEquals(crop.get(4, 4, 3), pad.get(32, 33, 17) * ratio, 1e-6);
	}

	@Test
	void aHotPixelDoesNotMoveTheCentre() {
		final float[] img = bead(20, 18, 10, 3);
		img[3 + NX * (30 + NY * 4)] = 3000;
		assertEquals("[10, 10, 5]", Arrays.toString(argmax(Psf.fromImage(img, NX, NY, NZ, 21, 21, 11))));
	}

	@Test
	void twoDimensionalBead() {
		final Random random = new Random(4);
		final float[] img = new float[50 * 40];
		for (int y = 0, i = 0; y < 40; y++)
			for (int x = 0; x < 50; x++, i++)
				img[i] = (float) (20 + 500 * Math.exp(-((x - 7) * (x - 7) + (y - 31) * (y - 31)) / 8.0) + 2 * random.nextGaussian());
		final Psf p = Psf.fromImage(img, 50, 40, 1, 25, 25, 1);
		assertEquals("[12, 12, 0]", Arrays.toString(argmax(p)));
		assertEquals(1, sum(p), 1e-5);
	}

	@Test
	void flatOrEmptyImagesAreOneLineErrors() {
		final float[] flat = new float[20 * 20 * 5];
		Arrays.fill(flat, 42);
		final String m = assertThrows(IllegalArgumentException.class, () -> Psf.fromImage(flat, 20, 20, 5, 9, 9, 5)).getMessage();
		assertTrue(m.startsWith("the bead image is flat"), m);
		assertFalse(m.contains("\n"), m);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Psf.fromImage(new float[0], 0, 0, 1, 9, 9, 1)).getMessage().contains(
			"empty"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Psf.fromImage(new float[10], 3, 3, 1, 9, 9, 1)).getMessage().contains(
			"not 3x3x1"));
	}
}
