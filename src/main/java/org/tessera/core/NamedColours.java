package org.tessera.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Classes as users write them: {@code "name #rrggbb, name #rrggbb, ..."}, the
 * colours optional (then taken from a palette in turn), as the labeling tool's
 * options and the pixel classifier's {@code classes} parameter take them.
 */
public final class NamedColours {

	private NamedColours() {}

	/** A class's name and colour ({@code 0xRRGGBB}). */
	public record Entry(String name, int rgb) {}

	/**
	 * Parses a list.
	 *
	 * @param key the parameter, for messages
	 * @param palette colours for entries without one, in turn
	 * @throws IllegalArgumentException with one line naming the key for a malformed colour
	 */
	public static List<Entry> parse(final String spec, final int[] palette, final String key) {
		final List<Entry> out = new ArrayList<>();
		if (spec == null) return out;
		for (final String part : spec.split(",")) {
			final String p = part.strip();
			if (p.isEmpty()) continue;
			final int hash = p.lastIndexOf('#');
			final String name = (hash >= 0 ? p.substring(0, hash) : p).strip();
			int rgb = palette[out.size() % palette.length];
			if (hash >= 0) {
				final String hex = p.substring(hash + 1).strip();
				if (!hex.matches("[0-9A-Fa-f]{6}")) throw new IllegalArgumentException(key + ": colour of '" + name + "' must be #rrggbb, got '#" +
					hex + "'");
				rgb = Integer.parseInt(hex, 16);
			}
			if (name.isEmpty()) throw new IllegalArgumentException(key + ": a class needs a name before its colour, got '" + p + "'");
			out.add(new Entry(name, rgb));
		}
		return out;
	}
}
