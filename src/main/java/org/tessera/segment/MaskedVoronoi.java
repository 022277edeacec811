package org.tessera.segment;

import java.util.Arrays;

/**
 * Grows seed labels through a mask: every mask pixel takes the label of the
 * seed nearest to it along paths inside the mask (city-block steps: 4
 * neighbours in 2D, 6 in 3D), the larger label where two seeds are equally
 * near. Mask pixels that no seed reaches stay 0. This is a Voronoi
 * tessellation of the mask with geodesic distances, what a watershed of a flat
 * image from the seeds gives ({@code skimage.segmentation.watershed(mask,
 * markers, mask=mask)}) up to that tie rule.
 * <p>
 * The growth goes one distance at a time, and a pixel reached from several
 * labels at the same distance takes the largest: the OpenCL path
 * ({@code voronoi.cl}) does the same steps in parallel and gives the same
 * labels.
 */
public final class MaskedVoronoi {

	private MaskedVoronoi() {
		// static utility
	}

	/**
	 * Grows the labels in place.
	 *
	 * @param labels seed labels (> 0) on seed pixels, 0 elsewhere; x fastest
	 * @param mask non-zero where labels may grow; seeds outside it stay where they are
	 */
	public static void grow(final int[] labels, final byte[] mask, final int nx, final int ny, final int nz) {
		grow(labels, mask, nx, ny, nz, null);
	}

	/**
	 * The same, also telling how far each pixel is from its seed.
	 *
	 * @param steps null, or an array as long as {@code labels} that gets, for each
	 *          pixel reached, the number of steps from its seed (0 at the seeds; other pixels are not written)
	 */
	public static void grow(final int[] labels, final byte[] mask, final int nx, final int ny, final int nz, final int[] steps) {
		if (labels.length != mask.length || (long) nx * ny * nz != labels.length)
			throw new IllegalArgumentException("labels, mask and volume " + nx + "x" + ny + "x" + nz + " differ in size");
		int[] frontier = new int[1024];
		int count = 0;
		for (int i = 0; i < labels.length; i++)
			if (labels[i] > 0) {
				if (steps != null) steps[i] = 0;
				if (count == frontier.length) frontier = Arrays.copyOf(frontier, 2 * count);
				frontier[count++] = i;
			}
			else if (labels[i] < 0) throw new IllegalArgumentException("negative seed label " + labels[i] + " at index " + i);
		final long plane = (long) nx * ny;
		int[] next = new int[Math.max(1024, count)];
		for (int step = 1; count > 0; step++) {
			int found = 0;
			// pixels reached in this step carry their label negated until the step ends
			for (int k = 0; k < count; k++) {
				final int i = frontier[k];
				final int l = labels[i];
				final int x = i % nx, y = (int) ((i / nx) % ny), z = (int) (i / plane);
				for (int d = 0; d < 6; d++) {
					final int j;
					switch (d) {
						case 0 -> j = x > 0 ? i - 1 : -1;
						case 1 -> j = x + 1 < nx ? i + 1 : -1;
						case 2 -> j = y > 0 ? i - nx : -1;
						case 3 -> j = y + 1 < ny ? i + nx : -1;
						case 4 -> j = z > 0 ? (int) (i - plane) : -1;
						default -> j = z + 1 < nz ? (int) (i + plane) : -1;
					}
					if (j < 0 || mask[j] == 0) continue;
					final int o = labels[j];
					if (o == 0) {
						labels[j] = -l;
						if (steps != null) steps[j] = step;
						if (found == next.length) next = Arrays.copyOf(next, 2 * found);
						next[found++] = j;
					}
					else if (o < 0 && -o < l) labels[j] = -l;
				}
			}
			for (int k = 0; k < found; k++) labels[next[k]] = -labels[next[k]];
			final int[] t = frontier;
			frontier = next;
			next = t.length >= found ? t : new int[found];
			count = found;
		}
	}
}
