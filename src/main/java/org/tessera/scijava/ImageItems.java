package org.tessera.scijava;

import org.scijava.module.ModuleItem;
import org.tessera.core.AxisImg;
import org.tessera.imagej.ImagePlusViews;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;

/**
 * Image parameters of commands and scripts: which ones take an image, and how
 * an ImagePlus fills them or is made from them.
 */
public final class ImageItems {

	private ImageItems() {
		// static utility
	}

	/** Whether the parameter is an image (ImagePlus, AxisImg or any RandomAccessibleInterval). */
	public static boolean isImage(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		return t == ImagePlus.class || t == AxisImg.class || RandomAccessibleInterval.class.isAssignableFrom(t);
	}

	/** The value for an image input, made from an ImagePlus without copying its pixels. */
	public static Object toInput(final ModuleItem<?> item, final ImagePlus imp) {
		final Class<?> t = item.getType();
		if (t.isInstance(imp)) return imp;
		if (t == AxisImg.class) return ImagePlusViews.wrap(imp);
		final Object rai = ImagePlusViews.wrap(imp).data();
		if (t.isInstance(rai)) return rai;
		throw new IllegalArgumentException("parameter '" + item.getName() + "' needs a " + t.getSimpleName() + ", which an ImagePlus cannot fill");
	}

	/** An image output as an ImagePlus (a view where possible), or null if the value is not an image. */
	public static ImagePlus toImagePlus(final Object value, final String name) {
		if (value instanceof ImagePlus imp) return imp;
		if (value instanceof AxisImg<?> a) return ImagePlusViews.toImagePlus(a);
		if (value instanceof RandomAccessibleInterval<?> rai) {
			final org.tessera.core.AxisType[] types = { org.tessera.core.AxisType.X, org.tessera.core.AxisType.Y, org.tessera.core.AxisType.Z,
				org.tessera.core.AxisType.TIME };
			if (rai.numDimensions() < 2 || rai.numDimensions() > 4)
				throw new IllegalArgumentException("output '" + name + "' has " + rai.numDimensions() + " dimensions; expected 2 to 4");
			return ImagePlusViews.toImagePlus(AxisImg.of(name, rai, java.util.Arrays.copyOf(types, rai.numDimensions())));
		}
		return null;
	}
}
