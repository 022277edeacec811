package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.filter.DifferenceOfGaussians;
import org.tessera.filter.GaussianBlur;
import org.tessera.gpu.DeviceChoice;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.op.ImageOp;
import org.tessera.op.OpCommand;
import org.tessera.scijava.TesseraCommands;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** Difference of Gaussians (32-bit result); see {@link DifferenceOfGaussians}. */
@Plugin(type = Command.class, name = "dog", label = "Difference of Gaussians (Tessera)", headless = true,
	description = "The image blurred with sigma1 minus the image blurred with sigma2 (32-bit), in 2D or 3D, on the CPU or OpenCL")
public class DogCommand extends TesseraCommand implements OpCommand {

	@Parameter(label = "input", persist = false, description = "the image (8-, 16- or 32-bit; 2D, 3D, with channels or time)")
	private ImagePlus input;

	@Parameter(label = "sigma1", description = "the smaller sigma in pixels: one value, or x,y or x,y,z")
	private String sigma1 = "1";

	@Parameter(label = "sigma2", description = "the larger sigma in pixels: one value, or x,y or x,y,z")
	private String sigma2 = "3";

	@Parameter(label = "device", choices = { "auto", "CPU", "GPU" }, style = TesseraCommands.OPEN_CHOICES, description = Params.DEVICE)
	private String device = "auto";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the difference, 32-bit")
	private ImagePlus output;

	@Override
	public void run() {
		output = dog();
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus dog() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final AxisImg<FloatType> out = dog(in);
		final ImagePlus imp = ImagePlusResults.like(input, ImagePlusViews.toImagePlus(out), "dog");
		imp.resetDisplayRange();
		return imp;
	}

	private <T extends RealType<T>> AxisImg<FloatType> dog(final AxisImg<T> in) {
		return difference().apply(in, monitor());
	}

	private DifferenceOfGaussians difference() {
		return new DifferenceOfGaussians(GaussianBlur.parseSigma(sigma1), GaussianBlur.parseSigma(sigma2), Boundary.NEAREST, DeviceChoice
			.parse(device), 0);
	}

	@Override
	public ImageOp op(final AxisImg<?> image) {
		return difference().op(image);
	}

	public ImagePlus getOutput() {
		return output;
	}
}
