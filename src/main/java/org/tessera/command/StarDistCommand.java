package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.Axis;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.ImagePlusViews;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.stardist.StarDist;
import org.tessera.stardist.StarDistModel;
import org.tessera.stardist.StarDistPostprocess;
import org.tessera.stardist.StarDistTiles;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/** StarDist 2D nucleus segmentation (2D images, or 2D + time frame by frame); see {@link StarDist}. */
@Plugin(type = Command.class, name = "stardist", label = "StarDist 2D (Tessera)", headless = true,
	description = "Segments star-convex objects (nuclei) with a StarDist 2D model through ONNX Runtime or PyTorch: label image, ROIs and a table")
public class StarDistCommand extends TesseraCommand {

	@Parameter(label = "input", persist = false, description = "a 2D image, or 2D + time (frame by frame), with as many channels as the " +
		"model takes (n_channel_in; the built-in model: 1)")
	private ImagePlus input;

	@Parameter(label = "model", style = "open", required = false, persist = false, description = "a StarDist 2D model, folder " +
		"or .zip with config.json, thresholds.json and model.onnx (ONNX) or model.pt (TorchScript); default: Tessera's built-in nuclei model")
	private File model;

	// text, not Double: an empty field must mean "the model's value", and SciJava fills an unset Double with 0
	@Parameter(label = "prob_thresh", required = false, persist = false, description = "probability threshold in [0, 1]; empty = the " +
		"model's (thresholds.json)")
	private String prob_thresh = "";

	@Parameter(label = "nms_thresh", required = false, persist = false, description = "overlap threshold of non-maximum suppression in " +
		"[0, 1]; empty = the model's")
	private String nms_thresh = "";

	@Parameter(label = "normalize_low", min = "0", max = "100", description = "lower percentile of the input normalisation")
	private double normalize_low = 1.0;

	@Parameter(label = "normalize_high", min = "0", max = "100", description = "upper percentile of the input normalisation")
	private double normalize_high = 99.8;

	@Parameter(label = "tiles", required = false, persist = false, description = "number of tiles the network runs on (1 = whole " +
		"image); empty or auto = as few as keep each tile near 1 megapixel. The labels do not depend on it.")
	private String tiles = "auto";

	@Parameter(label = "rois", style = "save", required = false, persist = false, description = "save the outlines as an ImageJ " +
		"ROI set (.zip)")
	private File rois;

	@Parameter(label = "roi_manager", required = false, description = "add the outlines to ImageJ's ROI Manager, replacing what it " +
		"holds (not in headless runs: use rois there)")
	private boolean roi_manager;

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the label image (0 = background, objects 1..n by decreasing score)")
	private ImagePlus output;

	@Parameter(label = "StarDist Results", type = ItemIO.OUTPUT, description = "one row per object: label, area, score, centroid")
	private ResultsTable results;

	@Override
	public void run() {
		if (roi_manager) RoiManagerOutput.checkAvailable("roi_manager");
		output = segment();
	}

	private <T extends RealType<T>> ImagePlus segment() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		if (in.dimensionOf(AxisType.Z) >= 0)
			throw new IllegalArgumentException("image '" + input.getTitle() + "' has z slices; StarDist 2D takes 2D images or 2D + time");
		final int tileCount = StarDistTiles.parseCount(tiles);
		final int[] s = Volumes.shape(in);
		final long frames = in.size(AxisType.TIME);
		final int channels = (int) in.size(AxisType.CHANNEL);
		final int[] labels = new int[(int) (s[0] * (long) s[1] * frames)];
		final ResultsTable table = new ResultsTable();
		final List<Roi> all = new ArrayList<>();
		try (StarDistModel m = model == null ? StarDistModel.builtIn() : StarDistModel.load(model.toPath())) {
			if (m.config().channelsIn() != channels) throw new IllegalArgumentException("image '" + input.getTitle() + "' has " + channels +
				" channel" + (channels == 1 ? "" : "s") + "; model " + (model == null ? "(built-in)" : model) + " takes " + m.config().channelsIn() +
				" (n_channel_in)");
			final StarDistPostprocess post = new StarDistPostprocess().withProbThreshold(fractionOrDefault(prob_thresh, "prob_thresh", m
				.thresholds().prob())).withNmsThreshold(fractionOrDefault(nms_thresh, "nms_thresh", m.thresholds().nms()));
			final StarDist stardist = new StarDist(m, post, normalize_low, normalize_high, tileCount);
			for (long t = 0; t < frames; t++) {
				final float[] image = interleaved(in, channels, t, s[0] * s[1]);
				final StarDistPostprocess.Result r = stardist.segment(image, s[0], s[1], channels, monitor().part(t, 1, frames));
				System.arraycopy(r.labels(), 0, labels, (int) (t * s[0] * s[1]), s[0] * s[1]);
				StarDist.addRows(table, r, frames > 1 ? (int) t : -1);
				for (final Roi roi : StarDist.rois(r, frames > 1 ? (int) t : -1)) all.add(roi);
			}
		}
		if (rois != null) {
			try {
				StarDist.writeRois(all, rois.toPath());
			}
			catch (final IOException e) {
				throw new UncheckedIOException("rois: cannot write " + rois + ": " + e.getMessage(), e);
			}
		}
		if (roi_manager) RoiManagerOutput.replace("roi_manager", all);
		results = table;
		int n = 0;
		for (final int l : labels) n = Math.max(n, l);
		status().showStatus("StarDist: " + table.size() + " objects");
		final long[] dims = frames > 1 ? new long[] { s[0], s[1], frames } : new long[] { s[0], s[1] };
		final net.imglib2.img.Img<IntType> img = ArrayImgs.ints(labels, dims);
		// the labels have the image's axes, except channels
		final List<Axis> axes = new ArrayList<>(in.axes());
		axes.removeIf(a -> a.type() == AxisType.CHANNEL);
		return LabelImages.toImagePlus(input, new AxisImg<>(in.name(), img, axes), img, n);
	}

	/** One frame's pixels, channels interleaved ({@code (y * width + x) * channels + c}). */
	private static <T extends RealType<T>> float[] interleaved(final AxisImg<T> in, final int channels, final long t, final int plane) {
		if (channels == 1) return Volumes.read(in, 0, t, Threads.executor(0));
		final float[] out = new float[plane * channels];
		for (int c = 0; c < channels; c++) {
			final float[] one = Volumes.read(in, c, t, Threads.executor(0));
			for (int i = 0; i < plane; i++) out[i * channels + c] = one[i];
		}
		return out;
	}

	public ImagePlus getOutput() {
		return output;
	}

	public ResultsTable getResults() {
		return results;
	}
}
