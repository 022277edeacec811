package org.tessera.chunk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.tessera.imagej.ImageFiles;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What a chunked job writes beside its output ({@value #FILE}), so that a rerun
 * resumes only the job that wrote it: the operation and its parameters (a
 * digest), and the input's identity (each file's path, size and modification
 * time). A rerun of the same job keeps the finished chunks; another job on the
 * same output is refused in one line, or recomputes everything when asked
 * ({@code resume=false}).
 *
 * @param operation a readable description of the operation, for messages
 * @param operationDigest a digest of the operation's parameters
 * @param inputDigest a digest of the input's identity
 * @param input the input as given
 */
public record JobRecord(String operation, String operationDigest, String inputDigest, String input) {

	/** The file, in the output folder or OME-Zarr store, that holds the record. */
	public static final String FILE = ".tessera-job.json";

	/**
	 * The record of a job.
	 *
	 * @param operationBytes the operation's parameters in a stable form (its serialized bytes)
	 * @throws IOException if the input's files cannot be listed
	 */
	public static JobRecord of(final String operation, final byte[] operationBytes, final String input) throws IOException {
		return new JobRecord(operation, sha256(operationBytes), sha256(identity(input).getBytes(StandardCharsets.UTF_8)), input);
	}

	/** Each input file's absolute path, size and modification time, one per line. */
	static String identity(final String input) throws IOException {
		final String s = input.trim();
		final Path p = Path.of(s);
		final List<Path> files = new ArrayList<>();
		if (Files.isDirectory(p)) {
			try (Stream<Path> list = Files.walk(p, 2)) {
				list.filter(Files::isRegularFile).sorted().forEach(files::add);
			}
		}
		else if (s.contains("*") || s.contains("?")) files.addAll(ImageFiles.listTiffs(s));
		else files.add(p);
		final StringBuilder sb = new StringBuilder();
		for (final Path f : files)
			sb.append(f.toAbsolutePath().normalize()).append('\t').append(Files.size(f)).append('\t').append(Files.getLastModifiedTime(f)
				.toMillis()).append('\n');
		return sb.toString();
	}

	/**
	 * Before a run writes into {@code output}: with {@code resume}, an output of
	 * the same job is kept (its finished chunks are skipped), an output of another
	 * job or of none that Tessera recorded is refused; without it, what a
	 * previous job wrote is removed first ({@code clear}), so that everything is
	 * computed again.
	 *
	 * @param hasResults whether the output holds results already (chunks, planes)
	 * @param clear removes the previous results (only called when there are some and resume is off)
	 * @throws IllegalArgumentException one line naming the output and what differs
	 */
	public void prepare(final Path output, final boolean hasResults, final boolean resume, final IoAction clear) throws IOException {
		final Path file = output.resolve(FILE);
		if (hasResults && resume) {
			final JobRecord previous = Files.isRegularFile(file) ? read(file) : null;
			if (previous == null) throw new IllegalArgumentException("output: " + output + " holds results that Tessera did not record a job " +
				"for; remove it, or set resume=false to compute everything again");
			if (!previous.operationDigest().equals(operationDigest)) throw new IllegalArgumentException("output: " + output +
				" was written by another operation (" + previous.operation() + "); remove it, choose another output, or set resume=false to " +
				"compute everything again");
			if (!previous.inputDigest().equals(inputDigest)) throw new IllegalArgumentException("output: " + output +
				" was written from another input, or the input changed since (" + previous.input() + "); remove it, or set resume=false to " +
				"compute everything again");
		}
		else if (hasResults) {
			if (!Files.isRegularFile(file) && !clearable(output)) throw new IllegalArgumentException("output: " + output +
				" holds files that Tessera did not write; choose another output");
			clear.run();
		}
		Files.createDirectories(output);
		write(file);
	}

	/** {@link #prepare} for an OME-Zarr store: its previous chunks and metadata are removed when not resumed. */
	public void prepareStore(final Path output, final boolean resume) throws IOException {
		prepare(output, hasFiles(output), resume, () -> deleteTree(output));
	}

	/** {@link #prepare} for a folder of TIFF planes: only its planes are removed when not resumed. */
	public void preparePlanes(final Path output, final boolean resume) throws IOException {
		prepare(output, Files.exists(TiffPlanes.plane(output, 0)), resume, () -> deletePlanes(output));
	}

	private static boolean hasFiles(final Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return false;
		try (Stream<Path> s = Files.list(dir)) {
			return s.anyMatch(p -> !p.getFileName().toString().equals(FILE));
		}
	}

	/** Removes an OME-Zarr store a previous job wrote (JobRecord checked that it is one). */
	private static void deleteTree(final Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			for (final Path p : s.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(dir)) Files.delete(p);
		}
	}

	/** Removes the TIFF planes a previous job wrote, and nothing else of the folder. */
	private static void deletePlanes(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			for (final Path p : s.filter(f -> f.getFileName().toString().matches("plane_\\d+\\.tif")).toList()) Files.delete(p);
		}
	}

	/** Whether a folder without a record is an OME-Zarr store or TIFF planes that a run may replace. */
	private static boolean clearable(final Path output) {
		return Files.isRegularFile(output.resolve(".zgroup")) || Files.isRegularFile(output.resolve("0").resolve(".zarray")) || Files
			.isRegularFile(TiffPlanes.plane(output, 0));
	}

	/** Work on files that may fail. */
	@FunctionalInterface
	public interface IoAction {
		void run() throws IOException;
	}

	private void write(final Path file) throws IOException {
		final JsonObject o = new JsonObject();
		o.addProperty("operation", operation);
		o.addProperty("operation_sha256", operationDigest);
		o.addProperty("input", input);
		o.addProperty("input_sha256", inputDigest);
		ImageFiles.writeAtomically(file, ".json", tmp -> Files.writeString(tmp, o.toString() + "\n"));
	}

	/** The record in a file, or null if it cannot be read (then it is not this job's). */
	static JobRecord read(final Path file) {
		try {
			final JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
			return new JobRecord(o.get("operation").getAsString(), o.get("operation_sha256").getAsString(), o.get("input_sha256").getAsString(), o
				.get("input").getAsString());
		}
		catch (final IOException | RuntimeException e) {
			return null;
		}
	}

	private static String sha256(final byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new UncheckedIOException(new IOException(e));
		}
	}
}
