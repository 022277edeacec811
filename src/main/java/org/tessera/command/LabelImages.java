package org.tessera.command;

import java.util.ArrayList;
import java.util.List;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.LabelImagePlus;
import org.tessera.segmenter.PlaneObjects;
import org.tessera.segmenter.Segmentation;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
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

	/**
	 * A segmenter's label stack as an ImagePlus looking like {@code input}: one
	 * plane per input plane (z-slices and time points, no channels), titled
	 * {@code <input>-<method>-labels}; its Info says how many objects and each
	 * plane's status.
	 */
	static ImagePlus of(final ImagePlus input, final Segmentation s, final String method) {
		final List<Long> dims = new ArrayList<>(List.of((long) s.width(), (long) s.height()));
		final List<AxisType> types = new ArrayList<>(List.of(AxisType.X, AxisType.Y));
		if (s.slices() > 1) {
			dims.add((long) s.slices());
			types.add(AxisType.Z);
		}
		if (s.frames() > 1) {
			dims.add((long) s.frames());
			types.add(AxisType.TIME);
		}
		final Img<IntType> img = ArrayImgs.ints(s.labels(), dims.stream().mapToLong(Long::longValue).toArray());
		final ImagePlus imp = toImagePlus(input, AxisImg.of(input.getTitle(), img, types.toArray(AxisType[]::new)), img, s.highestLabel(),
			method);
		final StringBuilder info = new StringBuilder("objects=" + s.objects());
		final List<PlaneObjects> planes = s.planes();
		for (int p = 0; p < planes.size(); p++)
			info.append('\n').append(planes.size() > 1 ? "plane " + (p + 1) + ": " : "").append(planes.get(p).status());
		imp.setProperty("Info", info.toString());
		return imp;
	}
}
