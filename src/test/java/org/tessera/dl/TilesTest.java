package org.tessera.dl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The tile layout alone: cores partition the image, edges are aligned, contexts are clipped, the counts are as asked. */
class TilesTest {

	private static void assertPartition(final Tiles layout, final int height, final int width) {
		final List<Tiles.Tile> tiles = layout.tiles(height, width);
		final int[] covered = new int[height * width];
		for (final Tiles.Tile t : tiles) {
			for (final int edge : new int[] { t.coreY0(), t.coreX0(), t.y0(), t.x0() })
				assertEquals(0, edge % layout.divisor(), "tile edge " + edge + " not on a multiple of " + layout.divisor() + ": " + t);
			assertTrue(t.coreY1() % layout.divisor() == 0 || t.coreY1() == height, "core end " + t);
			assertEquals(Math.max(0, t.coreY0() - layout.context()), t.y0(), "context above " + t);
			assertEquals(Math.min(height, t.coreY1() + layout.context()), t.y1(), "context below " + t);
			assertEquals(Math.max(0, t.coreX0() - layout.context()), t.x0(), "context left " + t);
			assertEquals(Math.min(width, t.coreX1() + layout.context()), t.x1(), "context right " + t);
			for (int y = t.coreY0(); y < t.coreY1(); y++)
				for (int x = t.coreX0(); x < t.coreX1(); x++) covered[y * width + x]++;
		}
		for (int i = 0; i < covered.length; i++)
			assertEquals(1, covered[i], "pixel (" + i % width + ", " + i / width + ") is in " + covered[i] + " cores");
	}

	@Test
	void coresPartitionTheImageOnAlignedEdges() {
		for (final int[] c : new int[][] { { 100, 100, 1 }, { 256, 256, 4 }, { 250, 333, 6 }, { 1000, 37, 3 }, { 17, 17, 9 }, { 512, 128, 2 } }) {
			final Tiles layout = Tiles.ofCount(c[2], c[0], c[1], 32, 16);
			assertTrue(layout.rows() * layout.columns() >= c[2], layout + " for " + c[2]);
			assertPartition(layout, c[0], c[1]);
		}
	}

	@Test
	void countsBecomeGridsWithSquarishCores() {
		assertEquals(List.of(2, 2), grid(Tiles.ofCount(4, 512, 512, 0, 16)));
		assertEquals(List.of(1, 2), grid(Tiles.ofCount(2, 512, 1024, 0, 16)));
		assertEquals(List.of(2, 1), grid(Tiles.ofCount(2, 1024, 512, 0, 16)));
		assertEquals(List.of(2, 3), grid(Tiles.ofCount(6, 1000, 1500, 0, 16)));
		assertEquals(List.of(1, 1), grid(Tiles.ofCount(1, 4000, 300, 0, 16)));
		// 5 tiles of a square image: 1 x 5 or 5 x 1 (5 cells), at worst 2 x 3
		final Tiles five = Tiles.ofCount(5, 800, 800, 0, 16);
		assertTrue(five.rows() * five.columns() >= 5 && five.rows() * five.columns() <= 6, five.toString());
	}

	private static List<Integer> grid(final Tiles t) {
		return List.of(t.rows(), t.columns());
	}

	@Test
	void automaticTilesStayWithinTheBudget() {
		assertEquals(List.of(1, 1), grid(Tiles.automatic(1000, 1000, 96, 16, Tiles.DEFAULT_MAX_TILE_PIXELS)));
		for (final int size : new int[] { 1500, 2048, 4096 }) {
			final Tiles t = Tiles.automatic(size, size, 96, 16, Tiles.DEFAULT_MAX_TILE_PIXELS);
			assertTrue(t.largestTilePixels(size, size) <= Tiles.DEFAULT_MAX_TILE_PIXELS, t + " for " + size);
			assertTrue(t.rows() * t.columns() > 1, t + " for " + size);
			// not wastefully many: one tile fewer would not fit
			final Tiles fewer = Tiles.ofCount(t.rows() * t.columns() - 1, size, size, 96, 16);
			assertTrue(fewer.largestTilePixels(size, size) > Tiles.DEFAULT_MAX_TILE_PIXELS, fewer + " would fit " + size);
			if (size <= 2048) assertPartition(t, size, size);
		}
	}

	@Test
	void tilesKeyParsesNumbersAndAuto() {
		assertEquals(0, Tiles.parseCount(""));
		assertEquals(0, Tiles.parseCount(null));
		assertEquals(0, Tiles.parseCount(" Auto "));
		assertEquals(4, Tiles.parseCount("4"));
		for (final String bad : new String[] { "0", "-2", "2x2", "many" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tiles.parseCount(bad));
			assertTrue(e.getMessage().startsWith("tiles: ") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
		}
	}
}
