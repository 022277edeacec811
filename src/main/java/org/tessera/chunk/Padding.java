package org.tessera.chunk;

import java.util.Locale;

import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * How a block's halo is filled where it reaches past the image, with the
 * meanings of scipy.ndimage and dask's {@code map_overlap}: for a row
 * {@code a b c d},
 * <ul>
 * <li>{@link #REFLECT}: {@code d c b a | a b c d | d c b a},</li>
 * <li>{@link #MIRROR}: {@code d c b | a b c d | c b a},</li>
 * <li>{@link #NEAREST}: {@code a a a | a b c d | d d d},</li>
 * <li>{@link #WRAP}: {@code a b c d | a b c d | a b c d},</li>
 * <li>{@link #CONSTANT}: {@code 0 0 0 | a b c d | 0 0 0},</li>
 * <li>{@link #NONE}: no halo past the image: blocks at the image edge get a smaller halo there.</li>
 * </ul>
 */
public enum Padding {
	REFLECT, MIRROR, NEAREST, WRAP, CONSTANT, NONE;

	/** The lower-case name used in commands and scripts. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses a name such as {@code "reflect"}, ignoring case. */
	public static Padding parse(final String s) {
		for (final Padding p : values())
			if (p.name().equalsIgnoreCase(s.trim())) return p;
		throw new IllegalArgumentException("unknown boundary '" + s + "'; expected one of reflect, mirror, nearest, wrap, constant, none");
	}

	/** The image extended to infinity as this mode says ({@link #NONE} extends with zeros, but its halos never reach there). */
	public <T extends NativeType<T>> RandomAccessible<T> extend(final RandomAccessibleInterval<T> image) {
		return switch (this) {
			case REFLECT -> Views.extendMirrorDouble(image);
			case MIRROR -> Views.extendMirrorSingle(image);
			case NEAREST -> Views.extendBorder(image);
			case WRAP -> Views.extendPeriodic(image);
			case CONSTANT, NONE -> {
				final T zero = image.getType().createVariable();
				yield Views.extendValue(image, zero);
			}
		};
	}

	/** The region a block reads: its core grown by the halo, clipped to the image for {@link #NONE}. */
	public Interval haloRegion(final Block block, final long[] halo, final Interval image) {
		final Interval grown = block.grow(halo);
		return this == NONE ? Intervals.intersect(grown, image) : grown;
	}
}
