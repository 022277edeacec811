package org.tessera.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** What the model folders that training writes have in common: checked before training, written file by file atomically. */
final class ModelFolders {

	private ModelFolders() {}

	/**
	 * Checks before training that a folder can take a model: absent, empty, or
	 * a model folder already (it has {@code marker}; its files are replaced).
	 *
	 * @throws IllegalArgumentException naming the folder otherwise
	 */
	static void checkWritable(final Path folder, final String marker) {
		if (!Files.exists(folder)) return;
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException("model: " + folder + " is a file, not a folder");
		try (Stream<Path> s = Files.list(folder)) {
			final List<String> names = s.map(p -> p.getFileName().toString()).toList();
			if (!names.isEmpty() && !names.contains(marker))
				throw new IllegalArgumentException("model: " + folder + " holds other files (" + names.get(0) + ", ...); give a new or empty folder");
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model: cannot list " + folder + " (" + e.getMessage() + ")");
		}
	}

	/** Writes a file under a temporary name in its folder and moves it into place. */
	static void atomically(final Path target, final byte[] bytes) throws IOException {
		final Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
		Files.write(tmp, bytes);
		Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}
}
