package org.tessera.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.tessera.imagej.ImageFiles;

import ij.ImagePlus;

/**
 * The real annotated images of {@code ../shared/datasets} (see its README):
 * nuclei2d's train/val split and nuclei2d-brightfield's split by name, the same
 * as the training scripts' ({@code scripts/training_data.py}). Tests that use them
 * are skipped, with the reason, where the folder is absent.
 */
public final class Datasets {

	/** Where the datasets are, beside the project. */
	public static final Path ROOT = Path.of("..", "shared", "datasets");

	private Datasets() {}

	/** An image, its instance labels and its name. */
	public record Pair(String name, ImagePlus image, int[] labels) {}

	/** Skips the calling test unless the folder holds a manifest. */
	public static Path require(final String folder) {
		final Path p = ROOT.resolve(folder);
		Assumptions.assumeTrue(Files.isRegularFile(p.resolve("manifest.csv")), ROOT + "/" + folder + " is absent: real-image checks skipped");
		return p;
	}

	/** The names in a folder's manifest, in its order. */
	public static List<String> names(final Path folder) {
		try {
			final List<String> rows = Files.readAllLines(folder.resolve("manifest.csv"), StandardCharsets.UTF_8);
			final List<String> out = new ArrayList<>();
			for (final String row : rows.subList(1, rows.size()))
				if (!row.isBlank()) out.add(row.substring(0, row.indexOf(',')));
			return out;
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The images and labels of these names. */
	public static List<Pair> pairs(final Path folder, final List<String> names) {
		final List<Pair> out = new ArrayList<>();
		for (final String n : names)
			out.add(new Pair(n, ImageFiles.read(folder.resolve("images").resolve(n + ".tif"), n), TestImages.planeInts(ImageFiles.read(folder.resolve(
				"masks").resolve(n + ".tif"), n + "-mask"))));
		return out;
	}

	/** Copies these images of a dataset folder and their masks to {@code to}/images and {@code to}/labels, as a user's training folders. */
	public static void copy(final Path folder, final List<String> names, final Path to) throws IOException {
		Files.createDirectories(to.resolve("images"));
		Files.createDirectories(to.resolve("labels"));
		for (final String n : names) {
			Files.copy(folder.resolve("images").resolve(n + ".tif"), to.resolve("images").resolve(n + ".tif"));
			Files.copy(folder.resolve("masks").resolve(n + ".tif"), to.resolve("labels").resolve(n + ".tif"));
		}
	}

	/** nuclei2d-brightfield's validation names: a fixed share by a hash of the name, as training_data.brightfield_split. */
	public static List<String> brightfieldVal(final Path folder) {
		final List<String> out = new ArrayList<>();
		for (final String n : names(folder)) {
			try {
				final String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(n.getBytes(StandardCharsets.UTF_8)));
				if (Long.parseLong(hex.substring(0, 8), 16) / Math.pow(16, 8) < 0.2) out.add(n);
			}
			catch (final java.security.NoSuchAlgorithmException e) {
				throw new IllegalStateException(e);
			}
		}
		return out;
	}
}
