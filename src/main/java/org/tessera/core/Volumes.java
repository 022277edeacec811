package org.tessera.core;

import org.tessera.imagej.ImagePlusViews;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.parallel.TaskExecutor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Copies the spatial volume (x, y and z if present) at one channel and time
 * point of an {@link AxisImg} to and from a flat float array, the working
 * format of the filters. Planar images in ImageJ's axis order (what
 * {@link ImagePlusViews#wrap} returns) are copied plane by plane from their
 * arrays; any other image through a cursor.
 */
public final class Volumes {

	private Volumes() {
		// static utility
	}

	/** Size of the spatial volume: {nx, ny, nz}, nz = 1 for 2D images. */
	public static int[] shape(final AxisImg<?> img) {
		final long nx = img.size(AxisType.X), ny = img.size(AxisType.Y), nz = img.size(AxisType.Z);
		if (img.dimensionOf(AxisType.X) < 0 || img.dimensionOf(AxisType.Y) < 0)
			throw new IllegalArgumentException("image '" + img.name() + "' has axes " + img.axesLabel() + "; expected x and y");
		if (nx * ny * nz > Integer.MAX_VALUE - 16)
			throw new IllegalArgumentException("image '" + img.name() + "' has a volume of " + nx + "x" + ny + "x" + nz +
				" voxels, more than one array can hold; process it in chunks");
		return new int[] { (int) nx, (int) ny, (int) nz };
	}

	/** Reads the volume at channel {@code c} and time {@code t} as floats. */
	public static <T extends RealType<T>> float[] read(final AxisImg<T> img, final long c, final long t, final TaskExecutor executor) {
		final int[] s = shape(img);
		final float[] out = new float[s[0] * s[1] * s[2]];
		final int planeSize = s[0] * s[1];
		Threads.forEach(executor, zs(s[2]), z -> {
			final Object array = planeArray(img, c, z, t);
			final int off = z * planeSize;
			if (array instanceof float[] f && img.data().getType() instanceof FloatType) System.arraycopy(f, 0, out, off, planeSize);
			else if (array instanceof short[] a && img.data().getType() instanceof UnsignedShortType)
				for (int i = 0; i < planeSize; i++) out[off + i] = a[i] & 0xffff;
			else if (array instanceof byte[] a && img.data().getType() instanceof UnsignedByteType)
				for (int i = 0; i < planeSize; i++) out[off + i] = a[i] & 0xff;
			else {
				final Cursor<T> cur = Views.flatIterable(plane(img, c, z, t)).cursor();
				for (int i = 0; i < planeSize; i++) out[off + i] = cur.next().getRealFloat();
			}
		});
		return out;
	}

	/** Reads the volume at channel {@code c} and time {@code t} as rows: {@code rows[y + ny·z]}. */
	public static <T extends RealType<T>> float[][] readRows(final AxisImg<T> img, final long c, final long t, final TaskExecutor executor) {
		final int[] s = shape(img);
		final float[][] rows = new float[s[1] * s[2]][];
		Threads.forEach(executor, zs(s[2]), z -> {
			final Object array = planeArray(img, c, z, t);
			final Object type = img.data().getType();
			Cursor<T> cur = null;
			for (int y = 0; y < s[1]; y++) {
				final float[] row = new float[s[0]];
				final int off = y * s[0];
				if (array instanceof float[] f && type instanceof FloatType) System.arraycopy(f, off, row, 0, s[0]);
				else if (array instanceof short[] a && type instanceof UnsignedShortType) for (int x = 0; x < s[0]; x++) row[x] = a[off + x] & 0xffff;
				else if (array instanceof byte[] a && type instanceof UnsignedByteType) for (int x = 0; x < s[0]; x++) row[x] = a[off + x] & 0xff;
				else {
					if (cur == null) cur = Views.flatIterable(plane(img, c, z, t)).cursor();
					for (int x = 0; x < s[0]; x++) row[x] = cur.next().getRealFloat();
				}
				rows[y + s[1] * z] = row;
			}
		});
		return rows;
	}

	/** Writes rows ({@code rows[y + ny·z]}) into the volume at channel {@code c} and time {@code t}; integers are rounded and clamped. */
	public static <T extends RealType<T>> void writeRows(final float[][] rows, final AxisImg<T> img, final long c, final long t,
		final TaskExecutor executor)
	{
		final int[] s = shape(img);
		if (rows.length != s[1] * s[2]) throw new IllegalArgumentException("volume size mismatch");
		Threads.forEach(executor, zs(s[2]), z -> {
			final float[] plane = new float[s[0] * s[1]];
			for (int y = 0; y < s[1]; y++) System.arraycopy(rows[y + s[1] * z], 0, plane, y * s[0], s[0]);
			writePlane(plane, img, c, z, t);
		});
	}

	/**
	 * Writes floats into the volume at channel {@code c} and time {@code t}.
	 * Integer types are rounded to the nearest value and clamped to their range.
	 */
	public static <T extends RealType<T>> void write(final float[] in, final AxisImg<T> img, final long c, final long t,
		final TaskExecutor executor)
	{
		final int[] s = shape(img);
		final int planeSize = s[0] * s[1];
		if (in.length != planeSize * s[2]) throw new IllegalArgumentException("volume size mismatch");
		Threads.forEach(executor, zs(s[2]), z -> {
			final float[] plane = new float[planeSize];
			System.arraycopy(in, z * planeSize, plane, 0, planeSize);
			writePlane(plane, img, c, z, t);
		});
	}

	/** Writes one x-y plane of floats. */
	private static <T extends RealType<T>> void writePlane(final float[] in, final AxisImg<T> img, final long c, final long z, final long t) {
		final int planeSize = in.length;
		final T type = img.data().getType();
		final double min = type.getMinValue(), max = type.getMaxValue();
		final boolean integer = type instanceof net.imglib2.type.numeric.IntegerType;
		final Object array = planeArray(img, c, z, t);
		if (array instanceof float[] f && type instanceof FloatType) System.arraycopy(in, 0, f, 0, planeSize);
		else if (array instanceof short[] a && type instanceof UnsignedShortType)
			for (int i = 0; i < planeSize; i++) a[i] = (short) clampRound(in[i], 0, 65535);
		else if (array instanceof byte[] a && type instanceof UnsignedByteType)
			for (int i = 0; i < planeSize; i++) a[i] = (byte) clampRound(in[i], 0, 255);
		else {
			final Cursor<T> cur = Views.flatIterable(plane(img, c, z, t)).cursor();
			for (int i = 0; i < planeSize; i++) {
				final double v = in[i];
				cur.next().setReal(integer ? Math.max(min, Math.min(max, Math.rint(v))) : v);
			}
		}
	}

	private static int clampRound(final float v, final int min, final int max) {
		final int r = Math.round(v);
		return r < min ? min : r > max ? max : r;
	}

	private static List<Integer> zs(final int nz) {
		final List<Integer> list = new ArrayList<>(nz);
		for (int z = 0; z < nz; z++) list.add(z);
		return list;
	}

	/** The primitive array of plane (c, z, t) if the image is planar in ImageJ's axis order, else null. */
	private static Object planeArray(final AxisImg<?> img, final long c, final long z, final long t) {
		if (!(img.data() instanceof PlanarImg<?, ?> planar)) return null;
		final List<Axis> axes = img.axes();
		if (axes.get(0).type() != AxisType.X || axes.get(1).type() != AxisType.Y) return null;
		for (int i = 3; i < axes.size(); i++)
			if (axes.get(i).type().ordinal() <= axes.get(i - 1).type().ordinal()) return null;
		final long nc = img.size(AxisType.CHANNEL), nz = img.size(AxisType.Z);
		final long index = c + nc * (z + nz * t);
		final Object access = planar.getPlane((int) index);
		return access instanceof ArrayDataAccess<?> a ? a.getCurrentStorageArray() : null;
	}

	/** The x-y plane at (c, z, t) as a 2D view. */
	private static <T> RandomAccessibleInterval<T> plane(final AxisImg<T> img, final long c, final long z, final long t) {
		RandomAccessibleInterval<T> v = img.data();
		// Fix the non-spatial-plane axes from the last dimension down, so indices stay valid.
		for (int d = img.numDimensions() - 1; d >= 0; d--) {
			final AxisType type = img.axes().get(d).type();
			final long pos = switch (type) {
				case CHANNEL -> c;
				case Z -> z;
				case TIME -> t;
				default -> -1;
			};
			if (pos >= 0) v = Views.hyperSlice(v, d, v.min(d) + pos);
		}
		final int xd = img.dimensionOf(AxisType.X), yd = img.dimensionOf(AxisType.Y);
		// After slicing only x and y remain; put x first.
		return xd < yd ? v : Views.permute(v, 0, 1);
	}
}
