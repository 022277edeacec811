package org.tessera.scijava;

import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;
import org.tessera.imagej.ImagePlusViews;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;

/**
 * Lets an ImagePlus fill a {@code RandomAccessibleInterval} parameter of a
 * command or script, without copying: the result is the zero-copy view of
 * {@link ImagePlusViews#wrap} (dimensions X, Y, then C, Z, T where present).
 */
@SuppressWarnings("rawtypes")
@Plugin(type = Converter.class)
public class ImagePlusToRaiConverter extends AbstractConverter<ImagePlus, RandomAccessibleInterval> {

	@Override
	@SuppressWarnings("unchecked")
	public <T> T convert(final Object src, final Class<T> dest) {
		if (!(src instanceof ImagePlus imp)) throw new IllegalArgumentException("not an ImagePlus: " + src);
		return (T) ImagePlusViews.wrap(imp).data();
	}

	@Override
	public Class<RandomAccessibleInterval> getOutputType() {
		return RandomAccessibleInterval.class;
	}

	@Override
	public Class<ImagePlus> getInputType() {
		return ImagePlus.class;
	}
}
