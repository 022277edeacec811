package org.tessera.segment;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;

import org.tessera.core.Threads;

import net.imglib2.parallel.TaskExecutor;

/**
 * Local maxima of a float volume (x fastest) with full connectivity (8
 * neighbours in 2D, 26 in 3D), plateau aware: a connected set of pixels of one
 * value is a maximum when no pixel next to it is greater, so a flat top counts
 * once as a whole, and a flat shoulder not at all. Pixels past the image edge
 * are ignored, so maxima may touch the border. This is the definition of
 * scikit-image's {@code morphology.local_maxima}.
 * <p>
 * Only the pixels of a mask are classified (a plateau is still followed
 * outside the mask), which is what segmentation needs and saves most of the
 * work on sparse images.
 */
public final class LocalMaxima {

	/** A neighbour is greater. */
	public static final byte NOT = 0;
	/** No neighbour is greater or equal. */
	public static final byte MAX = 1;
	/** No neighbour is greater, one is equal: decided by {@link #resolvePlateaus}. */
	public static final byte PLATEAU = 2;

	private LocalMaxima() {
		// static utility
	}

	/**
	 * The maxima among the mask's pixels.
	 *
	 * @param mask non-zero where maxima are wanted
	 * @return {@link #MAX} at the maxima inside the mask, {@link #NOT} elsewhere
	 */
	public static byte[] inMask(final float[] img, final byte[] mask, final int nx, final int ny, final int nz, final TaskExecutor executor) {
		return inMask(img, mask, nx, ny, nz, executor, null);
	}

	/**
	 * The same in a region cut out of a larger image, whose plateaus may go on
	 * past the cut: {@code open} tells the pixels at the cut (the region's faces
	 * inside the image).
	 *
	 * @return the maxima as above, or null when a plateau that decides a mask
	 *         pixel reaches an open pixel (the region is too small to decide it)
	 */
	public static byte[] inMask(final float[] img, final byte[] mask, final int nx, final int ny, final int nz, final TaskExecutor executor,
		final IntPredicate open)
	{
		final byte[] state = new byte[img.length];
		final List<int[]> bands = new ArrayList<>();
		final int rows = ny * nz, step = Math.max(1, Math.min(64, rows / (8 * Math.max(1, executor.getParallelism()))));
		for (int r = 0; r < rows; r += step) bands.add(new int[] { r, Math.min(rows, r + step) });
		final boolean[] anyPlateau = new boolean[1];
		Threads.forEach(executor, bands, band -> {
			boolean plateau = false;
			for (int row = band[0]; row < band[1]; row++) {
				final int y = row % ny, z = row / ny;
				final int base = row * nx;
				for (int x = 0; x < nx; x++) {
					if (mask[base + x] == 0) continue;
					final byte s = classify(img, nx, ny, nz, x, y, z);
					state[base + x] = s;
					plateau |= s == PLATEAU;
				}
			}
			if (plateau) synchronized (anyPlateau) {
				anyPlateau[0] = true;
			}
		});
		if (anyPlateau[0] && !resolvePlateaus(img, state, nx, ny, nz, open)) return null;
		return state;
	}

	/** {@link #NOT}, {@link #MAX} or {@link #PLATEAU} for one pixel, from its neighbours. */
	public static byte classify(final float[] img, final int nx, final int ny, final int nz, final int x, final int y, final int z) {
		final float v = img[x + nx * (y + ny * z)];
		boolean equal = false;
		// the row neighbours first: they rule out most pixels
		if (x > 0) {
			final float w = img[x - 1 + nx * (y + ny * z)];
			if (w > v) return NOT;
			equal |= w == v;
		}
		if (x + 1 < nx) {
			final float w = img[x + 1 + nx * (y + ny * z)];
			if (w > v) return NOT;
			equal |= w == v;
		}
		for (int dz = -1; dz <= 1; dz++) {
			final int zz = z + dz;
			if (zz < 0 || zz >= nz) continue;
			for (int dy = -1; dy <= 1; dy++) {
				final int yy = y + dy;
				if (yy < 0 || yy >= ny) continue;
				final int row = nx * (yy + ny * zz);
				for (int dx = -1; dx <= 1; dx++) {
					if (dy == 0 && dz == 0) continue; // the row, done above
					final int xx = x + dx;
					if (xx < 0 || xx >= nx) continue;
					final float w = img[row + xx];
					if (w > v) return NOT;
					equal |= w == v;
				}
			}
		}
		return equal ? PLATEAU : MAX;
	}

	/**
	 * Decides every {@link #PLATEAU} pixel of {@code state}: its connected set of
	 * equal values (followed through the whole image) is a maximum when none of
	 * its pixels has a greater neighbour. The set's {@code PLATEAU} pixels become
	 * {@link #MAX} or {@link #NOT}; other pixels are not changed.
	 */
	public static void resolvePlateaus(final float[] img, final byte[] state, final int nx, final int ny, final int nz) {
		resolvePlateaus(img, state, nx, ny, nz, null);
	}

	/**
	 * The same; {@code open} (or null) tells pixels where a plateau may go on
	 * past the volume.
	 *
	 * @return false when a plateau reached such a pixel: it is then left undecided
	 */
	static boolean resolvePlateaus(final float[] img, final byte[] state, final int nx, final int ny, final int nz, final IntPredicate open) {
		boolean decided = true;
		final BitSet visited = new BitSet(img.length);
		int[] queue = new int[64];
		for (int start = 0; start < state.length; start++) {
			if (state[start] != PLATEAU || visited.get(start)) continue;
			final float v = img[start];
			int head = 0, tail = 0;
			queue[tail++] = start;
			visited.set(start);
			boolean isMax = true, reachesOut = false;
			while (head < tail) {
				final int i = queue[head++];
				if (open != null && open.test(i)) reachesOut = true;
				final int x = i % nx, y = (i / nx) % ny, z = i / nx / ny;
				for (int dz = -1; dz <= 1; dz++) {
					final int zz = z + dz;
					if (zz < 0 || zz >= nz) continue;
					for (int dy = -1; dy <= 1; dy++) {
						final int yy = y + dy;
						if (yy < 0 || yy >= ny) continue;
						for (int dx = -1; dx <= 1; dx++) {
							final int xx = x + dx;
							if (xx < 0 || xx >= nx || dx == 0 && dy == 0 && dz == 0) continue;
							final int j = xx + nx * (yy + ny * zz);
							final float w = img[j];
							if (w > v) isMax = false;
							else if (w == v && !visited.get(j)) {
								visited.set(j);
								if (tail == queue.length) queue = java.util.Arrays.copyOf(queue, 2 * tail);
								queue[tail++] = j;
							}
						}
					}
				}
			}
			// a plateau with a greater neighbour is no maximum wherever it goes on; otherwise it takes the rest of it to tell
			if (reachesOut && isMax) {
				decided = false;
				continue;
			}
			for (int k = 0; k < tail; k++)
				if (state[queue[k]] == PLATEAU) state[queue[k]] = isMax ? MAX : NOT;
		}
		return decided;
	}
}
