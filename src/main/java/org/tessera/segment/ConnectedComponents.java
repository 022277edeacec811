package org.tessera.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Connected-component labeling of 2D and 3D images: every non-zero pixel gets
 * the label of its component, components numbered 1..n in the order of their
 * first pixel (x fastest, then y, then z), as {@code scipy.ndimage.label} does.
 * Two passes with a union-find over provisional labels.
 */
public final class ConnectedComponents {

	/** Which neighbours touch. */
	public enum Connectivity {
		/** Pixels sharing a face: 4 neighbours in 2D, 6 in 3D (scipy connectivity 1). */
		FACE,
		/** Pixels sharing a face, an edge or a corner: 8 in 2D, 26 in 3D (scipy's full connectivity). */
		FULL;

		/** Parses Fiji's "4/6" (or 4, 6, "1", "face") and "8/26" (or 8, 26, "2", "full", scipy's numbers). */
		public static Connectivity parse(final String s) {
			return switch (s.trim().toLowerCase(Locale.ROOT)) {
				case "4/6", "4", "6", "1", "face", "faces" -> FACE;
				case "8/26", "8", "26", "2", "full" -> FULL;
				default -> throw new IllegalArgumentException("connectivity: expected 4/6 (pixels touching by a face: 4 neighbours in 2D, 6 in " +
					"3D) or 8/26 (by a face, an edge or a corner: 8 in 2D, 26 in 3D), got '" + s + "'");
			};
		}
	}

	private ConnectedComponents() {
		// static utility
	}

	/**
	 * Labels the non-zero pixels of a 2D or 3D image.
	 *
	 * @return labels 1..n (0 = background) in an int image of the same size, at the origin
	 */
	public static <T extends RealType<T>> ArrayImg<IntType, IntArray> label(final RandomAccessibleInterval<T> input, final Connectivity c) {
		final int[] dims = dims3(input);
		final int n = dims[0] * dims[1] * dims[2];
		final boolean[] mask = mask(input, n);
		final int[] labels = new int[n];
		final Result r = labelFlat(mask, labels, dims, c);
		final int[] finalIds = r.consecutiveIds();
		for (int i = 0; i < n; i++) labels[i] = finalIds[labels[i]];
		return ArrayImgs.ints(labels, input.dimensionsAsLongArray());
	}

	/** The size of a 2D or 3D interval as {nx, ny, nz}. */
	public static int[] dims3(final net.imglib2.Interval input) {
		if (input.numDimensions() < 1 || input.numDimensions() > 3)
			throw new IllegalArgumentException("labeling needs a 1D, 2D or 3D image, got " + input.numDimensions() + " dimensions");
		final int[] dims = { 1, 1, 1 };
		long n = 1;
		for (int d = 0; d < input.numDimensions(); d++) {
			dims[d] = (int) input.dimension(d);
			n *= input.dimension(d);
		}
		if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("image too large to label in one piece (" + n +
			" pixels); use chunked labeling");
		return dims;
	}

	/** Foreground (non-zero) of an image in flat order (x fastest). */
	public static <T extends RealType<T>> boolean[] mask(final RandomAccessibleInterval<T> input, final int n) {
		final boolean[] mask = new boolean[n];
		final Cursor<T> c = Views.flatIterable(input).cursor();
		for (int i = 0; i < n; i++) mask[i] = c.next().getRealDouble() != 0;
		return mask;
	}

	/**
	 * The provisional labels of a flat labeling and their union-find forest:
	 * {@code parent[l]} leads to the root of label {@code l} (1..count); roots are
	 * the smallest label of their component, which is the label of its first pixel.
	 */
	public record Result(int count, int[] parent) {

		/** Root of a provisional label. */
		public int find(int l) {
			while (parent[l] != l) {
				parent[l] = parent[parent[l]];
				l = parent[l];
			}
			return l;
		}

		/**
		 * Final ids: {@code ids[l]} for every provisional label {@code l}, numbered
		 * 1..m by root in increasing order ({@code ids[0] = 0}).
		 */
		public int[] consecutiveIds() {
			final int[] ids = new int[count + 1];
			int next = 0;
			for (int l = 1; l <= count; l++) {
				final int r = find(l);
				ids[l] = r == l ? ++next : ids[r];
			}
			return ids;
		}
	}

	/**
	 * Labels a flat 3D mask (x fastest; nz = 1 for 2D) with provisional labels
	 * 1..count in {@code labels}; equivalent labels are joined in the result's
	 * union-find forest.
	 */
	public static Result labelFlat(final boolean[] mask, final int[] labels, final int[] dims, final Connectivity c) {
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final int[][] offsets = backwardOffsets(c);
		int[] parent = new int[1024];
		int count = 0;
		int i = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++) {
					if (!mask[i]) {
						labels[i] = 0;
						continue;
					}
					int l = 0;
					for (final int[] o : offsets) {
						final int xx = x + o[0], yy = y + o[1], zz = z + o[2];
						if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
						final int j = i + o[0] + nx * (o[1] + ny * o[2]);
						final int m = labels[j];
						if (m == 0) continue;
						if (l == 0) l = root(parent, m);
						else l = union(parent, l, m);
					}
					if (l == 0) {
						l = ++count;
						if (l >= parent.length) parent = Arrays.copyOf(parent, parent.length * 2);
						parent[l] = l;
					}
					labels[i] = l;
				}
		return new Result(count, Arrays.copyOf(parent, count + 1));
	}

	/** Offsets (dx, dy, dz) of the neighbours that come before a pixel in flat order. */
	static int[][] backwardOffsets(final Connectivity c) {
		final List<int[]> list = new ArrayList<>();
		for (int dz = -1; dz <= 1; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					final int nonZero = (dx != 0 ? 1 : 0) + (dy != 0 ? 1 : 0) + (dz != 0 ? 1 : 0);
					if (nonZero == 0 || c == Connectivity.FACE && nonZero > 1) continue;
					// before in flat order: z smaller, or same z and y smaller, or same row and x smaller
					if (dz < 0 || dz == 0 && (dy < 0 || dy == 0 && dx < 0)) list.add(new int[] { dx, dy, dz });
				}
		return list.toArray(int[][]::new);
	}

	static int root(final int[] parent, int l) {
		while (parent[l] != l) {
			parent[l] = parent[parent[l]];
			l = parent[l];
		}
		return l;
	}

	/** Joins the sets of a and b (a is a root); the smaller root wins. Returns the new root. */
	static int union(final int[] parent, final int a, final int b) {
		final int rb = root(parent, b);
		if (rb == a) return a;
		if (rb < a) {
			parent[a] = rb;
			return rb;
		}
		parent[rb] = a;
		return a;
	}

	/** Number of labels (the largest value) in a label image. */
	public static int count(final RandomAccessibleInterval<IntType> labels) {
		int max = 0;
		for (final IntType t : Views.iterable(labels)) max = Math.max(max, t.get());
		return max;
	}

	/** Whether two label images describe the same partition (same objects, any numbering). */
	public static boolean samePartition(final RandomAccessibleInterval<? extends RealType<?>> a,
		final RandomAccessibleInterval<? extends RealType<?>> b)
	{
		if (!Intervals.equalDimensions(a, b)) return false;
		final java.util.Map<Long, Long> ab = new java.util.HashMap<>(), ba = new java.util.HashMap<>();
		final Cursor<? extends RealType<?>> ca = Views.flatIterable(a).cursor(), cb = Views.flatIterable(b).cursor();
		while (ca.hasNext()) {
			final long la = (long) ca.next().getRealDouble(), lb = (long) cb.next().getRealDouble();
			if ((la == 0) != (lb == 0)) return false;
			if (la == 0) continue;
			final Long pa = ab.putIfAbsent(la, lb), pb = ba.putIfAbsent(lb, la);
			if (pa != null && pa != lb || pb != null && pb != la) return false;
		}
		return true;
	}
}
