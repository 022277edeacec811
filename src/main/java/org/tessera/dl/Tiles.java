package org.tessera.dl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an image is cut into tiles for a network (StarDist, U-Net): a grid of
 * {@code rows x columns} cores that partition the image, each run with
 * {@code context} pixels of the image around it, so that every pixel of a
 * core sees what it would see in an untiled run as long as the context
 * covers the network's receptive field.
 * <p>
 * Core and tile edges fall on multiples of {@code divisor} (the U-Net's
 * 2^depth and the grid), so the network's pooling windows line up with
 * those of an untiled run and a tile's predictions equal the untiled ones
 * (up to the floating-point order of the convolutions).
 *
 * @param rows tiles along y
 * @param columns tiles along x
 * @param context pixels of image around each core, a multiple of {@code divisor}
 * @param divisor alignment of core and tile edges
 */
public record Tiles(int rows, int columns, int context, int divisor) {

	/**
	 * The automatic choice keeps a tile, with its context, at or below this
	 * many pixels: ONNX Runtime needs about 1 GB per megapixel of input for
	 * a StarDist U-Net (DESIGN.md), so a tile stays near 1 GB.
	 */
	public static final long DEFAULT_MAX_TILE_PIXELS = 1024L * 1024;

	public Tiles {
		if (rows < 1 || columns < 1) throw new IllegalArgumentException("tiles: need at least 1 x 1, got " + rows + " x " + columns);
		if (divisor < 1) throw new IllegalArgumentException("divisor must be >= 1, got " + divisor);
		if (context < 0 || context % divisor != 0)
			throw new IllegalArgumentException("context must be a non-negative multiple of " + divisor + ", got " + context);
	}

	/** One tile: the core it predicts, {@code [coreY0, coreY1) x [coreX0, coreX1)}, and the region the network sees. */
	public record Tile(int coreY0, int coreY1, int coreX0, int coreX1, int y0, int y1, int x0, int x1) {

		/** Height of what the network sees. */
		public int height() {
			return y1 - y0;
		}

		/** Width of what the network sees. */
		public int width() {
			return x1 - x0;
		}
	}

	/**
	 * Parses the {@code tiles} key: empty or {@code auto} (null: choose from
	 * the image size), or a positive number of tiles, arranged as a grid as
	 * square (in pixels) as it can be for the image, as Fiji's StarDist's
	 * "number of tiles" does.
	 *
	 * @return the number of tiles, or 0 for automatic
	 */
	public static int parseCount(final String text) {
		if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("auto")) return 0;
		try {
			final int n = Integer.parseInt(text.trim());
			if (n >= 1) return n;
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("tiles: expected a positive whole number of tiles or 'auto', got '" + text + "'");
	}

	/**
	 * A grid of about {@code count} tiles ({@code rows x columns >= count}, as
	 * few extra as possible) whose cores are as close to square as possible.
	 */
	public static Tiles ofCount(final int count, final int height, final int width, final int context, final int divisor) {
		if (count < 1) throw new IllegalArgumentException("tiles: need at least 1, got " + count);
		int bestRows = 1, bestColumns = count;
		double bestScore = Double.MAX_VALUE;
		for (int rows = 1; rows <= count; rows++) {
			final int columns = (count + rows - 1) / rows;
			if ((rows - 1) * columns >= count) continue; // a row too many
			final double aspect = ((double) height / rows) / ((double) width / columns);
			// fewest tiles first, then the squarest cores
			final double score = rows * columns * 1000.0 + Math.abs(Math.log(aspect));
			if (score < bestScore) {
				bestScore = score;
				bestRows = rows;
				bestColumns = columns;
			}
		}
		return new Tiles(bestRows, bestColumns, context, divisor);
	}

	/**
	 * The fewest tiles whose network input (core plus context on both sides,
	 * aligned) stays within {@code maxTilePixels}: 1 x 1 when the whole image
	 * fits.
	 */
	public static Tiles automatic(final int height, final int width, final int context, final int divisor, final long maxTilePixels) {
		final Tiles whole = new Tiles(1, 1, context, divisor);
		if ((long) roundUp(height, divisor) * roundUp(width, divisor) <= maxTilePixels) return whole;
		for (int count = 2;; count++) {
			final Tiles t = ofCount(count, height, width, context, divisor);
			if (t.largestTilePixels(height, width) <= maxTilePixels) return t;
			// context alone larger than the budget: cores cannot shrink below one divisor
			if (count > (long) height * width / ((long) divisor * divisor)) return t;
		}
	}

	/** Pixels of the largest network input among the tiles (after padding to the divisor). */
	public long largestTilePixels(final int height, final int width) {
		long max = 0;
		for (final Tile t : tiles(height, width))
			max = Math.max(max, (long) roundUp(t.height(), divisor) * roundUp(t.width(), divisor));
		return max;
	}

	/** The tiles, row by row; empty cores (more tiles than aligned rows/columns) are left out. */
	public List<Tile> tiles(final int height, final int width) {
		final int[] ys = edges(height, rows), xs = edges(width, columns);
		final List<Tile> out = new ArrayList<>();
		for (int r = 0; r + 1 < ys.length; r++)
			for (int c = 0; c + 1 < xs.length; c++)
				out.add(new Tile(ys[r], ys[r + 1], xs[c], xs[c + 1], Math.max(0, ys[r] - context), Math.min(height, ys[r + 1] + context),
					Math.max(0, xs[c] - context), Math.min(width, xs[c + 1] + context)));
		return out;
	}

	/** Core edges along one axis: 0, multiples of the divisor, n; no empty cores. */
	private int[] edges(final int n, final int parts) {
		final int step = roundUp((n + parts - 1) / parts, divisor);
		final List<Integer> e = new ArrayList<>();
		for (int p = 0; p < n; p += step) e.add(p);
		e.add(n);
		return e.stream().mapToInt(Integer::intValue).toArray();
	}

	private static int roundUp(final int n, final int d) {
		return (n + d - 1) / d * d;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%d x %d tiles, context %d px", rows, columns, context);
	}
}
