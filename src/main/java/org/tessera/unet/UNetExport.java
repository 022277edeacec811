package org.tessera.unet;

import static org.tessera.dl.ModelPackage.axes;
import static org.tessera.dl.ModelPackage.file;
import static org.tessera.dl.ModelPackage.ordered;
import static org.tessera.dl.ModelPackage.space;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.tessera.core.TaskMonitor;
import org.tessera.dl.ModelPackage;
import org.tessera.dl.Npy;
import org.tessera.dl.Percentiles;
import org.tessera.dl.Png;

/**
 * Writes a U-Net model (a folder written by {@code train-unet}) as a bioimage.io
 * model package (description format 0.5), for deepImageJ, ilastik, napari,
 * QuPath and Tessera itself:
 * <ul>
 * <li>{@code rdf.yaml}: one input [batch, channel, y, x] whose pre-processing is
 * the percentile normalisation {@code unet} applies ({@code scale_range} per
 * channel with the model's percentiles), sizes a multiple of the network's
 * divisor and at least twice its halo plus the divisor; one output, the class
 * probabilities [batch, class, y, x] with a channel per class (named after the
 * classes) and the receptive field's halo, which {@code unet}'s tiles overlap by;
 * the ONNX weights with their opset; the model's own description (the
 * {@value UNetModel#CONFIG} of its folder) under {@code config.tessera}, which
 * {@link UNetModel#load} reads back;</li>
 * <li>{@code weights.onnx}, the network as it is;</li>
 * <li>{@code test_input.npy}: a crop of up to 256 x 256 pixels of a typical
 * image, raw; {@code test_output.npy}: the probabilities Tessera's own inference
 * ({@link UNetSegmentation#probabilities}) gives for it;</li>
 * <li>{@code cover.png} (the crop beside its classes), {@code README.md}, and
 * the folder's {@value UNetModel#TRAINING} when it has one.</li>
 * </ul>
 */
public final class UNetExport {

	/** The bioimage.io model description format written. */
	public static final String FORMAT_VERSION = ModelPackage.FORMAT_VERSION;
	/** The key under the description's {@code config} that holds Tessera's own description of the model. */
	public static final String CONFIG_KEY = "tessera";
	/** The package's files. */
	public static final String WEIGHTS = "weights.onnx", TEST_INPUT = "test_input.npy", TEST_OUTPUT = "test_output.npy", COVER = "cover.png",
		README = "README.md";
	/** The input's and the output's ids. */
	public static final String INPUT_ID = "input", OUTPUT_ID = "probabilities";
	/** The test input's largest side, unless the model needs more. */
	static final int TEST_SIZE = 256;

	private static final String UNET_PAPER = "Ronneberger, Fischer, Brox: U-Net: Convolutional Networks for Biomedical Image Segmentation. " +
		"MICCAI 2015";
	private static final String UNET_DOI = "10.1007/978-3-319-24574-4_28";
	/** Colours of the classes after the first in the cover. */
	private static final int[] PALETTE = { 0xffd700, 0x00bfff, 0xff40ff, 0x40ff40, 0xff8c00, 0xff4040, 0x4060ff, 0xa0ffa0 };
	private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
		"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
		"not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

	private UNetExport() {
		// static utility
	}

	/**
	 * What the package says about the model.
	 *
	 * @param name the model's name
	 * @param description one or two sentences; empty: one made from the classes
	 * @param authors the authors' names
	 * @param license an SPDX licence identifier for the weights, e.g. {@code CC-BY-4.0}
	 */
	public record Description(String name, String description, List<String> authors, String license) {

		/** Checks the fields a package needs. */
		public Description {
			ModelPackage.checkDescription(name, authors, license);
			description = description == null ? "" : description.strip();
			authors = List.copyOf(authors);
		}
	}

	/**
	 * The smallest input side the package declares: twice the halo (cropped from
	 * the output on each side) plus the divisor.
	 */
	public static int minimumSize(final UNetModel.Config c) {
		return 2 * c.halo() + c.divisor();
	}

	/**
	 * Exports a model.
	 *
	 * @param model the model
	 * @param image a typical image for the test input and cover, channels interleaved ({@code (y * width + x) * channels + c}), as many as
	 *          the model takes
	 * @param description what the package says
	 * @param out a {@code .zip} to write, or a folder to write the files into; written atomically, replacing what is there
	 * @throws IllegalArgumentException one line naming {@code input} for an image too small or of other channels than the model's
	 * @throws IOException when the package cannot be written
	 */
	public static void export(final UNetModel model, final float[] image, final int width, final int height, final Description description,
		final Path out) throws IOException
	{
		final UNetModel.Config c = model.config();
		final int channels = c.inputChannels(), d = c.divisor();
		if ((long) width * height * channels != image.length) throw new IllegalArgumentException("input: the image has " + image.length +
			" values, not " + width + " x " + height + " x " + channels + " channel" + (channels == 1 ? "" : "s") + " as model " + model.folder() +
			" takes");
		final int min = minimumSize(c), side = Math.max(TEST_SIZE, min);
		final int tw = Math.min(width, side) / d * d, th = Math.min(height, side) / d * d;
		if (tw < min || th < min) throw new IllegalArgumentException("input: the test image must be at least " + min + " x " + min + " pixels " +
			"for this model (twice its halo of " + c.halo() + " plus its divisor " + d + "), got " + width + " x " + height);
		final float[] crop = ModelPackage.crop(image, width, channels, (width - tw) / 2, (height - th) / 2, tw, th);
		final float[] probabilities = UNetSegmentation.probabilities(model, crop, tw, th, channels, 1, TaskMonitor.NONE);
		final int k = c.classes().size();

		final Map<String, byte[]> files = new LinkedHashMap<>();
		files.put(WEIGHTS, model.weights());
		files.put(TEST_INPUT, Npy.write(ModelPackage.channelsFirst(crop, channels, tw * th), 1, channels, th, tw));
		files.put(TEST_OUTPUT, Npy.write(probabilities, 1, k, th, tw));
		files.put(COVER, cover(crop, probabilities, c, tw, th));
		final byte[] training = trainingRecord(model);
		if (training != null) files.put(UNetModel.TRAINING, training);
		final String text = description.description().isEmpty() ? defaultDescription(c) : description.description();
		files.put(README, readme(c, description.name(), text, training).getBytes(StandardCharsets.UTF_8));
		files.put(ModelPackage.RDF, rdf(c, description, text, files).getBytes(StandardCharsets.UTF_8));
		ModelPackage.write(files, out);
	}

	/** "U-Net for semantic segmentation into a, b and c (Tessera)", plus the objects when it makes them. */
	static String defaultDescription(final UNetModel.Config c) {
		final List<String> classes = c.classes();
		final String list = String.join(", ", classes.subList(0, classes.size() - 1)) + " and " + classes.get(classes.size() - 1);
		return "U-Net for semantic segmentation into " + list + ", trained with Tessera" + (c.instanceClass() < 0 ? ""
			: "; objects are the regions of " + classes.get(c.instanceClass()) + (c.boundaryClass() < 0 ? "" : " grown into " + classes.get(c
				.boundaryClass())));
	}

	/**
	 * The class names as the description's channel names, which must be Python
	 * identifiers: other characters become {@code _}, a leading digit gets a
	 * {@code class_} before it, a keyword a {@code _} after it, and repeated
	 * names a number.
	 */
	static List<String> channelNames(final List<String> classes) {
		final List<String> out = new ArrayList<>();
		final Set<String> seen = new HashSet<>();
		for (final String name : classes) {
			final StringBuilder sb = new StringBuilder();
			for (final char ch : name.strip().toCharArray())
				sb.append(ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_') ? ch : '_');
			String id = sb.length() == 0 || Character.isDigit(sb.charAt(0)) ? "class_" + sb : sb.toString();
			if (PYTHON_KEYWORDS.contains(id)) id += "_";
			String unique = id;
			for (int n = 2; !seen.add(unique); n++) unique = id + "_" + n;
			out.add(unique);
		}
		return out;
	}

	/** The crop (normalised as the network sees it) beside its most probable classes, the first class dimmed, the others in colour. */
	private static byte[] cover(final float[] crop, final float[] probabilities, final UNetModel.Config c, final int w, final int h) {
		final int channels = c.inputChannels(), n = w * h, k = c.classes().size();
		final float[] normalized = new float[crop.length], one = new float[n];
		for (int ch = 0; ch < channels; ch++) {
			for (int i = 0; i < n; i++) one[i] = crop[i * channels + ch];
			final float[] v = Percentiles.normalize(one, c.normalizeLow(), c.normalizeHigh());
			for (int i = 0; i < n; i++) normalized[i * channels + ch] = v[i];
		}
		final int[] picture = ModelPackage.picture(normalized, channels, w, h);
		final int[] classes = UNetSegmentation.classes(probabilities, k, n);
		final int[] rgb = new int[2 * w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int i = y * w + x, p = picture[i];
				rgb[y * 2 * w + x] = p;
				rgb[y * 2 * w + w + x] = classes[i] == 0 ? blend(p, 0, 0.65) : blend(p, PALETTE[(classes[i] - 1) % PALETTE.length], 0.6);
			}
		return Png.rgb(rgb, 2 * w, h);
	}

	/** {@code a} with {@code share} of it replaced by {@code b}. */
	private static int blend(final int a, final int b, final double share) {
		int out = 0;
		for (int shift = 0; shift <= 16; shift += 8) {
			final double v = (1 - share) * (a >> shift & 0xff) + share * (b >> shift & 0xff);
			out |= (int) Math.round(v) << shift;
		}
		return out;
	}

	/** The training record of a model read from a folder, or null. */
	private static byte[] trainingRecord(final UNetModel model) {
		final Path t = model.folder().resolve(UNetModel.TRAINING);
		if (!Files.isDirectory(model.folder()) || !Files.isRegularFile(t)) return null;
		try {
			return Files.readAllBytes(t);
		}
		catch (final IOException e) {
			return null; // the package is complete without it
		}
	}

	private static String readme(final UNetModel.Config c, final String name, final String description, final byte[] training) {
		final StringBuilder sb = new StringBuilder("# ").append(name).append("\n\n").append(description).append("\n\n");
		sb.append("A U-Net (Ronneberger et al., MICCAI 2015) trained with Tessera. Classes, in the output's channel order: ").append(String.join(
			", ", c.classes())).append(".");
		if (c.instanceClass() >= 0) sb.append(" Objects are the connected regions of ").append(c.classes().get(c.instanceClass())).append(
			c.boundaryClass() < 0 ? "" : ", each grown into the touching " + c.classes().get(c.boundaryClass()) + " pixels").append(".");
		sb.append("\n\nInput: ").append(c.inputChannels()).append(c.inputChannels() == 1 ? " channel" : " channels").append(", each normalised by ")
			.append("its ").append(ModelPackage.number(c.normalizeLow())).append(" and ").append(ModelPackage.number(c.normalizeHigh())).append(
				" percentiles; sides a multiple of ").append(c.divisor()).append(". An output pixel sees ").append(c.halo()).append(
					" pixels around it (the halo): tiles that overlap by that much give the untiled result.\n\n");
		final String trained = trainingSummary(training);
		if (trained != null) sb.append(trained).append("\n\n");
		sb.append("Run it in Fiji with Tessera: `run(\"U-Net Segment (Tessera)\", \"model=[this.zip]\")`, or from a shell: `tessera unet " +
			"input=image.tif model=this.zip output=classes.tif`.\n");
		return sb.toString();
	}

	/** A sentence on how the model was trained, from its training record, or null. */
	private static String trainingSummary(final byte[] training) {
		if (training == null) return null;
		try {
			final JsonObject t = JsonParser.parseString(new String(training, StandardCharsets.UTF_8)).getAsJsonObject();
			final int images = t.has("training_images") ? t.getAsJsonArray("training_images").size() : 0;
			final JsonObject result = t.has("result") ? t.getAsJsonObject("result") : new JsonObject();
			final JsonElement steps = result.get("steps_done"), iou = result.get("best_validation_iou");
			if (images == 0 || steps == null) return null;
			return "Trained on " + images + (images == 1 ? " image" : " images") + " for " + steps.getAsInt() + " steps" + (iou == null ? ""
				: String.format(java.util.Locale.ROOT, "; best validation IoU %.3f", iou.getAsDouble())) + " (" + UNetModel.TRAINING + ").";
		}
		catch (final RuntimeException e) {
			return null;
		}
	}

	private static String rdf(final UNetModel.Config c, final Description d, final String description, final Map<String, byte[]> files) {
		final Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", FORMAT_VERSION);
		rdf.put("type", "model");
		rdf.put("name", d.name());
		rdf.put("description", description);
		rdf.put("authors", ModelPackage.authors(d.authors()));
		rdf.put("cite", List.of(ordered("text", UNET_PAPER, "doi", UNET_DOI)));
		rdf.put("license", d.license());
		final List<String> tags = new ArrayList<>(List.of("unet", "segmentation", "semantic-segmentation"));
		if (c.instanceClass() >= 0) tags.add("instance-segmentation");
		tags.addAll(List.of("2d", "onnx", "tessera"));
		rdf.put("tags", tags);
		rdf.put("documentation", README);
		rdf.put("covers", List.of(COVER));
		if (files.containsKey(UNetModel.TRAINING)) rdf.put("attachments", List.of(file(UNetModel.TRAINING, files)));
		rdf.put("timestamp", ModelPackage.timestamp());

		final int min = minimumSize(c);
		final Map<String, Object> input = new LinkedHashMap<>();
		input.put("id", INPUT_ID);
		input.put("description", "the image, raw: the pre-processing normalises each channel by its percentiles");
		final List<String> channelNames = new ArrayList<>();
		for (int k = 0; k < c.inputChannels(); k++) channelNames.add(c.inputChannels() == 3 ? List.of("red", "green", "blue").get(k) : "channel" + k);
		input.put("axes", axes(true, ordered("type", "channel", "channel_names", channelNames), space("y", ordered("min", min, "step", c.divisor()),
			1), space("x", ordered("min", min, "step", c.divisor()), 1)));
		input.put("test_tensor", file(TEST_INPUT, files));
		input.put("preprocessing", List.of(ordered("id", "scale_range", "kwargs", ordered("axes", List.of("y", "x"), "min_percentile", c
			.normalizeLow(), "max_percentile", c.normalizeHigh(), "eps", Percentiles.EPS))));
		rdf.put("inputs", List.of(input));

		final Map<String, Object> output = new LinkedHashMap<>();
		output.put("id", OUTPUT_ID);
		output.put("description", "the probability of each class (softmax over the channels); the most probable class is the pixel's");
		output.put("axes", axes(true, ordered("type", "channel", "channel_names", channelNames(c.classes())), withHalo(space("y", ordered(
			"tensor_id", INPUT_ID, "axis_id", "y"), 1), c.halo()), withHalo(space("x", ordered("tensor_id", INPUT_ID, "axis_id", "x"), 1), c
				.halo())));
		output.put("test_tensor", file(TEST_OUTPUT, files));
		output.put("data", ordered("type", "float32", "range", List.of(0.0, 1.0)));
		rdf.put("outputs", List.of(output));

		rdf.put("weights", Map.of("onnx", ModelPackage.onnxWeights(WEIGHTS, files)));
		rdf.put("config", Map.of(CONFIG_KEY, tesseraConfig(c)));
		return ModelPackage.yaml(rdf);
	}

	private static Map<String, Object> withHalo(final Map<String, Object> axis, final int halo) {
		if (halo > 0) axis.put("halo", halo);
		return axis;
	}

	/** The model's description as its folder's {@value UNetModel#CONFIG} has it, for {@link BioImageIoUNet}. */
	private static Map<String, Object> tesseraConfig(final UNetModel.Config c) {
		final Map<String, Object> t = ordered("format", UNetModel.FORMAT, "classes", c.classes(), "input_channels", c.inputChannels(),
			"normalize_percentiles", List.of(c.normalizeLow(), c.normalizeHigh()), "divisor", c.divisor(), "halo", c.halo());
		if (c.instanceClass() >= 0) t.put("instance_class", c.classes().get(c.instanceClass()));
		if (c.boundaryClass() >= 0) t.put("boundary_class", c.classes().get(c.boundaryClass()));
		return t;
	}
}
