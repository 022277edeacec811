package org.tessera.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The checksum and timestamp that Fiji's updater (imagej-updater) gives a jar,
 * so that a jar installed from the site counts as up to date.
 * <p>
 * The checksum ({@code UpdaterUtil.getJarDigest(file, true, true, true)}) is a
 * SHA-1 over the jar's entries, directories included, sorted by name: each
 * entry's name (ASCII) and then its content, as lowercase hex. Two kinds of
 * entries count differently, so that a rebuild with the same content keeps its
 * checksum:
 * <ul>
 * <li>{@code .properties} files without their comment lines (Maven writes the
 * build date into pom.properties as a comment), see {@link #withoutComments};</li>
 * <li>{@code META-INF/MANIFEST.MF} with its name only. The updater keeps the
 * lines that, upper-cased, start with {@code "Main-Class:"}, which no
 * upper-cased line does, so no line of the manifest ever counts.</li>
 * </ul>
 */
public final class JarChecksum {

	private JarChecksum() {
	}

	private static final String MANIFEST = "META-INF/MANIFEST.MF";

	/** The updater's checksum of a jar. */
	public static String of(final Path jar) throws IOException {
		final MessageDigest sha1 = sha1();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			final List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
			entries.sort(Comparator.comparing(ZipEntry::getName));
			final byte[] buffer = new byte[1 << 16];
			for (final ZipEntry entry : entries) {
				final String name = entry.getName();
				sha1.update(name.getBytes(StandardCharsets.US_ASCII));
				if (name.equals(MANIFEST)) continue;
				try (InputStream in = zip.getInputStream(entry)) {
					if (name.endsWith(".properties")) {
						sha1.update(withoutComments(in.readAllBytes()));
						continue;
					}
					for (int n; (n = in.read(buffer)) >= 0;)
						sha1.update(buffer, 0, n);
				}
			}
		}
		return HexFormat.of().formatHex(sha1.digest());
	}

	/**
	 * A .properties file as the updater checksums it (its {@code SkipHashedLines}):
	 * a line that starts with '#' counts as its line break only. Two corner cases
	 * behave as the updater does: a line right after an empty line or after a
	 * line of only '#'s is taken as it is, even if it starts with '#'; and a
	 * comment on the last line without a line break counts as nothing.
	 */
	static byte[] withoutComments(final byte[] text) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
		boolean lineStart = true;
		int i = 0;
		while (i < text.length) {
			final byte c = text[i];
			if (lineStart && c == '#') {
				while (i < text.length && text[i] == '#')
					i++;
				if (i == text.length) break;
				final boolean onlyHashes = text[i] == '\n';
				while (i < text.length && text[i] != '\n')
					i++;
				if (i == text.length) break;
				out.write('\n');
				i++;
				lineStart = !onlyHashes;
				continue;
			}
			out.write(c);
			lineStart = !lineStart && c == '\n';
			i++;
		}
		return out.toByteArray();
	}

	/** The updater's timestamp of a file's modification time: yyyyMMddHHmmss in this machine's time zone. */
	public static long timestamp(final long millis) {
		return Long.parseLong(TIMESTAMP.format(Instant.ofEpochMilli(millis)));
	}

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneId.systemDefault());

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
