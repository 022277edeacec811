package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.tessera.core.AxisImg;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.op.Execution;
import org.tessera.op.ImageOp;
import org.tessera.op.OpCommand;
import org.tessera.scijava.TesseraCommands;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Base of the commands that are one image operation (Gaussian, difference of
 * Gaussians, rank filters, top-hat): the input, device, threads and output
 * are declared here once, and {@link #run} places the operation through
 * {@link Execution} (CPU, OpenCL, device tiles). A filter command declares its
 * own parameters, says what operation they make ({@link #op}) and how its
 * results are titled ({@link #method}); the command line and Spark run the
 * same operation block by block ({@link OpCommand}).
 */
public abstract class FilterCommand extends DeviceCommand implements OpCommand {

	@Parameter(label = "input", persist = false, description = "the image (8-, 16- or 32-bit; 2D, 3D, with channels or time)")
	private ImagePlus input;

	/** Not in the dialog; batches and scripts set it. */
	@Parameter(label = "threads", min = "0", required = false, visibility = ItemVisibility.INVISIBLE, style = TesseraCommands.LAST,
		description = "CPU threads; 0 for all cores")
	private int threads = 0;

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the result, same size as the input: same type, or 32-bit for a " +
		"difference of Gaussians")
	private ImagePlus output;

	/** The result's title is {@code <input>-<method>}. */
	protected abstract String method();

	@Override
	public void run() {
		output = filtered();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private ImagePlus filtered() {
		final AxisImg in = ImagePlusViews.wrapReal(input);
		final ImageOp op = op(in);
		// the type the block-by-block routes write too: a difference of Gaussians is 32-bit (it can be negative)
		final AxisImg out = in.withData(new PlanarImgFactory(Execution.resultType(op, in.data().getType())).create(in.data()
			.dimensionsAsLongArray()));
		new Execution(device(), threads, monitor()).apply(op, in, out);
		final ImagePlus imp = ImagePlusResults.like(input, ImagePlusViews.toImagePlus(out), method());
		if (op.result() == ImageOp.Result.FLOAT) imp.resetDisplayRange();
		return imp;
	}

	public ImagePlus getOutput() {
		return output;
	}
}
