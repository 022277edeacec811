package org.tessera.ij1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Tessera's menu entries from {@code plugins.config}, the file ImageJ 1.x
 * builds its menus from. The file is the one place where menu paths are
 * written; the command-line tool lists them from here too.
 */
public final class PluginsConfig {

	/** One menu entry: {@code menu} (e.g. "Plugins>Tessera>Filters"), its label, and the command it runs. */
	public record Entry(String menu, String label, String command) {

		/** The full path, e.g. "Plugins>Tessera>Filters>Gaussian Blur (Tessera)". */
		public String path() {
			return menu + ">" + label;
		}
	}

	/** The class that plugins.config lines name (kept as text: reading the file needs no AWT). */
	static final String SHIM_CLASS = "org.tessera.ij1.TesseraPlugIn";

	private static final Pattern LINE = Pattern.compile("^\\s*([^,\"]+?)\\s*,\\s*\"([^\"]+)\"\\s*,\\s*" + Pattern.quote(SHIM_CLASS) + "\\(\"([^\"]+)\"\\)\\s*$");

	private PluginsConfig() {
		// static utility
	}

	/** Parses plugins.config text, keeping the lines that run Tessera commands. */
	public static List<Entry> parse(final List<String> lines) {
		final List<Entry> entries = new ArrayList<>();
		for (final String line : lines) {
			if (line.isBlank() || line.trim().startsWith("#")) continue;
			final Matcher m = LINE.matcher(line);
			if (m.matches()) entries.add(new Entry(m.group(1), m.group(2), m.group(3)));
		}
		return entries;
	}

	/** The Tessera entries of every plugins.config on the class path. */
	public static List<Entry> load(final ClassLoader loader) {
		final List<Entry> entries = new ArrayList<>();
		try {
			final Enumeration<URL> urls = loader.getResources("plugins.config");
			while (urls.hasMoreElements()) {
				try (BufferedReader r = new BufferedReader(new InputStreamReader(urls.nextElement().openStream(), StandardCharsets.UTF_8))) {
					entries.addAll(parse(r.lines().toList()));
				}
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot read plugins.config: " + e.getMessage(), e);
		}
		return entries;
	}

	/** The entry of that command, or null. */
	public static Entry find(final List<Entry> entries, final String command) {
		for (final Entry e : entries)
			if (e.command().equals(command)) return e;
		return null;
	}
}
