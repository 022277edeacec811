package org.tessera.labeltool;

import java.util.ArrayList;
import java.util.List;

import org.tessera.imagej.ImagePlusPlanes;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * The planes of an ImageJ image as pixel classification reads them: plane
 * {@code (t - 1) * slices + z - 1} (as {@link org.tessera.imagej.ImagePlusPlanes} numbers them), every
 * channel as rows of floats; an RGB image as three channels.
 */
final class PixelPlanes {

	private PixelPlanes() {}

	static int channels(final ImagePlus imp) {
		return imp.getType() == ImagePlus.COLOR_RGB ? 3 : imp.getNChannels();
	}

	static List<float[][]> read(final ImagePlus imp, final int plane) {
		final int z = plane % imp.getNSlices() + 1, t = plane / imp.getNSlices() + 1;
		final int w = imp.getWidth(), h = imp.getHeight();
		final List<float[][]> out = new ArrayList<>();
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			final ColorProcessor cp = (ColorProcessor) imp.getStack().getProcessor(imp.getStackIndex(1, z, t));
			for (int c = 0; c < 3; c++) out.add(rows(cp.getChannel(c + 1, null).convertToFloatProcessor(), w, h));
			return out;
		}
		for (int c = 1; c <= imp.getNChannels(); c++)
			out.add(rows(imp.getStack().getProcessor(imp.getStackIndex(c, z, t)).convertToFloatProcessor(), w, h));
		return out;
	}

	private static float[][] rows(final ImageProcessor fp, final int w, final int h) {
		final float[] px = (float[]) fp.getPixels();
		final float[][] rows = new float[h][w];
		for (int y = 0; y < h; y++) System.arraycopy(px, y * w, rows[y], 0, w);
		return rows;
	}
}
