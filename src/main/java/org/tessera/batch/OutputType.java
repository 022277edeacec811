package org.tessera.batch;

import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * The pixel type batch outputs are written in. Conversions map full range to
 * full range, as scikit-image's {@code img_as_ubyte} / {@code img_as_uint} do:
 * 32-bit values in [0, 1] become 0..255 (8-bit) or 0..65535 (16-bit), 16-bit
 * becomes 8-bit by dividing by 257, and values outside the range are clipped.
 */
public enum OutputType {
	SAME("same"), U8("8-bit"), U16("16-bit"), F32("32-bit");

	private final String key;

	OutputType(final String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	public static OutputType parse(final String s) {
		for (final OutputType t : values())
			if (t.key.equalsIgnoreCase(s.trim()) || t.name().equalsIgnoreCase(s.trim())) return t;
		throw new IllegalArgumentException("output_type must be one of same, 8-bit, 16-bit, 32-bit, got '" + s + "'");
	}

	/** The image in this type (the same object for SAME or when it already has the type). */
	public ImagePlus convert(final ImagePlus imp) {
		final int bits = switch (this) {
			case SAME -> imp.getBitDepth();
			case U8 -> 8;
			case U16 -> 16;
			case F32 -> 32;
		};
		if (bits == imp.getBitDepth()) return imp;
		if (imp.getBitDepth() == 24) throw new IllegalArgumentException("cannot convert an RGB image to " + key);
		final ImageStack in = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
		for (int i = 1; i <= in.getSize(); i++) out.addSlice(in.getSliceLabel(i), convert(in.getProcessor(i), imp.getBitDepth(), bits));
		final ImagePlus result = new ImagePlus(imp.getTitle(), out);
		result.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		result.setOpenAsHyperStack(imp.isHyperStack());
		result.setCalibration(imp.getCalibration().copy());
		return result;
	}

	private static ImageProcessor convert(final ImageProcessor ip, final int from, final int to) {
		final int n = ip.getPixelCount();
		final double scale = scale(from, to);
		if (to == 32) {
			final float[] px = new float[n];
			for (int i = 0; i < n; i++) px[i] = (float) (ip.getf(i) * scale);
			return new FloatProcessor(ip.getWidth(), ip.getHeight(), px);
		}
		final int max = to == 8 ? 255 : 65535;
		final int[] v = new int[n];
		for (int i = 0; i < n; i++) {
			final long r = Math.round(ip.getf(i) * scale);
			v[i] = (int) Math.max(0, Math.min(max, r));
		}
		if (to == 8) {
			final byte[] px = new byte[n];
			for (int i = 0; i < n; i++) px[i] = (byte) v[i];
			return new ByteProcessor(ip.getWidth(), ip.getHeight(), px);
		}
		final short[] px = new short[n];
		for (int i = 0; i < n; i++) px[i] = (short) v[i];
		return new ShortProcessor(ip.getWidth(), ip.getHeight(), px, null);
	}

	/** Factor from one bit depth's full range to another's (32-bit: [0, 1]). */
	private static double scale(final int from, final int to) {
		return range(to) / range(from);
	}

	private static double range(final int bits) {
		return switch (bits) {
			case 8 -> 255;
			case 16 -> 65535;
			default -> 1;
		};
	}

	@Override
	public String toString() {
		return key.toLowerCase(Locale.ROOT);
	}
}
