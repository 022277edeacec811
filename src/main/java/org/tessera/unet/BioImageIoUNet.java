package org.tessera.unet;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.google.gson.Gson;

import org.tessera.dl.ModelPackage;
import org.tessera.dl.Rdf;

/**
 * Reads a U-Net from a bioimage.io model package that {@link UNetExport} wrote:
 * its description ({@code rdf.yaml}, format 0.4 or 0.5) gives the ONNX weights
 * ({@code weights.onnx.source}, a file of the package) and, under
 * {@code config.tessera}, what a model folder's {@value UNetModel#CONFIG} says
 * (classes, input channels, normalisation, divisor, halo, and the classes that
 * make objects). A package without them (another tool's, or a StarDist model)
 * is refused in one line naming the file and the missing field.
 */
final class BioImageIoUNet {

	private BioImageIoUNet() {
		// static utility
	}

	/** What a package holds: the description, the weights' file name and its bytes. */
	record Parts(UNetModel.Config config, String weightsFile, byte[] weights) {}

	static Parts read(final ModelPackage.Contents files) {
		final String name = files.description();
		final Rdf rdf = Rdf.parse(new String(files.bytes(name), StandardCharsets.UTF_8), "model " + files.where() + ": " + name);
		final Map<String, Object> root = rdf.root();
		final String version = rdf.string(root, "", "format_version");
		if (!version.startsWith("0.5") && !version.startsWith("0.4")) throw rdf.error("format_version", "Tessera reads bioimage.io model " +
			"descriptions 0.4 and 0.5, got " + version);
		if (root.containsKey("type") && !"model".equals(String.valueOf(root.get("type")))) throw rdf.error("type", "expected model, got " + root
			.get("type"));
		if (!(root.get("config") instanceof Map<?, ?> own) || !(own.get(UNetExport.CONFIG_KEY) instanceof Map<?, ?> tessera))
			throw rdf.error("config." + UNetExport.CONFIG_KEY, "missing: not a U-Net package written by Tessera's unet-export" + (root.get(
				"config") instanceof Map<?, ?> c && c.containsKey("stardist") ? " (it is a StarDist model: run it with stardist)" : ""));
		final UNetModel.Config config = UNetModel.Config.parse("model " + files.where() + ": " + name + ": config." + UNetExport.CONFIG_KEY,
			new Gson().toJson(tessera));

		final Map<String, Object> weights = rdf.map(root, "", "weights");
		if (!weights.containsKey("onnx")) throw rdf.error("weights", "no onnx weights (found " + String.join(", ", weights.keySet()) + "); " +
			"Tessera runs U-Nets with ONNX Runtime");
		final String source = rdf.string(rdf.map(weights, "weights", "onnx"), "weights.onnx", "source");
		if (source.contains("://")) throw rdf.error("weights.onnx.source", source + " is not a file of the package");
		final byte[] bytes = files.bytes(source);
		if (bytes == null) throw rdf.error("weights.onnx.source", source + " is not in the package");
		return new Parts(config, source, bytes);
	}
}
