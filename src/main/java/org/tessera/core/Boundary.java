package org.tessera.core;

import java.util.Locale;

/**
 * How a filter extends an image beyond its edges. The names and meanings are
 * those of {@code scipy.ndimage}: for a row {@code a b c d},
 * <ul>
 * <li>{@link #REFLECT}: {@code d c b a | a b c d | d c b a} (the edge pixel repeats),</li>
 * <li>{@link #MIRROR}: {@code d c b | a b c d | c b a},</li>
 * <li>{@link #NEAREST}: {@code a a a | a b c d | d d d} (ImageJ's and CLIJ2's behaviour),</li>
 * <li>{@link #WRAP}: {@code a b c d | a b c d | a b c d},</li>
 * <li>{@link #CONSTANT}: {@code 0 0 0 | a b c d | 0 0 0}.</li>
 * </ul>
 */
public enum Boundary {
	REFLECT, MIRROR, NEAREST, WRAP, CONSTANT;

	/** The lower-case name used in commands and scripts. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses a name such as {@code "reflect"}, ignoring case. */
	public static Boundary parse(final String s) {
		for (final Boundary b : values())
			if (b.name().equalsIgnoreCase(s.trim())) return b;
		throw new IllegalArgumentException("unknown boundary '" + s + "'; expected one of reflect, mirror, nearest, wrap, constant");
	}

	/**
	 * Maps index {@code i} (possibly outside {@code [0, n)}) to the index inside
	 * that this boundary reads, or -1 for {@link #CONSTANT} outside the image.
	 */
	public int map(final int i, final int n) {
		if (i >= 0 && i < n) return i;
		switch (this) {
			case NEAREST:
				return i < 0 ? 0 : n - 1;
			case WRAP:
				return Math.floorMod(i, n);
			case REFLECT: {
				final int m = Math.floorMod(i, 2 * n);
				return m < n ? m : 2 * n - 1 - m;
			}
			case MIRROR: {
				if (n == 1) return 0;
				final int m = Math.floorMod(i, 2 * n - 2);
				return m < n ? m : 2 * n - 2 - m;
			}
			default:
				return -1;
		}
	}
}
