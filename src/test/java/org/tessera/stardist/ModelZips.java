package org.tessera.stardist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips files of a model folder, as users hand models around. */
final class ModelZips {

	private ModelZips() {}

	/**
	 * Writes {@code zip} with the named files of {@code folder}, under {@code prefix}
	 * ("" for the zip's root, or "name/" for a folder inside it).
	 */
	static Path zip(final Path zip, final Path folder, final String prefix, final String... names) throws IOException {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (final String name : names) {
				out.putNextEntry(new ZipEntry(prefix + name));
				Files.copy(folder.resolve(name), out);
				out.closeEntry();
			}
		}
		return zip;
	}

	/** Writes {@code zip} with these entries (name to bytes), in the map's order. */
	static Path ofEntries(final Path zip, final Map<String, byte[]> entries) throws IOException {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(e.getKey()));
				out.write(e.getValue());
				out.closeEntry();
			}
		}
		return zip;
	}
}
