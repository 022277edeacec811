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

	/** Rows per task: enough work per task, small enough to balance. */
	private static final int ROWS_PER_TASK = 16;

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
	 * @param monitor progress (one unit per pass) and cancellation
	 * @return the blurred rows: new arrays, or the input's where no axis was blurred
	 */
	public static float[][] blur(final float[][] rows, final int nx, final int ny, final int nz, final double[] sigma,
		final double truncate, final Boundary boundary, final TaskExecutor executor, final TaskMonitor monitor)
	{
		if ((long) ny * nz != rows.length) throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " +
			rows.length + " rows");
		if (sigma.length != 3) throw new IllegalArgumentException("need 3 sigmas (x, y, z), got " + sigma.length);
		final int passes = (sigma[0] > 0 ? 1 : 0) + (sigma[1] > 0 ? 1 : 0) + (sigma[2] > 0 ? 1 : 0);
		float[][] src = rows;
		float[][] dst = null;
		int done = 0;
		for (int axis = 0; axis < 3; axis++) {
			if (!(sigma[axis] > 0)) continue;
			monitor.checkCancelled();
			if (dst == null || dst == rows) dst = newRows(rows.length, nx);
			final float[] w = weights(sigma[axis], truncate);
			final float[][] s = src, d = dst;
			switch (axis) {
				case 0 -> runRanges(executor, rows.length, 64, (from, to) -> passX(s, d, nx, from, to, w, boundary), monitor);
				case 1 -> runRanges(executor, rows.length, ROWS_PER_TASK, (from, to) -> passY(s, d, nx, ny, from, to, w, boundary), monitor);
				default -> runRanges(executor, rows.length, ROWS_PER_TASK, (from, to) -> passZ(s, d, ny, nz, from, to, w, boundary), monitor);
			}
			monitor.progress(++done, passes);
			dst = src == rows ? null : src;
			src = d;
		}
		return src;
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

	private static float[][] newRows(final int n, final int nx) {
		final float[][] r = new float[n][];
		for (int i = 0; i < n; i++) r[i] = new float[nx];
		return r;
	}

	static float[] weights(final double sigma, final double truncate) {
		final double[] h = GaussianKernel.halfKernel(sigma, truncate);
		final float[] w = new float[h.length];
		for (int i = 0; i < h.length; i++) w[i] = (float) h[i];
		return w;
	}

	@FunctionalInterface
	private interface RangeTask {
		void run(int from, int to);
	}

	/** Splits [0, n) into ranges of about {@code grain} and runs them, checking for cancellation. */
	private static void runRanges(final TaskExecutor executor, final int n, final int grain, final RangeTask task, final TaskMonitor monitor) {
		final int tasks = Math.max(1, Math.min((n + grain - 1) / grain, Math.max(1, executor.getParallelism()) * 8));
		if (tasks == 1) {
			monitor.checkCancelled();
			task.run(0, n);
			return;
		}
		final List<int[]> ranges = new ArrayList<>(tasks);
		for (int i = 0; i < tasks; i++) {
			final int from = (int) ((long) n * i / tasks), to = (int) ((long) n * (i + 1) / tasks);
			if (to > from) ranges.add(new int[] { from, to });
		}
		Threads.forEach(executor, ranges, r -> {
			monitor.checkCancelled();
			task.run(r[0], r[1]);
		});
	}

	/** Convolves rows {@code [from, to)} along x: the row is padded once, then shifted copies are added. */
	private static void passX(final float[][] src, final float[][] dst, final int nx, final int from, final int to, final float[] w,
		final Boundary boundary)
	{
		final int r = w.length - 1;
		final float[] buf = new float[nx + 2 * r], a = new float[nx], b = new float[nx];
		final int[] left = new int[r], right = new int[r];
		for (int k = 0; k < r; k++) {
			left[k] = boundary.map(k - r, nx);
			right[k] = boundary.map(nx + k, nx);
		}
		final float w0 = w[0];
		for (int row = from; row < to; row++) {
			final float[] in = src[row], acc = dst[row];
			System.arraycopy(in, 0, buf, r, nx);
			for (int k = 0; k < r; k++) {
				buf[k] = left[k] < 0 ? 0 : in[left[k]];
				buf[r + nx + k] = right[k] < 0 ? 0 : in[right[k]];
			}
			for (int x = 0; x < nx; x++) acc[x] = w0 * in[x];
			for (int k = 1; k <= r; k++) {
				final float wk = w[k];
				System.arraycopy(buf, r - k, a, 0, nx);
				System.arraycopy(buf, r + k, b, 0, nx);
				for (int x = 0; x < nx; x++) acc[x] += wk * (a[x] + b[x]);
			}
		}
	}

	/** Convolves rows {@code [from, to)} (row = y + ny·z) along y. */
	private static void passY(final float[][] src, final float[][] dst, final int nx, final int ny, final int from, final int to,
		final float[] w, final Boundary boundary)
	{
		for (int row = from; row < to; row++) {
			final int y = row % ny, base = row - y;
			accumulate(src, dst[row], w, boundary, ny, y, base, 1);
		}
	}

	/** Convolves rows {@code [from, to)} (row = y + ny·z) along z. */
	private static void passZ(final float[][] src, final float[][] dst, final int ny, final int nz, final int from, final int to,
		final float[] w, final Boundary boundary)
	{
		for (int row = from; row < to; row++) {
			final int y = row % ny, z = row / ny;
			accumulate(src, dst[row], w, boundary, nz, z, y, ny);
		}
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
