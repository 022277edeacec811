package org.tessera.imagej;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.WindowManager;
import ij.process.LUT;

/** Gives a result image the look of its input: title, calibration, LUTs and display range. */
public final class ImagePlusResults {

	private ImagePlusResults() {
		// static utility
	}

	/**
	 * Names the result {@code <input title without extension>-<suffix>} (with
	 * ImageJ's "-1", "-2" ... when an open window has that title, so that a
	 * window chosen by its title is the one meant) and copies the input's
	 * calibration, channel LUTs, composite mode and display range.
	 */
	public static ImagePlus like(final ImagePlus input, final ImagePlus result, final String suffix) {
		result.setTitle(uniqueTitle(baseName(input.getTitle()) + "-" + suffix));
		result.setCalibration(input.getCalibration().copy());
		result.setProperty("Info", input.getProperty("Info"));
		if (input.isComposite() && result.getNChannels() == input.getNChannels()) {
			final CompositeImage in = (CompositeImage) input;
			final CompositeImage out = new CompositeImage(result, in.getMode());
			final LUT[] luts = in.getLuts();
			for (int c = 0; c < luts.length; c++) out.setChannelLut((LUT) luts[c].clone(), c + 1);
			out.setTitle(result.getTitle());
			return out;
		}
		if (result.getBitDepth() == input.getBitDepth() && result.getBitDepth() != 24) {
			result.getProcessor().setLut(input.getProcessor().getLut());
			result.setDisplayRange(input.getDisplayRangeMin(), input.getDisplayRangeMax());
		}
		return result;
	}

	/** The title, or ImageJ's unique variant of it when an open image has it already. */
	public static String uniqueTitle(final String title) {
		return WindowManager.getImage(title) == null ? title : WindowManager.getUniqueName(title);
	}

	/**
	 * Whether two image inputs are the same image: the same window, or opened
	 * from the same file (the command line opens a file once per parameter).
	 */
	public static boolean same(final ImagePlus a, final ImagePlus b) {
		if (a == null || b == null) return false;
		if (a == b) return true;
		final ij.io.FileInfo fa = a.getOriginalFileInfo(), fb = b.getOriginalFileInfo();
		if (fa == null || fb == null || fa.fileName == null || fa.directory == null || fb.directory == null) return false;
		return java.nio.file.Path.of(fa.directory, fa.fileName).toAbsolutePath().normalize().equals(java.nio.file.Path.of(fb.directory,
			fb.fileName).toAbsolutePath().normalize());
	}

	/** A file name without its extension: "cells.tif" gives "cells". */
	public static String baseName(final String title) {
		final String t = title == null || title.isBlank() ? "image" : title;
		final int dot = t.lastIndexOf('.');
		return dot > 0 && t.length() - dot <= 5 ? t.substring(0, dot) : t;
	}
}
