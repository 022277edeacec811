package org.tessera.filter;

import java.util.ArrayList;
import java.util.List;

import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;

import net.imglib2.parallel.TaskExecutor;

/**
 * Multi-threaded separable Gaussian blur of a float volume held in one array
 * (x fastest, then y, then z), the CPU path of {@link GaussianBlur}.
 * <p>
 * Each axis is one pass of a symmetric 1D convolution. All three passes run
 * their inner loop along x, over contiguous memory, which the JIT vectorises:
 * the x pass per padded row, the y and z passes by accumulating whole rows.
 */
public final class SeparableGaussian {

	/** Rows per task in the y and z passes: enough work per task, small enough to balance. */
	private static final int ROWS_PER_TASK = 16;

	private SeparableGaussian() {
		// static utility
	}

	/**
	 * Blurs {@code data} in place.
	 *
	 * @param data voxels, {@code x + nx·(y + ny·z)}
	 * @param sigma sigma in pixels along x, y and z (0 skips that axis)
	 * @param truncate kernel radius in sigmas ({@link GaussianKernel#DEFAULT_TRUNCATE})
	 * @param executor where the work runs; {@code Parallelization.getTaskExecutor()} by default
	 * @param monitor progress (one unit per pass) and cancellation
	 */
	public static void blur(final float[] data, final int nx, final int ny, final int nz, final double[] sigma,
		final double truncate, final Boundary boundary, final TaskExecutor executor, final TaskMonitor monitor)
	{
		if ((long) nx * ny * nz != data.length)
			throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " + data.length + " voxels");
		if (sigma.length != 3) throw new IllegalArgumentException("need 3 sigmas (x, y, z), got " + sigma.length);
		final int passes = (sigma[0] > 0 ? 1 : 0) + (sigma[1] > 0 ? 1 : 0) + (sigma[2] > 0 ? 1 : 0);
		if (passes == 0) return;
		float[] src = data, dst = new float[data.length];
		int done = 0;
		for (int axis = 0; axis < 3; axis++) {
			if (!(sigma[axis] > 0)) continue;
			monitor.checkCancelled();
			final float[] w = weights(sigma[axis], truncate);
			final float[] s = src, d = dst;
			switch (axis) {
				case 0 -> runRanges(executor, ny * nz, 64, (from, to) -> passX(s, d, nx, from, to, w, boundary), monitor);
				case 1 -> runRanges(executor, ny * nz, ROWS_PER_TASK, (from, to) -> passY(s, d, nx, ny, from, to, w, boundary), monitor);
				default -> runRanges(executor, ny, ROWS_PER_TASK, (from, to) -> passZ(s, d, nx, ny, nz, from, to, w, boundary), monitor);
			}
			monitor.progress(++done, passes);
			src = d;
			dst = s;
		}
		if (src != data) System.arraycopy(src, 0, data, 0, data.length);
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

	/** Convolves rows {@code [from, to)} (row = y + ny·z) along x. */
	private static void passX(final float[] src, final float[] dst, final int nx, final int from, final int to, final float[] w,
		final Boundary boundary)
	{
		final int r = w.length - 1;
		final float[] buf = new float[nx + 2 * r];
		final int[] left = new int[r], right = new int[r];
		for (int k = 0; k < r; k++) {
			left[k] = boundary.map(k - r, nx);
			right[k] = boundary.map(nx + k, nx);
		}
		final float[] acc = new float[nx];
		for (int row = from; row < to; row++) {
			final int off = row * nx;
			System.arraycopy(src, off, buf, r, nx);
			for (int k = 0; k < r; k++) {
				buf[k] = left[k] < 0 ? 0 : src[off + left[k]];
				buf[r + nx + k] = right[k] < 0 ? 0 : src[off + right[k]];
			}
			final float w0 = w[0];
			for (int x = 0; x < nx; x++) acc[x] = w0 * buf[x + r];
			for (int k = 1; k <= r; k++) {
				final float wk = w[k];
				final int lo = r - k, hi = r + k;
				for (int x = 0; x < nx; x++) acc[x] += wk * (buf[x + lo] + buf[x + hi]);
			}
			System.arraycopy(acc, 0, dst, off, nx);
		}
	}

	/** Convolves rows {@code [from, to)} (row = y + ny·z) along y. */
	private static void passY(final float[] src, final float[] dst, final int nx, final int ny, final int from, final int to,
		final float[] w, final Boundary boundary)
	{
		for (int row = from; row < to; row++) {
			final int y = row % ny, plane = (row / ny) * ny * nx;
			accumulate(src, dst, row * nx, nx, w, boundary, ny, y, plane, nx);
		}
	}

	/** Convolves along z the rows of y in {@code [from, to)}, for every z. */
	private static void passZ(final float[] src, final float[] dst, final int nx, final int ny, final int nz, final int from,
		final int to, final float[] w, final Boundary boundary)
	{
		final int planeSize = nx * ny;
		for (int z = 0; z < nz; z++)
			for (int y = from; y < to; y++)
				accumulate(src, dst, z * planeSize + y * nx, nx, w, boundary, nz, z, y * nx, planeSize);
	}

	/**
	 * Writes one output row: the weighted sum of source rows at positions
	 * {@code pos ± k} along an axis of length {@code n}, where the row at position
	 * {@code p} starts at {@code base + p·stride}.
	 */
	private static void accumulate(final float[] src, final float[] dst, final int out, final int nx, final float[] w,
		final Boundary boundary, final int n, final int pos, final int base, final int stride)
	{
		final int r = w.length - 1;
		final int c = base + pos * stride;
		final float w0 = w[0];
		for (int x = 0; x < nx; x++) dst[out + x] = w0 * src[c + x];
		for (int k = 1; k <= r; k++) {
			final float wk = w[k];
			final int pm = boundary.map(pos - k, n), pp = boundary.map(pos + k, n);
			if (pm >= 0 && pp >= 0) {
				final int a = base + pm * stride, b = base + pp * stride;
				for (int x = 0; x < nx; x++) dst[out + x] += wk * (src[a + x] + src[b + x]);
			} else if (pm >= 0 || pp >= 0) {
				final int a = base + (pm >= 0 ? pm : pp) * stride;
				for (int x = 0; x < nx; x++) dst[out + x] += wk * src[a + x];
			}
		}
	}
}
