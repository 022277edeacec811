package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.deconv.Deconvolution;
import org.tessera.deconv.RichardsonLucy;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.ImagePlusViews;

import ij.ImagePlus;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** Richardson-Lucy deconvolution (plain or with total variation); see {@link RichardsonLucy}. */
@Plugin(type = Command.class, name = "deconvolve", label = "Richardson-Lucy Deconvolution (Tessera)", headless = true,
	description = "Richardson-Lucy deconvolution of a 2D image or 3D stack with a PSF, plain or with total-variation regularisation, " +
		"with edges free of wrap-around")
public class DeconvolveCommand extends DeviceCommand {

	@Parameter(label = "input", persist = false, description = "the image to restore (8-, 16- or 32-bit, 2D or 3D; background not subtracted)")
	private ImagePlus input;

	@Parameter(label = "psf", persist = false, description = "the point spread function, centred, same pixel size as the image " +
		"(e.g. from Plugins>Tessera>Deconvolution>PSF)")
	private ImagePlus psf;

	@Parameter(label = "iterations", min = "1", description = "number of iterations (10-50 typical; more sharpens and amplifies noise)")
	private int iterations = 50;

	@Parameter(label = "regularization", min = "0", description = "total-variation weight λ (Dey et al. 2006, as clij2-fft's RLTV); " +
		"0 = plain Richardson-Lucy, 0.002 for noisy images")
	private double regularization = 0;

	@Parameter(label = "acceleration", choices = { "none", "biggs-andrews" }, description = "extrapolate each step (Biggs and Andrews 1997): " +
		"the same result in about a fifth of the iterations (on noisy images, use few)")
	private String acceleration = "none";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the restored image (32-bit)")
	private ImagePlus output;

	@Override
	public void run() {
		if (ImagePlusResults.same(input, psf)) throw new IllegalArgumentException("psf: '" + psf.getTitle() + "' is the image to deconvolve " +
			"itself; choose a point spread function (a measured bead image, or one from PSF (Tessera))");
		output = deconvolve();
	}

	private <T extends RealType<T>, P extends RealType<P>> ImagePlus deconvolve() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final AxisImg<P> kernel = ImagePlusViews.wrapReal(psf);
		final RichardsonLucy rl = new RichardsonLucy(iterations, regularization, "biggs-andrews".equals(acceleration), 0);
		final AxisImg<FloatType> out = new Deconvolution(rl, device()).apply(in, kernel, monitor());
		final ImagePlus imp = ImagePlusResults.like(input, ImagePlusViews.toImagePlus(out), "deconvolved");
		imp.resetDisplayRange();
		return imp;
	}

	public ImagePlus getOutput() {
		return output;
	}
}
