package org.tessera.command;

import java.io.File;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.sam.Box;
import org.tessera.sam.FastSam;
import org.tessera.sam.FastSamDecoder;
import org.tessera.sam.FastSamImage;
import org.tessera.sam.FastSamMask;
import org.tessera.sam.FastSamModel;
import org.tessera.sam.FastSamPrompts;
import org.tessera.sam.FastSamResult;
import org.tessera.sam.FastSamSelection;
import org.tessera.sam.Point;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

/** FastSAM segmentation of a 2D image: everything, or the object a box or points select; see {@link FastSam}. */
@Plugin(type = Command.class, name = "fastsam", label = "FastSAM Segment (Tessera)", headless = true,
	description = "Segments a 2D image with FastSAM (the built-in nuclei model or a YOLOv8-seg ONNX export): every object, or the one a box or " +
		"points select, as a label image")
public class FastSamCommand extends TesseraCommand {

	static final String EVERYTHING = "everything", POINTS = "points", BOX = "box";

	@Parameter(label = "input", persist = false, description = "a 2D image: grey (8-, 16- or 32-bit; the first channel of a multi-channel " +
		"image), normalised by its 1 and 99.8 percentiles, or RGB")
	private ImagePlus input;

	@Parameter(label = "model", style = "open", required = false, persist = false, description = "optional: a FastSAM model exported " +
		"to ONNX (Ultralytics FastSAM-s / FastSAM-x or another one-class YOLOv8-seg export); default: Tessera's built-in nuclei model")
	private File model;

	@Parameter(label = "mode", choices = { EVERYTHING, POINTS, BOX }, persist = false, description = "everything: all objects; points: " +
		"the object the points select; box: the object that best fits the box")
	private String mode = EVERYTHING;

	@Parameter(label = "points", required = false, persist = false, description = "for mode=points: x,y;x,y;... in pixels, a leading - " +
		"marking a negative point (e.g. 10,20;-30,40)")
	private String points = "";

	@Parameter(label = "box", required = false, persist = false, description = "for mode=box: x0,y0,x1,y1 in pixels, within the image " +
		"(e.g. 10,20,110,90)")
	private String box = "";

	// text, not Double: an empty field must mean "the model's value", and SciJava fills an unset Double with 0
	@Parameter(label = "conf", required = false, persist = false, description = "confidence threshold in [0, 1] (detections need at " +
		"least this); empty = the model's (0.4 for a model you bring, the tuned one for the built-in model)")
	private String conf = "";

	@Parameter(label = "iou", required = false, persist = false, description = "non-maximum suppression in [0, 1]: a box overlapping " +
		"a better one by more than this IoU is dropped; empty = the model's (0.9 for a model you bring, the tuned one for the built-in model)")
	private String iou = "";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the label image (0 = background; everything: objects 1..n by " +
		"decreasing score, smaller objects drawn over larger ones; points, box: the object as 1)")
	private ImagePlus output;

	@Parameter(label = "FastSAM Results", type = ItemIO.OUTPUT, description = "one row per object: label, area (its pixels " +
		"in the label image), mask_area (its whole mask, part of which smaller objects may cover), score, box (bbox_x0, bbox_y0, bbox_x1, bbox_y1)")
	private ResultsTable results;

	@Override
	public void run() {
		final String m = mode == null ? EVERYTHING : mode.strip();
		final boolean hasPoints = points != null && !points.isBlank(), hasBox = box != null && !box.isBlank();
		if (!m.equals(EVERYTHING) && !m.equals(POINTS) && !m.equals(BOX))
			throw new IllegalArgumentException("mode: expected everything, points or box, got '" + mode + "'");
		if (m.equals(POINTS) && !hasPoints)
			throw new IllegalArgumentException("points: mode=points needs points=x,y;x,y;... (pixels; a leading - marks a negative point)");
		if (m.equals(BOX) && !hasBox) throw new IllegalArgumentException("box: mode=box needs box=x0,y0,x1,y1 (pixels)");
		if (hasPoints && !m.equals(POINTS)) throw new IllegalArgumentException("points: given with mode=" + m + "; use mode=points");
		if (hasBox && !m.equals(BOX)) throw new IllegalArgumentException("box: given with mode=" + m + "; use mode=box");
		final List<Point> pointList = m.equals(POINTS) ? FastSamPrompts.parsePoints(points) : List.of();
		final Box theBox = m.equals(BOX) ? FastSamPrompts.parseBox(box) : null;
		// bad thresholds are reported before the model loads
		threshold(conf, "conf", 0);
		threshold(iou, "iou", 0);
		if (input.getNSlices() > 1 || input.getNFrames() > 1)
			throw new IllegalArgumentException("input: image '" + input.getTitle() + "' has " + input.getNSlices() + " slices and " + input
				.getNFrames() + " frames; FastSAM segments one 2D image");
		final int w = input.getWidth(), h = input.getHeight();
		if (m.equals(POINTS)) FastSamPrompts.checkPoints(pointList, w, h);
		if (theBox != null) FastSamPrompts.checkInside(theBox, w, h);
		final FastSamResult all;
		try (FastSamModel net = model == null || model.getPath().isEmpty() ? FastSamModel.builtIn() : FastSamModel.load(model.toPath())) {
			final FastSamDecoder defaults = net.decoder();
			final FastSamDecoder decoder = defaults.withConfidence(threshold(conf, "conf", defaults.confidence())).withIou(threshold(iou,
				"iou", defaults.iou()));
			all = new FastSam(net, decoder).segment(image(input), monitor());
		}
		final FastSamSelection selection = switch (m) {
			case POINTS -> all.points(pointList);
			case BOX -> all.box(theBox);
			default -> all.everything();
		};
		status().showStatus("FastSAM " + selection.status());
		if (selection.isEmpty() && !m.equals(EVERYTHING)) monitor().warn("FastSAM " + selection.status());
		final int[] labels = selection.labels();
		output = labelImage(selection, labels);
		results = table(selection, labels);
	}

	/** A threshold in [0, 1] from its text; empty: the model's. */
	private static double threshold(final String text, final String key, final double model) {
		if (text == null || text.isBlank()) return model;
		try {
			final double v = Double.parseDouble(text.trim());
			if (v >= 0 && v <= 1) return v;
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException(key + ": expected a number in [0, 1] or nothing (the model's value), got '" + text + "'");
	}

	/** The image for FastSAM: RGB as it is, else the first channel's plane as grey. */
	static FastSamImage image(final ImagePlus imp) {
		final int w = imp.getWidth(), h = imp.getHeight();
		if (imp.getBitDepth() == 24) {
			final int[] rgb = (int[]) ((ColorProcessor) imp.getStack().getProcessor(imp.getStackIndex(1, 1, 1))).getPixels();
			return FastSamImage.rgb(rgb, w, h);
		}
		final float[] grey = (float[]) imp.getStack().getProcessor(imp.getStackIndex(1, 1, 1)).convertToFloatProcessor().getPixels();
		return FastSamImage.grey(grey, w, h);
	}

	private ImagePlus labelImage(final FastSamSelection selection, final int[] labels) {
		final short[] pixels = new short[labels.length];
		for (int i = 0; i < labels.length; i++) pixels[i] = (short) labels[i];
		final ImagePlus imp = ImagePlusResults.like(input, new ImagePlus("labels", new ShortProcessor(selection.width(), selection.height(),
			pixels, null)), "labels");
		final int n = selection.objects().size();
		imp.setDisplayRange(0, Math.max(1, n));
		imp.setProperty("Info", "objects=" + n + "\nFastSAM " + selection.status());
		return imp;
	}

	/** One row per object: its pixels in the label image, its whole mask's, score and box. */
	private static ResultsTable table(final FastSamSelection selection, final int[] labels) {
		final ResultsTable t = new ResultsTable();
		final List<FastSamMask> objects = selection.objects();
		final int[] area = new int[objects.size() + 1];
		for (final int l : labels) area[l]++;
		for (int i = 0; i < objects.size(); i++) {
			final FastSamMask o = objects.get(i);
			t.addRow();
			t.addValue("label", i + 1);
			t.addValue("area", area[i + 1]);
			t.addValue("mask_area", o.area());
			t.addValue("score", o.score());
			t.addValue("bbox_x0", o.box().x0());
			t.addValue("bbox_y0", o.box().y0());
			t.addValue("bbox_x1", o.box().x1());
			t.addValue("bbox_y1", o.box().y1());
		}
		return t;
	}

	public ImagePlus getOutput() {
		return output;
	}

	public ResultsTable getResults() {
		return results;
	}
}
