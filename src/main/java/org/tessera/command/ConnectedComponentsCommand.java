package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.scijava.TesseraCommands;

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

	@Parameter(label = "connectivity", choices = { "4/6", "8/26" }, style = TesseraCommands.OPEN_CHOICES, description = "4/6: pixels " +
		"touching by a face are one object (4 neighbours in 2D, 6 in 3D); 8/26: also by an edge or a corner (8 in 2D, 26 in 3D); " +
		"1 and 2 (scipy's numbers) mean the same")
	private String connectivity = "4/6";

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
