package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.gpu.DeviceChoice;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.scijava.TesseraCommands;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.segment.ConnectedComponents;
import org.tessera.segment.Labeling;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/** Connected-component labeling on the CPU or an OpenCL device; see {@link Labeling}. */
@Plugin(type = Command.class, name = "label", label = "Label Connected Components (Tessera)", headless = true,
	description = "Labels the connected non-zero regions of a 2D or 3D image 1..n, on the CPU or an OpenCL device")
public class LabelCommand extends TesseraCommand {

	@Parameter(label = "input", persist = false, description = "a 2D or 3D image; non-zero pixels are foreground (e.g. a mask)")
	private ImagePlus input;

	@Parameter(label = "connectivity", choices = { "1", "2" }, description = "1: pixels touching by faces; 2: by faces, edges or corners")
	private String connectivity = "1";

	@Parameter(label = "device", choices = { "auto", "CPU", "GPU" }, style = TesseraCommands.OPEN_CHOICES,
		description = "CPU, GPU (the preferred or best OpenCL device), auto, or part of a device name")
	private String device = "auto";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the label image (0 = background, 1..n objects)")
	private ImagePlus output;

	@Override
	public void run() {
		output = label();
	}

	private <T extends RealType<T>> ImagePlus label() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final Img<IntType> labels = new Labeling(Connectivity.parse(connectivity), DeviceChoice.parse(device)).apply(in, monitor());
		final int n = ConnectedComponents.count(labels);
		status().showStatus("Labels: " + n + " objects");
		return LabelImages.toImagePlus(input, in, labels, n);
	}

	public ImagePlus getOutput() {
		return output;
	}
}
