package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.imglib2.FinalInterval;

class BlockGridTest {

	@Test
	void blocksTileTheImageExactlyOnce() {
		final FinalInterval image = new FinalInterval(new long[] { 3, -2, 0 }, new long[] { 29, 14, 6 }); // 27 x 17 x 7
		final BlockGrid grid = new BlockGrid(image, new long[] { 8, 5, 3 });
		assertArrayEquals(new long[] { 4, 4, 3 }, grid.gridSize());
		final int[][][] hits = new int[27][17][7];
		final List<Block> blocks = grid.blocks();
		assertEquals(48, blocks.size());
		for (final Block b : blocks) {
			assertEquals(b, grid.block(b.index()));
			for (long x = b.core().min(0); x <= b.core().max(0); x++)
				for (long y = b.core().min(1); y <= b.core().max(1); y++)
					for (long z = b.core().min(2); z <= b.core().max(2); z++)
						hits[(int) (x - 3)][(int) (y + 2)][(int) z]++;
		}
		for (final int[][] a : hits) for (final int[] b : a) for (final int c : b) assertEquals(1, c);
		assertEquals("3.0.2", grid.block(3 + 4 * 0 + 16 * 2).key());
	}

	@Test
	void autoGridKeepsBlocksSmallAndNumerous() {
		final BlockGrid g = BlockGrid.auto(new FinalInterval(8192, 8192), BlockGrid.DEFAULT_TARGET, 4);
		assertArrayEquals(new long[] { 2048, 2048 }, g.blockSize());
		final BlockGrid small = BlockGrid.auto(new FinalInterval(300, 200), BlockGrid.DEFAULT_TARGET, 4);
		assertTrue(small.numBlocks() >= 4, "needs work for 4 threads: " + small.numBlocks());
		final BlockGrid g3 = BlockGrid.auto(new FinalInterval(1024, 1024, 256), 1 << 21, 2);
		long n = 1;
		for (final long s : g3.blockSize()) n *= s;
		assertTrue(n <= 1 << 21, "block too big: " + n);
	}

	@Test
	void shapesParseAndBadShapesAreRejected() {
		assertArrayEquals(new long[] { 64, 64, 64 }, BlockGrid.parseShape("64", 3));
		assertArrayEquals(new long[] { 512, 256 }, BlockGrid.parseShape("512,256", 2));
		assertThrows(IllegalArgumentException.class, () -> BlockGrid.parseShape("512,256", 3));
		assertThrows(IllegalArgumentException.class, () -> BlockGrid.parseShape("0", 2));
		assertThrows(IllegalArgumentException.class, () -> BlockGrid.parseShape("big", 2));
	}
}
