package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;

import ij.ImagePlus;

/** Makes a synthetic nuclei image and its ground-truth labels; see {@link SyntheticNuclei}. */
@Plugin(type = Command.class, name = "synthetic-nuclei", label = "Synthetic Nuclei (Tessera)", headless = true,
	description = "Makes a 16-bit image of fluorescent nuclei and its ground-truth label image, in 2D or 3D")
public class SyntheticNucleiCommand extends TesseraCommand {

	@Parameter(label = "width", min = "8", description = "width in pixels")
	private int width = 256;

	@Parameter(label = "height", min = "8", description = "height in pixels")
	private int height = 256;

	@Parameter(label = "depth", min = "1", description = "number of z slices (1 for 2D)")
	private int depth = 1;

	@Parameter(label = "count", min = "0", max = "65535", description = "number of nuclei to place")
	private int count = 40;

	@Parameter(label = "min_radius", min = "1", description = "smallest nucleus semi-axis in pixels")
	private double min_radius = 5;

	@Parameter(label = "max_radius", min = "1", description = "largest nucleus semi-axis in pixels")
	private double max_radius = 10;

	@Parameter(label = "z_anisotropy", min = "0.01", description = "z spacing divided by x/y spacing (3D)")
	private double z_anisotropy = 2;

	@Parameter(label = "photons", min = "0.01", description = "photons per unit intensity; lower means noisier")
	private double photons = 200;

	@Parameter(label = "seed", description = "random seed; the same seed gives the same image")
	private long seed = 1;

	@Parameter(label = "image", type = ItemIO.OUTPUT, description = "the nuclei image (16-bit)")
	private ImagePlus image;

	@Parameter(label = "labels", type = ItemIO.OUTPUT, description = "the ground-truth labels (16-bit, 0 = background)")
	private ImagePlus labels;

	@Override
	public void run() {
		final SyntheticNuclei.Result r = new SyntheticNuclei(width, height, depth, count, min_radius, max_radius, z_anisotropy, photons, seed)
			.generate();
		image = ImagePlusViews.toImagePlus(r.image());
		image.resetDisplayRange();
		labels = ImagePlusViews.toImagePlus(r.labels());
		labels.setDisplayRange(0, Math.max(1, r.nuclei()));
	}

	public ImagePlus getImage() {
		return image;
	}

	public ImagePlus getLabels() {
		return labels;
	}
}
