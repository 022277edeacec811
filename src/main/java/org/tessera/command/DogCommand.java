package org.tessera.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.filter.DifferenceOfGaussians;
import org.tessera.filter.GaussianBlur;
import org.tessera.op.ImageOp;

/** Difference of Gaussians (32-bit result); see {@link DifferenceOfGaussians}. */
@Plugin(type = Command.class, name = "dog", label = "Difference of Gaussians (Tessera)", headless = true,
	description = "The image blurred with sigma1 minus the image blurred with sigma2 (32-bit), in 2D or 3D, on the CPU or OpenCL")
public class DogCommand extends FilterCommand {

	@Parameter(label = "sigma1", description = "the smaller sigma in pixels: one value, or x,y or x,y,z")
	private String sigma1 = "1";

	@Parameter(label = "sigma2", description = "the larger sigma in pixels: one value, or x,y or x,y,z")
	private String sigma2 = "3";

	@Override
	public ImageOp op(final AxisImg<?> image) {
		return new DifferenceOfGaussians(GaussianBlur.parseSigma(sigma1), GaussianBlur.parseSigma(sigma2), Boundary.NEAREST, device(), 0).op(
			image);
	}

	@Override
	protected String method() {
		return "dog";
	}
}
