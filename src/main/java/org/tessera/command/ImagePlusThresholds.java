package org.tessera.command;

import org.tessera.core.AxisImg;
import org.tessera.core.TaskMonitor;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.segment.AutoThreshold;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * {@link AutoThreshold} on ImageJ images: the threshold range that
 * Image&gt;Adjust&gt;Threshold sets (per image for 2D images, with the stack
 * histogram for 3D ones) and the mask as an ImagePlus. The pixels are wrapped
 * ({@link ImagePlusViews}), not copied, and thresholded by the library, which
 * follows ImageJ's rules for the image's bit depth; an inverting LUT swaps dark
 * and light background, as in ImageJ. It lives here, above the library
 * packages, and not in {@code imagej}, which the library packages' file I/O
 * ({@code chunk}) uses: {@code imagej} using {@code segment} would make a
 * dependency cycle.
 */
public final class ImagePlusThresholds {

	private ImagePlusThresholds() {
		// static utility
	}

	/**
	 * The threshold range [lower, upper] in pixel values, as ImageJ computes it
	 * (the image's selection is ignored).
	 *
	 * @throws IllegalArgumentException for channels, time points or RGB images
	 * @throws IllegalStateException when the method finds no threshold
	 */
	public static double[] range(final AutoThreshold threshold, final ImagePlus imp) {
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new IllegalArgumentException("image '" + imp.getTitle() + "' has channels or time points; threshold takes a 2D or 3D image");
		if (imp.getBitDepth() == 24) throw new IllegalArgumentException("image '" + imp.getTitle() + "' is RGB; expected a grey image");
		// ImageJ reads objects on a dark background below the threshold with an inverting LUT
		final boolean dark = threshold.darkBackground() != imp.isInvertedLut();
		if (imp.getBitDepth() == 16 && imp.getStackSize() > 1 && imp.getCalibration().calibrated())
			return imageJRange(threshold.method(), threshold.darkBackground(), imp);
		// a virtual stack is read plane by plane through its view, not copied
		return rangeOf(new AutoThreshold(threshold.method(), dark, threshold.device()), imp);
	}

	private static <T extends RealType<T>> double[] rangeOf(final AutoThreshold threshold, final ImagePlus imp) {
		final AxisImg<T> in = ImagePlusViews.wrapReal(imp);
		return threshold.range(in);
	}

	/**
	 * ImageJ itself, for 16-bit stacks with a calibration function (signed 16-bit
	 * images among them): its stack histogram is then one of calibrated values.
	 */
	private static double[] imageJRange(final String method, final boolean darkBackground, final ImagePlus imp) {
		final ImagePlus copy = imp.duplicate();
		copy.deleteRoi();
		IJ.setAutoThreshold(copy, method + (darkBackground ? " dark" : "") + " stack");
		final ImageProcessor ip = copy.getProcessor();
		if (ip.getMinThreshold() == ImageProcessor.NO_THRESHOLD)
			throw new IllegalStateException("ImageJ found no " + method + " threshold for image '" + imp.getTitle() + "'");
		return new double[] { ip.getMinThreshold(), ip.getMaxThreshold() };
	}

	/** Threshold and mask of an ImagePlus. */
	public static ImagePlus apply(final AutoThreshold threshold, final ImagePlus imp, final double[] rangeOut) {
		return apply(threshold, imp, rangeOut, TaskMonitor.NONE);
	}

	/**
	 * Threshold and mask of an ImagePlus (255 inside the range, 0 outside; same
	 * size), with the device's warnings going to {@code monitor}.
	 *
	 * @param rangeOut if not null, gets the range
	 */
	public static ImagePlus apply(final AutoThreshold threshold, final ImagePlus imp, final double[] rangeOut, final TaskMonitor monitor) {
		final double[] range = range(threshold, imp);
		if (rangeOut != null) System.arraycopy(range, 0, rangeOut, 0, 2);
		final ImagePlus mask = ImagePlusViews.toImagePlus(maskOf(threshold, imp, range, monitor));
		mask.setDisplayRange(0, 255);
		return mask;
	}

	private static <T extends RealType<T>> AxisImg<UnsignedByteType> maskOf(final AutoThreshold threshold, final ImagePlus imp,
		final double[] range, final TaskMonitor monitor)
	{
		final AxisImg<T> in = ImagePlusViews.wrapReal(imp);
		return threshold.mask(in, range, monitor);
	}
}
