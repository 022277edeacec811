package org.tessera.chunk;

/**
 * The work on one block as a flat float array, the fast path of
 * {@link BlockProcessor#processFloats}: the block with its halo as rows,
 * {@code rows[y + ny·z]} of length nx, with {@code dims} = {nx, ny, nz} (1 for
 * missing axes). Return the result for the whole haloed block in the same
 * layout; reusing the input rows is fine. It runs on one thread.
 */
@FunctionalInterface
public interface FloatBlockFunction {

	float[][] apply(float[][] rows, int[] dims);

	/**
	 * Only the core's rows of the result: {@code result[(y - y0) + cny·(z - z0)]}
	 * for the core's y range {@code [y0, y0 + cny)} and z range {@code [z0, z0 + cnz)}
	 * within the haloed block (all of x). Functions that can skip the halo rows
	 * override this; by default it picks them out of {@link #apply}.
	 */
	default float[][] applyCore(final float[][] rows, final int[] dims, final int y0, final int cny, final int z0, final int cnz) {
		final float[][] all = apply(rows, dims);
		if (y0 == 0 && z0 == 0 && cny == dims[1] && cnz == dims[2]) return all;
		final float[][] core = new float[cny * cnz][];
		for (int z = 0; z < cnz; z++)
			for (int y = 0; y < cny; y++) core[y + cny * z] = all[y0 + y + dims[1] * (z0 + z)];
		return core;
	}
}
