package org.tessera.labeltool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.tessera.annotate.LabelCanvas;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.LabelImagePlus;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * A {@link LabelCanvas} to and from what ImageJ users already have: a label
 * image (any bit depth, one object per value), a label image file (TIFF, with
 * the canvas's class table beside it) and ROIs (the ROI Manager's list).
 * Loading gives a canvas with an empty undo history.
 */
public final class LabelTransfer {

	private LabelTransfer() {}

	/**
	 * A canvas from a label image: each non-zero value an object (class 0),
	 * numbered in increasing value order; slices of a stack are the canvas's slices.
	 *
	 * @throws IllegalArgumentException for values that are not whole numbers >= 0
	 */
	public static LabelCanvas fromLabelImage(final ImagePlus labels) {
		return LabelCanvas.ofValues(labels.getWidth(), labels.getHeight(), labels.getStackSize(), values(labels), List.of(), v -> 0);
	}

	/** The labels as an ImageJ image, one slice per plane, a copy, as Tessera's label images are ({@link LabelImagePlus}). */
	public static ImagePlus toImagePlus(final LabelCanvas canvas, final String title) {
		return LabelImagePlus.of(canvas.slices() == 1 ? AxisImg.of(title, canvas.image(), AxisType.X, AxisType.Y) : AxisImg.of(title, canvas
			.image(), AxisType.X, AxisType.Y, AxisType.Z), canvas.objects());
	}

	/**
	 * Writes the label image (TIFF: 16-bit up to 65535 objects, else 32-bit
	 * float, exact up to 2^24 labels) and its class table
	 * ({@link LabelCanvas#writeClassTable}), each atomically; a
	 * {@link LabelCanvas.Saver} for {@link LabelCanvas#autosaveTo}.
	 */
	public static void save(final LabelCanvas canvas, final Path path) throws IOException {
		ImageFiles.writeTiff(toImagePlus(canvas, path.getFileName().toString()), path);
		canvas.writeClassTable(path);
	}

	/**
	 * Reads what {@link #save} wrote: the label image and, when it is there, its
	 * class table (objects keep their classes; otherwise all are class 0).
	 * Objects are numbered 1.. in increasing label order; the history is empty.
	 *
	 * @throws IllegalArgumentException with one line naming the file and the problem
	 */
	public static LabelCanvas load(final Path path) throws IOException {
		final ImagePlus imp = ImageFiles.read(path, "label image");
		final LabelCanvas.ClassTable table = LabelCanvas.readClassTable(path);
		return LabelCanvas.ofValues(imp.getWidth(), imp.getHeight(), imp.getStackSize(), values(imp), table.classes(), table::classOf);
	}

	/**
	 * A label image's values, one per pixel (x fastest, then y, then slice).
	 *
	 * @throws IllegalArgumentException for values that are not whole numbers >= 0
	 */
	static int[] values(final ImagePlus labels) {
		final int w = labels.getWidth(), h = labels.getHeight(), d = labels.getStackSize();
		final int[] values = new int[w * h * d];
		for (int z = 0; z < d; z++) {
			final ImageProcessor ip = labels.getStack().getProcessor(z + 1);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final float v = ip.getPixelValue(x, y);
					if (v == 0) continue;
					if (!(v > 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) throw new IllegalArgumentException("label image '" + labels.getTitle() +
						"' has the value " + v + " at (" + x + ", " + y + ", slice " + (z + 1) + "); labels are whole numbers >= 0");
					values[(z * h + y) * w + x] = (int) v;
				}
		}
		return values;
	}

	/**
	 * One ROI per object and slice, named {@code "<class> <label>"}, with its
	 * slice as position (1-based) when the canvas has several, in label order.
	 */
	public static List<Roi> toRois(final LabelCanvas canvas) {
		final List<Roi> rois = new ArrayList<>();
		final int w = canvas.width(), h = canvas.height();
		for (int z = 0; z < canvas.slices(); z++) {
			// bounding boxes first, so that each object's mask is traced only over its box
			final int n = canvas.objects();
			final int[] x0 = new int[n + 1], y0 = new int[n + 1], x1 = new int[n + 1], y1 = new int[n + 1];
			java.util.Arrays.fill(x0, Integer.MAX_VALUE);
			java.util.Arrays.fill(y0, Integer.MAX_VALUE);
			java.util.Arrays.fill(x1, -1);
			java.util.Arrays.fill(y1, -1);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final int l = canvas.label(x, y, z);
					if (l == 0) continue;
					x0[l] = Math.min(x0[l], x);
					y0[l] = Math.min(y0[l], y);
					x1[l] = Math.max(x1[l], x);
					y1[l] = Math.max(y1[l], y);
				}
			for (int l = 1; l <= n; l++) {
				if (x1[l] < 0) continue;
				final int bw = x1[l] - x0[l] + 1, bh = y1[l] - y0[l] + 1;
				final ByteProcessor mask = new ByteProcessor(bw, bh);
				for (int y = 0; y < bh; y++)
					for (int x = 0; x < bw; x++)
						if (canvas.label(x0[l] + x, y0[l] + y, z) == l) mask.set(x, y, 255);
				mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
				final Roi roi = ThresholdToSelection.run(new ImagePlus("mask", mask));
				roi.setLocation(x0[l] + roi.getBounds().x, y0[l] + roi.getBounds().y);
				roi.setName(canvas.classes().get(canvas.classOf(l)).name() + " " + l);
				roi.setStrokeColor(new java.awt.Color(canvas.classes().get(canvas.classOf(l)).rgb()));
				if (canvas.slices() > 1) roi.setPosition(z + 1);
				rois.add(roi);
			}
		}
		return rois;
	}

	/**
	 * Adds each ROI as an object of class {@code classIndex} (one step each,
	 * unlabelled pixels only), on its position's slice (slice 1 when it has
	 * none).
	 *
	 * @return the labels given, 0 for a ROI that covered no unlabelled pixel
	 */
	public static int[] addRois(final LabelCanvas canvas, final List<Roi> rois, final int classIndex) {
		final int[] labels = new int[rois.size()];
		for (int i = 0; i < rois.size(); i++) {
			final Roi roi = rois.get(i);
			if (!roi.isArea()) throw new IllegalArgumentException("ROI '" + roi.getName() + "' is not an area (a line or points); only areas become objects");
			final int slice = Math.max(1, roi.getPosition()) - 1;
			if (slice >= canvas.slices()) throw new IllegalArgumentException("ROI '" + roi.getName() + "' is on slice " + (slice + 1) + "; the canvas has " +
				canvas.slices());
			final java.awt.Rectangle b = roi.getBounds();
			final ImageProcessor mask = roi.getMask();
			final boolean[] m = new boolean[b.width * b.height];
			for (int y = 0; y < b.height; y++)
				for (int x = 0; x < b.width; x++) m[y * b.width + x] = mask == null || mask.get(x, y) != 0;
			labels[i] = canvas.addObject(slice, b.x, b.y, b.width, b.height, m, classIndex);
		}
		return labels;
	}
	/**
	 * Adds every object of {@code from} (a canvas of the same size) to {@code to}
	 * as ONE undoable step, on unlabelled pixels only. Objects keep their class
	 * by name (classes {@code to} lacks are added) or, with {@code classIndex >= 0},
	 * all get that class of {@code to}.
	 *
	 * @return how many objects were added (objects covering only labelled pixels are not)
	 */
	public static int copyInto(final LabelCanvas from, final LabelCanvas to, final int classIndex, final String stepName) {
		int added = 0;
		for (final int label : to.addObjectsOf(from, l -> classIndex >= 0 ? classIndex : classByName(to, from.classes().get(from.classOf(l))),
			stepName))
			if (label > 0) added++;
		return added;
	}

	private static int classByName(final LabelCanvas to, final LabelCanvas.LabelClass c) {
		for (int i = 0; i < to.classes().size(); i++)
			if (to.classes().get(i).name().equals(c.name())) return i;
		return to.addClass(c.name(), c.rgb());
	}
}
