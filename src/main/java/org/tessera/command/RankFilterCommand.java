package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.filter.Neighborhood;
import org.tessera.filter.NeighborhoodFilter;
import org.tessera.filter.RankFilters.Op;
import org.tessera.gpu.DeviceChoice;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.op.ImageOp;
import org.tessera.op.OpCommand;
import org.tessera.scijava.TesseraCommands;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * The shared parameters and work of the minimum, maximum, mean, median and
 * top-hat commands; see {@link NeighborhoodFilter}.
 */
public abstract class RankFilterCommand extends TesseraCommand implements OpCommand {

	@Parameter(label = "input", persist = false, description = "the image to filter (8-, 16- or 32-bit; 2D, 3D, with channels or time)")
	private ImagePlus input;

	@Parameter(label = "radius", description = "radius in pixels: one value for all axes, or x,y or x,y,z (e.g. 2,2,1)")
	private String radius = "2";

	@Parameter(label = "shape", choices = { "ellipse", "box" }, required = false, persist = false, description = "ellipse (ImageJ, CLIJ2 Sphere) or box")
	private String shape = "ellipse";

	@Parameter(label = "device", choices = { "auto", "CPU", "GPU" }, style = TesseraCommands.OPEN_CHOICES, description = Params.DEVICE)
	private String device = "auto";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the filtered image, same type and size as the input")
	private ImagePlus output;

	/** What the subclass computes. */
	protected abstract Op rank();

	/** Whether the result is the white top-hat (image minus opening) rather than the plain filter. */
	protected boolean topHat() {
		return false;
	}

	@Override
	public void run() {
		output = filter();
	}

	private NeighborhoodFilter filterOf() {
		return new NeighborhoodFilter(rank(), parseRadius(radius), Neighborhood.Shape.parse(shape), Boundary.NEAREST, DeviceChoice.parse(device),
			0);
	}

	@Override
	public ImageOp op(final AxisImg<?> image) {
		return topHat() ? filterOf().topHatOp(image) : filterOf().op(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus filter() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final NeighborhoodFilter f = filterOf();
		final CommandMonitor monitor = monitor();
		final AxisImg<T> out = topHat() ? f.topHat(in, monitor) : f.apply(in, monitor);
		return ImagePlusResults.like(input, ImagePlusViews.toImagePlus(out), topHat() ? "tophat" : rank().name().toLowerCase());
	}

	/** "2" or "2,2,1" as whole numbers. */
	static int[] parseRadius(final String text) {
		final String[] parts = text.trim().split("[,;\\s]+");
		if (parts.length > 3) throw new IllegalArgumentException("radius '" + text + "' has more than 3 values");
		final int[] r = new int[parts.length];
		try {
			for (int i = 0; i < parts.length; i++) r[i] = Integer.parseInt(parts[i]);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("radius '" + text + "' must be whole numbers of pixels, such as 2 or 2,2,1");
		}
		for (final int v : r) if (v < 0) throw new IllegalArgumentException("radius '" + text + "' must be >= 0");
		return r;
	}

	public ImagePlus getOutput() {
		return output;
	}
}
