package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.segment.LabelStatistics;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.type.numeric.RealType;

/** Per-label measurements of an intensity image, on the CPU or an OpenCL device; see {@link LabelStatistics}. */
@Plugin(type = Command.class, name = "label-statistics", label = "Label Statistics (Tessera)", headless = true,
	description = "Per label of a label image: area (2D) or volume (3D) in pixels, mean, min, max and sum of the intensities, " +
		"centroid and bounding box (upper corner exclusive), as scikit-image's regionprops; CPU and OpenCL give the same table")
public class LabelStatisticsCommand extends DeviceCommand {

	@Parameter(label = "input", persist = false, description = "the intensity image: 2D or a z stack, 8-, 16- or 32-bit")
	private ImagePlus input;

	@Parameter(label = "labels", persist = false, description = "the label image of the same size (0 = background, 1..n objects)")
	private ImagePlus labels;

	@Parameter(label = "Label Statistics", type = ItemIO.OUTPUT, description = "one row per label: label, area|volume, mean, min, max, " +
		"sum, centroid_x, centroid_y[, centroid_z], bbox_x0, bbox_y0[, bbox_z0], bbox_x1, bbox_y1[, bbox_z1], image (the intensity image's title)")
	private ResultsTable output;

	@Override
	public void run() {
		if (ImagePlusResults.same(input, labels)) throw new IllegalArgumentException("labels: '" + labels.getTitle() + "' is the intensity " +
			"image itself; choose its label image (for example " + ImagePlusResults.baseName(input.getTitle()) + "-stardist-labels)");
		final LabelStatistics.Table table = measure();
		// which image was measured, so that tables of several images can be told apart (and joined)
		output = StatisticsTables.of(table, input.getTitle());
		status().showStatus("Label statistics: " + table.rows() + " labels");
	}

	private <T extends RealType<T>, U extends RealType<U>> LabelStatistics.Table measure() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final AxisImg<U> l = ImagePlusViews.wrapReal(labels);
		return new LabelStatistics(device(), 0).measure(in, l, monitor());
	}

	public ResultsTable getOutput() {
		return output;
	}
}
