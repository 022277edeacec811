package org.tessera.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;

import net.imglib2.parallel.TaskExecutor;

/**
 * Minimum, maximum, mean and median over a {@link Neighborhood}, on a volume of
 * float rows ({@code rows[y + ny·z]}, each {@code nx} long), the CPU path of
 * {@link NeighborhoodFilter}. Boxes run as one 1D pass per axis (min, max and
 * mean are separable); ellipses and medians visit every neighbour. The OpenCL
 * path ({@code GpuRankFilters}) does the same passes in the same order, so the
 * two agree exactly for min, max and median and to float rounding for the mean.
 */
public final class RankFilters {

	/** What a filter takes of the neighbourhood. */
	public enum Op {
		MIN, MAX, MEAN, MEDIAN
	}

	private RankFilters() {
		// static utility
	}

	/** Filters the volume; returns new rows. */
	public static float[][] apply(final float[][] rows, final int nx, final int ny, final int nz, final Op op, final Neighborhood n,
		final Boundary boundary, final TaskExecutor executor, final TaskMonitor monitor)
	{
		if ((long) ny * nz != rows.length) throw new IllegalArgumentException("volume does not match its rows");
		if (n.separable() && op != Op.MEDIAN) {
			float[][] src = rows;
			final int[] r = n.radius();
			for (int axis = 0; axis < 3; axis++) {
				if (r[axis] == 0) continue;
				final float[][] s = src, d = new float[rows.length][];
				final int axisFinal = axis;
				run(executor, rows.length, (from, to) -> {
					for (int row = from; row < to; row++) d[row] = axisPass(s, row, nx, ny, nz, axisFinal, r[axisFinal], op, boundary);
				}, monitor);
				src = d;
			}
			if (src == rows) {
				final float[][] copy = new float[rows.length][];
				for (int i = 0; i < rows.length; i++) copy[i] = rows[i].clone();
				return copy;
			}
			return src;
		}
		final int[][] offsets = n.offsets();
		final float[][] out = new float[rows.length][];
		run(executor, rows.length, (from, to) -> {
			final float[] values = new float[offsets.length];
			for (int row = from; row < to; row++) out[row] = directRow(rows, row, nx, ny, nz, offsets, op, boundary, values);
		}, monitor);
		return out;
	}

	@FunctionalInterface
	private interface Range {
		void run(int from, int to);
	}

	private static void run(final TaskExecutor executor, final int n, final Range task, final TaskMonitor monitor) {
		final int tasks = Math.max(1, Math.min(n / 16, Math.max(1, executor.getParallelism()) * 8));
		final List<int[]> ranges = new ArrayList<>();
		for (int i = 0; i < tasks; i++) {
			final int from = (int) ((long) n * i / tasks), to = (int) ((long) n * (i + 1) / tasks);
			if (to > from) ranges.add(new int[] { from, to });
		}
		Threads.forEach(executor, ranges, r -> {
			monitor.checkCancelled();
			task.run(r[0], r[1]);
		});
	}

	/** One output row of a 1D pass of length 2r + 1 along an axis; the window is combined in the order -r..r. */
	private static float[] axisPass(final float[][] rows, final int row, final int nx, final int ny, final int nz, final int axis,
		final int r, final Op op, final Boundary b)
	{
		final float[] out = new float[nx];
		if (axis == 0) {
			final float[] in = rows[row];
			final float[] buf = new float[nx + 2 * r];
			for (int x = -r; x < nx + r; x++) {
				final int m = b.map(x, nx);
				buf[x + r] = m < 0 ? 0 : in[m];
			}
			System.arraycopy(buf, 0, out, 0, nx);
			for (int k = 1; k <= 2 * r; k++) combine(out, buf, k, nx, op);
		}
		else {
			final int y = row % ny, z = row / ny;
			final int pos = axis == 1 ? y : z, n = axis == 1 ? ny : nz;
			final float[] zero = new float[nx];
			for (int k = -r; k <= r; k++) {
				final int m = b.map(pos + k, n);
				final float[] src = m < 0 ? zero : axis == 1 ? rows[m + ny * z] : rows[y + ny * m];
				if (k == -r) System.arraycopy(src, 0, out, 0, nx);
				else combine(out, src, 0, nx, op);
			}
		}
		if (op == Op.MEAN) {
			final float scale = 1f / (2 * r + 1);
			for (int x = 0; x < nx; x++) out[x] *= scale;
		}
		return out;
	}

	private static void combine(final float[] acc, final float[] src, final int off, final int nx, final Op op) {
		switch (op) {
			case MIN -> {
				for (int x = 0; x < nx; x++) acc[x] = Math.min(acc[x], src[x + off]);
			}
			case MAX -> {
				for (int x = 0; x < nx; x++) acc[x] = Math.max(acc[x], src[x + off]);
			}
			default -> {
				for (int x = 0; x < nx; x++) acc[x] += src[x + off];
			}
		}
	}

	/** One output row visiting every neighbour (ellipses, medians), neighbours in the neighbourhood's order. */
	private static float[] directRow(final float[][] rows, final int row, final int nx, final int ny, final int nz, final int[][] offsets,
		final Op op, final Boundary b, final float[] values)
	{
		final int y = row % ny, z = row / ny;
		final float[][] src = new float[offsets.length][];
		final int[] dx = new int[offsets.length];
		for (int i = 0; i < offsets.length; i++) {
			final int yy = b.map(y + offsets[i][1], ny), zz = b.map(z + offsets[i][2], nz);
			src[i] = yy < 0 || zz < 0 ? null : rows[yy + ny * zz];
			dx[i] = offsets[i][0];
		}
		final float[] out = new float[nx];
		final int k = offsets.length;
		for (int x = 0; x < nx; x++) {
			for (int i = 0; i < k; i++) {
				final int xx = b.map(x + dx[i], nx);
				values[i] = src[i] == null || xx < 0 ? 0 : src[i][xx];
			}
			out[x] = switch (op) {
				case MIN -> {
					float m = values[0];
					for (int i = 1; i < k; i++) m = Math.min(m, values[i]);
					yield m;
				}
				case MAX -> {
					float m = values[0];
					for (int i = 1; i < k; i++) m = Math.max(m, values[i]);
					yield m;
				}
				case MEAN -> {
					float s = values[0];
					for (int i = 1; i < k; i++) s += values[i];
					yield s * (1f / k);
				}
				case MEDIAN -> median(values, k);
			};
		}
		return out;
	}

	/** The middle value of {@code v[0..k)} (k is odd for symmetric neighbourhoods); v is reordered. */
	static float median(final float[] v, final int k) {
		if (k < 64) {
			final float[] c = Arrays.copyOf(v, k);
			Arrays.sort(c);
			return c[k / 2];
		}
		// quickselect
		int lo = 0, hi = k - 1;
		final int target = k / 2;
		while (lo < hi) {
			final float pivot = v[(lo + hi) >>> 1];
			int i = lo, j = hi;
			while (i <= j) {
				while (v[i] < pivot) i++;
				while (v[j] > pivot) j--;
				if (i <= j) {
					final float t = v[i];
					v[i] = v[j];
					v[j] = t;
					i++;
					j--;
				}
			}
			if (target <= j) hi = j;
			else if (target >= i) lo = i;
			else return v[target];
		}
		return v[target];
	}
}
