package org.tessera.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writing a file so that it appears under its name only when complete: it is
 * written next to its destination under a temporary name and renamed, so a
 * crash never leaves a half-written file under the final name.
 */
public final class AtomicFiles {

	private AtomicFiles() {
		// static utility
	}

	/** Writes something to a file (the temporary one). */
	@FunctionalInterface
	public interface Writer {
		void write(Path tmp) throws IOException;
	}

	/**
	 * Calls {@code writer} on a temporary file next to {@code path} (same folder,
	 * same extension) and renames it to {@code path} when it has finished. The
	 * folder is created if needed. On failure the temporary file is removed and
	 * an existing {@code path} is left as it was.
	 */
	public static void write(final Path path, final String extension, final Writer writer) throws IOException {
		final Path target = path.toAbsolutePath();
		final Path dir = target.getParent();
		Files.createDirectories(dir);
		// Not Files.createTempFile: its owner-only permissions would stay on the final file.
		final Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + "-" + ProcessHandle.current()
			.pid() + ".part" + extension);
		try {
			try {
				writer.write(tmp);
			}
			catch (final java.nio.file.FileSystemException e) {
				throw e;
			}
			catch (final IOException e) {
				// a full disk or a quota comes without the file: name the one being written
				final java.nio.file.FileSystemException named = new java.nio.file.FileSystemException(target.toString(), null, e.getMessage());
				named.initCause(e);
				throw named;
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}
}
