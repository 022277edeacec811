package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.tessera.op.BlockCommand;
import org.tessera.op.BlockJob;
import org.tessera.segment.BlockVoronoiOtsu;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.segment.ConnectedComponents;
import org.tessera.segment.VoronoiOtsuLabeling;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/** The clesperanto nuclei workflow on the CPU or an OpenCL device; see {@link VoronoiOtsuLabeling}. */
@Plugin(type = Command.class, name = "voronoi-otsu-labeling", label = "Voronoi-Otsu Labeling (Tessera)", headless = true,
	description = "Segments nuclei: seeds from the maxima of a blur (spot_sigma), foreground from Otsu's threshold of a blur " +
		"(outline_sigma), the foreground split among the seeds by a Voronoi tessellation; 2D or 3D, CPU or OpenCL")
public class VoronoiOtsuLabelingCommand extends DeviceCommand implements BlockCommand {

	@Parameter(label = "input", persist = false, description = "a 2D image or a 3D stack of nuclei (8-, 16- or 32-bit), bright on dark")
	private ImagePlus input;

	@Parameter(label = "spot_sigma", description = "blur for the seeds, in pixels: one value, or x,y or x,y,z; about the nuclei's radius / 2 " +
		"(larger: fewer seeds, touching nuclei merge; smaller: nuclei split)")
	private String spot_sigma = "2";

	@Parameter(label = "outline_sigma", description = "blur for the outline, in pixels: one value, or x,y or x,y,z (larger: smoother outlines)")
	private String outline_sigma = "2";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the label image (0 = background, 1..n nuclei)")
	private ImagePlus output;

	@Parameter(label = "threshold", type = ItemIO.OUTPUT, description = "Otsu's threshold of the outline blur")
	private Double threshold;

	@Override
	public void run() {
		output = label();
	}

	private <T extends RealType<T>> ImagePlus label() {
		final AxisImg<T> in = ImagePlusViews.wrapReal(input);
		final double[] t = new double[1];
		final Img<IntType> labels = new VoronoiOtsuLabeling(parse(spot_sigma, "spot_sigma"), parse(outline_sigma, "outline_sigma"), device(), 0).apply(in, t, monitor());
		threshold = t[0];
		final int n = ConnectedComponents.count(labels);
		status().showStatus("Voronoi-Otsu labeling: " + n + " objects");
		return LabelImages.toImagePlus(input, in, labels, n, "voronoi-otsu");
	}

	/** Block by block, for files of any size: the same labels as the whole image's. */
	@Override
	public BlockJob job(final AxisImg<?> image) {
		return BlockVoronoiOtsu.job(parse(spot_sigma, "spot_sigma"), parse(outline_sigma, "outline_sigma"));
	}

	private static double[] parse(final String text, final String key) {
		try {
			return GaussianBlur.parseSigma(text);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
		}
	}

	public ImagePlus getOutput() {
		return output;
	}

	public Double getThreshold() {
		return threshold;
	}
}
