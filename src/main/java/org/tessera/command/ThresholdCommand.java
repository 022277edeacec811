package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.op.ImageOp;
import org.tessera.op.OpCommand;
import org.tessera.segment.AutoThreshold;
import org.tessera.segment.ThresholdOp;

import ij.ImagePlus;

/**
 * Automatic threshold with ImageJ's methods and the mask it gives; see
 * {@link AutoThreshold}. Block by block ({@code execution=chunked}, Spark) the
 * level comes from the whole image's histogram first, then the mask is made
 * block by block ({@link ThresholdOp}).
 */
@Plugin(type = Command.class, name = "threshold", label = "Auto Threshold (Tessera)", headless = true,
	description = "Automatic threshold (ImageJ's methods: Otsu, Huang, Li, Triangle, Yen, ...) and the 8-bit mask, in 2D or 3D")
public class ThresholdCommand extends DeviceCommand implements OpCommand {

	@Parameter(label = "input", persist = false, description = "a 2D image or a 3D stack (8-, 16- or 32-bit)")
	private ImagePlus input;

	@Parameter(label = "method", choices = { "Otsu", "Default", "Huang", "Huang2", "Intermodes", "IsoData", "Li", "MaxEntropy", "Mean",
		"MinError", "Minimum", "Moments", "Percentile", "RenyiEntropy", "Shanbhag", "Triangle", "Yen" },
		description = "ImageJ's thresholding method")
	private String method = "Otsu";

	@Parameter(label = "background", choices = { "dark", "light" }, description = "dark: bright objects (fluorescence); light: dark objects")
	private String background = "dark";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the mask: 255 inside the threshold range, 0 outside (8-bit)")
	private ImagePlus output;

	@Parameter(label = "threshold", type = ItemIO.OUTPUT, description = "the lower end of the threshold range, in pixel values")
	private Double threshold;

	@Override
	public void run() {
		final double[] range = new double[2];
		output = ImagePlusResults.like(input, ImagePlusThresholds.apply(new AutoThreshold(method, "dark".equals(background), device()),
			input, range, monitor()), "mask");
		output.setDisplayRange(0, 255);
		threshold = range[0];
		status().showStatus(method + " threshold: " + range[0]);
	}

	/** The level of the whole image (read once more, chunk by chunk, for files), then its mask as an operation. */
	@Override
	public ImageOp op(final AxisImg<?> image) {
		return ThresholdOp.of(range(new AutoThreshold(method, "dark".equals(background), device()), image));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static double[] range(final AutoThreshold t, final AxisImg image) {
		return t.range(image);
	}

	public ImagePlus getOutput() {
		return output;
	}

	public Double getThreshold() {
		return threshold;
	}
}
