package org.tessera.core;

import java.util.Locale;

/** Calibration units as ImageJ, OME and table columns name them, in one place. */
public final class Units {

	private Units() {
		// static utility
	}

	/**
	 * A calibration unit as OME-Zarr names it (UDUNITS-2 names: "micrometer"),
	 * or null for none (pixels, frames).
	 */
	public static String ome(final String unit) {
		if (unit == null) return null;
		final String u = unit.strip();
		switch (u.toLowerCase(Locale.ROOT)) {
			case "", "pixel", "pixels", "px", "frame", "frames":
				return null;
			case "\u00b5m", "\u03bcm", "um", "micron", "microns", "micrometer", "micrometre":
				return "micrometer";
			case "nm", "nanometer", "nanometre":
				return "nanometer";
			case "mm", "millimeter", "millimetre":
				return "millimeter";
			case "cm", "centimeter":
				return "centimeter";
			case "m", "meter", "metre":
				return "meter";
			case "s", "sec", "second", "seconds":
				return "second";
			case "ms", "msec", "millisecond", "milliseconds":
				return "millisecond";
			case "min", "minute", "minutes":
				return "minute";
			case "h", "hour", "hours":
				return "hour";
			default:
				return u;
		}
	}

	/** Whether a unit is a physical one (not pixels or frames). */
	public static boolean physical(final String unit) {
		return ome(unit) != null;
	}

	/** A unit as a part of a column name: micrometres as "um" (µm, micron), others by their letters (nm, mm). */
	public static String columnName(final String unit) {
		if ("micrometer".equals(ome(unit))) return "um";
		final String letters = unit == null ? "" : unit.replaceAll("[^A-Za-z0-9]", "");
		return letters.isEmpty() ? "unit" : letters;
	}
}
