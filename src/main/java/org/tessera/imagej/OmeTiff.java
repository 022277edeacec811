package org.tessera.imagej;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

/**
 * OME-TIFF metadata that ImageJ's own TIFF reader ignores: the planes of an
 * OME-TIFF come in the order its {@code DimensionOrder} says, with
 * {@code SizeZ}, {@code SizeC} and {@code SizeT}; read as a plain stack, 5 z
 * planes of 2 channels become 10 z planes and a filter would mix the channels.
 * This puts the planes in ImageJ's order (channel fastest, then z, then time),
 * sets the dimensions and the physical pixel sizes.
 */
final class OmeTiff {

	private OmeTiff() {
		// static utility
	}

	/** Applies the OME-XML in {@code description} (the first page's ImageDescription) to {@code imp}; does nothing without it. */
	static void apply(final ImagePlus imp, final String description, final String what) {
		if (description == null || !description.contains("<OME") || !description.contains("<Pixels")) return;
		final String pixels = element(description, "Pixels");
		if (pixels == null) return;
		final String order = attribute(pixels, "DimensionOrder");
		final int z = intAttribute(pixels, "SizeZ"), c = intAttribute(pixels, "SizeC"), t = intAttribute(pixels, "SizeT");
		if (order == null || z < 1 || c < 1 || t < 1) return;
		final int n = imp.getStackSize();
		if ((long) z * c * t != n) throw new IllegalArgumentException(what + ": its OME metadata says " + z + " z x " + c + " channels x " + t +
			" times, but the file has " + n + " planes");
		if (!order.matches("XY[ZCT]{3}") || order.chars().distinct().count() != 5) throw new IllegalArgumentException(what +
			": unknown OME DimensionOrder '" + order + "'");
		if (c > 1 || t > 1 || z > 1) {
			final ImageStack in = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
			for (int ti = 0; ti < t; ti++)
				for (int zi = 0; zi < z; zi++)
					for (int ci = 0; ci < c; ci++) {
						final int index = fileIndex(order, zi, ci, ti, z, c, t);
						out.addSlice(in.getSliceLabel(index + 1), in.getPixels(index + 1));
					}
			imp.setStack(out, c, z, t);
			if (c > 1 || t > 1) imp.setOpenAsHyperStack(true);
		}
		final Calibration cal = imp.getCalibration();
		final double px = doubleAttribute(pixels, "PhysicalSizeX"), py = doubleAttribute(pixels, "PhysicalSizeY"), pz = doubleAttribute(pixels,
			"PhysicalSizeZ");
		if (px > 0) cal.pixelWidth = px;
		if (py > 0) cal.pixelHeight = py;
		if (pz > 0) cal.pixelDepth = pz;
		if (px > 0 || py > 0 || pz > 0) cal.setUnit(unit(attribute(pixels, "PhysicalSizeXUnit")));
	}

	/** The plane's index in the file for a dimension order such as XYZCT (the first letter after XY varies fastest). */
	static int fileIndex(final String order, final int z, final int c, final int t, final int sz, final int sc, final int st) {
		int index = 0, stride = 1;
		for (int i = 2; i < 5; i++) {
			final char d = order.charAt(i);
			final int v = d == 'Z' ? z : d == 'C' ? c : t, size = d == 'Z' ? sz : d == 'C' ? sc : st;
			index += v * stride;
			stride *= size;
		}
		return index;
	}

	private static String unit(final String u) {
		if (u == null || u.equals("µm") || u.equals("um")) return "micron";
		return u;
	}

	private static String element(final String xml, final String name) {
		final Matcher m = Pattern.compile("<(?:\\w+:)?" + name + "\\b[^>]*>").matcher(xml);
		return m.find() ? m.group() : null;
	}

	private static String attribute(final String element, final String name) {
		final Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*\"([^\"]*)\"").matcher(element);
		return m.find() ? m.group(1) : null;
	}

	private static int intAttribute(final String element, final String name) {
		final String v = attribute(element, name);
		try {
			return v == null ? -1 : Integer.parseInt(v.trim());
		}
		catch (final NumberFormatException e) {
			return -1;
		}
	}

	private static double doubleAttribute(final String element, final String name) {
		final String v = attribute(element, name);
		try {
			return v == null ? -1 : Double.parseDouble(v.trim());
		}
		catch (final NumberFormatException e) {
			return -1;
		}
	}
}
