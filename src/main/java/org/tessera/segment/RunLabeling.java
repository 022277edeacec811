package org.tessera.segment;

import java.util.Arrays;

import org.tessera.segment.ConnectedComponents.Connectivity;

/**
 * Connected-component labeling on runs: each row's foreground runs get a
 * provisional label, runs that touch runs of the neighbouring rows are joined
 * with a union-find, and labels are numbered 1..n in the order of each
 * component's first pixel (x fastest, then y, then z), as
 * {@code scipy.ndimage.label} numbers them. Work is proportional to the number
 * of runs, not pixels, once the rows are scanned: the fast path of
 * {@link org.tessera.segment.ChunkedLabeling}. {@link ConnectedComponents#label}
 * is the pixel-by-pixel reference it is tested against.
 */
public final class RunLabeling {

	private final int nx, ny, nz;
	private final Connectivity connectivity;
	/** Runs of row r are [rowStart[r], rowStart[r + 1]); run k covers x in [start[k], end[k]]. */
	private final int[] rowStart;
	private int[] start, end, parent;
	private int runs;
	private int[] ids;
	private int count;

	/** Supplies the rows of an image: fills {@code values} (length nx) with row {@code r = y + ny·z}; non-zero is foreground. */
	@FunctionalInterface
	public interface RowSource {
		void read(int r, float[] values);
	}

	/** Labels a mask given as rows ({@code mask[y + ny·z][x]}). */
	public static RunLabeling of(final boolean[][] mask, final int nx, final int ny, final int nz, final Connectivity connectivity) {
		if (mask.length != ny * nz) throw new IllegalArgumentException("mask has " + mask.length + " rows, expected " + ny * nz);
		return new RunLabeling(nx, ny, nz, connectivity, (r, values) -> {
			final boolean[] m = mask[r];
			for (int x = 0; x < nx; x++) values[x] = m[x] ? 1 : 0;
		});
	}

	/** Labels the non-zero pixels of an image read row by row. */
	public RunLabeling(final int nx, final int ny, final int nz, final Connectivity connectivity, final RowSource source) {
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.connectivity = connectivity;
		final int rows = ny * nz;
		this.rowStart = new int[rows + 1];
		start = new int[1024];
		end = new int[1024];
		final float[] row = new float[nx];
		for (int r = 0; r < rows; r++) {
			source.read(r, row);
			int x = 0;
			while (x < nx) {
				while (x < nx && row[x] == 0) x++;
				if (x == nx) break;
				final int s = x;
				while (x < nx && row[x] != 0) x++;
				if (runs == start.length) {
					start = Arrays.copyOf(start, runs * 2);
					end = Arrays.copyOf(end, runs * 2);
				}
				start[runs] = s;
				end[runs] = x - 1;
				runs++;
			}
			rowStart[r + 1] = runs;
		}
		parent = new int[runs];
		for (int k = 0; k < runs; k++) parent[k] = k;
		join();
		number();
	}

	/** Joins runs with the runs they touch in earlier rows. */
	private void join() {
		final boolean full = connectivity == Connectivity.FULL;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++) {
				final int r = y + ny * z;
				if (rowStart[r] == rowStart[r + 1]) continue;
				if (y > 0) touch(r, r - 1, full);
				if (z > 0) {
					touch(r, r - ny, full);
					if (full) {
						if (y > 0) touch(r, r - ny - 1, true);
						if (y < ny - 1) touch(r, r - ny + 1, true);
					}
				}
			}
	}

	/** Joins the runs of row a with the overlapping runs of row b (diagonally overlapping too when full). */
	private void touch(final int a, final int b, final boolean full) {
		int i = rowStart[a], j = rowStart[b];
		final int ie = rowStart[a + 1], je = rowStart[b + 1];
		final int reach = full ? 1 : 0;
		while (i < ie && j < je) {
			if (end[j] + reach < start[i]) j++;
			else if (end[i] + reach < start[j]) i++;
			else {
				union(i, j);
				// advance the run that ends first; the other may touch more runs
				if (end[i] < end[j]) i++;
				else j++;
			}
		}
	}

	private int root(int k) {
		while (parent[k] != k) {
			parent[k] = parent[parent[k]];
			k = parent[k];
		}
		return k;
	}

	private void union(final int a, final int b) {
		final int ra = root(a), rb = root(b);
		if (ra < rb) parent[rb] = ra;
		else if (rb < ra) parent[ra] = rb;
	}

	/** Numbers components by their smallest run, which holds their first pixel. */
	private void number() {
		ids = new int[runs];
		for (int k = 0; k < runs; k++) {
			final int r = root(k);
			ids[k] = r == k ? ++count : ids[r];
		}
	}

	/** Number of components. */
	public int count() {
		return count;
	}

	/** Number of runs (for statistics). */
	public int runs() {
		return runs;
	}

	/**
	 * Writes the labels of row {@code r} ({@code y + ny·z}) into {@code out}
	 * (length nx): 0 for background, {@code offset + id} for foreground.
	 */
	public void fillRow(final int r, final int[] out, final int offset) {
		Arrays.fill(out, 0, nx, 0);
		for (int k = rowStart[r]; k < rowStart[r + 1]; k++) Arrays.fill(out, start[k], end[k] + 1, offset + ids[k]);
	}

	/**
	 * Writes row {@code r} with renumbered labels: {@code map[offset + id]} for
	 * a pixel of component {@code id}, 0 for background.
	 */
	public void fillRow(final int r, final int[] out, final int offset, final int[] map) {
		Arrays.fill(out, 0, nx, 0);
		for (int k = rowStart[r]; k < rowStart[r + 1]; k++) Arrays.fill(out, start[k], end[k] + 1, map[offset + ids[k]]);
	}

	/** The label (1..count) of pixel x of row r, or 0 for background. */
	public int labelAt(final int r, final int x) {
		int lo = rowStart[r], hi = rowStart[r + 1] - 1;
		while (lo <= hi) {
			final int mid = (lo + hi) >>> 1;
			if (end[mid] < x) lo = mid + 1;
			else if (start[mid] > x) hi = mid - 1;
			else return ids[mid];
		}
		return 0;
	}
}
