package org.tessera.dl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.tessera.core.AtomicFiles;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What the bioimage.io model packages that Tessera writes (StarDist, U-Net) have
 * in common: the description's building blocks in format 0.5 (axes, files with
 * their SHA-256, ONNX weights), the test crop, the cover's picture, and writing
 * the files as a {@code .zip} or into a folder, atomically; and reading a
 * package's files back from a folder or a {@code .zip}.
 */
public final class ModelPackage {

	/** The bioimage.io model description format written. */
	public static final String FORMAT_VERSION = "0.5.4";
	/** The description's file name in a package. */
	public static final String RDF = "rdf.yaml";

	private ModelPackage() {
		// static utility
	}

	/**
	 * Checks the fields every package needs.
	 *
	 * @throws IllegalArgumentException one line naming the field
	 */
	public static void checkDescription(final String name, final List<String> authors, final String license) {
		if (name == null || name.isBlank()) throw new IllegalArgumentException("name: a model package needs a name");
		if (authors == null || authors.isEmpty() || authors.stream().anyMatch(a -> a == null || a.isBlank())) throw new IllegalArgumentException(
			"authors: a model package needs at least one author's name");
		if (license == null || license.isBlank()) throw new IllegalArgumentException("license: a model package needs a licence (an SPDX " +
			"identifier such as CC-BY-4.0)");
	}

	/** The authors as the description lists them: one mapping with a name each. */
	public static List<Map<String, Object>> authors(final List<String> names) {
		return names.stream().map(a -> ordered("name", a.strip())).toList();
	}

	/** Now, to the second, as the description's {@code timestamp}. */
	public static String timestamp() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
	}

	/** The axes of a tensor: batch, then the channel axis first or last around the space axes. */
	@SafeVarargs
	public static List<Object> axes(final boolean channelsFirst, final Map<String, Object> channel, final Map<String, Object>... space) {
		final List<Object> axes = new ArrayList<>();
		axes.add(ordered("type", "batch"));
		if (channelsFirst) axes.add(channel);
		for (final Map<String, Object> s : space) axes.add(s);
		if (!channelsFirst) axes.add(channel);
		return axes;
	}

	/** A space axis: its id, size (a mapping) and scale (left out when 1). */
	public static Map<String, Object> space(final String id, final Map<String, Object> size, final int scale) {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("type", "space");
		a.put("id", id);
		a.put("size", size);
		if (scale != 1) a.put("scale", (double) scale);
		return a;
	}

	/** A file of the package as the description names it: its name and SHA-256. */
	public static Map<String, Object> file(final String name, final Map<String, byte[]> files) {
		return ordered("source", name, "sha256", sha256(files.get(name)));
	}

	/** The {@code weights.onnx} entry for ONNX weights in the package: source, SHA-256 and the opset (when the file says it). */
	public static Map<String, Object> onnxWeights(final String name, final Map<String, byte[]> files) {
		final Map<String, Object> w = new LinkedHashMap<>(file(name, files));
		final int opset = OnnxRuntime.opsetVersion(files.get(name));
		if (opset > 0) w.put("opset_version", opset);
		return w;
	}

	/** A mapping whose keys keep the order given (key, value, key, value, ...), as a YAML reader shows them. */
	public static Map<String, Object> ordered(final Object... keysAndValues) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return m;
	}

	/** The description as YAML, in block style. */
	public static String yaml(final Map<String, Object> rdf) {
		final DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setWidth(120);
		return new Yaml(options).dump(rdf);
	}

	/** The SHA-256 of the bytes, in lower-case hexadecimal. */
	public static String sha256(final byte[] b) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("this Java has no SHA-256", e); // every Java SE has it
		}
	}

	/** A number as text: whole numbers without a decimal point. */
	public static String number(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	/** A {@code w x h} part of an image whose channels are interleaved, from {@code (x0, y0)}. */
	public static float[] crop(final float[] image, final int width, final int c, final int x0, final int y0, final int w, final int h) {
		final float[] out = new float[w * h * c];
		for (int y = 0; y < h; y++)
			System.arraycopy(image, ((y0 + y) * width + x0) * c, out, y * w * c, w * c);
		return out;
	}

	/** Interleaved channels ({@code i * channels + k}) made planar ({@code k * plane + i}). */
	public static float[] channelsFirst(final float[] last, final int channels, final int plane) {
		final float[] out = new float[last.length];
		for (int i = 0; i < plane; i++)
			for (int k = 0; k < channels; k++) out[k * plane + i] = last[i * channels + k];
		return out;
	}

	/** A value in [0, 1] as a byte's 0..255, clipped. */
	public static int byteOf(final float v) {
		return (int) Math.round(255 * Math.min(1, Math.max(0, v)));
	}

	/**
	 * A normalised image as {@code 0xRRGGBB} pixels: grey from its first channel, or
	 * RGB from its first three when it has three or more.
	 *
	 * @param normalized channels interleaved, about [0, 1]
	 */
	public static int[] picture(final float[] normalized, final int c, final int w, final int h) {
		final int[] rgb = new int[w * h];
		for (int i = 0; i < w * h; i++) {
			final int r = byteOf(normalized[i * c]), g = byteOf(normalized[i * c + Math.min(1, c - 1)]), b = byteOf(normalized[i * c + Math.min(2, c
				- 1)]);
			rgb[i] = c >= 3 ? r << 16 | g << 8 | b : r << 16 | r << 8 | r;
		}
		return rgb;
	}

	/**
	 * Writes the files into a .zip, or into a folder, atomically: the .zip appears
	 * complete or not at all; in a folder each file does.
	 */
	public static void write(final Map<String, byte[]> files, final Path out) throws IOException {
		final String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".zip")) {
			AtomicFiles.write(out, ".zip", tmp -> {
				try (OutputStream o = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(o)) {
					for (final Map.Entry<String, byte[]> f : files.entrySet()) {
						zip.putNextEntry(new ZipEntry(f.getKey()));
						zip.write(f.getValue());
						zip.closeEntry();
					}
				}
			});
			return;
		}
		Files.createDirectories(out);
		for (final Map.Entry<String, byte[]> f : files.entrySet())
			AtomicFiles.write(out.resolve(f.getKey()), "", tmp -> Files.write(tmp, f.getValue()));
	}

	/** Whether a file name is a bioimage.io description: {@code rdf.yaml} or {@code *bioimageio.yaml}. */
	public static boolean isDescription(final String name) {
		return name.equals(RDF) || name.toLowerCase(Locale.ROOT).endsWith("bioimageio.yaml");
	}

	/**
	 * The files of a package or model in a folder or a .zip: those in the folder
	 * (not in sub-folders, read when asked for), or those in the zip's folder that
	 * holds the shallowest of the marker files (a description, or one of the names
	 * given), at its top level when there is none.
	 */
	public static final class Contents {

		private final String where;
		private final Path folder;
		private final Map<String, byte[]> zipped;

		private Contents(final String where, final Path folder, final Map<String, byte[]> zipped) {
			this.where = where;
			this.folder = folder;
			this.zipped = zipped;
		}

		/** The folder, or the zip and the folder inside it, for messages. */
		public String where() {
			return where;
		}

		/** The names of the files, sorted. */
		public List<String> names() {
			if (zipped != null) return List.copyOf(zipped.keySet());
			try (Stream<Path> list = Files.list(folder)) {
				return list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
			}
			catch (final IOException e) {
				throw error("cannot read (" + e.getMessage() + ")");
			}
		}

		/** Whether there is such a file. */
		public boolean has(final String name) {
			return zipped != null ? zipped.containsKey(name) : Files.isRegularFile(folder.resolve(name));
		}

		/** The contents of a file, or null when there is none. */
		public byte[] bytes(final String name) {
			if (zipped != null) return zipped.get(name);
			final Path p = folder.resolve(name);
			if (!Files.isRegularFile(p)) return null;
			try {
				return Files.readAllBytes(p);
			}
			catch (final IOException e) {
				throw error("cannot read " + name + " (" + e.getMessage() + ")");
			}
		}

		/** The name of the bioimage.io description ({@code rdf.yaml}, or the first {@code *bioimageio.yaml}), or null. */
		public String description() {
			if (has(RDF)) return RDF;
			return names().stream().filter(ModelPackage::isDescription).findFirst().orElse(null);
		}

		/** A one-line error about these files: {@code model <where>: problem}. */
		public IllegalArgumentException error(final String problem) {
			return new IllegalArgumentException("model " + where + ": " + problem);
		}
	}

	/**
	 * The files of a model folder or .zip.
	 *
	 * @param markers file names (besides descriptions) that mark the model's folder inside a zip
	 * @throws IllegalArgumentException one line naming the source when it is neither, or cannot be read
	 */
	public static Contents read(final Path source, final List<String> markers) {
		if (Files.isDirectory(source)) return new Contents(source.toString(), source, null);
		if (!Files.isRegularFile(source)) throw new IllegalArgumentException("model " + source + ": no such folder or file");
		if (!source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) throw new IllegalArgumentException("model " + source +
			": expected a folder or a .zip file");
		try (ZipFile z = new ZipFile(source.toFile())) {
			final List<? extends ZipEntry> entries = z.stream().filter(e -> !e.isDirectory()).toList();
			final String dir = entries.stream().map(ZipEntry::getName).filter(n -> {
				final String base = n.substring(n.lastIndexOf('/') + 1);
				return isDescription(base) || markers.contains(base);
			}).min(Comparator.comparingInt((String n) -> n.split("/").length).thenComparing(n -> n)).map(n -> n.substring(0, n.lastIndexOf('/') + 1))
				.orElse("");
			final Map<String, byte[]> files = new LinkedHashMap<>();
			for (final ZipEntry e : entries.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
				final String n = e.getName();
				if (!n.startsWith(dir) || n.substring(dir.length()).contains("/")) continue;
				try (InputStream in = z.getInputStream(e)) {
					files.put(n.substring(dir.length()), in.readAllBytes());
				}
			}
			return new Contents(dir.isEmpty() ? source.toString() : source + "!/" + dir.substring(0, dir.length() - 1), null, files);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model " + source + ": cannot read the zip (" + e.getMessage() + ")");
		}
	}
}
