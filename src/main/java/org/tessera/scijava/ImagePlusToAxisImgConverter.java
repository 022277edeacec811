package org.tessera.scijava;

import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.imagej.ImagePlusViews;

import ij.ImagePlus;

/** Lets an ImagePlus fill an {@link AxisImg} parameter, as a zero-copy view with its axes and calibration. */
@SuppressWarnings("rawtypes")
@Plugin(type = Converter.class)
public class ImagePlusToAxisImgConverter extends AbstractConverter<ImagePlus, AxisImg> {

	@Override
	@SuppressWarnings("unchecked")
	public <T> T convert(final Object src, final Class<T> dest) {
		if (!(src instanceof ImagePlus imp)) throw new IllegalArgumentException("not an ImagePlus: " + src);
		return (T) ImagePlusViews.wrap(imp);
	}

	@Override
	public Class<AxisImg> getOutputType() {
		return AxisImg.class;
	}

	@Override
	public Class<ImagePlus> getInputType() {
		return ImagePlus.class;
	}
}
