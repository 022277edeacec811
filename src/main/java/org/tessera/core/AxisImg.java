package org.tessera.core;

import org.tessera.imagej.ImagePlusViews;

import java.util.List;
import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;

/**
 * An ImgLib2 image with named, calibrated axes: the unit of data that Tessera
 * commands and algorithms pass around. It holds a reference to the pixels, not a
 * copy: an {@code AxisImg} made by {@link ImagePlusViews#wrap} writes through
 * to the {@code ImagePlus} it wraps.
 *
 * @param <T> pixel type
 * @param name a title, e.g. the ImagePlus title or file name
 * @param data the pixels; dimension {@code d} is described by {@code axes.get(d)}
 * @param axes one entry per dimension of {@code data}
 */
public record AxisImg<T>(String name, RandomAccessibleInterval<T> data, List<Axis> axes) {

	public AxisImg {
		Objects.requireNonNull(data, "data");
		axes = List.copyOf(axes);
		if (axes.size() != data.numDimensions())
			throw new IllegalArgumentException("image '" + name + "' has " + data.numDimensions() +
				" dimensions but " + axes.size() + " axes were given");
		for (int i = 0; i < axes.size(); i++)
			for (int j = i + 1; j < axes.size(); j++)
				if (axes.get(i).type() == axes.get(j).type())
					throw new IllegalArgumentException("image '" + name + "' has axis " + axes.get(i).type().label() + " twice");
		name = name == null ? "" : name;
	}

	/** An image with uncalibrated axes of the given types. */
	public static <T> AxisImg<T> of(final String name, final RandomAccessibleInterval<T> data, final AxisType... types) {
		return new AxisImg<>(name, data, java.util.Arrays.stream(types).map(Axis::of).toList());
	}

	/** Dimension index of the axis of that type, or -1 if the image has none. */
	public int dimensionOf(final AxisType type) {
		for (int d = 0; d < axes.size(); d++)
			if (axes.get(d).type() == type) return d;
		return -1;
	}

	/** The axis of that type, or null. */
	public Axis axis(final AxisType type) {
		final int d = dimensionOf(type);
		return d < 0 ? null : axes.get(d);
	}

	/** Size along the axis of that type; 1 if the image has no such axis. */
	public long size(final AxisType type) {
		final int d = dimensionOf(type);
		return d < 0 ? 1 : data.dimension(d);
	}

	/** Number of dimensions. */
	public int numDimensions() {
		return axes.size();
	}

	/** The same axes and name on other pixels of the same shape (e.g. a filter result). */
	public <U> AxisImg<U> withData(final RandomAccessibleInterval<U> other) {
		return new AxisImg<>(name, other, axes);
	}

	/** A renamed copy (the pixels are shared). */
	public AxisImg<T> withName(final String newName) {
		return new AxisImg<>(newName, data, axes);
	}

	/** "x,y,z" style summary of the axes. */
	public String axesLabel() {
		final StringBuilder sb = new StringBuilder();
		for (final Axis a : axes) sb.append(a.type().label());
		return sb.toString();
	}
}
