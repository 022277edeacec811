package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.TestImages;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/** Folders of TIFFs read lazily as one stack or one tile mosaic. */
class LazyTiffsTest {

	@TempDir
	Path tmp;

	private List<Path> writePlanes(final String prefix, final int n, final int w, final int h, final long seed) throws IOException {
		final List<Path> files = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			final var img = ArrayImgs.unsignedShorts(w, h);
			TestImages.fill(img, seed + i, 4000);
			final Path f = tmp.resolve(String.format("%s_%03d.tif", prefix, i));
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(AxisImg.of(prefix, img, AxisType.X, AxisType.Y)), f);
			files.add(f);
		}
		return files;
	}

	private static double[] values(final RandomAccessibleInterval<UnsignedShortType> img, final AxisType... axes) {
		return TestImages.values(AxisImg.of("v", img, axes));
	}

	@Test
	void planesStackAlongZAndAChunkedBlurOfTheLazyStackEqualsTheInMemoryOne() throws IOException {
		final List<Path> files = writePlanes("plane", 9, 40, 30, 1);
		final RandomAccessibleInterval<UnsignedShortType> lazy = LazyTiffs.stack(files, 3);
		assertArrayEquals(new long[] { 40, 30, 9 }, lazy.dimensionsAsLongArray());
		final var memory = PlanarImgs.unsignedShorts(40, 30, 9);
		for (int z = 0; z < 9; z++)
			Blocks.copy(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(files.get(z), "f")).data(), Views.hyperSlice(memory, 2, z));
		assertArrayEquals(values(memory, AxisType.X, AxisType.Y, AxisType.Z), values(lazy, AxisType.X, AxisType.Y, AxisType.Z));
		final GaussianBlur blur = new GaussianBlur(new double[] { 1.5, 1.5, 1 }, Boundary.REFLECT, 4, null, 2);
		final var out = AxisImg.of("o", ArrayImgs.unsignedShorts(40, 30, 9), AxisType.X, AxisType.Y, AxisType.Z);
		blur.applyChunked(AxisImg.of("lazy", lazy, AxisType.X, AxisType.Y, AxisType.Z), out, new long[] { 16, 16, 2 }, TaskMonitor.NONE);
		assertArrayEquals(TestImages.values(blur.apply(AxisImg.of("m", memory, AxisType.X, AxisType.Y, AxisType.Z))), TestImages.values(out));
	}

	@Test
	void tilesMakeAMosaicRowByRow() throws IOException {
		final List<Path> files = writePlanes("tile", 6, 10, 7, 20);
		final RandomAccessibleInterval<UnsignedShortType> mosaic = LazyTiffs.grid(files, 3, 2);
		assertArrayEquals(new long[] { 30, 14 }, mosaic.dimensionsAsLongArray());
		for (int t = 0; t < 6; t++) {
			final var tile = ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(files.get(t), "t")).data();
			final long x0 = (t % 3) * 10L, y0 = (t / 3) * 7L;
			assertArrayEquals(values(tile, AxisType.X, AxisType.Y), values(Views.interval(mosaic, new long[] { x0, y0 }, new long[] { x0 + 9, y0
				+ 6 }), AxisType.X, AxisType.Y), "tile " + t);
		}
		assertThrows(IllegalArgumentException.class, () -> LazyTiffs.grid(files, 4, 2));
	}

	@Test
	void aFileOfAnotherSizeIsNamedWhenReached() throws IOException {
		final List<Path> files = new ArrayList<>(writePlanes("a", 3, 20, 20, 1));
		files.addAll(writePlanes("b", 1, 21, 20, 9));
		final RandomAccessibleInterval<UnsignedShortType> lazy = LazyTiffs.stack(files, 2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> values(lazy, AxisType.X, AxisType.Y,
			AxisType.Z));
		assertTrue(e.getMessage().contains("b_000.tif is 21x20x1"), e.getMessage());
	}
}
