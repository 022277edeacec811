package org.tessera.chunk;

import java.nio.file.Path;
import java.util.List;

import org.tessera.core.CellCache;
import org.tessera.imagej.ImageFiles;

import ij.ImagePlus;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Many 2D TIFF files as one lazily read ImgLib2 image, like
 * {@code dask_image.imread} (a stack along z) or {@code da.block} (a grid of
 * tiles): a file is read when a block first touches it, and at most
 * {@code cachedFiles} are held in memory, so the image can be far larger than
 * the Java heap. All files must have the same size and pixel type (8-, 16- or
 * 32-bit grey).
 */
public final class LazyTiffs {

	private LazyTiffs() {
		// static utility
	}

	/** What the first file says every file must be. */
	private record Layout(int width, int height, int bitDepth) {}

	private static Layout layout(final List<Path> files) {
		if (files.isEmpty()) throw new IllegalArgumentException("no files");
		final ImagePlus first = ImageFiles.read(files.get(0), "input");
		if (first.getStackSize() != 1) throw new IllegalArgumentException("input: " + files.get(0) + " has " + first.getStackSize() +
			" planes; lazy stacks are made of 2D files");
		if (first.getBitDepth() == 24) throw new IllegalArgumentException("input: " + files.get(0) + " is RGB; expected grey pixels");
		return new Layout(first.getWidth(), first.getHeight(), first.getBitDepth());
	}

	/** One file as the pixel array of a cell, checked against the layout. */
	private static Object pixels(final Path file, final Layout layout) {
		final ImagePlus imp = ImageFiles.read(file, "input");
		if (imp.getWidth() != layout.width || imp.getHeight() != layout.height || imp.getBitDepth() != layout.bitDepth ||
			imp.getStackSize() != 1)
			throw new IllegalArgumentException("input: " + file + " is " + imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize() +
				", " + imp.getBitDepth() + "-bit; the first file is " + layout.width + "x" + layout.height + ", " + layout.bitDepth + "-bit");
		return imp.getProcessor().getPixels();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Cell cell(final Object pixels, final int[] dims, final long[] min) {
		if (pixels instanceof byte[] b) return new Cell<>(dims, min, new ByteArray(b));
		if (pixels instanceof short[] s) return new Cell<>(dims, min, new ShortArray(s));
		return new Cell<>(dims, min, new FloatArray((float[]) pixels));
	}

	@SuppressWarnings("rawtypes")
	private static NativeType type(final Layout layout) {
		return switch (layout.bitDepth) {
			case 8 -> new UnsignedByteType();
			case 16 -> new UnsignedShortType();
			default -> new FloatType();
		};
	}

	/**
	 * The files as planes of a 3D image (x, y, z = file index).
	 *
	 * @param cachedFiles how many planes to keep in memory; a block of depth d
	 *          with halo h reads d + 2h planes, so use at least threads × (d + 2h)
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <T extends RealType<T> & NativeType<T>> LazyCellImg<T, ?> stack(final List<Path> files, final int cachedFiles) {
		final Layout layout = layout(files);
		final CellGrid grid = new CellGrid(new long[] { layout.width, layout.height, files.size() }, new int[] { layout.width, layout.height,
			1 });
		final CellCache cache = new CellCache(cachedFiles, index -> cell(pixels(files.get((int) index), layout), new int[] { layout.width,
			layout.height, 1 }, new long[] { 0, 0, index }));
		return new LazyCellImg(grid, type(layout), cache::get);
	}

	/**
	 * The files as tiles of one 2D mosaic, row by row ({@code columns} tiles per
	 * row), like {@code da.block}.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <T extends RealType<T> & NativeType<T>> LazyCellImg<T, ?> grid(final List<Path> files, final int columns,
		final int cachedFiles)
	{
		if (columns < 1 || files.size() % columns != 0)
			throw new IllegalArgumentException(files.size() + " files do not make rows of " + columns + " tiles");
		final Layout layout = layout(files);
		final int rows = files.size() / columns;
		final CellGrid grid = new CellGrid(new long[] { (long) layout.width * columns, (long) layout.height * rows }, new int[] { layout.width,
			layout.height });
		final CellCache cache = new CellCache(cachedFiles, index -> {
			final long col = index % columns, row = index / columns;
			return cell(pixels(files.get((int) index), layout), new int[] { layout.width, layout.height }, new long[] { col * layout.width, row *
				layout.height });
		});
		return new LazyCellImg(grid, type(layout), cache::get);
	}
}
