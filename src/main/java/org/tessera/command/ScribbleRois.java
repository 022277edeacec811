package org.tessera.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.tessera.imagej.ImagePlusResults;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * Scribbles for pixel classification drawn as ImageJ ROIs (lines, freehand,
 * areas) in the ROI Manager or a ROI set, each named by its class: a ROI named
 * {@code nucleus}, {@code nucleus 2} or {@code nucleus-7} marks pixels of class
 * "nucleus". The ROIs become a label image (class 1, 2, ... in the order of the
 * classes given, or of their first appearance), 0 elsewhere; a ROI on a stack
 * plane marks that plane.
 */
final class ScribbleRois {

	private ScribbleRois() {}

	/** The label image and its classes' names. */
	record Labels(ImagePlus image, List<String> classes) {}

	/** The class a ROI's name says: the name without a trailing number. */
	static String className(final Roi roi) {
		final String n = roi.getName() == null ? "" : roi.getName().strip();
		final String c = n.replaceFirst("[\\s_-]*\\d+$", "").strip();
		return c.isEmpty() ? n : c;
	}

	/**
	 * Paints the ROIs into a label image of the image's size (one plane per z and t).
	 *
	 * @param classes the classes in label order; null or empty to take them in order of appearance
	 * @throws IllegalArgumentException with one line for a ROI without a name, or of no given class
	 */
	static Labels labels(final List<Roi> rois, final ImagePlus image, final List<String> classes) {
		if (rois.isEmpty()) throw new IllegalArgumentException("rois: no ROIs; draw lines or areas on the image, name each by its class and add " +
			"them to the ROI Manager");
		final List<String> names = classes == null || classes.isEmpty() ? new ArrayList<>() : new ArrayList<>(classes);
		final boolean fixed = !names.isEmpty();
		final int w = image.getWidth(), h = image.getHeight(), planes = image.getNSlices() * image.getNFrames();
		final ImageStack stack = new ImageStack(w, h);
		for (int p = 0; p < planes; p++) stack.addSlice(new ShortProcessor(w, h));
		for (final Roi roi : rois) {
			final String cls = className(roi);
			if (cls.isEmpty()) throw new IllegalArgumentException("rois: a ROI has no name; name each by its class (e.g. background, nucleus)");
			int k = indexOf(names, cls);
			if (k < 0) {
				if (fixed) throw new IllegalArgumentException("rois: ROI '" + roi.getName() + "' names no class of " + String.join(", ", names));
				names.add(cls);
				k = names.size() - 1;
			}
			final int plane = plane(roi, image);
			final ImageProcessor ip = stack.getProcessor(plane + 1);
			ip.setValue(k + 1);
			if (roi.isLine() || roi.getType() == Roi.POINT) {
				ip.setLineWidth(Math.max(1, (int) Math.round(roi.getStrokeWidth())));
				roi.drawPixels(ip);
			}
			else ip.fill(roi);
		}
		final ImagePlus out = new ImagePlus(ImagePlusResults.baseName(image.getTitle()) + "-scribbles", stack);
		if (planes > 1) out.setDimensions(1, image.getNSlices(), image.getNFrames());
		return new Labels(out, names);
	}

	private static int indexOf(final List<String> names, final String cls) {
		for (int i = 0; i < names.size(); i++)
			if (names.get(i).equalsIgnoreCase(cls)) return i;
		return -1;
	}

	/** The 0-based plane (z, then t) a ROI is on: its hyperstack position, or its stack position, else the first. */
	private static int plane(final Roi roi, final ImagePlus image) {
		final int z = roi.getZPosition(), t = roi.getTPosition();
		if (z > 0 || t > 0) return Math.max(0, t - 1) * image.getNSlices() + Math.max(0, z - 1);
		final int p = roi.getPosition();
		if (p > 0 && image.getNChannels() == 1) return Math.min(p, image.getNSlices() * image.getNFrames()) - 1;
		return 0;
	}

	/** The ROIs of a ROI set (.zip of .roi files) or of one .roi file. */
	static List<Roi> read(final Path file) {
		final List<Roi> out = new ArrayList<>();
		try {
			if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".roi")) {
				out.add(RoiDecoder.open(file.toString()));
				return out;
			}
			try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
				ZipEntry e;
				while ((e = zip.getNextEntry()) != null) {
					if (!e.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) continue;
					final Roi roi = new RoiDecoder(zip.readAllBytes(), e.getName()).getRoi();
					if (roi != null) {
						if (roi.getName() == null) roi.setName(e.getName().replaceFirst("\\.roi$", ""));
						out.add(roi);
					}
				}
			}
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("rois: cannot read " + file + " (" + e.getMessage() + ")");
		}
		if (out.isEmpty()) throw new IllegalArgumentException("rois: no ROIs in " + file);
		return out;
	}
}
