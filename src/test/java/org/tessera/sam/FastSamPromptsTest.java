package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Prompt text and prompt semantics on hand-made masks with known answers. */
class FastSamPromptsTest {

	private static final int W = 40, H = 30;

	/** A rectangular mask of columns x0..x1-1 and rows y0..y1-1. */
	private static FastSamMask rect(final double score, final int x0, final int y0, final int x1, final int y1) {
		final boolean[] bits = new boolean[(x1 - x0) * (y1 - y0)];
		java.util.Arrays.fill(bits, true);
		return new FastSamMask(score, new Box(x0, y0, x1, y1), x0, y0, x1 - x0, y1 - y0, bits);
	}

	// a cell (0..19 x 0..19) with its nucleus (5..9 x 5..9), and a neighbour overlapping the cell (15..29 x 0..9)
	private static final FastSamMask CELL = rect(0.9, 0, 0, 20, 20), NUCLEUS = rect(0.8, 5, 5, 10, 10), NEIGHBOUR = rect(0.7, 15, 0, 30, 10);
	private static final FastSamResult RESULT = new FastSamResult(W, H, List.of(CELL, NUCLEUS, NEIGHBOUR));

	private static int[] selected(final String points) {
		final FastSamSelection s = RESULT.points(FastSamPrompts.parsePoints(points));
		assertTrue(s.objects().size() <= 1);
		return s.labels();
	}

	private static void assertRegion(final int[] labels, final java.util.function.BiPredicate<Integer, Integer> expected) {
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) assertEquals(expected.test(x, y) ? 1 : 0, labels[y * W + x], x + "," + y);
	}

	private static boolean in(final FastSamMask m, final int x, final int y) {
		return m.contains(x, y);
	}

	@Test
	void positivePointsTakeEveryMaskHoldingThem() {
		assertRegion(selected("7,7"), (x, y) -> in(CELL, x, y)); // cell and nucleus: their union
		assertRegion(selected("25,5"), (x, y) -> in(NEIGHBOUR, x, y));
		assertRegion(selected("17,5"), (x, y) -> in(CELL, x, y) || in(NEIGHBOUR, x, y)); // where cell and neighbour overlap
		assertRegion(selected("2,2;25,5"), (x, y) -> in(CELL, x, y) || in(NEIGHBOUR, x, y));
		assertRegion(selected("7.9,7.2"), (x, y) -> in(CELL, x, y)); // a point lies on pixel (floor x, floor y)
	}

	@Test
	void negativePointsCarveAndDeselect() {
		// negative in the cytoplasm: the cell holds both kinds, so the nucleus alone
		assertRegion(selected("7,7;-2,2"), (x, y) -> in(NUCLEUS, x, y));
		// positive in the cytoplasm, negative on the nucleus: the cell minus the nucleus
		assertRegion(selected("2,2;-7,7"), (x, y) -> in(CELL, x, y) && !in(NUCLEUS, x, y));
		// negative on the neighbour (outside the cell): the cell minus the overlap
		assertRegion(selected("2,2;-25,5"), (x, y) -> in(CELL, x, y) && !in(NEIGHBOUR, x, y));
		// the negative point in the overlap lies in both the cell and the neighbour; the cell also holds the
		// positive point, so only the neighbour is subtracted and the negative point stays in (the status says so)
		final FastSamSelection s = RESULT.points(FastSamPrompts.parsePoints("2,2;-17,5"));
		assertRegion(s.labels(), (x, y) -> in(CELL, x, y) && !in(NEIGHBOUR, x, y));
		final FastSamSelection kept = RESULT.points(FastSamPrompts.parsePoints("2,2;-3,3"));
		assertRegion(kept.labels(), (x, y) -> in(CELL, x, y));
		assertTrue(kept.status().contains("no mask separates negative point -3,3 from the object"), kept.status());
	}

	@Test
	void nothingUnderThePointsIsAnEmptySelectionNotAnError() {
		final FastSamSelection s = RESULT.points(FastSamPrompts.parsePoints("35,25;-2,2"));
		assertTrue(s.isEmpty());
		assertTrue(s.status().contains("no object contains a positive point"), s.status());
		// a negative mask covering the positive one entirely
		final FastSamResult r = new FastSamResult(W, H, List.of(rect(0.9, 0, 0, 10, 10), rect(0.8, 0, 0, 10, 10), rect(0.7, 0, 0, 20, 20)));
		// (2, 2) lies in all three; a negative point at (15, 15) lies in the third only
		assertRegion(r.points(FastSamPrompts.parsePoints("2,2;-15,15")).labels(), (x, y) -> x < 10 && y < 10);
		final IllegalArgumentException noPositive = assertThrows(IllegalArgumentException.class, () -> RESULT.points(List.of(Point.negative(2, 2))));
		assertTrue(noPositive.getMessage().startsWith("points: give at least one positive point"), noPositive.getMessage());
	}

	@Test
	void aBoxTakesTheMaskWithTheBestPixelIoU() {
		assertTrue(RESULT.box(new Box(5, 5, 10, 10)).objects().get(0) == NUCLEUS);
		assertTrue(RESULT.box(new Box(0, 0, 19, 21)).objects().get(0) == CELL);
		assertTrue(RESULT.box(new Box(16, 0, 30, 12)).objects().get(0) == NEIGHBOUR);
		// equal IoU: the higher score
		final FastSamMask a = rect(0.5, 0, 0, 10, 10), b = rect(0.6, 0, 0, 10, 10);
		assertTrue(new FastSamResult(W, H, List.of(b, a)).box(new Box(0, 0, 10, 10)).objects().get(0) == b);
		assertTrue(RESULT.box(new Box(32, 22, 38, 28)).isEmpty());
		assertThrows(IllegalArgumentException.class, () -> RESULT.box(new Box(50, 50, 60, 60)));
	}

	@Test
	void everythingPaintsSmallerObjectsOverLarger() {
		final int[] labels = RESULT.everything().labels();
		assertEquals(1, labels[2 * W + 2]);
		assertEquals(2, labels[7 * W + 7]); // the nucleus over the cell
		assertEquals(1, labels[15 * W + 17]);
		assertEquals(3, labels[5 * W + 17]); // the neighbour (150 px) over the cell (400 px)
		assertEquals(0, labels[25 * W + 35]);
		// equal areas: the higher score wins
		final int[] tie = new FastSamResult(W, H, List.of(rect(0.9, 0, 0, 10, 10), rect(0.8, 5, 0, 15, 10))).labels();
		assertEquals(1, tie[7]);
	}

	@Test
	void parsesPoints() {
		assertEquals(List.of(Point.positive(10, 20), Point.negative(30, 40)), FastSamPrompts.parsePoints("10,20;-30,40"));
		assertEquals(List.of(Point.positive(1.5, 2), Point.negative(3, 4)), FastSamPrompts.parsePoints(" 1.5 , 2 ; - 3,4 "));
		for (final String bad : new String[] { "", "10", "10;20", "a,b", "10,-20", "10,20;", "10,20,30", "--1,2", "1e999,2" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastSamPrompts.parsePoints(bad), bad);
			assertTrue(e.getMessage().startsWith("points: expected x,y;x,y;..."), e.getMessage());
		}
	}

	@Test
	void parsesBoxes() {
		assertEquals(new Box(10, 20, 110, 90), FastSamPrompts.parseBox("10,20,110,90"));
		assertEquals(new Box(0.5, 1, 2, 3.5), FastSamPrompts.parseBox(" 0.5, 1 ,2,3.5"));
		for (final String bad : new String[] { "", "1,2,3", "10,10,5,20", "10,10,20,10", "a,b,c,d", "1,2,3,4,5" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastSamPrompts.parseBox(bad), bad);
			assertTrue(e.getMessage().startsWith("box: expected x0,y0,x1,y1"), e.getMessage());
		}
		FastSamPrompts.checkInside(new Box(0, 0, W, H), W, H);
		final IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> FastSamPrompts.checkInside(new Box(0, 0, W + 1,
			H), W, H));
		assertTrue(outside.getMessage().startsWith("box: 0,0,41,30 reaches outside the 40 x 30 image"), outside.getMessage());
		final IllegalArgumentException point = assertThrows(IllegalArgumentException.class, () -> FastSamPrompts.checkPoints(List.of(Point.positive(
			40, 0)), W, H));
		assertTrue(point.getMessage().startsWith("points: 40,0 lies outside the 40 x 30 image"), point.getMessage());
	}
}
