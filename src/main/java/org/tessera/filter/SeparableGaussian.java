package org.tessera.filter;

import java.util.ArrayList;
import java.util.List;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;

import net.imglib2.parallel.TaskExecutor;

/**
 * Multi-threaded separable Gaussian blur of a float volume, the CPU path of
 * {@link GaussianBlur}. The volume is held as an array of rows
 * ({@code rows[y + ny·z]}, each {@code nx} long).
 * <p>
 * Why rows: HotSpot vectorises a loop only when all its array accesses use the
 * same index; {@code acc[x] += w·(a[x] + b[x])} with {@code a} and {@code b}
 * whole rows qualifies, {@code acc[x] += w·(buf[x - k] + buf[x + k])} does not.
 * The y and z passes therefore add whole rows, and the x pass adds shifted
 * copies of the row (made with {@code System.arraycopy}).
 */
public final class SeparableGaussian {

	/** Rows per task of the z pass: enough work per task, small enough to balance. */
	private static final int ROWS_PER_TASK = 64;

	private SeparableGaussian() {
		// static utility
	}

	/**
	 * Blurs a volume of rows.
	 *
	 * @param rows {@code rows[y + ny·z]}, each of length {@code nx}
	 * @param sigma sigma in pixels along x, y and z (0 skips that axis)
	 * @param truncate kernel radius in sigmas ({@link GaussianKernel#DEFAULT_TRUNCATE})
	 * @param executor where the work runs
	 * @param monitor progress and cancellation
	 * @return the blurred rows (new arrays, or the input's where no axis was blurred)
	 */
	public static float[][] blur(final float[][] rows, final int nx, final int ny, final int nz, final double[] sigma,
		final double truncate, final Boundary boundary, final TaskExecutor executor, final TaskMonitor monitor)
	{
		return blur(rows, nx, ny, nz, sigma, truncate, boundary, executor, monitor, 0, ny, 0, nz);
	}

	/**
	 * Blurs a volume of rows and returns only the rows of a sub-range in y and z
	 * (all of x): {@code result[(y - y0) + cny·(z - z0)]}. Block processing keeps
	 * only a block's core, so the y and z passes skip the halo rows.
	 * <p>
	 * The x and y passes run together, a band of rows of one plane at a time, so
	 * the x-filtered rows are still in the cache when the y pass adds them up.
	 */
	public static float[][] blur(final float[][] rows, final int nx, final int ny, final int nz, final double[] sigma,
		final double truncate, final Boundary boundary, final TaskExecutor executor, final TaskMonitor monitor, final int y0, final int cny,
		final int z0, final int cnz)
	{
		if ((long) ny * nz != rows.length) throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " +
			rows.length + " rows");
		if (sigma.length != 3) throw new IllegalArgumentException("need 3 sigmas (x, y, z), got " + sigma.length);
		if (y0 < 0 || cny < 1 || y0 + cny > ny || z0 < 0 || cnz < 1 || z0 + cnz > nz)
			throw new IllegalArgumentException("core rows out of range");
		final float[] wx = sigma[0] > 0 ? weights(sigma[0], truncate) : null;
		final float[] wy = sigma[1] > 0 ? weights(sigma[1], truncate) : null;
		final float[] wz = sigma[2] > 0 ? weights(sigma[2], truncate) : null;
		// 1. x and y, for the core's y rows of every plane the z pass needs
		final int za = wz == null ? z0 : 0, zb = wz == null ? z0 + cnz : nz;
		final float[][] xy = new float[cny * nz][];
		// bands of rows: one per plane on one thread; on more threads enough bands to share out
		// (each band filters 2·radius extra rows along x, so not too many)
		final int planes = zb - za, parallel = Math.max(1, executor.getParallelism());
		final int bandsPerPlane = parallel == 1 ? 1 : Math.max(1, (4 * parallel + planes - 1) / planes);
		final int band = Math.max(Math.min(cny, 32), (cny + bandsPerPlane - 1) / bandsPerPlane);
		final List<int[]> tasks = new ArrayList<>();
		for (int z = za; z < zb; z++)
			for (int y = 0; y < cny; y += band) tasks.add(new int[] { z, y, Math.min(cny, y + band) });
		final int steps = 2;
		run(executor, tasks, t -> xyBand(rows, xy, nx, ny, wx, wy, boundary, t[0], y0 + t[1], y0 + t[2], y0, cny), monitor);
		monitor.progress(1, steps);
		// 2. z, for the core rows
		final float[][] out = new float[cny * cnz][];
		if (wz == null) for (int z = 0; z < cnz; z++) System.arraycopy(xy, cny * (z0 + z), out, cny * z, cny);
		else {
			final List<int[]> zt = new ArrayList<>();
			for (int i = 0; i < out.length; i += ROWS_PER_TASK) zt.add(new int[] { i, Math.min(out.length, i + ROWS_PER_TASK) });
			run(executor, zt, t -> {
				for (int i = t[0]; i < t[1]; i++) {
					final int y = i % cny, z = z0 + i / cny;
					final float[] o = new float[nx];
					accumulate(xy, o, wz, boundary, nz, z, y, cny);
					out[i] = o;
				}
			}, monitor);
		}
		monitor.progress(steps, steps);
		return out;
	}

	/** Rows y in [ya, yb) of plane z, filtered along x and y, into {@code xy[(y - y0) + cny·z]}. */
	private static void xyBand(final float[][] rows, final float[][] xy, final int nx, final int ny, final float[] wx, final float[] wy,
		final Boundary boundary, final int z, final int ya, final int yb, final int y0, final int cny)
	{
		final int base = ny * z;
		final float[][] scratch = new float[3][];
		if (wy == null) {
			for (int y = ya; y < yb; y++) xy[(y - y0) + cny * z] = wx == null ? rows[base + y].clone() : xRow(rows[base + y], nx, wx, boundary,
				scratch);
			return;
		}
		// the x-filtered source rows this band reads, by their y in the plane
		final int r = wy.length - 1;
		final float[][] xr = new float[ny][];
		for (int y = ya - r; y < yb + r; y++) {
			final int s = boundary.map(y, ny);
			if (s >= 0 && xr[s] == null) xr[s] = wx == null ? rows[base + s] : xRow(rows[base + s], nx, wx, boundary, scratch);
		}
		for (int y = ya; y < yb; y++) {
			final float[] o = new float[nx];
			accumulate(xr, o, wy, boundary, ny, y, 0, 1);
			xy[(y - y0) + cny * z] = o;
		}
	}

	private static void run(final TaskExecutor executor, final List<int[]> tasks, final java.util.function.Consumer<int[]> task,
		final TaskMonitor monitor)
	{
		if (executor.getParallelism() <= 1 || tasks.size() == 1) {
			for (final int[] t : tasks) {
				monitor.checkCancelled();
				task.accept(t);
			}
			return;
		}
		Threads.forEach(executor, tasks, t -> {
			monitor.checkCancelled();
			task.accept(t);
		});
	}

	/** The same for a flat volume ({@code data[x + nx·(y + ny·z)]}), blurred in place. */
	public static void blur(final float[] data, final int nx, final int ny, final int nz, final double[] sigma, final double truncate,
		final Boundary boundary, final TaskExecutor executor, final TaskMonitor monitor)
	{
		if ((long) nx * ny * nz != data.length)
			throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " + data.length + " voxels");
		final float[][] rows = new float[ny * nz][];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = new float[nx];
			System.arraycopy(data, i * nx, rows[i], 0, nx);
		}
		final float[][] out = blur(rows, nx, ny, nz, sigma, truncate, boundary, executor, monitor);
		for (int i = 0; i < out.length; i++) System.arraycopy(out[i], 0, data, i * nx, nx);
	}

	static float[] weights(final double sigma, final double truncate) {
		final double[] h = GaussianKernel.halfKernel(sigma, truncate);
		final float[] w = new float[h.length];
		for (int i = 0; i < h.length; i++) w[i] = (float) h[i];
		return w;
	}

	/**
	 * One row filtered along x: the row is padded once, then shifted copies are
	 * added. {@code scratch} holds three work arrays, made on first use.
	 */
	private static float[] xRow(final float[] in, final int nx, final float[] w, final Boundary boundary, final float[][] scratch) {
		final int r = w.length - 1;
		if (scratch[0] == null || scratch[0].length != nx + 2 * r || scratch[1].length != nx) {
			scratch[0] = new float[nx + 2 * r];
			scratch[1] = new float[nx];
			scratch[2] = new float[nx];
		}
		final float[] buf = scratch[0], a = scratch[1], b = scratch[2], acc = new float[nx];
		System.arraycopy(in, 0, buf, r, nx);
		for (int k = 0; k < r; k++) {
			final int left = boundary.map(k - r, nx), right = boundary.map(nx + k, nx);
			buf[k] = left < 0 ? 0 : in[left];
			buf[r + nx + k] = right < 0 ? 0 : in[right];
		}
		final float w0 = w[0];
		for (int x = 0; x < nx; x++) acc[x] = w0 * in[x];
		for (int k = 1; k <= r; k++) {
			final float wk = w[k];
			System.arraycopy(buf, r - k, a, 0, nx);
			System.arraycopy(buf, r + k, b, 0, nx);
			for (int x = 0; x < nx; x++) acc[x] += wk * (a[x] + b[x]);
		}
		return acc;
	}

	/**
	 * One output row: the weighted sum of the source rows at positions
	 * {@code pos ± k} along an axis of length {@code n}, where position {@code p}
	 * is row {@code base + p·stride}.
	 */
	private static void accumulate(final float[][] src, final float[] out, final float[] w, final Boundary boundary, final int n,
		final int pos, final int base, final int stride)
	{
		final int r = w.length - 1;
		final float[] c = src[base + pos * stride];
		final float w0 = w[0];
		final int nx = out.length;
		for (int x = 0; x < nx; x++) out[x] = w0 * c[x];
		for (int k = 1; k <= r; k++) {
			final float wk = w[k];
			final int pm = boundary.map(pos - k, n), pp = boundary.map(pos + k, n);
			if (pm >= 0 && pp >= 0) {
				final float[] a = src[base + pm * stride], b = src[base + pp * stride];
				for (int x = 0; x < nx; x++) out[x] += wk * (a[x] + b[x]);
			}
			else if (pm >= 0 || pp >= 0) {
				final float[] a = src[base + (pm >= 0 ? pm : pp) * stride];
				for (int x = 0; x < nx; x++) out[x] += wk * a[x];
			}
		}
	}
}
