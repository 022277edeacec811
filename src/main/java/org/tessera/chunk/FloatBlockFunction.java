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
}
