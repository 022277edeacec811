package org.tessera.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.LabelImagePlus;
import org.tessera.sam.Box;
import org.tessera.sam.FastSam;
import org.tessera.sam.FastSamDecoder;
import org.tessera.sam.FastSamMask;
import org.tessera.sam.FastSamModel;
import org.tessera.sam.FastSamPlanes;
import org.tessera.sam.FastSamPrompts;
import org.tessera.sam.FastSamResult;
import org.tessera.sam.FastSamSelection;
import org.tessera.sam.Point;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.ImageStack;
import ij.process.ShortProcessor;

/**
 * FastSAM segmentation of a 2D image, or of a stack plane by plane (z-slices and time points; channel 1):
 * everything, or the object a box or points select; see {@link FastSam}.
 */
@Plugin(type = Command.class, name = "fastsam", label = "FastSAM Segment (Tessera)", headless = true,
	description = "Segments a 2D image with FastSAM (the built-in nuclei model or a YOLOv8-seg ONNX export): every object, or the one a box or " +
		"points select, as a label image")
public class FastSamCommand extends TesseraCommand {

	static final String EVERYTHING = "everything", POINTS = "points", BOX = "box";

	@Parameter(label = "input", persist = false, description = "a 2D image: grey (8-, 16- or 32-bit; the first channel of a multi-channel " +
		"image), normalised by its 1 and 99.8 percentiles, or RGB")
	private ImagePlus input;

	@Parameter(label = "model", style = "open", required = false, persist = false, description = "a FastSAM model exported " +
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
		fractionOrDefault(conf, "conf", 0);
		fractionOrDefault(iou, "iou", 0);
		final int w = input.getWidth(), h = input.getHeight(), planes = FastSamPlanes.count(input);
		if (m.equals(POINTS)) FastSamPrompts.checkPoints(pointList, w, h);
		if (theBox != null) FastSamPrompts.checkInside(theBox, w, h);
		final List<FastSamSelection> selections = new ArrayList<>();
		try (FastSamModel net = model == null || model.getPath().isEmpty() ? FastSamModel.builtIn() : FastSamModel.load(model.toPath())) {
			final FastSamDecoder defaults = net.decoder();
			final FastSamDecoder decoder = defaults.withConfidence(fractionOrDefault(conf, "conf", defaults.confidence())).withIou(
				fractionOrDefault(iou, "iou", defaults.iou()));
			final FastSam fastSam = new FastSam(net, decoder);
			// a stack plane by plane (z-slices and time points), each with the same prompt
			for (int p = 0; p < planes; p++) {
				monitor().progress(p, planes);
				final FastSamResult all = fastSam.segment(FastSamPlanes.image(input, p), monitor());
				final FastSamSelection selection = switch (m) {
					case POINTS -> all.points(pointList);
					case BOX -> all.box(theBox);
					default -> all.everything();
				};
				final String where = planes > 1 ? " (plane " + (p + 1) + ")" : "";
				if (selection.isEmpty() && !m.equals(EVERYTHING)) monitor().warn("FastSAM " + selection.status() + where);
				selections.add(selection);
			}
			monitor().progress(planes, planes);
		}
		status().showStatus("FastSAM " + selections.get(selections.size() - 1).status());
		output = labelImage(selections);
		results = table(selections, output);
	}

	/** The label image: one plane per input plane (z and time, one channel), 16-bit. */
	private ImagePlus labelImage(final List<FastSamSelection> selections) {
		final int w = input.getWidth(), h = input.getHeight();
		final ImageStack stack = new ImageStack(w, h);
		int most = 0;
		for (final FastSamSelection selection : selections) {
			final int[] labels = selection.labels();
			final short[] pixels = new short[labels.length];
			for (int i = 0; i < labels.length; i++) pixels[i] = (short) labels[i];
			stack.addSlice(new ShortProcessor(w, h, pixels, null));
			most = Math.max(most, selection.objects().size());
		}
		final ImagePlus labels = new ImagePlus("labels", stack);
		if (selections.size() > 1) labels.setDimensions(1, input.getNSlices(), input.getNFrames());
		final ImagePlus imp = ImagePlusResults.like(input, labels, "fastsam-labels");
		LabelImagePlus.showAsLabels(imp, most);
		final StringBuilder info = new StringBuilder("objects=" + selections.stream().mapToInt(s -> s.objects().size()).sum());
		for (int p = 0; p < selections.size(); p++)
			info.append("\nFastSAM ").append(selections.size() > 1 ? "plane " + (p + 1) + ": " : "").append(selections.get(p).status());
		imp.setProperty("Info", info.toString());
		return imp;
	}

	/**
	 * One row per object: its pixels in the label image, its whole mask's, score
	 * and box; for a stack also its plane, slice and frame (labels restart at 1
	 * on every plane).
	 */
	private ResultsTable table(final List<FastSamSelection> selections, final ImagePlus labels) {
		final ResultsTable t = new ResultsTable();
		for (int p = 0; p < selections.size(); p++) {
			final List<FastSamMask> objects = selections.get(p).objects();
			final int[] area = new int[objects.size() + 1];
			final short[] pixels = (short[]) labels.getStack().getPixels(p + 1);
			for (final short l : pixels) area[l & 0xffff]++;
			for (int i = 0; i < objects.size(); i++) {
				final FastSamMask o = objects.get(i);
				t.addRow();
				if (selections.size() > 1) {
					t.addValue("plane", p + 1);
					t.addValue("slice", p % input.getNSlices() + 1);
					t.addValue("frame", p / input.getNSlices() + 1);
				}
				t.addValue("label", i + 1);
				t.addValue("area", area[i + 1]);
				t.addValue("mask_area", o.area());
				t.addValue("score", o.score());
				t.addValue("bbox_x0", o.box().x0());
				t.addValue("bbox_y0", o.box().y0());
				t.addValue("bbox_x1", o.box().x1());
				t.addValue("bbox_y1", o.box().y1());
			}
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
