package org.tessera.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The pixels around a pixel that a rank or mean filter looks at: a box or an
 * ellipse (ellipsoid in 3D) with a radius per axis in pixels (x, y, z). A radius
 * of 0 leaves that axis out, so {@code 2,2,0} filters each plane on its own.
 *
 * @param radius radius along x, y and z
 * @param shape box or ellipse
 */
public record Neighborhood(int[] radius, Shape shape) implements java.io.Serializable {

	/** The two shapes. */
	public enum Shape {
		/** All pixels with |dx| ≤ rx, |dy| ≤ ry, |dz| ≤ rz (CLIJ2's "Box" filters). */
		BOX,
		/** Pixels with (dx/rx)² + (dy/ry)² + (dz/rz)² ≤ 1 (CLIJ2's "Sphere", ImageJ's circular kernels). */
		ELLIPSE;

		public static Shape parse(final String s) {
			return switch (s.trim().toLowerCase(Locale.ROOT)) {
				case "box" -> BOX;
				case "ellipse", "sphere", "ellipsoid", "circle" -> ELLIPSE;
				default -> throw new IllegalArgumentException("shape must be box or ellipse, got '" + s + "'");
			};
		}
	}

	public Neighborhood {
		if (radius == null || radius.length != 3) throw new IllegalArgumentException("need a radius for x, y and z");
		radius = radius.clone();
		for (final int r : radius) if (r < 0) throw new IllegalArgumentException("radius must be >= 0, got " + Arrays.toString(radius));
		if (shape == null) shape = Shape.ELLIPSE;
	}

	@Override
	public int[] radius() {
		return radius.clone();
	}

	/**
	 * Parses radii as users write them ({@code "2"} or {@code "2,2,1"}) for an
	 * image with {@code spatial} axes (2 or 3); one value applies to all of them.
	 */
	public static int[] parseRadius(final String text, final int spatial) {
		final String[] parts = text.trim().split("[,;\\s]+");
		final int[] r = new int[3];
		try {
			if (parts.length == 1) for (int d = 0; d < spatial; d++) r[d] = Integer.parseInt(parts[0]);
			else if (parts.length == spatial) for (int d = 0; d < spatial; d++) r[d] = Integer.parseInt(parts[d]);
			else throw new IllegalArgumentException("radius '" + text + "' has " + parts.length + " values; the image has " + spatial +
				" spatial axes; give one value or " + spatial);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("radius '" + text + "' must be whole numbers of pixels, such as 2 or 2,2,1");
		}
		for (final int v : r) if (v < 0) throw new IllegalArgumentException("radius '" + text + "' must be >= 0");
		return r;
	}

	/** The offsets (dx, dy, dz) of the neighbourhood, in a fixed order (z, then y, then x increasing). */
	public int[][] offsets() {
		final List<int[]> list = new ArrayList<>();
		for (int dz = -radius[2]; dz <= radius[2]; dz++)
			for (int dy = -radius[1]; dy <= radius[1]; dy++)
				for (int dx = -radius[0]; dx <= radius[0]; dx++)
					if (shape == Shape.BOX || inside(dx, dy, dz)) list.add(new int[] { dx, dy, dz });
		return list.toArray(int[][]::new);
	}

	private boolean inside(final int dx, final int dy, final int dz) {
		double s = 0;
		final int[] d = { dx, dy, dz };
		for (int i = 0; i < 3; i++) {
			if (radius[i] == 0) {
				if (d[i] != 0) return false;
				continue;
			}
			final double q = (double) d[i] / radius[i];
			s += q * q;
		}
		return s <= 1 + 1e-9;
	}

	/** Number of pixels in the neighbourhood. */
	public int size() {
		return offsets().length;
	}

	/** Whether a min/max/mean over it can run as one 1D pass per axis (boxes can). */
	public boolean separable() {
		return shape == Shape.BOX;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Neighborhood n && Arrays.equals(radius, n.radius) && shape == n.shape;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(radius) * 31 + shape.hashCode();
	}

	@Override
	public String toString() {
		return shape.name().toLowerCase(Locale.ROOT) + Arrays.toString(radius);
	}
}
