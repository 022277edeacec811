package org.tessera.stardist;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tessera.dl.Rdf;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Reads a StarDist 2D model from a bioimage.io model package: the description
 * ({@code rdf.yaml}, format 0.4 or 0.5) gives
 * <ul>
 * <li>the weights: {@code weights.onnx} or {@code weights.torchscript}, whose
 * {@code source} must be a file in the package (Tessera runs neither
 * TensorFlow nor Keras weights);</li>
 * <li>the thresholds: {@code config.stardist.thresholds} ({@code prob},
 * {@code nms}), where StarDist's own export writes them;</li>
 * <li>the number of rays and the grid: {@code config.stardist.config}
 * ({@code n_rays}, {@code grid}), which Tessera's export writes, or else the
 * outputs' channels (1 + n_rays in all) and their size relative to the input
 * (an output at half the input's size is grid 2);</li>
 * <li>the input channels (the input's channel axis) and its normalisation, the
 * percentiles of its {@code scale_range} pre-processing.</li>
 * </ul>
 * These become a {@code config.json} and a {@code thresholds.json}, so that a
 * package runs exactly like a StarDist model folder. A missing or malformed field
 * is one line naming it.
 */
final class BioImageIoStarDist {

	private BioImageIoStarDist() {
		// static utility
	}

	/** The model files plus the config.json and thresholds.json that its bioimage.io description implies. */
	static ModelFiles adapt(final ModelFiles files) {
		final String name = files.description();
		final Rdf rdf = Rdf.parse(new String(files.bytes(name), StandardCharsets.UTF_8), "model " + files.where + ": " + name);
		final Map<String, Object> root = rdf.root();
		final String version = rdf.string(root, "", "format_version");
		final boolean v05 = version.startsWith("0.5");
		if (!v05 && !version.startsWith("0.4")) throw rdf.error("format_version", "Tessera reads bioimage.io model descriptions 0.4 and 0.5, " +
			"got " + version);
		if (root.containsKey("type") && !"model".equals(String.valueOf(root.get("type")))) throw rdf.error("type", "expected model, got " + root
			.get("type"));

		final Map<String, Object> weights = rdf.map(root, "", "weights");
		final String kind = weights.containsKey("onnx") ? "onnx" : weights.containsKey("torchscript") ? "torchscript" : null;
		if (kind == null) throw rdf.error("weights", "no onnx or torchscript weights (found " + String.join(", ", weights.keySet().stream().map(
			String::valueOf).toList()) + "); Tessera runs ONNX (ONNX Runtime) or TorchScript (PyTorch) weights");
		final String source = rdf.string(rdf.map(weights, "weights", kind), "weights." + kind, "source");
		if (source.contains("://")) throw rdf.error("weights." + kind + ".source", source + " is not a file of the package (download it into " +
			"the package and name the file)");
		if (!files.has(source)) throw rdf.error("weights." + kind + ".source", source + " is not in the package");

		final Map<String, Object> stardist = rdf.map(rdf.map(root, "", "config"), "config", "stardist");
		final Map<String, Object> th = rdf.map(stardist, "config.stardist", "thresholds");
		final JsonObject thresholds = new JsonObject();
		thresholds.addProperty("prob", rdf.number(th, "config.stardist.thresholds", "prob"));
		thresholds.addProperty("nms", rdf.number(th, "config.stardist.thresholds", "nms"));

		final List<?> inputs = rdf.list(root, "", "inputs");
		if (inputs.size() != 1) throw rdf.error("inputs", "a StarDist model has one input, found " + inputs.size());
		final Map<String, Object> input = rdf.mapAt(inputs, "inputs", 0);
		final JsonObject config = new JsonObject();
		config.addProperty("n_dim", 2);
		final int channels = v05 ? Axes05.channels(rdf, input, "inputs[0]") : Axes04.inputChannels(rdf, input);
		config.addProperty("n_channel_in", channels);
		final double[] percentiles = percentiles(rdf, input);
		final JsonArray p = new JsonArray();
		p.add(percentiles[0]);
		p.add(percentiles[1]);
		config.add("normalize_percentiles", p);
		if (stardist.get("config") instanceof Map<?, ?> own) {
			config.addProperty("n_rays", (int) rdf.number(own, "config.stardist.config", "n_rays"));
			if (own.get("grid") instanceof List<?> g && g.size() == 2) {
				final JsonArray grid = new JsonArray();
				for (final Object v : g) grid.add(((Number) v).intValue());
				config.add("grid", grid);
			}
		}
		else {
			final List<?> outputs = rdf.list(root, "", "outputs");
			int total = 0;
			for (int i = 0; i < outputs.size(); i++)
				total += v05 ? Axes05.channels(rdf, rdf.mapAt(outputs, "outputs", i), "outputs[" + i + "]") : Axes04.outputChannels(rdf, rdf.mapAt(
					outputs, "outputs", i), i);
			if (total < 4) throw rdf.error("outputs", "a StarDist model's outputs have 1 + n_rays channels in all, found " + total);
			config.addProperty("n_rays", total - 1);
			final int grid = v05 ? Axes05.grid(rdf, rdf.mapAt(outputs, "outputs", 0), input) : Axes04.grid(rdf, rdf.mapAt(outputs, "outputs", 0));
			final JsonArray g = new JsonArray();
			g.add(grid);
			g.add(grid);
			config.add("grid", g);
		}
		final Gson gson = new Gson();
		final Map<String, byte[]> made = new LinkedHashMap<>();
		made.put(ModelFiles.CONFIG, gson.toJson(config).getBytes(StandardCharsets.UTF_8));
		made.put(ModelFiles.THRESHOLDS, gson.toJson(thresholds).getBytes(StandardCharsets.UTF_8));
		return files.with(made, source, kind.equals("onnx") ? ModelFiles.Format.ONNX : ModelFiles.Format.TORCHSCRIPT);
	}

	/**
	 * The percentiles of the input's {@code scale_range} pre-processing, or StarDist's
	 * defaults without one; other pre-processing than {@code scale_range} and
	 * {@code ensure_dtype} is refused (Tessera would not apply it).
	 */
	private static double[] percentiles(final Rdf rdf, final Map<String, Object> input) {
		final double[] p = { Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH };
		if (!(input.get("preprocessing") instanceof List<?> steps)) return p;
		for (int i = 0; i < steps.size(); i++) {
			final String path = "inputs[0].preprocessing[" + i + "]";
			final Map<String, Object> step = rdf.mapAt(steps, "inputs[0].preprocessing", i);
			final String id = String.valueOf(step.containsKey("id") ? step.get("id") : step.get("name"));
			if (id.equals("ensure_dtype")) continue;
			if (!id.equals("scale_range")) throw rdf.error(path, "pre-processing '" + id + "' is not one Tessera applies to StarDist inputs " +
				"(scale_range, ensure_dtype)");
			final Map<String, Object> kwargs = step.get("kwargs") instanceof Map ? rdf.map(step, path, "kwargs") : Map.of();
			// the spec's defaults: 0 and 100
			p[0] = kwargs.containsKey("min_percentile") ? rdf.number(kwargs, path + ".kwargs", "min_percentile") : 0;
			p[1] = kwargs.containsKey("max_percentile") ? rdf.number(kwargs, path + ".kwargs", "max_percentile") : 100;
			if (!(p[0] >= 0 && p[0] < p[1] && p[1] <= 100)) throw rdf.error(path + ".kwargs", "expected 0 <= min_percentile < max_percentile <= " +
				"100, got " + p[0] + " and " + p[1]);
		}
		return p;
	}

	/** Axes of format 0.5: a list of mappings with {@code type}, {@code id}, {@code size}, {@code scale}, {@code channel_names}. */
	private static final class Axes05 {

		/** The size of the tensor's channel axis (1 without one). */
		static int channels(final Rdf rdf, final Map<String, Object> tensor, final String path) {
			final List<?> axes = rdf.list(tensor, path, "axes");
			for (int i = 0; i < axes.size(); i++) {
				final Map<String, Object> a = rdf.mapAt(axes, path + ".axes", i);
				if (!"channel".equals(String.valueOf(a.get("type")))) continue;
				if (a.get("channel_names") instanceof List<?> names) return names.size();
				if (a.get("size") instanceof Number n) return n.intValue();
				throw rdf.error(path + ".axes[" + i + "]", "a channel axis needs channel_names or a size");
			}
			return 1;
		}

		/** The output's subsampling: its y axis's scale over the input's y axis's (1 when neither says). */
		static int grid(final Rdf rdf, final Map<String, Object> output, final Map<String, Object> input) {
			final double out = scaleOf(rdf, output, "outputs[0]"), in = scaleOf(rdf, input, "inputs[0]");
			return Math.max(1, (int) Math.round(out / in));
		}

		private static double scaleOf(final Rdf rdf, final Map<String, Object> tensor, final String path) {
			final List<?> axes = rdf.list(tensor, path, "axes");
			for (int i = 0; i < axes.size(); i++) {
				final Map<String, Object> a = rdf.mapAt(axes, path + ".axes", i);
				if ("space".equals(String.valueOf(a.get("type"))) && "y".equals(String.valueOf(a.get("id"))))
					return a.containsKey("scale") ? rdf.number(a, path + ".axes[" + i + "]", "scale") : 1;
			}
			throw rdf.error(path + ".axes", "no space axis with id y");
		}
	}

	/** Axes of format 0.4: a string such as {@code byxc}, and {@code shape} as a list or as {@code min}/{@code step} or a reference. */
	private static final class Axes04 {

		static int inputChannels(final Rdf rdf, final Map<String, Object> input) {
			final String axes = rdf.string(input, "inputs[0]", "axes").toLowerCase(Locale.ROOT);
			final int c = axes.indexOf('c');
			if (c < 0) return 1;
			final Object shape = rdf.get(input, "inputs[0]", "shape");
			if (shape instanceof List<?> fixed) return number(rdf, fixed, c, "inputs[0].shape");
			if (shape instanceof Map<?, ?> m) return number(rdf, rdf.list(m, "inputs[0].shape", "min"), c, "inputs[0].shape.min");
			throw rdf.error("inputs[0].shape", "expected a list or min and step");
		}

		/** Channels of an output: its fixed shape's, or {@code scale * reference + 2 * offset} with scale 0 on the channel axis. */
		static int outputChannels(final Rdf rdf, final Map<String, Object> output, final int index) {
			final String path = "outputs[" + index + "]";
			final String axes = rdf.string(output, path, "axes").toLowerCase(Locale.ROOT);
			final int c = axes.indexOf('c');
			if (c < 0) return 1;
			final Object shape = rdf.get(output, path, "shape");
			if (shape instanceof List<?> fixed) return number(rdf, fixed, c, path + ".shape");
			if (shape instanceof Map<?, ?> m) {
				final List<?> scale = rdf.list(m, path + ".shape", "scale"), offset = rdf.list(m, path + ".shape", "offset");
				if (((Number) scale.get(c)).doubleValue() != 0) throw rdf.error(path + ".shape.scale", "the channel axis must have scale 0");
				return (int) Math.round(2 * ((Number) offset.get(c)).doubleValue());
			}
			throw rdf.error(path + ".shape", "expected a list or reference_tensor, scale and offset");
		}

		/** 1 over the y scale of the first output's shape (1 for a fixed shape). */
		static int grid(final Rdf rdf, final Map<String, Object> output) {
			final String axes = rdf.string(output, "outputs[0]", "axes").toLowerCase(Locale.ROOT);
			if (!(output.get("shape") instanceof Map<?, ?> m)) return 1;
			final double s = ((Number) rdf.list(m, "outputs[0].shape", "scale").get(axes.indexOf('y'))).doubleValue();
			return s > 0 ? Math.max(1, (int) Math.round(1 / s)) : 1;
		}

		private static int number(final Rdf rdf, final List<?> list, final int i, final String path) {
			if (i >= list.size() || !(list.get(i) instanceof Number n)) throw rdf.error(path, "expected a number at index " + i);
			return n.intValue();
		}
	}
}
