package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Labels the connected non-zero regions of a 2D or 3D image block by block:
 * the same as {@code label execution=chunked}, kept for recorded macros and
 * scripts; see {@link LabelCommand}.
 */
@Plugin(type = Command.class, name = "connected-components", label = "Connected Components (Tessera)", headless = true,
	description = "Labels the connected non-zero regions of a 2D or 3D image, processed in blocks, like dask_image.ndmeasure.label " +
		"(the same as label execution=chunked)")
public class ConnectedComponentsCommand extends TesseraCommand {

	@Parameter(label = "input", persist = false, description = "a 2D or 3D image; non-zero pixels are foreground")
	private ImagePlus input;

	@Parameter(label = "connectivity", choices = { "1", "2" }, description = "1: pixels touching by faces; 2: by faces, edges or corners")
	private String connectivity = "1";

	@Parameter(label = "chunk", required = false,
		description = "block shape: 'auto', one size for all axes, or one per axis such as 1024,1024")
	private String chunk = "auto";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the label image (0 = background, 1..n objects)")
	private ImagePlus output;

	@Override
	public void run() {
		output = LabelCommand.label(this, input, connectivity, null, chunk);
	}

	public ImagePlus getOutput() {
		return output;
	}
}
