package org.tessera.stardist;

import static org.tessera.dl.ModelPackage.axes;
import static org.tessera.dl.ModelPackage.file;
import static org.tessera.dl.ModelPackage.ordered;
import static org.tessera.dl.ModelPackage.space;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tessera.core.TaskMonitor;
import org.tessera.dl.ModelPackage;
import org.tessera.dl.Npy;
import org.tessera.dl.Png;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Writes a StarDist 2D model as a bioimage.io model package (description format
 * 0.5), the form in which deepImageJ, QuPath, ilastik and napari users exchange
 * models: {@code rdf.yaml}, the weights as they are, a test input (a crop of up to
 * 256 x 256 pixels of the image given, raw) with the network's outputs for it, a
 * cover image (the crop with the outlines found), {@code README.md}, and the
 * StarDist settings under {@code config.stardist} (thresholds, rays, grid), which
 * {@link StarDistModel#load} reads back. The input's normalisation is declared as
 * {@code scale_range} with the model's percentiles. What Tessera's packages have
 * in common (axes, files, weights, writing) is in {@link ModelPackage}.
 */
public final class StarDistExport {

	/** The bioimage.io model description format written. */
	public static final String FORMAT_VERSION = ModelPackage.FORMAT_VERSION;
	/** The test input's largest side. */
	static final int TEST_SIZE = 256;

	private static final String STARDIST_PAPER = "Schmidt, Weigert, Broaddus, Myers: Cell Detection with Star-convex Polygons. MICCAI 2018";
	private static final String STARDIST_DOI = "10.1007/978-3-030-00934-2_30";

	private StarDistExport() {
		// static utility
	}

	/**
	 * What the package says about the model.
	 *
	 * @param name the model's name
	 * @param description one or two sentences
	 * @param authors the authors' names
	 * @param license an SPDX licence identifier for the weights, e.g. {@code CC-BY-4.0}
	 */
	public record Description(String name, String description, List<String> authors, String license) {

		/** Checks the fields a package needs. */
		public Description {
			ModelPackage.checkDescription(name, authors, license);
			description = description == null || description.isBlank() ? "StarDist 2D model for star-convex objects such as nuclei" : description;
		}
	}

	/**
	 * Exports a model.
	 *
	 * @param model the model
	 * @param image a typical image for the test input and cover, channels interleaved ({@code (y * width + x) * channels + c})
	 * @param width image width, at least 16
	 * @param height image height, at least 16
	 * @param description what the package says
	 * @param out a {@code .zip} to write, or a folder to write the files into; written atomically, replacing what is there
	 * @throws IllegalArgumentException with one line for an image too small or of the wrong channels
	 * @throws IOException when the package cannot be written
	 */
	public static void export(final StarDistModel model, final float[] image, final int width, final int height, final Description description,
		final Path out) throws IOException
	{
		final StarDistConfig config = model.config();
		final int c = config.channelsIn();
		if ((long) width * height * c != image.length) throw new IllegalArgumentException("image has " + image.length + " values, expected " +
			width + " x " + height + " x " + c + " channels (n_channel_in)");
		final int tw = Math.min(width, TEST_SIZE) / StarDistModel.DEFAULT_DIVISOR * StarDistModel.DEFAULT_DIVISOR;
		final int th = Math.min(height, TEST_SIZE) / StarDistModel.DEFAULT_DIVISOR * StarDistModel.DEFAULT_DIVISOR;
		if (tw < StarDistModel.DEFAULT_DIVISOR || th < StarDistModel.DEFAULT_DIVISOR) throw new IllegalArgumentException("input: the test " +
			"image must be at least " + StarDistModel.DEFAULT_DIVISOR + " x " + StarDistModel.DEFAULT_DIVISOR + " pixels, got " + width + " x " +
			height);
		final float[] crop = ModelPackage.crop(image, width, c, (width - tw) / 2, (height - th) / 2, tw, th);
		final float[] normalized = Normalize.percentilesPerChannel(crop, c, config.normalizeLow(), config.normalizeHigh());
		final StarDistPrediction p = model.predict(normalized, th, tw);
		final StarDistPostprocess.Result labels = new StarDist(model, null, config.normalizeLow(), config.normalizeHigh(), 1).segment(crop, tw, th,
			c, TaskMonitor.NONE);

		final Map<String, byte[]> files = new LinkedHashMap<>();
		final ModelFiles.Weights weights = model.files().weights();
		final String weightsFile = weights.format() == ModelFiles.Format.ONNX ? "weights.onnx" : "weights.pt";
		files.put(weightsFile, weights.bytes());
		files.put("test_input.npy", model.channelsFirst() ? Npy.write(ModelPackage.channelsFirst(crop, c, th * tw), 1, c, th, tw) : Npy.write(crop,
			1, th, tw, c));
		final List<String> outputNames = new ArrayList<>(model.outputs().keySet());
		final List<int[]> outputChannels = outputChannels(model, outputNames);
		for (int i = 0; i < outputNames.size(); i++) {
			final int from = outputChannels.get(i)[0], count = outputChannels.get(i)[1];
			final float[] values = outputValues(p, from, count);
			files.put(testOutput(i), model.channelsFirst() ? Npy.write(ModelPackage.channelsFirst(values, count, p.height() * p.width()), 1, count, p
				.height(), p.width()) : Npy.write(values, 1, p.height(), p.width(), count));
		}
		files.put("cover.png", cover(crop, normalized, c, tw, th, labels.labels()));
		final JsonObject training = trainingRecord(model);
		files.put("README.md", readme(model, description, training).getBytes(StandardCharsets.UTF_8));
		files.put(ModelFiles.RDF, rdf(model, description, weights.format(), weightsFile, outputNames, outputChannels, files, training).getBytes(
			StandardCharsets.UTF_8));
		ModelPackage.write(files, out);
	}

	/** For each output (in the network's order): the first channel of prob + dist it holds and how many. */
	private static List<int[]> outputChannels(final StarDistModel model, final List<String> names) {
		final int rays = model.config().nRays();
		final List<int[]> out = new ArrayList<>();
		if (names.size() == 1) out.add(new int[] { 0, 1 + rays });
		else {
			// probability first, unless the declared shapes say the other way round (as StarDistModel.predict decides)
			final long[] first = model.outputs().get(names.get(0));
			final int ci = model.channelsFirst() ? 1 : first.length - 1;
			final boolean swap = first.length == 4 && first[ci] == rays && rays != 1;
			out.add(swap ? new int[] { 1, rays } : new int[] { 0, 1 });
			out.add(swap ? new int[] { 0, 1 } : new int[] { 1, rays });
		}
		return out;
	}

	private static String testOutput(final int i) {
		return "test_output_" + i + ".npy";
	}

	/** Channels {@code from .. from + count} of prob + dist, channels last. */
	private static float[] outputValues(final StarDistPrediction p, final int from, final int count) {
		final int n = p.height() * p.width(), rays = p.nRays();
		final float[] out = new float[n * count];
		for (int i = 0; i < n; i++)
			for (int k = 0; k < count; k++) {
				final int ch = from + k;
				out[i * count + k] = ch == 0 ? p.prob()[i] : p.dist()[i * rays + ch - 1];
			}
		return out;
	}

	/** The test crop as 8-bit grey or RGB (its first three channels), objects outlined in yellow. */
	private static byte[] cover(final float[] raw, final float[] normalized, final int c, final int w, final int h, final int[] labels) {
		final int[] rgb = ModelPackage.picture(normalized, c, w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int l = labels[y * w + x];
				if (l == 0) continue;
				final boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || labels[y * w + x - 1] != l || labels[y * w + x + 1] != l ||
					labels[(y - 1) * w + x] != l || labels[(y + 1) * w + x] != l;
				if (edge) rgb[y * w + x] = 0xffff00;
			}
		return Png.rgb(rgb, w, h);
	}

	/** The model's training.json, if it has one. */
	private static JsonObject trainingRecord(final StarDistModel model) {
		final byte[] b = model.files().bytes(ModelFiles.TRAINING);
		if (b == null) return null;
		try {
			return JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (final RuntimeException e) {
			return null;
		}
	}

	/** The training data's description in a training.json written by train_real.py, or null. */
	private static String trainingData(final JsonObject training) {
		if (training == null || !training.has("data") || !training.get("data").isJsonObject()) return null;
		final JsonObject data = training.getAsJsonObject("data");
		return data.has("source") ? data.get("source").getAsString() : null;
	}

	private static String readme(final StarDistModel model, final Description d, final JsonObject training) {
		final StarDistConfig config = model.config();
		final StringBuilder sb = new StringBuilder("# ").append(d.name()).append("\n\n").append(d.description()).append("\n\n");
		sb.append("A StarDist 2D model (Schmidt et al., MICCAI 2018): ").append(config.nRays()).append(" rays, grid ").append(config.gridY()).append(
			"x").append(config.gridX()).append(", ").append(config.channelsIn()).append(config.channelsIn() == 1 ? " input channel" : " input channels")
			.append(", inputs normalised by their ").append(ModelPackage.number(config.normalizeLow())).append(" and ").append(ModelPackage.number(
				config.normalizeHigh())).append(" percentiles. Thresholds: probability ").append(ModelPackage.number(model.thresholds().prob())).append(
					", NMS ").append(ModelPackage.number(model.thresholds().nms())).append(".\n\n");
		final String data = trainingData(training);
		if (data != null) sb.append("Trained on ").append(data).append(".\n\n");
		sb.append("Exported by Tessera. Run it in Fiji with Tessera: `run(\"StarDist 2D (Tessera)\", \"model=[from file] model_file=[this.zip]\")`," +
			" or from a shell: `tessera stardist input=image.tif model=this.zip output=labels.tif`.\n");
		return sb.toString();
	}

	private static String rdf(final StarDistModel model, final Description d, final ModelFiles.Format format, final String weightsFile,
		final List<String> outputNames, final List<int[]> outputChannels, final Map<String, byte[]> files, final JsonObject training)
	{
		final StarDistConfig config = model.config();
		final boolean first = model.channelsFirst();
		final Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", FORMAT_VERSION);
		rdf.put("type", "model");
		rdf.put("name", d.name());
		rdf.put("description", d.description());
		rdf.put("authors", ModelPackage.authors(d.authors()));
		final List<Map<String, Object>> cite = new ArrayList<>();
		cite.add(ordered("text", STARDIST_PAPER, "doi", STARDIST_DOI));
		final String data = trainingData(training);
		if (data != null && data.contains("Data Science Bowl")) cite.add(ordered("text", "Caicedo et al.: Nucleus segmentation across imaging " +
			"experiments: the 2018 Data Science Bowl. Nature Methods 16, 1247-1253 (2019)", "doi", "10.1038/s41592-019-0612-7"));
		rdf.put("cite", cite);
		rdf.put("license", d.license());
		rdf.put("tags", List.of("stardist", "segmentation", "instance-segmentation", "nuclei", "2d", format == ModelFiles.Format.ONNX ? "onnx"
			: "torchscript", "tessera"));
		rdf.put("documentation", "README.md");
		rdf.put("covers", List.of("cover.png"));
		rdf.put("timestamp", ModelPackage.timestamp());

		final Map<String, Object> input = new LinkedHashMap<>();
		input.put("id", "input");
		input.put("description", "the image, raw: the pre-processing normalises it");
		final List<String> channelNames = new ArrayList<>();
		for (int k = 0; k < config.channelsIn(); k++) channelNames.add(config.channelsIn() == 3 ? List.of("red", "green", "blue").get(k)
			: "channel" + k);
		input.put("axes", axes(first, ordered("type", "channel", "channel_names", channelNames), space("y", ordered("min", StarDistModel.DEFAULT_DIVISOR,
			"step", StarDistModel.DEFAULT_DIVISOR), 1), space("x", ordered("min", StarDistModel.DEFAULT_DIVISOR, "step", StarDistModel.DEFAULT_DIVISOR),
				1)));
		input.put("test_tensor", file("test_input.npy", files));
		input.put("preprocessing", List.of(ordered("id", "scale_range", "kwargs", ordered("axes", List.of("y", "x"), "min_percentile", config
			.normalizeLow(), "max_percentile", config.normalizeHigh()))));
		rdf.put("inputs", List.of(input));

		final List<Object> outputs = new ArrayList<>();
		for (int i = 0; i < outputNames.size(); i++) {
			final int from = outputChannels.get(i)[0], count = outputChannels.get(i)[1];
			final List<String> names = new ArrayList<>();
			for (int k = from; k < from + count; k++) names.add(k == 0 ? "prob" : String.format(Locale.ROOT, "dist%02d", k - 1));
			final Map<String, Object> o = new LinkedHashMap<>();
			o.put("id", outputNames.get(i));
			o.put("description", from == 0 && count == 1 ? "object probability (sigmoid) on the grid" : from == 0 ? "object probability, then " +
				"the distances to the boundary along each ray (pixels)" : "distances to the object's boundary along each ray (pixels) on the grid");
			o.put("axes", axes(first, ordered("type", "channel", "channel_names", names), space("y", ordered("tensor_id", "input", "axis_id", "y"),
				config.gridY()), space("x", ordered("tensor_id", "input", "axis_id", "x"), config.gridX())));
			o.put("test_tensor", file(testOutput(i), files));
			outputs.add(o);
		}
		rdf.put("outputs", outputs);

		if (format == ModelFiles.Format.ONNX) rdf.put("weights", Map.of("onnx", ModelPackage.onnxWeights(weightsFile, files)));
		else {
			final Map<String, Object> w = new LinkedHashMap<>(file(weightsFile, files));
			w.put("pytorch_version", "2.7");
			rdf.put("weights", Map.of("torchscript", w));
		}

		final Map<String, Object> stardist = new LinkedHashMap<>();
		stardist.put("thresholds", ordered("prob", model.thresholds().prob(), "nms", model.thresholds().nms()));
		stardist.put("config", ordered("n_dim", 2, "n_rays", config.nRays(), "grid", List.of(config.gridY(), config.gridX()), "n_channel_in", config
			.channelsIn(), "normalize_percentiles", List.of(config.normalizeLow(), config.normalizeHigh())));
		rdf.put("config", Map.of("stardist", stardist));
		return ModelPackage.yaml(rdf);
	}

	static String sha256(final byte[] b) {
		return ModelPackage.sha256(b);
	}
}
