package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.chunk.BlockGrid;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.segment.ChunkedLabeling;
import org.tessera.segment.ConnectedComponents.Connectivity;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Labels the connected non-zero regions of a 2D or 3D image, block by block;
 * see {@link ChunkedLabeling}. The label image is 16-bit for up to 65535
 * objects and 32-bit (exact up to 2^24) beyond.
 */
@Plugin(type = Command.class, name = "connected-components", label = "Connected Components (Tessera)", headless = true,
	description = "Labels the connected non-zero regions of a 2D or 3D image, processed in blocks, like dask_image.ndmeasure.label")
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
		output = label();
	}

	private <T extends RealType<T>> ImagePlus label() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		if (in.dimensionOf(AxisType.CHANNEL) >= 0 || in.dimensionOf(AxisType.TIME) >= 0)
			throw new IllegalArgumentException("image '" + input.getTitle() + "' has channels or time points; connected-components needs a 2D or 3D image");
		final long[] shape = chunk == null || chunk.isBlank() || chunk.trim().equalsIgnoreCase("auto") ? null : BlockGrid.parseShape(chunk,
			in.numDimensions());
		final Img<IntType> labels = PlanarImgs.ints(in.data().dimensionsAsLongArray());
		status().showStatus("Connected components...");
		final int n = new ChunkedLabeling(shape, Connectivity.parse(connectivity), 0).labelInto(Views.zeroMin(in.data()), labels,
			monitor());
		final ImagePlus imp = LabelImages.toImagePlus(input, in, labels, n);
		status().showStatus("Connected components: " + n + " objects");
		return imp;
	}

	public ImagePlus getOutput() {
		return output;
	}
}
