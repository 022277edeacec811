package org.tessera.train;

import java.util.HashMap;
import java.util.Map;

/**
 * What a StarDist 2D network learns from an object label image (0 =
 * background, each object its own value): the object probability of every
 * pixel and the distances along the rays from a pixel to its object's edge,
 * both on the network's grid. These are StarDist's definitions (Schmidt et
 * al., MICCAI 2018) as {@code scripts/stardist/sdtools.py} computes them for
 * the project's Python training, so that both trainers learn the same thing.
 */
public final class StarDistTargets {

	private StarDistTargets() {}

	/**
	 * The object probability: for each object, the Euclidean distance of its
	 * pixels to the nearest pixel outside it (another object, the background, or
	 * beyond the image's edge), divided by the object's largest such distance;
	 * 0 on the background.
	 *
	 * @return height × width values, x fastest
	 */
	public static float[] objectProbability(final int[] labels, final int width, final int height) {
		check(labels, width, height);
		// each object's bounding box
		final Map<Integer, int[]> boxes = new HashMap<>();
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				final int l = labels[y * width + x];
				if (l == 0) continue;
				final int[] b = boxes.computeIfAbsent(l, k -> new int[] { Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1 });
				b[0] = Math.min(b[0], x);
				b[1] = Math.min(b[1], y);
				b[2] = Math.max(b[2], x);
				b[3] = Math.max(b[3], y);
			}
		final float[] out = new float[labels.length];
		for (final Map.Entry<Integer, int[]> e : boxes.entrySet()) {
			final int l = e.getKey();
			final int[] b = e.getValue();
			// the box with one pixel of background all round: the object's edge and the image's edge are background
			final int bw = b[2] - b[0] + 3, bh = b[3] - b[1] + 3;
			final boolean[] inside = new boolean[bw * bh];
			for (int y = b[1]; y <= b[3]; y++)
				for (int x = b[0]; x <= b[2]; x++)
					inside[(y - b[1] + 1) * bw + x - b[0] + 1] = labels[y * width + x] == l;
			final double[] d2 = squaredDistanceToOutside(inside, bw, bh);
			double max = 0;
			for (int i = 0; i < d2.length; i++)
				if (inside[i]) max = Math.max(max, d2[i]);
			final double m = Math.sqrt(max);
			for (int y = b[1]; y <= b[3]; y++)
				for (int x = b[0]; x <= b[2]; x++) {
					final int i = (y - b[1] + 1) * bw + x - b[0] + 1;
					if (inside[i]) out[y * width + x] = (float) (Math.sqrt(d2[i]) / m);
				}
		}
		return out;
	}

	/**
	 * The distances along {@code rays} equally spaced rays (angle 2πk/rays, k = 0
	 * first, x = cos, y = sin) from each grid pixel (grid·i, grid·j) inside an
	 * object to the object's edge; 0 outside objects. A ray is marched in steps
	 * of half a pixel, rounding the position to the nearest pixel (ties to
	 * even); the first position outside the object ends it, and the distance is
	 * the middle of that last step.
	 *
	 * @return ceil(height / grid) × ceil(width / grid) × rays values, rays fastest
	 */
	public static float[] starDistances(final int[] labels, final int width, final int height, final int rays, final int grid) {
		check(labels, width, height);
		if (rays < 3) throw new IllegalArgumentException("rays: at least 3, not " + rays);
		if (grid < 1) throw new IllegalArgumentException("grid: at least 1, not " + grid);
		final int gh = (height + grid - 1) / grid, gw = (width + grid - 1) / grid;
		final double[] dy = new double[rays], dx = new double[rays];
		for (int k = 0; k < rays; k++) {
			final double phi = 2 * Math.PI * k / rays;
			dy[k] = Math.sin(phi);
			dx[k] = Math.cos(phi);
		}
		final double step = 0.5;
		final float[] out = new float[gh * gw * rays];
		for (int gy = 0; gy < gh; gy++)
			for (int gx = 0; gx < gw; gx++) {
				final int y0 = gy * grid, x0 = gx * grid, own = labels[y0 * width + x0];
				if (own == 0) continue;
				for (int k = 0; k < rays; k++) {
					double t = 0;
					while (true) {
						t += step;
						final long y = (long) Math.rint(y0 + t * dy[k]), x = (long) Math.rint(x0 + t * dx[k]);
						if (y < 0 || y >= height || x < 0 || x >= width || labels[(int) y * width + (int) x] != own) break;
					}
					out[(gy * gw + gx) * rays + k] = (float) (t - step / 2);
				}
			}
		return out;
	}

	/** The object probability on the grid: the values at (grid·i, grid·j). */
	public static float[] onGrid(final float[] full, final int width, final int height, final int grid) {
		final int gh = (height + grid - 1) / grid, gw = (width + grid - 1) / grid;
		final float[] out = new float[gh * gw];
		for (int gy = 0; gy < gh; gy++)
			for (int gx = 0; gx < gw; gx++)
				out[gy * gw + gx] = full[gy * grid * width + gx * grid];
		return out;
	}

	/**
	 * The exact squared Euclidean distance of every pixel to the nearest pixel
	 * that is not inside (Felzenszwalb and Huttenlocher's lower envelope of
	 * parabolas, by columns and then by rows); 0 outside.
	 */
	static double[] squaredDistanceToOutside(final boolean[] inside, final int w, final int h) {
		final double inf = (double) (w + h) * (w + h) + 1;
		final double[] d = new double[w * h];
		for (int i = 0; i < d.length; i++)
			d[i] = inside[i] ? inf : 0;
		final int n = Math.max(w, h);
		final double[] f = new double[n], z = new double[n + 1], out = new double[n];
		final int[] v = new int[n];
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++)
				f[y] = d[y * w + x];
			envelope(f, h, v, z, out);
			for (int y = 0; y < h; y++)
				d[y * w + x] = out[y];
		}
		for (int y = 0; y < h; y++) {
			System.arraycopy(d, y * w, f, 0, w);
			envelope(f, w, v, z, out);
			System.arraycopy(out, 0, d, y * w, w);
		}
		return d;
	}

	/** One dimension: out[q] = min over p of (q - p)² + f[p]. */
	private static void envelope(final double[] f, final int n, final int[] v, final double[] z, final double[] out) {
		int k = 0;
		v[0] = 0;
		z[0] = Double.NEGATIVE_INFINITY;
		z[1] = Double.POSITIVE_INFINITY;
		for (int q = 1; q < n; q++) {
			double s = intersection(f, q, v[k]);
			while (s <= z[k])
				s = intersection(f, q, v[--k]);
			k++;
			v[k] = q;
			z[k] = s;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		k = 0;
		for (int q = 0; q < n; q++) {
			while (z[k + 1] < q)
				k++;
			final double dq = q - v[k];
			out[q] = dq * dq + f[v[k]];
		}
	}

	/** Where the parabolas of q and p meet. */
	private static double intersection(final double[] f, final int q, final int p) {
		return (f[q] + (double) q * q - f[p] - (double) p * p) / (2.0 * q - 2.0 * p);
	}

	private static void check(final int[] labels, final int width, final int height) {
		if (width < 1 || height < 1 || labels.length != (long) width * height)
			throw new IllegalArgumentException("labels: " + labels.length + " values for " + width + "x" + height);
	}
}
