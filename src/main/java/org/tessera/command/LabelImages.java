package org.tessera.command;

import org.tessera.core.AxisImg;
import org.tessera.core.ImagePlusViews;

import ij.ImagePlus;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/** Label images for ImageJ: 16-bit for up to 65535 objects, 32-bit (exact up to 2^24) beyond. */
final class LabelImages {

	/** Largest label a 32-bit float image stores exactly. */
	static final int MAX_FLOAT_LABEL = 1 << 24;

	private LabelImages() {
		// static utility
	}

	/** The labels as an ImagePlus looking like {@code input} (title suffix "-labels", calibration). */
	static ImagePlus toImagePlus(final ImagePlus input, final AxisImg<?> axes, final RandomAccessibleInterval<IntType> labels, final int n) {
		final long[] dims = labels.dimensionsAsLongArray();
		final RandomAccessibleInterval<? extends RealType<?>> out;
		if (n <= 65535) out = PlanarImgs.unsignedShorts(dims);
		else if (n <= MAX_FLOAT_LABEL) out = PlanarImgs.floats(dims);
		else throw new IllegalArgumentException(n + " objects are more than a TIFF label image holds exactly (" + MAX_FLOAT_LABEL + ")");
		final Cursor<IntType> c = Views.flatIterable(labels).cursor();
		for (final RealType<?> t : Views.flatIterable(out)) t.setReal(c.next().get());
		final ImagePlus imp = ImagePlusResults.like(input, ImagePlusViews.toImagePlus(axes.withData(out)), "labels");
		imp.setDisplayRange(0, Math.max(1, n));
		imp.setProperty("Info", "objects=" + n);
		return imp;
	}
}
