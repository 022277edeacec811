package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.tessera.op.BlockCommand;
import org.tessera.op.BlockJob;
import org.scijava.plugin.Plugin;
import org.tessera.chunk.BlockGrid;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.gpu.DeviceChoice;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.scijava.TesseraCommands;
import org.tessera.segment.ChunkedLabeling;
import org.tessera.segment.ConnectedComponents;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.segment.Labeling;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Connected-component labeling, whole on the CPU or an OpenCL device
 * ({@link Labeling}, labels numbered by their first pixel) or block by block on
 * the CPU ({@link ChunkedLabeling}, {@code execution=chunked}, as
 * {@code connected-components} does). The label image is 16-bit for up to
 * 65535 objects and 32-bit (exact up to 2^24) beyond.
 */
@Plugin(type = Command.class, name = "label", label = "Label Connected Components (Tessera)", headless = true,
	description = "Labels the connected non-zero regions of a 2D or 3D image 1..n, on the CPU or an OpenCL device, whole or block by block")
public class LabelCommand extends DeviceCommand implements BlockCommand {

	@Parameter(label = "input", persist = false, description = "a 2D or 3D image; non-zero pixels are foreground (e.g. a mask)")
	private ImagePlus input;

	@Parameter(label = "connectivity", choices = { "4/6", "8/26" }, style = TesseraCommands.OPEN_CHOICES, description = "4/6: pixels " +
		"touching by a face are one object (4 neighbours in 2D, 6 in 3D); 8/26: also by an edge or a corner (8 in 2D, 26 in 3D); " +
		"1 and 2 (scipy's numbers) mean the same")
	private String connectivity = "4/6";

	@Parameter(label = "execution", choices = { "whole", "chunked" }, required = false, persist = false,
		description = "whole: the image at once; chunked: block by block on the CPU, merged across blocks (as connected-components); " +
			"from the command line, chunked also reads files of any size (a TIFF, a folder of TIFF planes or a Zarr array) and writes " +
			".zarr, .tif or a folder of planes")
	private String execution = "whole";

	@Parameter(label = "chunk", required = false,
		description = "with execution=chunked: block shape, 'auto', one size for all axes, or one per axis such as 1024,1024")
	private String chunk = "auto";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the label image (0 = background, 1..n objects)")
	private ImagePlus output;

	@Override
	public void run() {
		final boolean chunked = execution != null && execution.trim().equalsIgnoreCase("chunked");
		if (!chunked && execution != null && !execution.isBlank() && !execution.trim().equalsIgnoreCase("whole"))
			throw new IllegalArgumentException("execution: expected whole or chunked, got '" + execution + "'");
		if (chunked && device().kind() == DeviceChoice.Kind.GPU) monitor().warn(
			"execution=chunked labels block by block on the CPU; device=" + deviceText() + " is not used");
		output = label(this, input, connectivity, chunked ? null : device(), chunk);
	}

	/** Block by block from files of any size (the command line's execution=chunked): the labels of {@link ChunkedLabeling}. */
	@Override
	public BlockJob job(final AxisImg<?> image) {
		return new ChunkedLabeling.Job(Connectivity.parse(connectivity));
	}

	/**
	 * Labels an image: whole on {@code device}, or block by block on the CPU when
	 * {@code device} is null; the route of {@code label} and {@code connected-components}.
	 */
	static <T extends RealType<T>> ImagePlus label(final TesseraCommand command, final ImagePlus input, final String connectivity,
		final DeviceChoice device, final String chunk)
	{
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final Img<IntType> labels;
		final int n;
		if (device != null) {
			labels = new Labeling(Connectivity.parse(connectivity), device).apply(in, command.monitor());
			n = ConnectedComponents.count(labels);
		}
		else {
			if (in.dimensionOf(AxisType.CHANNEL) >= 0 || in.dimensionOf(AxisType.TIME) >= 0) throw new IllegalArgumentException("image '" + input
				.getTitle() + "' has channels or time points; connected-component labeling needs a 2D or 3D image");
			final long[] shape = chunk == null || chunk.isBlank() || chunk.trim().equalsIgnoreCase("auto") ? null : BlockGrid.parseShape(chunk,
				in.numDimensions());
			labels = PlanarImgs.ints(in.data().dimensionsAsLongArray());
			command.status().showStatus("Connected components...");
			n = new ChunkedLabeling(shape, Connectivity.parse(connectivity), 0).labelInto(Views.zeroMin(in.data()), labels, command.monitor());
		}
		command.status().showStatus("Labels: " + n + " objects");
		if (nonZeroValues(in, 2) > 1) command.monitor().warn("image '" + input.getTitle() + "' is not binary (more than one value besides 0): "
			+ "every non-zero pixel counts as foreground, so touching regions become one object; threshold a grey image first (Threshold (Tessera))");
		return LabelImages.toImagePlus(input, in, labels, n, "");
	}

	/** How many distinct non-zero values the image holds, counting up to {@code most}. */
	static <T extends RealType<T>> int nonZeroValues(final AxisImg<T> in, final int most) {
		final double[] seen = new double[most];
		int n = 0;
		for (final T t : Views.flatIterable(in.data())) {
			final double v = t.getRealDouble();
			if (v == 0) continue;
			boolean known = false;
			for (int i = 0; i < n; i++)
				known |= seen[i] == v;
			if (known) continue;
			seen[n++] = v;
			if (n == most) return n;
		}
		return n;
	}

	public ImagePlus getOutput() {
		return output;
	}
}
