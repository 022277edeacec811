package org.tessera.command;

import org.tessera.core.AxisImg;
import org.tessera.imagej.LabelImagePlus;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.IntType;

/** The label images of Tessera's commands ({@link LabelImagePlus}), looking like their input. */
final class LabelImages {

	private LabelImages() {
		// static utility
	}

	/** The labels as an ImagePlus looking like {@code input} (title suffix "-labels", calibration). */
	static ImagePlus toImagePlus(final ImagePlus input, final AxisImg<?> axes, final RandomAccessibleInterval<IntType> labels, final int n) {
		final ImagePlus imp = ImagePlusResults.like(input, LabelImagePlus.of(axes.withData(labels), n), "labels");
		imp.setDisplayRange(0, Math.max(1, n));
		imp.setProperty("Info", "objects=" + n);
		return imp;
	}
}
