package org.tessera.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Faults of the file system (a full disk, a read-only or missing folder, no
 * permission, a quota) told in one line that names the path and the cause,
 * instead of a stack trace.
 */
public final class IoFaults {

	private IoFaults() {
		// static utility
	}

	/**
	 * One line for a file-system fault somewhere in {@code t}'s causes, or empty
	 * when {@code t} is something else.
	 */
	public static Optional<String> describe(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof FileSystemException f) {
				final String file = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
				final String reason = f instanceof AccessDeniedException ? "permission denied" : f instanceof NoSuchFileException ?
					"no such file or folder" : f instanceof NotDirectoryException ? "not a folder" : f.getReason() == null ? f.getClass()
						.getSimpleName() : f.getReason().toLowerCase(Locale.ROOT);
				return Optional.of(file + ": " + reason);
			}
			if (c instanceof IOException && c.getMessage() != null) {
				final String m = c.getMessage(), lower = m.toLowerCase(Locale.ROOT);
				for (final String cause : new String[] { "no space left on device", "read-only file system", "disk quota exceeded",
					"permission denied", "not a directory" })
					if (lower.contains(cause)) return Optional.of(m.replaceAll("\\s*\\R\\s*", " ").trim());
			}
		}
		return Optional.empty();
	}

	/**
	 * Refuses to start writing about {@code bytes} to {@code path} when its file
	 * system has less room left: one line naming the path, what is needed and what
	 * is free.
	 *
	 * @throws IOException with that line
	 */
	public static void requireSpace(final Path path, final long bytes) throws IOException {
		Path dir = path.toAbsolutePath().getParent();
		while (dir != null && !Files.exists(dir)) dir = dir.getParent();
		if (dir == null) return;
		final FileStore store;
		try {
			store = Files.getFileStore(dir);
		}
		catch (final IOException e) {
			return; // the write itself will tell
		}
		final long free = store.getUsableSpace();
		if (free < bytes) throw new IOException(path + ": no space left on device (about " + mib(bytes) + " needed, " + mib(free) +
			" free on " + dir + ")");
	}

	private static String mib(final long bytes) {
		return bytes < 1 << 20 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
	}
}
