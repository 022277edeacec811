package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
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
 * Gaussian blur of a 2D or 3D image on the CPU or an OpenCL device; see
 * {@link GaussianBlur}.
 */
@Plugin(type = Command.class, name = "gaussian", label = "Gaussian Blur (Tessera)", headless = true,
	description = "Gaussian blur of a 2D or 3D image, on the CPU or on an OpenCL device (CLIJ2)")
public class GaussianCommand extends TesseraCommand implements OpCommand {

	@Parameter(label = "input", persist = false, description = "the image to blur (8-, 16- or 32-bit; 2D, 3D, with channels or time)")
	private ImagePlus input;

	@Parameter(label = "sigma", description = "sigma in pixels: one value for all axes, or x,y or x,y,z (e.g. 2,2,1)")
	private String sigma = "2";

	@Parameter(label = "device", choices = { "auto", "CPU", "GPU" }, style = TesseraCommands.OPEN_CHOICES, description = Params.DEVICE)
	private String device = "auto";

	@Parameter(label = "boundary", choices = { "nearest", "reflect", "mirror", "wrap", "constant" }, required = false, persist = false,
		description = Params.BOUNDARY)
	private String boundary = "nearest";

	/** Not in the dialog; batches and scripts set it. */
	@Parameter(label = "threads", min = "0", required = false, visibility = ItemVisibility.INVISIBLE,
		description = "CPU threads; 0 for all cores")
	private int threads = 0;

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the blurred image, same type and size as the input")
	private ImagePlus output;

	@Override
	public void run() {
		output = blurred();
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus blurred() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final AxisImg<T> out = blur().apply(in, monitor());
		return ImagePlusResults.like(input, ImagePlusViews.toImagePlus(out), "gaussian");
	}

	private GaussianBlur blur() {
		return new GaussianBlur(GaussianBlur.parseSigma(sigma), Boundary.parse(boundary), GaussianKernel.DEFAULT_TRUNCATE, DeviceChoice.parse(
			device), threads);
	}

	@Override
	public ImageOp op(final AxisImg<?> image) {
		return blur().op(image);
	}

	public ImagePlus getOutput() {
		return output;
	}
}
