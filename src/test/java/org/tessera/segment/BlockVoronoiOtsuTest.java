package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tessera.chunk.BlockGrid;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;
import org.tessera.synthetic.SyntheticNuclei;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Voronoi-Otsu labeling block by block gives the whole image's labels exactly:
 * for blocks much smaller than the nuclei (so growth, seeds and the level cross
 * many blocks), in 2D and 3D, with flat tops that leave a block, and with
 * foreground that no seed reaches.
 */
class BlockVoronoiOtsuTest {

	private static <T extends RealType<T>> int[] whole(final AxisImg<T> image, final double[] spot, final double[] outline, final double[] t) {
		final var labels = new VoronoiOtsuLabeling(spot, outline, DeviceChoice.CPU, 1).apply(image, t, TaskMonitor.NONE);
		final int[] v = new int[(int) net.imglib2.util.Intervals.numElements(labels)];
		int i = 0;
		for (final var p : Views.flatIterable(labels)) v[i++] = p.get();
		return v;
	}

	private static <T extends RealType<T>> int[] blocks(final AxisImg<T> image, final double[] spot, final double[] outline, final long[] shape,
		final double[] t, final int[] count) throws Exception
	{
		final long[] dims = image.data().dimensionsAsLongArray();
		final Img<FloatType> out = ArrayImgs.floats(dims);
		final var job = new BlockVoronoiOtsu(spot, outline, dims, 1L << 26);
		final var r = job.run(image, new BlockGrid(image.data(), shape).blocks(), 2, FloatBlockSink.into(out), TaskMonitor.NONE);
		t[0] = r.threshold();
		count[0] = r.count();
		final int[] v = new int[(int) net.imglib2.util.Intervals.numElements(out)];
		int i = 0;
		for (final var p : Views.flatIterable(out)) v[i++] = (int) p.get();
		return v;
	}

	private static int max(final int[] v) {
		int m = 0;
		for (final int x : v) m = Math.max(m, x);
		return m;
	}

	@ParameterizedTest
	@ValueSource(ints = { 13, 32, 100, 256 })
	void blocksOf2DImageGiveTheWholeImagesLabels(final int block) throws Exception {
		final var n = SyntheticNuclei.of2D(256, 200, 60, 7).generate();
		final double[] spot = { 3 }, outline = { 1 };
		final double[] tw = new double[1], tb = new double[1];
		final int[] expected = whole(n.image(), spot, outline, tw);
		final int[] count = new int[1];
		final int[] got = blocks(n.image(), spot, outline, new long[] { block, block }, tb, count);
		assertTrue(max(expected) > 30, max(expected) + " nuclei");
		assertEquals(tw[0], tb[0], 0, "Otsu level");
		assertEquals(max(expected), count[0]);
		assertArrayEquals(expected, got);
	}

	@Test
	void blocksOf3DImageGiveTheWholeImagesLabels() throws Exception {
		final var n = SyntheticNuclei.of3D(96, 80, 24, 40, 8).generate();
		final double[] spot = { 3, 3, 1.5 }, outline = { 1, 1, 0.5 };
		final double[] tw = new double[1], tb = new double[1];
		final int[] expected = whole(n.image(), spot, outline, tw);
		assertTrue(max(expected) > 15, max(expected) + " nuclei");
		for (final long[] shape : new long[][] { { 17, 23, 5 }, { 40, 40, 24 }, { 96, 80, 7 } }) {
			final int[] got = blocks(n.image(), spot, outline, shape, tb, new int[1]);
			assertEquals(tw[0], tb[0], 0, "Otsu level");
			assertArrayEquals(expected, got, "blocks " + java.util.Arrays.toString(shape));
		}
	}

	/**
	 * Saturated discs with no seed blur: the seeds are flat tops wider than the
	 * blocks. A band rising to the right that runs into a thin, brighter line
	 * is foreground without a seed (each of its columns has a brighter
	 * neighbour), while the thin line, blurred away, is not foreground: no seed
	 * reaches the band, across every block it crosses.
	 */
	@Test
	void flatTopsAndUnreachedForegroundAcrossBlocks() throws Exception {
		final int nx = 160, ny = 120;
		final float[] img = new float[nx * ny];
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++) {
				float v = 10;
				for (final int[] c : new int[][] { { 30, 30, 18 }, { 70, 40, 20 }, { 120, 70, 25 }, { 40, 85, 12 }, { 130, 111, 8 } })
					if ((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) <= c[2] * c[2]) v = 200;
				if (y >= 110 && y <= 112 && x <= 96) v = 100 + x;
				if (y == 111 && x > 96 && x < 122) v = 100 + x;
				img[x + nx * y] = v;
			}
		final AxisImg<FloatType> image = AxisImg.of("discs", ArrayImgs.floats(img, nx, ny), AxisType.X, AxisType.Y);
		final double[] spot = { 0 }, outline = { 1 };
		final double[] tw = new double[1], tb = new double[1];
		final int[] expected = whole(image, spot, outline, tw);
		assertTrue(max(expected) >= 4, max(expected) + " labels");
		final float[] outlined = img.clone();
		org.tessera.filter.SeparableGaussian.blur(outlined, nx, ny, 1, new double[] { 1, 1, 0 }, 4, org.tessera.core.Boundary.NEAREST, org.tessera
			.core.Threads.executor(1), TaskMonitor.NONE);
		assertTrue(outlined[90 + nx * 111] >= tw[0] && outlined[40 + nx * 111] >= tw[0], "the band is foreground");
		assertEquals(0, expected[90 + nx * 111], "no seed reaches the band");
		for (final int block : new int[] { 9, 25, 64 })
			assertArrayEquals(expected, blocks(image, spot, outline, new long[] { block, block }, tb, new int[1]), "blocks " + block);
	}

	@Test
	void aRegionLargerThanTheLimitIsRefusedInOneLine() {
		// one wide band of foreground with its only seed at the far end: block (0,0) needs the whole width
		final int nx = 400, ny = 40;
		final float[] img = new float[nx * ny];
		for (int y = 10; y < 30; y++)
			for (int x = 0; x < nx; x++) img[x + nx * y] = 100 + x * 0.1f;
		final AxisImg<FloatType> image = AxisImg.of("band", ArrayImgs.floats(img, nx, ny), AxisType.X, AxisType.Y);
		final long[] dims = { nx, ny };
		final var job = new BlockVoronoiOtsu(new double[] { 0 }, new double[] { 0 }, dims, 100 * 40);
		final var e = assertThrows(IllegalArgumentException.class, () -> job.run(image, new BlockGrid(image.data(), new long[] { 20, 40 })
			.blocks(), 1, FloatBlockSink.into(ArrayImgs.floats(dims)), TaskMonitor.NONE));
		assertTrue(e.getMessage().contains("execution=whole") && e.getMessage().contains("limit"), e.getMessage());
		// with room, the same job labels the band as the whole image does
		final double[] t = new double[1];
		final int[] expected = whole(image, new double[] { 0 }, new double[] { 0 }, t);
		final var out = ArrayImgs.floats(dims);
		try {
			new BlockVoronoiOtsu(new double[] { 0 }, new double[] { 0 }, dims, 1L << 20).run(image, new BlockGrid(image.data(), new long[] { 20,
				40 }).blocks(), 1, FloatBlockSink.into(out), TaskMonitor.NONE);
		}
		catch (final java.io.IOException x) {
			throw new AssertionError(x);
		}
		int i = 0;
		for (final var p : Views.flatIterable(out)) assertEquals(expected[i++], (int) p.get());
		assertEquals(1, max(expected));
	}
}
