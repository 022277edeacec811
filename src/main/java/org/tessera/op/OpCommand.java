package org.tessera.op;

import org.tessera.core.AxisImg;

/**
 * A command that is one image operation. Its parameters describe an
 * {@link ImageOp}, so every route can run it: the menu and scripts on an image
 * in memory, and the command-line tool ({@code execution=chunked}) and Spark on
 * files of any size, block by block.
 */
public interface OpCommand extends BlockCommand {

	/**
	 * The operation the command's parameters describe, for the spatial axes of
	 * {@code image} (sigmas and radii are expanded to x, y, z).
	 *
	 * @throws IllegalArgumentException if a parameter is invalid or does not fit the image
	 */
	ImageOp op(AxisImg<?> image);

	@Override
	default BlockJob job(final AxisImg<?> image) {
		return BlockJob.of(op(image));
	}
}
