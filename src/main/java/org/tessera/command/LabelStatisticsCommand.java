package org.tessera.command;

import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.chunk.BlockGrid;
import org.tessera.core.AxisImg;
import org.tessera.gpu.DeviceChoice;
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

	@Parameter(label = "input", persist = false, description = "the intensity image: 2D or a z stack, 8-, 16- or 32-bit; with channels " +
		"or time points, each channel at each time point is measured (columns channel, frame)")
	private ImagePlus input;

	@Parameter(label = "labels", persist = false, description = "the label image of the same size (0 = background, 1..n objects)")
	private ImagePlus labels;

	@Parameter(label = "execution", choices = { "whole", "chunked" }, required = false, persist = false, description = "whole: both " +
		"images at once (CPU or OpenCL); chunked: block by block on the CPU, the same table (from the command line: files of any size, read " +
		"chunk by chunk: TIFF, folders of TIFF planes, Zarr)")
	private String execution = "whole";

	@Parameter(label = "chunk", required = false, persist = false, description = "with execution=chunked: block shape, 'auto', one size " +
		"for all axes, or one per axis such as 1024,1024,64")
	private String chunk = "auto";

	@Parameter(label = "Label Statistics", type = ItemIO.OUTPUT, description = "one row per label: label, area|volume, mean, min, max, " +
		"sum, centroid_x, centroid_y[, centroid_z], bbox_x0, bbox_y0[, bbox_z0], bbox_x1, bbox_y1[, bbox_z1] in pixels; for a calibrated " +
		"image also area_um2|volume_um3 and the centroid in its unit (centroid_x_um, ...); image (the intensity image's title)")
	private ResultsTable output;

	@Override
	public void run() {
		if (ImagePlusResults.same(input, labels)) throw new IllegalArgumentException("labels: '" + labels.getTitle() + "' is the intensity " +
			"image itself; choose its label image (for example " + ImagePlusResults.baseName(input.getTitle()) + "-stardist-labels)");
		if (input.getNChannels() > 1 || input.getNFrames() > 1) {
			// every channel at every time point, each row saying which
			if (chunked(execution)) throw new IllegalArgumentException("execution: image '" + input.getTitle() + "' has channels or time " +
				"points; block by block takes a 2D image or a z stack (use execution=whole)");
			output = StatisticsTables.of(measureEach(), input.getTitle(), ImagePlusViews.wrapReal(input));
			status().showStatus("Label statistics: " + output.size() + " rows (labels per channel and time point)");
			return;
		}
		final LabelStatistics.Table table = measure();
		// which image was measured, so that tables of several images can be told apart (and joined)
		output = StatisticsTables.of(table, input.getTitle(), ImagePlusViews.wrapReal(input));
		status().showStatus("Label statistics: " + table.rows() + " labels");
	}

	private <T extends RealType<T>, U extends RealType<U>> List<LabelStatistics.Part> measureEach() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final AxisImg<U> l = ImagePlusViews.wrapReal(labels);
		return new LabelStatistics(device(), 0).measureEach(in, l, monitor());
	}

	private <T extends RealType<T>, U extends RealType<U>> LabelStatistics.Table measure() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final AxisImg<U> l = ImagePlusViews.wrapReal(labels);
		if (!chunked(execution)) return new LabelStatistics(device(), 0).measure(in, l, monitor());
		if (device().kind() == DeviceChoice.Kind.GPU) monitor().warn("execution=chunked measures block by block on the CPU; device=" +
			deviceText() + " is not used");
		return LabelStatistics.cpu().measureBlocks(in, l, blockShape(chunk, in.numDimensions()), monitor());
	}

	/**
	 * Label statistics of files of any size, the command line's
	 * {@code execution=chunked}: both images read chunk by chunk (TIFF, folders
	 * of TIFF planes, Zarr), measured block by block, the table written as the
	 * whole-image command writes it.
	 *
	 * @return the number of labels measured
	 */
	public static int measureFiles(final String input, final String labels, final java.nio.file.Path output, final String chunk,
		final int threads, final org.tessera.core.TaskMonitor monitor) throws java.io.IOException
	{
		final AxisImg<?> in = org.tessera.chunk.ChunkedImages.open(input, 64), lb = org.tessera.chunk.ChunkedImages.open(labels, 64);
		final LabelStatistics.Table table = measure(new LabelStatistics(org.tessera.gpu.DeviceChoice.CPU, threads), in, lb, blockShape(chunk, in
			.numDimensions()), monitor);
		StatisticsTables.writeCsv(table, output, java.nio.file.Path.of(input).getFileName().toString(), in);
		return table.rows();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static LabelStatistics.Table measure(final LabelStatistics s, final AxisImg in, final AxisImg labels, final long[] shape,
		final org.tessera.core.TaskMonitor monitor)
	{
		return s.measureBlocks(in, labels, shape, monitor);
	}

	/**
	 * Whether {@code execution} asks for blocks.
	 *
	 * @throws IllegalArgumentException for anything but whole or chunked
	 */
	public static boolean chunked(final String execution) {
		final String e = execution == null || execution.isBlank() ? "whole" : execution.strip().toLowerCase(java.util.Locale.ROOT);
		if (!e.equals("whole") && !e.equals("chunked")) throw new IllegalArgumentException("execution: expected whole or chunked, got '" +
			execution + "'");
		return e.equals("chunked");
	}

	/** A block shape as written (null for auto). */
	public static long[] blockShape(final String chunk, final int axes) {
		return chunk == null || chunk.isBlank() || chunk.strip().equalsIgnoreCase("auto") ? null : BlockGrid.parseShape(chunk, axes);
	}

	public ResultsTable getOutput() {
		return output;
	}
}
