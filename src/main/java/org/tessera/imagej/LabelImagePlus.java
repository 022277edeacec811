package org.tessera.imagej;

import org.tessera.core.AxisImg;

import ij.ImagePlus;
import ij.process.LUT;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Label images for ImageJ, as every Tessera label output writes them: 16-bit
 * for up to 65535 objects, 32-bit float (exact up to 2^24) beyond.
 */
public final class LabelImagePlus {

	/** Largest label a 32-bit float image stores exactly. */
	public static final int MAX_FLOAT_LABEL = 1 << 24;

	private LabelImagePlus() {
		// static utility
	}

	/**
	 * A copy of labels 0..n as an ImagePlus with their axes and name, in the
	 * smallest of those types that holds n, displayed from 0 to n.
	 *
	 * @throws IllegalArgumentException for more objects than 32-bit float holds exactly
	 */
	public static ImagePlus of(final AxisImg<IntType> labels, final long n) {
		final long[] dims = labels.data().dimensionsAsLongArray();
		final RandomAccessibleInterval<? extends RealType<?>> out;
		if (n <= 65535) out = PlanarImgs.unsignedShorts(dims);
		else if (n <= MAX_FLOAT_LABEL) out = PlanarImgs.floats(dims);
		else throw new IllegalArgumentException(n + " objects are more than a TIFF label image holds exactly (" + MAX_FLOAT_LABEL + ")");
		final Cursor<IntType> c = Views.flatIterable(labels.data()).cursor();
		for (final RealType<?> t : Views.flatIterable(out)) t.setReal(c.next().get());
		final ImagePlus imp = ImagePlusViews.toImagePlus(labels.withData(out));
		showAsLabels(imp, n);
		return imp;
	}

	/**
	 * Shows a label image as label images are shown in Fiji (glasbey-style):
	 * background black, each label in a colour of its own, neighbouring labels in
	 * colours far apart, displayed from 0 to n.
	 */
	public static void showAsLabels(final ImagePlus imp, final long n) {
		imp.getProcessor().setLut(LABEL_LUT);
		if (imp.getStackSize() > 1) imp.getStack().setColorModel(LABEL_LUT);
		imp.setDisplayRange(0, Math.max(1, n));
	}

	/** The label colours: black, then 255 bright, saturated colours stepped by the golden angle in hue. */
	public static final LUT LABEL_LUT = labelLut();

	private static LUT labelLut() {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 1; i < 256; i++) {
			final float hue = (float) ((i * 0.6180339887498949) % 1.0);
			final float saturation = 0.55f + 0.45f * ((i * 7) % 3) / 2f, brightness = 0.75f + 0.25f * ((i * 5) % 2);
			final int rgb = java.awt.Color.HSBtoRGB(hue, saturation, brightness);
			r[i] = (byte) (rgb >> 16);
			g[i] = (byte) (rgb >> 8);
			b[i] = (byte) rgb;
		}
		return new LUT(r, g, b);
	}
}
