package org.tessera.stardist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of a StarDist model, read from a folder or a .zip (at the top level
 * of the zip or in one folder inside it): {@code config.json},
 * {@code thresholds.json} and the weights, ONNX ({@code *.onnx}) or TorchScript
 * ({@code *.pt}, {@code *.torchscript}); see {@link #weights()}. A bioimage.io
 * model package ({@code rdf.yaml} or {@code *bioimageio.yaml} and no
 * {@code config.json}) is read as well: {@link BioImageIoStarDist#adapt} makes its
 * description into these files.
 */
final class ModelFiles {

	static final String CONFIG = "config.json";
	static final String THRESHOLDS = "thresholds.json";
	/** The record of how a model was trained (Tessera's training scripts write it): kept for export. */
	static final String TRAINING = "training.json";

	/** File name to contents, for the files in the model's folder (not in sub-folders). */
	private final Map<String, byte[]> files;
	/** Where the files are, for messages: the folder, or the zip plus the folder inside it. */
	final String where;
	/** The weights file that the model's description names and its format, or null to choose by name. */
	private final String declaredWeights;
	private final Format declaredFormat;

	private ModelFiles(final Map<String, byte[]> files, final String where, final String declaredWeights, final Format declaredFormat) {
		this.files = files;
		this.where = where;
		this.declaredWeights = declaredWeights;
		this.declaredFormat = declaredFormat;
	}

	private ModelFiles(final Map<String, byte[]> files, final String where) {
		this(files, where, null, null);
	}

	/** Reads the model files from a folder or a .zip. Throws a one-line IllegalArgumentException. */
	static ModelFiles read(final Path source) {
		final ModelFiles files;
		if (Files.isDirectory(source))
			files = readFolder(source);
		else if (Files.isRegularFile(source)) {
			if (!source.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip"))
				throw new IllegalArgumentException("model " + source + ": expected a folder or a .zip file");
			files = readZip(source);
		}
		else throw new IllegalArgumentException("model " + source + ": no such folder or file");
		return !files.has(CONFIG) && files.description() != null ? BioImageIoStarDist.adapt(files) : files;
	}

	/** Whether the model has this file. */
	boolean has(final String name) {
		return files.containsKey(name);
	}

	/** The contents of a file, or null. */
	byte[] bytes(final String name) {
		return files.get(name);
	}

	/** The name of the bioimage.io description ({@code rdf.yaml}, or the first {@code *bioimageio.yaml}), or null. */
	String description() {
		if (files.containsKey(RDF)) return RDF;
		return files.keySet().stream().filter(ModelFiles::isDescription).findFirst().orElse(null);
	}

	/** These files plus others (made from a description), the weights being the declared ones. */
	ModelFiles with(final Map<String, byte[]> more, final String weightsFile, final Format format) {
		final Map<String, byte[]> all = new LinkedHashMap<>(files);
		all.putAll(more);
		return new ModelFiles(all, where, weightsFile, format);
	}

	static final String RDF = "rdf.yaml";

	private static boolean isDescription(final String name) {
		return name.equals(RDF) || name.toLowerCase(java.util.Locale.ROOT).endsWith("bioimageio.yaml");
	}

	/**
	 * Reads the model files that are on the class path under {@code prefix} (a resource
	 * folder ending in "/"), for the built-in models; {@code where} names them in messages.
	 *
	 * @return null when the class path has no {@code config.json} there
	 */
	static ModelFiles fromResources(final String prefix, final String where) {
		final Map<String, byte[]> files = new LinkedHashMap<>();
		for (final String name : List.of(CONFIG, THRESHOLDS, TRAINING, "model.onnx")) {
			try (InputStream in = ModelFiles.class.getResourceAsStream(prefix + name)) {
				if (in == null) {
					if (name.equals(CONFIG)) return null;
					continue;
				}
				files.put(name, in.readAllBytes());
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("model " + where + ": cannot read " + prefix + name + " (" + e.getMessage() + ")");
			}
		}
		return new ModelFiles(files, where);
	}

	private static ModelFiles readFolder(final Path folder) {
		final Map<String, byte[]> files = new LinkedHashMap<>();
		try (Stream<Path> list = Files.list(folder)) {
			for (final Path p : list.sorted().toList()) {
				final String name = p.getFileName().toString();
				if (Files.isRegularFile(p) && isModelFile(name))
					files.put(name, Files.readAllBytes(p));
			}
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model " + folder + ": cannot read (" + e.getMessage() + ")");
		}
		return new ModelFiles(files, folder.toString());
	}

	private static ModelFiles readZip(final Path zip) {
		try (ZipFile z = new ZipFile(zip.toFile())) {
			// the folder of the shallowest config.json or bioimage.io description
			final List<? extends ZipEntry> entries = z.stream().filter(e -> !e.isDirectory()).toList();
			final String dir = entries.stream().map(ZipEntry::getName).filter(n -> {
				final String base = n.substring(n.lastIndexOf('/') + 1);
				return base.equals(CONFIG) || isDescription(base);
			}).min(Comparator.comparingInt((String n) -> n.split("/").length).thenComparing(n -> n)).map(n -> n.substring(0, n.lastIndexOf('/') + 1))
				.orElse("");
			final Map<String, byte[]> files = new LinkedHashMap<>();
			final List<ZipEntry> sorted = new ArrayList<>(entries);
			sorted.sort(Comparator.comparing(ZipEntry::getName));
			for (final ZipEntry e : sorted) {
				final String n = e.getName();
				if (!n.startsWith(dir) || n.substring(dir.length()).contains("/"))
					continue;
				final String name = n.substring(dir.length());
				if (isModelFile(name))
					try (InputStream in = z.getInputStream(e)) {
						files.put(name, in.readAllBytes());
					}
			}
			return new ModelFiles(files, dir.isEmpty() ? zip.toString() : zip + "!/" + dir.substring(0, dir.length() - 1));
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model " + zip + ": cannot read the zip (" + e.getMessage() + ")");
		}
	}

	private static boolean isModelFile(final String name) {
		return name.equals(CONFIG) || name.equals(THRESHOLDS) || name.equals(TRAINING) || isDescription(name) || hasSuffix(name, List.of(".onnx",
			".pt", ".torchscript"));
	}

	/** The text of a required JSON file. */
	String text(final String name) {
		final byte[] b = files.get(name);
		if (b == null)
			throw error("missing " + name);
		return new String(b, StandardCharsets.UTF_8);
	}

	/** The kinds of weights Tessera runs. */
	enum Format {
		/** ONNX, run by ONNX Runtime. */
		ONNX,
		/** TorchScript ({@code torch.jit.save}), run by PyTorch. */
		TORCHSCRIPT
	}

	/** The weights file chosen: its name, contents and format. */
	record Weights(String name, byte[] bytes, Format format) {}

	/** File name endings of TorchScript weights. */
	private static final List<String> TORCHSCRIPT = List.of(".pt", ".torchscript");

	/**
	 * The weights: ONNX if there are any ({@code model.onnx}, or the only
	 * {@code *.onnx}), else TorchScript ({@code model.pt}, or the only {@code *.pt}
	 * or {@code *.torchscript}).
	 */
	Weights weights() {
		if (declaredWeights != null) {
			final byte[] b = files.get(declaredWeights);
			if (b == null) throw error("the weights " + declaredWeights + " that " + description() + " names are not in the model");
			return new Weights(declaredWeights, b, declaredFormat);
		}
		final List<String> onnx = names(List.of(".onnx"));
		if (!onnx.isEmpty())
			return pick(onnx, "model.onnx", "ONNX", Format.ONNX);
		final List<String> torch = names(TORCHSCRIPT);
		if (!torch.isEmpty())
			return pick(torch, "model.pt", "TorchScript", Format.TORCHSCRIPT);
		throw new IllegalArgumentException("no weights: expected model.onnx (ONNX) or model.pt (TorchScript) in " + where);
	}

	private Weights pick(final List<String> names, final String preferred, final String kind, final Format format) {
		if (names.contains(preferred))
			return new Weights(preferred, files.get(preferred), format);
		if (names.size() == 1)
			return new Weights(names.get(0), files.get(names.get(0)), format);
		throw error("several " + kind + " weights and none named " + preferred + ": " + String.join(", ", names));
	}

	private List<String> names(final List<String> suffixes) {
		return files.keySet().stream().filter(n -> hasSuffix(n, suffixes)).toList();
	}

	private static boolean hasSuffix(final String name, final List<String> suffixes) {
		final String lower = name.toLowerCase(java.util.Locale.ROOT);
		return suffixes.stream().anyMatch(lower::endsWith);
	}

	/** A one-line error about this model. */
	IllegalArgumentException error(final String problem) {
		return new IllegalArgumentException("model " + where + ": " + problem);
	}
}
