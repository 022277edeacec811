package org.tessera.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.imagej.ResultsTables;
import org.tessera.sam.Box;
import org.tessera.sam.FastSam;
import org.tessera.sam.FastSamDecoder;
import org.tessera.sam.FastSamModel;
import org.tessera.sam.FastSamPrompts;
import org.tessera.sam.FastSamSegmenter;
import org.tessera.sam.Point;
import org.tessera.segmenter.PlaneObjects;
import org.tessera.segmenter.Segmentation;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.FloatPolygon;

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
		"marking a negative point (e.g. 10,20;-30,40); empty: the points of the image's multi-point selection")
	private String points = "";

	@Parameter(label = "box", required = false, persist = false, description = "for mode=box: x0,y0,x1,y1 in pixels, within the image " +
		"(e.g. 10,20,110,90); empty: the image's rectangle selection")
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
		if (hasPoints && !m.equals(POINTS)) throw new IllegalArgumentException("points: given with mode=" + m + "; use mode=points");
		if (hasBox && !m.equals(BOX)) throw new IllegalArgumentException("box: given with mode=" + m + "; use mode=box");
		final FastSamSegmenter.Prompt prompt = switch (m) {
			case POINTS -> FastSamSegmenter.Prompt.points(hasPoints ? FastSamPrompts.parsePoints(points) : selectedPoints(input));
			case BOX -> FastSamSegmenter.Prompt.box(hasBox ? FastSamPrompts.parseBox(box) : selectedBox(input));
			default -> FastSamSegmenter.Prompt.EVERYTHING;
		};
		// bad thresholds are reported before the model loads
		fractionOrDefault(conf, "conf", 0);
		fractionOrDefault(iou, "iou", 0);
		final int w = input.getWidth(), h = input.getHeight();
		if (!prompt.points().isEmpty()) FastSamPrompts.checkPoints(prompt.points(), w, h);
		if (prompt.box() != null) FastSamPrompts.checkInside(prompt.box(), w, h);
		final Segmentation s;
		try (FastSamSegmenter fastSam = new FastSamSegmenter(fastSam(FastSamModel.open(model == null ? "" : model
			.getPath())), prompt)) {
			s = Segmentation.run(fastSam, input.getTitle(), ImagePlusPlanes.of(input), monitor());
		}
		final List<PlaneObjects> planes = s.planes();
		for (int p = 0; p < planes.size(); p++)
			if (planes.get(p).count() == 0 && !prompt.isEverything()) monitor().warn(planes.get(p).status() + (planes.size() > 1 ? " (plane " + (p
				+ 1) + ")" : ""));
		status().showStatus(planes.get(planes.size() - 1).status());
		output = LabelImages.of(input, s, "fastsam");
		results = ResultsTables.of(s.table());
	}

	/** Without points=, the image's multi-point selection (every point positive), as the user clicked them. */
	static List<Point> selectedPoints(final ImagePlus imp) {
		final Roi roi = imp.getRoi();
		if (!(roi instanceof PointRoi)) throw new IllegalArgumentException("points: mode=points needs points=x,y;x,y;... (pixels; a leading - " +
			"marks a negative point) or a multi-point selection on image '" + imp.getTitle() + "'");
		final FloatPolygon p = roi.getFloatPolygon();
		final List<Point> out = new ArrayList<>();
		for (int i = 0; i < p.npoints; i++) out.add(new Point(p.xpoints[i], p.ypoints[i], true));
		return out;
	}

	/** Without box=, the image's rectangle selection: the pixels it covers. */
	static Box selectedBox(final ImagePlus imp) {
		final Roi roi = imp.getRoi();
		if (roi == null || roi.getType() != Roi.RECTANGLE) throw new IllegalArgumentException("box: mode=box needs box=x0,y0,x1,y1 (pixels) " +
			"or a rectangle selection on image '" + imp.getTitle() + "'");
		final java.awt.geom.Rectangle2D r = roi.getFloatBounds();
		return new Box(r.getX(), r.getY(), r.getX() + r.getWidth(), r.getY() + r.getHeight());
	}

	/** The model with this command's thresholds (closing it if they are wrong). */
	private FastSam fastSam(final FastSamModel net) {
		try {
			final FastSamDecoder defaults = net.decoder();
			return new FastSam(net, defaults.withConfidence(fractionOrDefault(conf, "conf", defaults.confidence())).withIou(fractionOrDefault(iou,
				"iou", defaults.iou())));
		}
		catch (final RuntimeException e) {
			net.close();
			throw e;
		}
	}

	public ImagePlus getOutput() {
		return output;
	}

	public ResultsTable getResults() {
		return results;
	}
}
