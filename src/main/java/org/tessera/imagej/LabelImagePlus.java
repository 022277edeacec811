package org.tessera.imagej;

import org.tessera.core.AxisImg;

import ij.ImagePlus;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Label images for ImageJ, as every Tessera label output writes them: 16-bit
 * for up to 65535 objects, 32-bit float (exact up to 2^24) beyond.
 */
public final class LabelImagePlus {

	/** Largest label a 32-bit float image stores exactly. */
	public static final int MAX_FLOAT_LABEL = 1 << 24;

	private LabelImagePlus() {
		// static utility
	}

	/**
	 * A copy of labels 0..n as an ImagePlus with their axes and name, in the
	 * smallest of those types that holds n, displayed from 0 to n.
	 *
	 * @throws IllegalArgumentException for more objects than 32-bit float holds exactly
	 */
	public static ImagePlus of(final AxisImg<IntType> labels, final long n) {
		final long[] dims = labels.data().dimensionsAsLongArray();
		final RandomAccessibleInterval<? extends RealType<?>> out;
		if (n <= 65535) out = PlanarImgs.unsignedShorts(dims);
		else if (n <= MAX_FLOAT_LABEL) out = PlanarImgs.floats(dims);
		else throw new IllegalArgumentException(n + " objects are more than a TIFF label image holds exactly (" + MAX_FLOAT_LABEL + ")");
		final Cursor<IntType> c = Views.flatIterable(labels.data()).cursor();
		for (final RealType<?> t : Views.flatIterable(out)) t.setReal(c.next().get());
		final ImagePlus imp = ImagePlusViews.toImagePlus(labels.withData(out));
		imp.setDisplayRange(0, Math.max(1, n));
		return imp;
	}
}
