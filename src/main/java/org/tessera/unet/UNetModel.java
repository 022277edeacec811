package org.tessera.unet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.tessera.dl.ModelPackage;
import org.tessera.dl.Network;
import org.tessera.dl.OnnxRuntime;

/**
 * A U-Net for semantic segmentation: a folder with the network
 * ({@value #WEIGHTS}, ONNX, one input [N, C, H, W] and one output of class
 * probabilities [N, classes, H, W]) and its description ({@value #CONFIG}):
 *
 * <pre>
 * {"format": "tessera-unet", "classes": ["background", "nucleus", "boundary"],
 *  "input_channels": 1, "normalize_percentiles": [1.0, 99.8], "divisor": 4, "halo": 32,
 *  "instance_class": "nucleus", "boundary_class": "boundary"}
 * </pre>
 *
 * {@code divisor}: input sizes the network takes are multiples of it;
 * {@code halo}: how far an output pixel sees (tiles overlap by it, a multiple of
 * the divisor); {@code instance_class} and {@code boundary_class} (optional):
 * objects are the connected regions of the first grown into the second.
 * {@code train-unet} writes such folders, with {@code training.json}.
 * {@link #load} also reads such a folder zipped, and the bioimage.io model
 * packages that {@link UNetExport} writes (the description under
 * {@code config.tessera} of their {@code rdf.yaml}).
 */
public final class UNetModel implements AutoCloseable {

	/** The network's file in a model folder. */
	public static final String WEIGHTS = "model.onnx";
	/** The description's file in a model folder. */
	public static final String CONFIG = "unet.json";
	/** The training record's file in a model folder. */
	public static final String TRAINING = "training.json";
	/** {@value} in the description's {@code format}. */
	public static final String FORMAT = "tessera-unet";

	/**
	 * What a model folder's {@value #CONFIG} says.
	 *
	 * @param instanceClass index of the class whose regions are objects, or -1
	 * @param boundaryClass index of the class objects grow into, or -1
	 */
	public record Config(List<String> classes, int inputChannels, double normalizeLow, double normalizeHigh, int divisor, int halo,
		int instanceClass, int boundaryClass)
	{
		public Config {
			classes = List.copyOf(classes);
		}

		/** The description as JSON. */
		public String toJson() {
			final JsonObject o = new JsonObject();
			o.addProperty("format", FORMAT);
			final JsonArray names = new JsonArray();
			classes.forEach(names::add);
			o.add("classes", names);
			o.addProperty("input_channels", inputChannels);
			final JsonArray p = new JsonArray();
			p.add(normalizeLow);
			p.add(normalizeHigh);
			o.add("normalize_percentiles", p);
			o.addProperty("divisor", divisor);
			o.addProperty("halo", halo);
			if (instanceClass >= 0) o.addProperty("instance_class", classes.get(instanceClass));
			if (boundaryClass >= 0) o.addProperty("boundary_class", classes.get(boundaryClass));
			return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
		}

		/**
		 * Reads a description.
		 *
		 * @param what the file for messages
		 */
		public static Config parse(final String what, final String json) {
			final JsonObject o;
			try {
				o = JsonParser.parseString(json).getAsJsonObject();
			}
			catch (final RuntimeException e) {
				throw new IllegalArgumentException(what + ": not valid JSON (" + e.getMessage() + ")");
			}
			if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()))
				throw new IllegalArgumentException(what + ": \"format\" must be \"" + FORMAT + "\"");
			final List<String> classes = new ArrayList<>();
			for (final JsonElement e : array(o, "classes", what))
				classes.add(e.getAsString());
			if (classes.size() < 2)
				throw new IllegalArgumentException(what + ": \"classes\" must name at least 2 classes");
			final JsonArray p = o.has("normalize_percentiles") ? array(o, "normalize_percentiles", what) : null;
			final int divisor = integer(o, "divisor", what), halo = integer(o, "halo", what);
			if (divisor < 1 || halo < 0 || halo % divisor != 0)
				throw new IllegalArgumentException(what + ": \"halo\" must be a multiple of \"divisor\" (" + halo + ", " + divisor + ")");
			return new Config(classes, integer(o, "input_channels", what), p == null ? 1 : p.get(0).getAsDouble(),
				p == null ? 99.8 : p.get(1).getAsDouble(), divisor, halo, classIndex(o, "instance_class", classes, what),
				classIndex(o, "boundary_class", classes, what));
		}

		private static JsonArray array(final JsonObject o, final String key, final String what) {
			if (!o.has(key) || !o.get(key).isJsonArray())
				throw new IllegalArgumentException(what + ": \"" + key + "\" must be a list");
			return o.getAsJsonArray(key);
		}

		private static int integer(final JsonObject o, final String key, final String what) {
			try {
				return o.get(key).getAsInt();
			}
			catch (final RuntimeException e) {
				throw new IllegalArgumentException(what + ": \"" + key + "\" must be a whole number");
			}
		}

		private static int classIndex(final JsonObject o, final String key, final List<String> classes, final String what) {
			if (!o.has(key) || o.get(key).isJsonNull())
				return -1;
			final int i = classes.indexOf(o.get(key).getAsString());
			if (i < 0)
				throw new IllegalArgumentException(what + ": \"" + key + "\" names no class of " + classes);
			return i;
		}
	}

	private final Path folder;
	private final Config config;
	private final Network network;
	private final byte[] weights;

	private UNetModel(final Path folder, final Config config, final Network network, final byte[] weights) {
		this.folder = folder;
		this.config = config;
		this.network = network;
		this.weights = weights;
	}

	/**
	 * Opens a model: a model folder (as {@link #open}), such a folder zipped, or a
	 * bioimage.io model package ({@code .zip} or folder) written by
	 * {@link UNetExport}.
	 *
	 * @throws IllegalArgumentException one line naming the folder or file and what is wrong or missing
	 */
	public static UNetModel load(final Path source) {
		if (Files.isDirectory(source) && Files.isRegularFile(source.resolve(CONFIG))) return open(source);
		final ModelPackage.Contents files = ModelPackage.read(source, List.of(CONFIG));
		if (files.has(CONFIG)) {
			final byte[] bytes = files.bytes(WEIGHTS);
			if (bytes == null) throw files.error("no " + WEIGHTS + " beside " + CONFIG);
			return create(source, "model " + files.where() + "/" + WEIGHTS, Config.parse("model " + files.where() + "/" + CONFIG, new String(files
				.bytes(CONFIG), StandardCharsets.UTF_8)), bytes);
		}
		if (files.description() == null) throw files.error("no " + CONFIG + " or " + ModelPackage.RDF + " in it (a U-Net model folder has "
			+ WEIGHTS + " and " + CONFIG + "; a bioimage.io package written by unet-export, " + ModelPackage.RDF + ")");
		final BioImageIoUNet.Parts p = BioImageIoUNet.read(files);
		return create(source, "model " + files.where() + "/" + p.weightsFile(), p.config(), p.weights());
	}

	/**
	 * Opens a model folder.
	 *
	 * @throws IllegalArgumentException one line naming the folder or file and what is wrong
	 */
	public static UNetModel open(final Path folder) {
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException("model " + folder + ": not a folder (a U-Net model is a folder with " + WEIGHTS + " and " + CONFIG + ")");
		final Path config = folder.resolve(CONFIG), weights = folder.resolve(WEIGHTS);
		for (final Path p : List.of(config, weights))
			if (!Files.isRegularFile(p))
				throw new IllegalArgumentException("model " + folder + ": no " + p.getFileName() + " in it");
		final Config c;
		final byte[] bytes;
		try {
			c = Config.parse("model " + config, Files.readString(config, StandardCharsets.UTF_8));
			bytes = Files.readAllBytes(weights);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model " + folder + ": cannot read it (" + e.getMessage() + ")");
		}
		return create(folder, "model " + weights, c, bytes);
	}

	/**
	 * A model from its network's ONNX bytes and its description, as a model
	 * folder holds them ({@link #weights()}, {@link #config()}): for a model sent
	 * to another process ({@link UNetOp} on Spark's executors).
	 *
	 * @param source where the model came from, for messages
	 * @throws IllegalArgumentException if the network is not a U-Net that fits the description
	 */
	public static UNetModel of(final Path source, final Config config, final byte[] weights) {
		return create(source, "model " + source, config, weights);
	}

	/**
	 * The model of a network and its description.
	 *
	 * @param what names the network in messages
	 */
	private static UNetModel create(final Path source, final String what, final Config c, final byte[] bytes) {
		final Network n = OnnxRuntime.load(what, bytes);
		final Map<String, long[]> outputs = n.outputs();
		if (n.inputs().size() != 1 || outputs.size() != 1) {
			n.close();
			throw new IllegalArgumentException(what + ": a U-Net has one input and one output, this network has " + n.inputs().size() + " and "
				+ outputs.size());
		}
		final long[] out = outputs.values().iterator().next();
		if (out.length != 4 || out[1] > 0 && out[1] != c.classes().size()) {
			n.close();
			throw new IllegalArgumentException(what + ": the output has shape " + java.util.Arrays.toString(out) + ", not [N, " + c.classes().size()
				+ " classes, H, W] as its description says");
		}
		return new UNetModel(source, c, n, bytes);
	}

	/** The network as ONNX bytes, as read. */
	public byte[] weights() {
		return weights.clone();
	}

	/** The folder (or package) it was read from. */
	public Path folder() {
		return folder;
	}

	/** Its description. */
	public Config config() {
		return config;
	}

	/** The network. */
	public Network network() {
		return network;
	}

	/** Frees the network. */
	@Override
	public void close() {
		network.close();
	}
}
