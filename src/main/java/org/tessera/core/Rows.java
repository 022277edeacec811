package org.tessera.core;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.cell.AbstractCellImg;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Reads and writes rows (runs along x) of 1D to 3D images as floats, straight
 * from the primitive arrays of array and planar images of 8- and 16-bit
 * unsigned, 32-bit float and 32-bit int pixels, and through a cursor for any
 * other image. Block processing moves most of its data this way.
 */
public final class Rows {

	private Rows() {
		// static utility
	}

	/** Whether rows of this image are copied from its arrays (fast) rather than through a cursor. */
	public static boolean isDirect(final RandomAccessibleInterval<?> img) {
		if (img.numDimensions() > 3) return false;
		if (!(img instanceof ArrayImg || img instanceof PlanarImg)) return false;
		final Object t = img.getType();
		return t instanceof FloatType || t instanceof UnsignedShortType || t instanceof UnsignedByteType || t instanceof IntType;
	}

	/** The primitive array holding row (y, z) and the offset of the row's x = 0 in it; null array if not direct. */
	private static Object[] locate(final RandomAccessibleInterval<?> img, final long y, final long z) {
		final long nx = img.dimension(0), ny = img.numDimensions() > 1 ? img.dimension(1) : 1;
		if (img instanceof ArrayImg<?, ?> a) {
			final Object array = ((ArrayDataAccess<?>) a.update(null)).getCurrentStorageArray();
			return new Object[] { array, (int) (nx * (y + ny * z)) };
		}
		final PlanarImg<?, ?> p = (PlanarImg<?, ?>) img;
		if (img.numDimensions() <= 2) return new Object[] { ((ArrayDataAccess<?>) p.getPlane(0)).getCurrentStorageArray(), (int) (nx * y) };
		return new Object[] { ((ArrayDataAccess<?>) p.getPlane((int) z)).getCurrentStorageArray(), (int) (nx * y) };
	}

	/**
	 * Reads {@code length} pixels starting at (x, y, z) (coordinates relative to
	 * the image's min; unused ones 0) into {@code dst[off..]}.
	 */
	public static <T extends RealType<T>> void read(final RandomAccessibleInterval<T> img, final long x, final long y, final long z,
		final int length, final float[] dst, final int off)
	{
		if (isDirect(img)) {
			final Object[] loc = locate(img, y, z);
			final int start = (int) loc[1] + (int) x;
			if (loc[0] instanceof float[] a) System.arraycopy(a, start, dst, off, length);
			else if (loc[0] instanceof short[] a) for (int i = 0; i < length; i++) dst[off + i] = a[start + i] & 0xffff;
			else if (loc[0] instanceof byte[] a) for (int i = 0; i < length; i++) dst[off + i] = a[start + i] & 0xff;
			else if (loc[0] instanceof int[] a) for (int i = 0; i < length; i++) dst[off + i] = a[start + i];
			else throw new IllegalStateException("unexpected storage " + loc[0].getClass());
			return;
		}
		if (isCellDirect(img)) {
			readCells((AbstractCellImg<?, ?, ?, ?>) img, x, y, z, length, dst, off);
			return;
		}
		final Cursor<T> c = Views.flatIterable(Views.interval(img, row(img, x, y, z, length))).cursor();
		for (int i = 0; i < length; i++) dst[off + i] = c.next().getRealFloat();
	}

	/** Cell images (e.g. lazily loaded ones) whose cells hold primitive arrays of a supported type. */
	private static boolean isCellDirect(final RandomAccessibleInterval<?> img) {
		if (!(img instanceof AbstractCellImg) || img.numDimensions() > 3) return false;
		final Object t = img.getType();
		return t instanceof FloatType || t instanceof UnsignedShortType || t instanceof UnsignedByteType || t instanceof IntType;
	}

	/** Reads a row of a cell image cell by cell, from the cells' arrays. */
	private static void readCells(final AbstractCellImg<?, ?, ?, ?> img, final long x, final long y, final long z, final int length,
		final float[] dst, final int off)
	{
		final int n = img.numDimensions();
		final CellGrid grid = img.getCellGrid();
		final RandomAccess<? extends Cell<?>> cells = img.getCells().randomAccess();
		final long[] pos = new long[n];
		final long[] p = { x, y, z };
		int done = 0;
		while (done < length) {
			final long px = x + done;
			p[0] = px;
			for (int d = 0; d < n; d++) pos[d] = p[d] / grid.cellDimension(d);
			cells.setPosition(pos);
			final Cell<?> cell = cells.get();
			final long cx = px - cell.min(0);
			final int w = (int) Math.min(length - done, cell.dimension(0) - cx);
			long index = cx;
			long stride = cell.dimension(0);
			for (int d = 1; d < n; d++) {
				index += (p[d] - cell.min(d)) * stride;
				stride *= cell.dimension(d);
			}
			final Object a = ((ArrayDataAccess<?>) cell.getData()).getCurrentStorageArray();
			final int start = (int) index, o = off + done;
			if (a instanceof float[] f) System.arraycopy(f, start, dst, o, w);
			else if (a instanceof short[] s) for (int i = 0; i < w; i++) dst[o + i] = s[start + i] & 0xffff;
			else if (a instanceof byte[] b) for (int i = 0; i < w; i++) dst[o + i] = b[start + i] & 0xff;
			else if (a instanceof int[] ints) for (int i = 0; i < w; i++) dst[o + i] = ints[start + i];
			else throw new IllegalStateException("unexpected cell storage " + a.getClass());
			done += w;
		}
	}

	/**
	 * Writes {@code length} values from {@code src[off..]} to the row starting at
	 * (x, y, z). Integer pixel types are rounded and clamped to their range.
	 */
	public static <T extends RealType<T>> void write(final float[] src, final int off, final RandomAccessibleInterval<T> img, final long x,
		final long y, final long z, final int length)
	{
		if (isDirect(img)) {
			final Object[] loc = locate(img, y, z);
			final int start = (int) loc[1] + (int) x;
			if (loc[0] instanceof float[] a) System.arraycopy(src, off, a, start, length);
			else if (loc[0] instanceof short[] a) for (int i = 0; i < length; i++) a[start + i] = (short) clamp(Math.round(src[off + i]), 0, 65535);
			else if (loc[0] instanceof byte[] a) for (int i = 0; i < length; i++) a[start + i] = (byte) clamp(Math.round(src[off + i]), 0, 255);
			else if (loc[0] instanceof int[] a) for (int i = 0; i < length; i++) a[start + i] = (int) Math.round((double) src[off + i]);
			else throw new IllegalStateException("unexpected storage " + loc[0].getClass());
			return;
		}
		final T type = img.getType();
		final boolean integer = type instanceof IntegerType;
		final double min = type.getMinValue(), max = type.getMaxValue();
		final Cursor<T> c = Views.flatIterable(Views.interval(img, row(img, x, y, z, length))).cursor();
		for (int i = 0; i < length; i++) {
			final double v = src[off + i];
			c.next().setReal(integer ? Math.max(min, Math.min(max, Math.rint(v))) : v);
		}
	}

	/** Reads a row of int labels (int pixels only: array or planar IntType, or any integer image through a cursor). */
	public static <T extends IntegerType<T>> void readInts(final RandomAccessibleInterval<T> img, final long x, final long y, final long z,
		final int length, final int[] dst, final int off)
	{
		if (isDirect(img) && img.getType() instanceof IntType) {
			final Object[] loc = locate(img, y, z);
			System.arraycopy((int[]) loc[0], (int) loc[1] + (int) x, dst, off, length);
			return;
		}
		final Cursor<T> c = Views.flatIterable(Views.interval(img, row(img, x, y, z, length))).cursor();
		for (int i = 0; i < length; i++) dst[off + i] = c.next().getInteger();
	}

	/** Writes a row of int labels. */
	public static <T extends IntegerType<T>> void writeInts(final int[] src, final int off, final RandomAccessibleInterval<T> img,
		final long x, final long y, final long z, final int length)
	{
		if (isDirect(img) && img.getType() instanceof IntType) {
			final Object[] loc = locate(img, y, z);
			System.arraycopy(src, off, (int[]) loc[0], (int) loc[1] + (int) x, length);
			return;
		}
		final Cursor<T> c = Views.flatIterable(Views.interval(img, row(img, x, y, z, length))).cursor();
		for (int i = 0; i < length; i++) c.next().setInteger(src[off + i]);
	}

	private static int clamp(final long v, final int min, final int max) {
		return (int) (v < min ? min : v > max ? max : v);
	}

	/** The interval of one row, in the image's own coordinates. */
	private static FinalInterval row(final RandomAccessibleInterval<?> img, final long x, final long y, final long z, final int length) {
		final int n = img.numDimensions();
		final long[] min = new long[n], max = new long[n];
		final long[] rel = { x, y, z };
		for (int d = 0; d < n; d++) {
			min[d] = img.min(d) + rel[d];
			max[d] = min[d] + (d == 0 ? length - 1 : 0);
		}
		return new FinalInterval(min, max);
	}
}
