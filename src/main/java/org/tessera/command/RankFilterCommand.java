package org.tessera.command;

import java.util.Locale;

import org.scijava.plugin.Parameter;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.filter.Neighborhood;
import org.tessera.filter.NeighborhoodFilter;
import org.tessera.filter.RankFilters.Op;
import org.tessera.op.ImageOp;

/**
 * The shared parameters and work of the minimum, maximum, mean, median and
 * top-hat commands; see {@link NeighborhoodFilter}.
 */
public abstract class RankFilterCommand extends FilterCommand {

	@Parameter(label = "radius", description = "radius in pixels: one value for all axes, or x,y or x,y,z (e.g. 2,2,1)")
	private String radius = "2";

	@Parameter(label = "shape", choices = { "ellipse", "box" }, required = false, persist = false, description = "ellipse (ImageJ, CLIJ2 Sphere) or box")
	private String shape = "ellipse";

	/** What the subclass computes. */
	protected abstract Op rank();

	/** Whether the result is the white top-hat (image minus opening) rather than the plain filter. */
	protected boolean topHat() {
		return false;
	}

	@Override
	public ImageOp op(final AxisImg<?> image) {
		final NeighborhoodFilter f = new NeighborhoodFilter(rank(), parseRadius(radius), Neighborhood.Shape.parse(shape), Boundary.NEAREST,
			device(), 0);
		return topHat() ? f.topHatOp(image) : f.op(image);
	}

	@Override
	protected String method() {
		return topHat() ? "tophat" : rank().name().toLowerCase(Locale.ROOT);
	}

	/** "2" or "2,2,1" as whole numbers. */
	static int[] parseRadius(final String text) {
		final String[] parts = text.trim().split("[,;\\s]+");
		if (parts.length > 3) throw new IllegalArgumentException("radius '" + text + "' has more than 3 values");
		final int[] r = new int[parts.length];
		try {
			for (int i = 0; i < parts.length; i++) r[i] = Integer.parseInt(parts[i]);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("radius '" + text + "' must be whole numbers of pixels, such as 2 or 2,2,1");
		}
		for (final int v : r) if (v < 0) throw new IllegalArgumentException("radius '" + text + "' must be >= 0");
		return r;
	}
}
