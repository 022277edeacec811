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
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.scijava.TesseraCommands;
import org.tessera.stardist.StarDist;
import org.tessera.stardist.StarDistModel;
import org.tessera.stardist.StarDistPostprocess;
import org.tessera.dl.Tiles;

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

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private ImagePlus segment() {
		final AxisImg in = view(input);
		if (in.dimensionOf(AxisType.Z) >= 0)
			throw new IllegalArgumentException("image '" + input.getTitle() + "' has z slices; StarDist 2D takes 2D images or 2D + time");
		final int tileCount = Tiles.parseCount(tiles);
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale: expected a positive number, got " + scale);
		if (exclude_border < 0) throw new IllegalArgumentException("exclude_border: expected 0 or more pixels, got " + exclude_border);
		final int[] s = Volumes.shape(in);
		final long frames = in.size(AxisType.TIME);
		final int channels = channels(input, in);
		final int[] labels = new int[(int) (s[0] * (long) s[1] * frames)];
		final ResultsTable table = new ResultsTable();
		final List<Roi> all = new ArrayList<>();
		final String which = modelName(model, model_file);
		try (StarDistModel m = StarDistModel.open(which)) {
			checkChannels(input, channels, m.config().channelsIn(), which);
			final StarDistPostprocess post = new StarDistPostprocess().withProbThreshold(fractionOrDefault(prob_thresh, "prob_thresh", m
				.thresholds().prob())).withNmsThreshold(fractionOrDefault(nms_thresh, "nms_thresh", m.thresholds().nms())).withBoundary(exclude_border);
			final StarDist stardist = new StarDist(m, post, percentOrDefault(normalize_low, "normalize_low", m.config().normalizeLow()),
				percentOrDefault(normalize_high, "normalize_high", m.config().normalizeHigh()), tileCount, scale);
			for (long t = 0; t < frames; t++) {
				final float[] image = frame(input, in, (int) t);
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
		if (roi_manager) {
			if (append) RoiManagerOutput.append("roi_manager", all);
			else RoiManagerOutput.replace("roi_manager", all);
		}
		results = table;
		int n = 0;
		for (final int l : labels) n = Math.max(n, l);
		status().showStatus("StarDist: " + table.size() + " objects");
		final long[] dims = frames > 1 ? new long[] { s[0], s[1], frames } : new long[] { s[0], s[1] };
		final net.imglib2.img.Img<IntType> img = ArrayImgs.ints(labels, dims);
		// the labels have the image's axes, except channels
		final List<Axis> axes = new ArrayList<Axis>(in.axes());
		axes.removeIf(a -> a.type() == AxisType.CHANNEL);
		return LabelImages.toImagePlus(input, new AxisImg<>(in.name(), img, axes), img, n, "stardist");
	}

	/** The model as {@link StarDistModel#open} takes it: a built-in name, or the file of "from file" or of a path given as the model. */
	static String modelName(final String model, final File modelFile) {
		final String m = model == null ? "" : model.trim();
		if (!m.equalsIgnoreCase(FROM_FILE)) return m;
		if (modelFile == null || modelFile.getPath().isBlank()) throw new IllegalArgumentException(
			"model_file: model is 'from file' but no model file is given (a folder or .zip with config.json, thresholds.json and the weights)");
		return modelFile.getPath();
	}

	/** The view of an image that {@link #frame} reads: RGB pixels keep their type, grey ones are real. */
	@SuppressWarnings("rawtypes")
	static AxisImg view(final ImagePlus imp) {
		return imp.getType() == ImagePlus.COLOR_RGB ? ImagePlusViews.wrap(imp) : ImagePlusViews.wrapReal(imp);
	}

	/** The channels a StarDist network sees of an image: 3 for RGB. */
	static int channels(final ImagePlus imp, final AxisImg<?> in) {
		return imp.getType() == ImagePlus.COLOR_RGB ? 3 : (int) in.size(AxisType.CHANNEL);
	}

	/** One frame's pixels as a StarDist network takes them, channels interleaved ({@code (y * width + x) * channels + c}). */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static float[] frame(final ImagePlus imp, final AxisImg in, final int t) {
		if (imp.getType() == ImagePlus.COLOR_RGB) return rgbInterleaved(imp, t);
		final int[] s = Volumes.shape(in);
		return interleaved(in, channels(imp, in), t, s[0] * s[1]);
	}

	/** One line when the image's channels are not the model's. */
	static void checkChannels(final ImagePlus imp, final int channels, final int wanted, final String model) {
		if (wanted == channels) return;
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		throw new IllegalArgumentException("image '" + imp.getTitle() + "' " + (rgb ? "is RGB (3 channels)" : "has " + channels + " channel" +
			(channels == 1 ? "" : "s")) + "; model " + (model.isBlank() ? StarDistModel.BUILT_IN_NAMES.get(0) : model) + " takes " + wanted +
			" (n_channel_in)" + hint(rgb, wanted));
	}

	/** What to do about an image whose channels the model does not take. */
	private static String hint(final boolean rgb, final int wanted) {
		if (rgb && wanted == 1) return ": convert it to 8-bit (Image > Type), or use model=he for brightfield and H&E images";
		if (!rgb && wanted == 3) return ": the he model takes RGB images (Image > Type > RGB Color)";
		return "";
	}

	/** One frame of an RGB image as three interleaved float channels, red first. */
	private static float[] rgbInterleaved(final ImagePlus imp, final int t) {
		final int[] px = (int[]) imp.getStack().getProcessor(imp.getStackIndex(1, 1, t + 1)).getPixels();
		final float[] out = new float[px.length * 3];
		for (int i = 0; i < px.length; i++) {
			out[3 * i] = (px[i] >> 16) & 0xff;
			out[3 * i + 1] = (px[i] >> 8) & 0xff;
			out[3 * i + 2] = px[i] & 0xff;
		}
		return out;
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
