package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;

/** Decoding on hand-made tensors with known answers. */
class FastSamDecoderTest {

	/** Candidates (cx, cy, w, h, confidence, coefficients...) and prototypes {@code [nm][ph][pw]}. */
	private static FastSamOutput output(final double[][] candidates, final float[][][] protos) {
		final int nm = protos.length, ph = protos[0].length, pw = protos[0][0].length, n = candidates.length;
		final float[] det = new float[(5 + nm) * n];
		for (int i = 0; i < n; i++)
			for (int r = 0; r < 5 + nm; r++) det[r * n + i] = r < candidates[i].length ? (float) candidates[i][r] : 0;
		final float[] p = new float[nm * ph * pw];
		for (int k = 0; k < nm; k++)
			for (int y = 0; y < ph; y++)
				for (int x = 0; x < pw; x++) p[(k * ph + y) * pw + x] = protos[k][y][x];
		return new FastSamOutput(det, n, p, nm, ph, pw);
	}

	private static float[][][] constant(final int nm, final int ph, final int pw, final float value) {
		final float[][][] p = new float[nm][ph][pw];
		for (final float[][] plane : p)
			for (final float[] row : plane) java.util.Arrays.fill(row, value);
		return p;
	}

	@Test
	void confidenceAtTheThresholdIsKeptBelowIsNot() {
		final FastSamOutput out = output(new double[][] { { 10, 10, 4, 4, 0.39 }, { 30, 10, 4, 4, 0.4 }, { 50, 10, 4, 4, 0.41 } }, constant(1, 4, 4,
			1));
		assertArrayEquals(new int[] { 2, 1 }, new FastSamDecoder().select(out));
		assertArrayEquals(new int[] { 2 }, new FastSamDecoder().withConfidence(0.405).select(out));
		assertArrayEquals(new int[] { 2, 1, 0 }, new FastSamDecoder().withConfidence(0).select(out));
	}

	@Test
	void nmsDropsBoxesOverlappingABetterOneByMoreThanIou() {
		// boxes [0, 10] x [0, 10] (0.9) and [0, 10] x [0, 5] (0.8): IoU exactly 0.5
		final double[][] c = { { 5, 2.5, 10, 5, 0.8 }, { 5, 5, 10, 10, 0.9 }, { 40, 40, 10, 10, 0.7 } };
		final FastSamOutput out = output(c, constant(1, 4, 4, 1));
		assertArrayEquals(new int[] { 1, 0, 2 }, new FastSamDecoder().withIou(0.5).select(out), "IoU 0.5 is not > 0.5");
		assertArrayEquals(new int[] { 1, 2 }, new FastSamDecoder().withIou(0.49).select(out));
		// the default 0.9 keeps both; a near duplicate (IoU 0.95) goes
		final double[][] dup = { { 5, 5, 10, 10, 0.9 }, { 5.25, 5, 10, 10, 0.95 } };
		assertArrayEquals(new int[] { 1 }, new FastSamDecoder().select(output(dup, constant(1, 4, 4, 1))));
	}

	@Test
	void equalConfidencesKeepTheTensorsOrder() {
		final double[][] c = { { 10, 10, 4, 4, 0.5 }, { 30, 10, 4, 4, 0.6 }, { 50, 10, 4, 4, 0.5 }, { 70, 10, 4, 4, 0.5 } };
		assertArrayEquals(new int[] { 1, 0, 2, 3 }, new FastSamDecoder().select(output(c, constant(1, 4, 4, 1))));
	}

	@Test
	void atMostMaxDetectionsTheBestOnes() {
		final double[][] c = new double[150][];
		for (int i = 0; i < 150; i++) c[i] = new double[] { 10 + 20 * (i % 15), 10 + 20 * (i / 15), 8, 8, 0.5 + i / 1000.0 };
		final FastSamOutput out = output(c, constant(1, 4, 4, 1));
		final int[] kept = new FastSamDecoder().select(out);
		assertEquals(100, kept.length);
		for (int k = 0; k < 100; k++) assertEquals(149 - k, kept[k]);
		assertEquals(5, new FastSamDecoder().withMaxDetections(5).select(out).length);
	}

	@Test
	void aMaskIsCroppedToTheBoxByPixelCentres() {
		// the whole 64 x 64 input positive; box x 10.4..20.6, y 3..7.5: columns 10..20, rows 3..6
		final FastSamOutput out = output(new double[][] { { 15.5, 5.25, 10.2, 4.5, 0.9, 1 } }, constant(1, 16, 16, 5));
		final FastSamMask m = FastSamDecoder.mask(out, 0, Letterbox.of(64, 64, 64, 64));
		assertEquals(11 * 4, m.area());
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++) assertEquals(x >= 10 && x <= 20 && y >= 3 && y <= 6, m.contains(x, y), x + "," + y);
	}

	@Test
	void theThresholdIsStrictlyAboveHalf() {
		// logit 0 everywhere: sigmoid 0.5, nothing; a tiny positive logit: the whole box
		final double[][] c = { { 8, 8, 8, 8, 0.9, 1 } };
		assertEquals(0, FastSamDecoder.mask(output(c, constant(1, 4, 4, 0)), 0, Letterbox.of(16, 16, 16, 16)).area());
		assertEquals(64, FastSamDecoder.mask(output(c, constant(1, 4, 4, 1e-3f)), 0, Letterbox.of(16, 16, 16, 16)).area());
		// coefficients are summed: 2 * (+1) + 1 * (-2) = 0 is nothing, 3 * (+1) + 1 * (-2) is in
		final float[][][] two = { constant(1, 4, 4, 1)[0], constant(1, 4, 4, -2)[0] };
		assertEquals(0, FastSamDecoder.mask(output(new double[][] { { 8, 8, 8, 8, 0.9, 2, 1 } }, two), 0, Letterbox.of(16, 16, 16, 16)).area());
		assertEquals(64, FastSamDecoder.mask(output(new double[][] { { 8, 8, 8, 8, 0.9, 3, 1 } }, two), 0, Letterbox.of(16, 16, 16, 16)).area());
	}

	@Test
	void theSigmoidIsInterpolatedBilinearly() {
		// prototype columns: logit = column - 50 on a 64-cell grid for a 256 input. Pixel x reads grid
		// position (x + 0.5) / 4 - 0.5: x = 201 reads 49.875 (sigmoid between 0.269 and 0.5: < 0.5),
		// x = 202 reads 50.125 (between 0.5 and 0.731: > 0.5)
		final float[][][] ramp = new float[1][64][64];
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++) ramp[0][y][x] = x - 50;
		final FastSamMask m = FastSamDecoder.mask(output(new double[][] { { 128, 128, 256, 256, 0.9, 1 } }, ramp), 0, Letterbox.of(256, 256, 256,
			256));
		assertFalse(m.contains(201, 100));
		assertTrue(m.contains(202, 100));
		assertEquals(54 * 256, m.area());
	}

	@Test
	void masksAreMappedBackThroughTheLetterbox() {
		// a 200 x 100 image in a 64 x 64 input: scale 0.32, offsets (0, 16). The input box (16, 24)..(48, 40)
		// is the image box (50, 25)..(150, 75)
		final Letterbox lb = Letterbox.of(200, 100, 64, 64);
		assertEquals(16, lb.offsetY());
		final FastSamOutput out = output(new double[][] { { 32, 32, 32, 16, 0.9, 1 } }, constant(1, 16, 16, 4));
		final FastSamMask m = FastSamDecoder.mask(out, 0, lb);
		assertEquals(50, m.box().x0(), 1e-9);
		assertEquals(25, m.box().y0(), 1e-9);
		assertEquals(150, m.box().x1(), 1e-9);
		assertEquals(75, m.box().y1(), 1e-9);
		for (int y = 0; y < 100; y++)
			for (int x = 0; x < 200; x++) assertEquals(x >= 50 && x < 150 && y >= 25 && y < 75, m.contains(x, y), x + "," + y);
	}

	@Test
	void boxesAreClippedToTheImageAndMasksInThePaddingDropped() {
		final Letterbox lb = Letterbox.of(200, 100, 64, 64);
		// one box reaching into the top padding, one wholly inside it
		final FastSamOutput out = output(new double[][] { { 32, 16, 32, 16, 0.9, 1 }, { 32, 6, 20, 8, 0.8, 1 } }, constant(1, 16, 16, 4));
		final List<FastSamMask> masks = new FastSamDecoder().decode(out, lb, TaskMonitor.NONE);
		assertEquals(1, masks.size());
		final FastSamMask m = masks.get(0);
		assertEquals(0, m.box().y0(), 0);
		assertEquals(25, m.box().y1(), 1e-9);
		assertEquals(100 * 25, m.area());
	}

	@Test
	void onlyKeptDetectionsGetMasksByDecreasingScore() {
		final double[][] c = { { 8, 8, 8, 8, 0.5, 1 }, { 40, 40, 8, 8, 0.3, 1 }, { 8.1, 8, 8, 8, 0.6, 1 }, { 40, 8, 8, 16, 0.7, 1 } };
		final List<FastSamMask> masks = new FastSamDecoder().decode(output(c, constant(1, 16, 16, 3)), Letterbox.of(64, 64, 64, 64),
			TaskMonitor.NONE);
		assertEquals(2, masks.size());
		assertEquals(0.7, masks.get(0).score(), 1e-6);
		assertEquals(0.6, masks.get(1).score(), 1e-6);
		assertEquals(128, masks.get(0).area());
	}
}
