package org.tessera.sam;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * The 2D images FastSAM sees in an ImageJ image: one per plane, where the
 * planes are the z-slices and time points (z fastest; plane
 * {@code (t - 1) * slices + z - 1}); of several channels, channel 1. RGB stays
 * RGB, anything else is grey (see {@link FastSamImage}).
 */
public final class FastSamPlanes {

	private FastSamPlanes() {}

	/** How many planes an image has: slices times frames. */
	public static int count(final ImagePlus imp) {
		return imp.getNSlices() * imp.getNFrames();
	}

	/** The 0-based plane that an image shows now. */
	public static int current(final ImagePlus imp) {
		return (imp.getFrame() - 1) * imp.getNSlices() + imp.getSlice() - 1;
	}

	/** The stack index (1-based) of channel 1 of a plane. */
	public static int stackIndex(final ImagePlus imp, final int plane) {
		if (plane < 0 || plane >= count(imp)) throw new IllegalArgumentException("plane " + (plane + 1) + " is not in 1.." + count(imp));
		return imp.getStackIndex(1, plane % imp.getNSlices() + 1, plane / imp.getNSlices() + 1);
	}

	/** What FastSAM sees of a plane. */
	public static FastSamImage image(final ImagePlus imp, final int plane) {
		final ImageProcessor ip = imp.getStack().getProcessor(stackIndex(imp, plane));
		if (ip instanceof ColorProcessor cp) return FastSamImage.rgb((int[]) cp.getPixels(), imp.getWidth(), imp.getHeight());
		return FastSamImage.grey((float[]) ip.convertToFloatProcessor().getPixels(), imp.getWidth(), imp.getHeight());
	}
}
