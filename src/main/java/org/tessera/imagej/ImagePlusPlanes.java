package org.tessera.imagej;

import org.tessera.segmenter.Plane;
import org.tessera.segmenter.PlaneSource;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * The planes of an ImageJ image as segmenters and networks read them
 * ({@link PlaneSource}): its z-slices and time points, z fastest (plane
 * {@code (t - 1) * slices + z - 1}), each with all its channels interleaved;
 * an RGB image as three channels 0-255. Grey values are the stored pixel
 * values (no calibration function).
 */
public final class ImagePlusPlanes implements PlaneSource {

	private final ImagePlus imp;

	private ImagePlusPlanes(final ImagePlus imp) {
		this.imp = imp;
	}

	public static ImagePlusPlanes of(final ImagePlus imp) {
		return new ImagePlusPlanes(imp);
	}

	@Override
	public int width() {
		return imp.getWidth();
	}

	@Override
	public int height() {
		return imp.getHeight();
	}

	@Override
	public int channels() {
		return rgb() ? 3 : imp.getNChannels();
	}

	@Override
	public boolean rgb() {
		return imp.getType() == ImagePlus.COLOR_RGB;
	}

	@Override
	public int slices() {
		return imp.getNSlices();
	}

	@Override
	public int frames() {
		return imp.getNFrames();
	}

	@Override
	public Plane plane(final int index) {
		final ImageStack stack = imp.getStack();
		final int n = width() * height();
		if (rgb()) {
			final int[] px = (int[]) ((ColorProcessor) stack.getProcessor(stackIndex(imp, index))).getPixels();
			final float[] out = new float[n * 3];
			for (int i = 0; i < n; i++) {
				out[3 * i] = (px[i] >> 16) & 0xff;
				out[3 * i + 1] = (px[i] >> 8) & 0xff;
				out[3 * i + 2] = px[i] & 0xff;
			}
			return new Plane(out, width(), height(), 3, true);
		}
		final int channels = imp.getNChannels(), z = index % slices() + 1, t = index / slices() + 1;
		final float[] out = new float[n * channels];
		for (int c = 0; c < channels; c++) {
			final ImageProcessor ip = stack.getProcessor(imp.getStackIndex(c + 1, z, t));
			if (ip instanceof ByteProcessor) {
				final byte[] p = (byte[]) ip.getPixels();
				for (int i = 0; i < n; i++) out[i * channels + c] = p[i] & 0xff;
			}
			else if (ip instanceof ShortProcessor) {
				final short[] p = (short[]) ip.getPixels();
				for (int i = 0; i < n; i++) out[i * channels + c] = p[i] & 0xffff;
			}
			else if (ip instanceof FloatProcessor) {
				final float[] p = (float[]) ip.getPixels();
				for (int i = 0; i < n; i++) out[i * channels + c] = p[i];
			}
			else throw new IllegalArgumentException("image '" + imp.getTitle() + "': expected 8-, 16- or 32-bit or RGB pixels");
		}
		return new Plane(out, width(), height(), channels, false);
	}

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
}
