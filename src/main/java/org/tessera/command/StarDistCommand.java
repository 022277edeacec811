package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.dl.Tiles;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.imagej.ResultsTables;
import org.tessera.imagej.Rois;
import org.tessera.scijava.TesseraCommands;
import org.tessera.segmenter.Segmentation;
import org.tessera.stardist.StarDist;
import org.tessera.stardist.StarDistModel;
import org.tessera.stardist.StarDistPostprocess;
import org.tessera.stardist.StarDistSegmenter;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;

/** StarDist 2D nucleus segmentation (2D images, or 2D + time frame by frame); see {@link StarDistSegmenter}. */
@Plugin(type = Command.class, name = "stardist", label = "StarDist 2D (Tessera)", headless = true,
	description = "Segments star-convex objects (nuclei) with a StarDist 2D model through ONNX Runtime or PyTorch: label image, ROIs and a table")
public class StarDistCommand extends TesseraCommand {

	/** The model choice that means {@link #model_file}. */
	static final String FROM_FILE = "from file";

	@Parameter(label = "input", persist = false, description = "a 2D image, or 2D + time (frame by frame), with as many channels as the " +
		"model takes (n_channel_in): grey for the fluorescence model, RGB for the he model")
	private ImagePlus input;

	@Parameter(label = "model", choices = { "fluorescence", "he", FROM_FILE }, style = TesseraCommands.OPEN_CHOICES, required = false,
		persist = false, description = "fluorescence: the built-in model for fluorescent nuclei (grey images); he: the built-in model for " +
			"nuclei in brightfield and H&E images (RGB); from file: the model in model_file. A path here is taken as the model file too.")
	private String model = "fluorescence";

	@Parameter(label = "model_file", style = "open", required = false, persist = false, description = "with model 'from file': a StarDist " +
		"2D model, folder or .zip with config.json, thresholds.json and model.onnx (ONNX) or model.pt (TorchScript)")
	private File model_file;

	// text, not Double: an empty field must mean "the model's value", and SciJava fills an unset Double with 0
	@Parameter(label = "prob_thresh", required = false, persist = false, description = "probability threshold in [0, 1]; empty = the " +
		"model's (thresholds.json)")
	private String prob_thresh = "";

	@Parameter(label = "nms_thresh", required = false, persist = false, description = "overlap threshold of non-maximum suppression in " +
		"[0, 1]; empty = the model's")
	private String nms_thresh = "";

	@Parameter(label = "normalize_low", required = false, persist = false, description = "lower percentile of the input normalisation " +
		"(0-100); empty = the model's (1 for StarDist models unless they say otherwise)")
	private String normalize_low = "";

	@Parameter(label = "normalize_high", required = false, persist = false, description = "upper percentile of the input normalisation " +
		"(0-100); empty = the model's (99.8 unless the model says otherwise)")
	private String normalize_high = "";

	@Parameter(label = "tiles", required = false, persist = false, description = "number of tiles the network runs on (1 = whole " +
		"image); empty or auto = as few as keep each tile near 1 megapixel. The labels do not depend on it.")
	private String tiles = "auto";

	@Parameter(label = "scale", min = "0.05", max = "20", required = false, persist = false, description = "the image is resized by " +
		"this factor before the network and the outlines back after: above 1 where nuclei are smaller than the model's (e.g. 2 for an image " +
		"at half its magnification), below 1 where they are larger")
	private double scale = 1;

	@Parameter(label = "exclude_border", min = "0", required = false, persist = false, description = "objects centred closer than this " +
		"many pixels to the image border are left out (0: none)")
	private int exclude_border = StarDistPostprocess.DEFAULT_BOUNDARY;

	@Parameter(label = "rois", style = "save", required = false, persist = false, description = "save the outlines as an ImageJ " +
		"ROI set (.zip)")
	private File rois;

	@Parameter(label = "roi_manager", required = false, description = "add the outlines to ImageJ's ROI Manager, replacing what it " +
		"holds (not in headless runs: use rois there)")
	private boolean roi_manager;

	@Parameter(label = "append", required = false, description = "with roi_manager: keep what the ROI Manager holds and add the " +
		"outlines after it (to gather the objects of several images or runs)")
	private boolean append;

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the label image (0 = background, objects 1..n by decreasing score)")
	private ImagePlus output;

	@Parameter(label = "StarDist Results", type = ItemIO.OUTPUT, description = "one row per object: label, area, score, centroid")
	private ResultsTable results;

	@Override
	public void run() {
		if (roi_manager) RoiManagerOutput.checkAvailable("roi_manager");
		output = segment();
	}

	private ImagePlus segment() {
		final int tileCount = Tiles.parseCount(tiles);
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale: expected a positive number, got " + scale);
		if (exclude_border < 0) throw new IllegalArgumentException("exclude_border: expected 0 or more pixels, got " + exclude_border);
		final String which = modelName(model, model_file);
		final Segmentation s;
		try (StarDistSegmenter stardist = new StarDistSegmenter(stardist(StarDistModel.open(which), tileCount), which)) {
			s = Segmentation.run(stardist, input.getTitle(), ImagePlusPlanes.of(input), monitor());
		}
		final List<Roi> all = Rois.of(s);
		if (rois != null) {
			try {
				Rois.write(all, rois.toPath());
			}
			catch (final IOException e) {
				throw new UncheckedIOException("rois: cannot write " + rois + ": " + e.getMessage(), e);
			}
		}
		if (roi_manager) {
			if (append) RoiManagerOutput.append("roi_manager", all);
			else RoiManagerOutput.replace("roi_manager", all);
		}
		results = ResultsTables.of(s.table());
		status().showStatus("StarDist: " + results.size() + " objects");
		return LabelImages.of(input, s, "stardist");
	}

	/** The model with this command's thresholds, normalisation, tiles and scale (closing the model if they are wrong). */
	private StarDist stardist(final StarDistModel m, final int tileCount) {
		try {
			final StarDistPostprocess post = new StarDistPostprocess().withProbThreshold(fractionOrDefault(prob_thresh, "prob_thresh", m
				.thresholds().prob())).withNmsThreshold(fractionOrDefault(nms_thresh, "nms_thresh", m.thresholds().nms())).withBoundary(exclude_border);
			return new StarDist(m, post, percentOrDefault(normalize_low, "normalize_low", m.config().normalizeLow()), percentOrDefault(
				normalize_high, "normalize_high", m.config().normalizeHigh()), tileCount, scale);
		}
		catch (final RuntimeException e) {
			m.close();
			throw e;
		}
	}

	/** The model as {@link StarDistModel#open} takes it: a built-in name, or the file of "from file" or of a path given as the model. */
	static String modelName(final String model, final File modelFile) {
		final String m = model == null ? "" : model.trim();
		if (!m.equalsIgnoreCase(FROM_FILE)) return m;
		if (modelFile == null || modelFile.getPath().isBlank()) throw new IllegalArgumentException(
			"model_file: model is 'from file' but no model file is given (a folder or .zip with config.json, thresholds.json and the weights)");
		return modelFile.getPath();
	}

	public ImagePlus getOutput() {
		return output;
	}

	public ResultsTable getResults() {
		return results;
	}
}
