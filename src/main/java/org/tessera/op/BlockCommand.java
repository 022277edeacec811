package org.tessera.op;

import org.tessera.core.AxisImg;

/**
 * A command whose work can run block by block, so that the command-line tool
 * ({@code execution=chunked}) and Spark run it on files of any size: filters
 * ({@link OpCommand}) and whole-image analyses done in passes such as
 * Voronoi-Otsu labeling.
 */
public interface BlockCommand {

	/**
	 * The work the command's parameters describe, for {@code image} (read only
	 * for its size, axes and pixel type).
	 *
	 * @throws IllegalArgumentException if a parameter is invalid or does not fit the image
	 */
	BlockJob job(AxisImg<?> image);
}
