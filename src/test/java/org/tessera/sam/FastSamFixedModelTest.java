package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;

/**
 * The fixed test model end to end (ONNX Runtime, decoding, prompts) against the
 * masks that make_test_model.py computed with PyTorch: D1 is suppressed by D0
 * (box IoU 0.97), D3 is below the confidence, D5's confidence is exactly 0.4.
 */
class FastSamFixedModelTest {

	private static final int S = SamTestData.FIXED_SIZE;
	private static FastSamResult result;

	@BeforeAll
	static void segment() {
		try (FastSamModel model = FastSamModel.load(SamTestData.FIXED)) {
			assertEquals(S, model.inputWidth());
			assertEquals(S, model.inputHeight());
			assertEquals("images", model.inputName());
			final float[] grey = new float[S * S];
			for (int i = 0; i < grey.length; i++) grey[i] = i % 7;
			result = new FastSam(model).segment(FastSamImage.grey(grey, S, S), TaskMonitor.NONE);
		}
		// the model is closed: everything below only prompts the cached result
	}

	@AfterAll
	static void release() {
		result = null;
	}

	@Test
	void theMasksArePyTorchsExactly() {
		final List<SamTestData.Expected> expected = SamTestData.fixedExpected();
		assertEquals(List.of("D0", "D2", "D4", "D6", "D5"), expected.stream().map(SamTestData.Expected::name).toList());
		final List<FastSamMask> masks = result.masks();
		assertEquals(expected.size(), masks.size());
		for (int k = 0; k < masks.size(); k++) {
			final SamTestData.Expected e = expected.get(k);
			final FastSamMask m = masks.get(k);
			assertEquals(e.score(), m.score(), 0, e.name());
			assertEquals(e.box(), m.box(), e.name());
			assertArrayEquals(e.mask(), SamTestData.pixels(m, S, S), e.name());
			assertEquals(e.area(), m.area(), e.name());
		}
		// what the masks are by design: a disc of radius ~24, whole boxes, the ramp from column 202
		assertEquals(Math.PI * 24 * 24, masks.get(0).area(), 0.05 * Math.PI * 24 * 24);
		assertEquals(60 * 40, masks.get(1).area());
		assertEquals(64 * 64, masks.get(2).area());
		assertEquals(96 * 96, masks.get(3).area());
		assertEquals(18 * 40, masks.get(4).area());
	}

	@Test
	void theOutputsAreToldApartByRankNotByNameOrOrder() {
		try (FastSamModel model = FastSamModel.load(SamTestData.DIR.resolve("fixed-swapped.onnx"))) {
			final List<FastSamMask> masks = new FastSam(model).segment(FastSamImage.grey(new float[S * S], S, S), TaskMonitor.NONE).masks();
			assertEquals(result.masks().size(), masks.size());
			for (int k = 0; k < masks.size(); k++) {
				assertEquals(result.masks().get(k).box(), masks.get(k).box());
				assertArrayEquals(SamTestData.pixels(result.masks().get(k), S, S), SamTestData.pixels(masks.get(k), S, S));
			}
		}
	}

	@Test
	void labelsGoByScoreAndSmallerObjectsWin() {
		final int[] labels = result.labels();
		final List<FastSamMask> masks = result.masks();
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) {
				// the smallest mask holding the pixel; equal areas: the higher score (lower label)
				int expected = 0, area = Integer.MAX_VALUE;
				for (int k = 0; k < masks.size(); k++)
					if (masks.get(k).contains(x, y) && masks.get(k).area() < area) {
						expected = k + 1;
						area = masks.get(k).area();
					}
				assertEquals(expected, labels[y * S + x], x + "," + y);
			}
		// the disc (label 1) lies inside D6 (label 4) and over D4 (label 3): all visible
		assertEquals(1, labels[64 * S + 64]);
		assertEquals(3, labels[64 * S + 100]);
		assertEquals(4, labels[20 * S + 20]);
	}

	@Test
	void aBoxSelectsTheBestFittingMask() {
		final FastSamSelection disc = result.box(new Box(40, 40, 88, 88));
		assertEquals(1, disc.objects().size());
		assertTrue(disc.objects().get(0) == result.masks().get(0), disc.status());
		assertTrue(result.box(new Box(16, 16, 112, 112)).objects().get(0) == result.masks().get(3));
		final FastSamSelection none = result.box(new Box(230, 100, 250, 120));
		assertTrue(none.isEmpty());
		assertTrue(none.status().contains("no object overlaps the box"), none.status());
	}

	@Test
	void pointsSelectCarveAndMissAsDocumented() {
		final boolean[] disc = SamTestData.pixels(result.masks().get(0), S, S), big = SamTestData.pixels(result.masks().get(3), S, S);
		// a positive point on the disc: the disc and D6 contain it, their union is D6
		assertArrayEquals(big, SamTestData.pixels(only(result.points(FastSamPrompts.parsePoints("64,64"))), S, S));
		// plus a negative point in D6 outside the disc: only the disc holds the positive point without a negative one
		assertArrayEquals(disc, SamTestData.pixels(only(result.points(FastSamPrompts.parsePoints("64,64;-20,20"))), S, S));
		// positive in D6 outside the disc, negative on the disc: D6 minus the disc
		final boolean[] ring = SamTestData.pixels(only(result.points(FastSamPrompts.parsePoints("20,20;-64,64"))), S, S);
		for (int i = 0; i < ring.length; i++) assertEquals(big[i] && !disc[i], ring[i]);
		// positive on the disc, negative at (100, 64), in D4 and D6: the disc minus D4 (x >= 68)
		final boolean[] cut = SamTestData.pixels(only(result.points(FastSamPrompts.parsePoints("64,64;-100,64"))), S, S);
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) assertEquals(disc[y * S + x] && x < 68, cut[y * S + x], x + "," + y);
		// nothing under the point: empty, with a status saying so
		final FastSamSelection none = result.points(FastSamPrompts.parsePoints("5,5"));
		assertTrue(none.isEmpty());
		assertTrue(none.status().contains("no object contains a positive point"), none.status());
		assertEquals(0, java.util.Arrays.stream(none.labels()).max().orElse(0));
	}

	private static FastSamMask only(final FastSamSelection s) {
		assertEquals(1, s.objects().size(), s.status());
		return s.objects().get(0);
	}
}
