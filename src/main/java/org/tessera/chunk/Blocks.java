package org.tessera.chunk;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.Type;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/** Small helpers for block work: copying and materialising intervals. */
public final class Blocks {

	private Blocks() {
		// static utility
	}

	/** Copies {@code src} into {@code dst} (same dimensions), pixel by pixel in flat order. */
	public static <T extends Type<T>> void copy(final RandomAccessibleInterval<? extends T> src, final RandomAccessibleInterval<T> dst) {
		if (!Intervals.equalDimensions(src, dst))
			throw new IllegalArgumentException("cannot copy " + Intervals.toString(src) + " into " + Intervals.toString(dst));
		final Cursor<? extends T> s = Views.flatIterable(src).cursor();
		final Cursor<T> d = Views.flatIterable(dst).cursor();
		while (d.hasNext()) d.next().set(s.next());
	}

	/**
	 * A copy of a region into a new array image, placed at the region's
	 * coordinates (a translated view of the array image).
	 */
	public static <T extends NativeType<T>> RandomAccessibleInterval<T> materialize(final RandomAccessibleInterval<T> region) {
		final Img<T> img = new ArrayImgFactory<>(region.getType().createVariable()).create(region.dimensionsAsLongArray());
		copy(Views.zeroMin(region), img);
		return Views.translate(img, region.minAsLongArray());
	}
}
