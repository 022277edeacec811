package org.tessera.core;

import java.util.Objects;

/**
 * One calibrated image axis: its type, the size of one pixel along it, the
 * coordinate of pixel 0, and the unit.
 *
 * @param type what the axis means
 * @param scale physical size of one step (pixel spacing, frame interval); 1 if uncalibrated
 * @param origin physical coordinate of index 0
 * @param unit unit of {@code scale} and {@code origin}, e.g. "µm" or "sec"; "pixel" if uncalibrated
 */
public record Axis(AxisType type, double scale, double origin, String unit) {

	public Axis {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(unit, "unit");
		if (!(scale > 0) || !Double.isFinite(scale))
			throw new IllegalArgumentException("axis " + type.label() + ": scale must be a positive number, got " + scale);
	}

	/** An uncalibrated axis: scale 1, origin 0, unit "pixel". */
	public static Axis of(final AxisType type) {
		return new Axis(type, 1, 0, "pixel");
	}
}
