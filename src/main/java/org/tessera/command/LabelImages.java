package org.tessera.command;

import org.tessera.core.AxisImg;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.LabelImagePlus;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.IntType;

/** The label images of Tessera's commands ({@link LabelImagePlus}), looking like their input. */
final class LabelImages {

	private LabelImages() {
		// static utility
	}

	/**
	 * The labels as an ImagePlus looking like {@code input} (calibration), titled
	 * by the method that made them: {@code <input>-<method>-labels}, or
	 * {@code <input>-labels} when {@code method} is empty; a title that an open
	 * window has already gets ImageJ's "-1" suffix.
	 */
	static ImagePlus toImagePlus(final ImagePlus input, final AxisImg<?> axes, final RandomAccessibleInterval<IntType> labels, final int n,
		final String method)
	{
		final ImagePlus imp = ImagePlusResults.like(input, LabelImagePlus.of(axes.withData(labels), n), method.isEmpty() ? "labels" : method +
			"-labels");
		LabelImagePlus.showAsLabels(imp, n); // the result took the input's LUT
		imp.setProperty("Info", "objects=" + n);
		return imp;
	}
}
