package org.tessera.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.core.Boundary;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
import org.tessera.op.ImageOp;

/**
 * Gaussian blur of a 2D or 3D image on the CPU or an OpenCL device; see
 * {@link GaussianBlur}.
 */
@Plugin(type = Command.class, name = "gaussian", label = "Gaussian Blur (Tessera)", headless = true,
	description = "Gaussian blur of a 2D or 3D image, on the CPU or on an OpenCL device (CLIJ2)")
public class GaussianCommand extends FilterCommand {

	@Parameter(label = "sigma", description = "sigma in pixels: one value for all axes, or x,y or x,y,z (e.g. 2,2,1)")
	private String sigma = "2";

	@Parameter(label = "boundary", choices = { "nearest", "reflect", "mirror", "wrap", "constant" }, required = false, persist = false,
		description = Params.BOUNDARY)
	private String boundary = "nearest";

	@Override
	public ImageOp op(final AxisImg<?> image) {
		return new GaussianBlur(GaussianBlur.parseSigma(sigma), Boundary.parse(boundary), GaussianKernel.DEFAULT_TRUNCATE, device(), 0).op(
			image);
	}

	@Override
	protected String method() {
		return "gaussian";
	}
}
