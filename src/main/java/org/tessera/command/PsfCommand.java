package org.tessera.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.AxisImg;
import org.tessera.deconv.Optics;
import org.tessera.deconv.Psf;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.ImagePlusViews;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.type.numeric.RealType;

/** Makes a point spread function for deconvolution; see {@link Psf}. */
@Plugin(type = Command.class, name = "psf", label = "PSF (Tessera)", headless = true,
	description = "Makes a point spread function for deconvolution (32-bit, sum 1, centred): a widefield diffraction model " +
		"(Born & Wolf), a Gaussian, or a measured bead image")
public class PsfCommand extends TesseraCommand {

	@Parameter(label = "type", choices = { "widefield", "gaussian", "image" },
		description = "widefield: Born & Wolf model from na, wavelength, ri and the pixel sizes; gaussian: from sigma; image: from a bead image (input)")
	private String type = "widefield";

	@Parameter(label = "input", required = false, persist = false,
		description = "for type=image: the image of one bead on a dark background (2D or 3D)")
	private ImagePlus input;

	@Parameter(label = "na", description = "numerical aperture of the objective, below ri (widefield)")
	private double na = 1.4;

	@Parameter(label = "wavelength", description = "emission wavelength in nm (widefield)")
	private double wavelength = 520;

	@Parameter(label = "ri", description = "refractive index of the immersion medium: 1.518 oil, 1.33 water, 1.0 air (widefield)")
	private double ri = 1.518;

	@Parameter(label = "pixel_xy", description = "lateral pixel size in the sample, nm")
	private double pixel_xy = 65;

	@Parameter(label = "pixel_z", description = "axial step between slices, nm")
	private double pixel_z = 200;

	@Parameter(label = "sigma", description = "for type=gaussian: sigma in pixels, one value for all axes or x,y,z (e.g. 2,2,1)")
	private String sigma = "2";

	@Parameter(label = "size", description = "PSF size in pixels: x,y,z (e.g. 65,65,33), x,y for 2D, or one value for all axes; " +
		"odd sizes centre it on the middle voxel (else on n/2); 2D for a 2D bead image")
	private String size = "65,65,33";

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the PSF: 32-bit, sum 1, centred, calibrated in µm")
	private ImagePlus output;

	@Override
	public void run() {
		positive("pixel_xy", pixel_xy);
		positive("pixel_z", pixel_z);
		int[] n = parseSize(size);
		final Psf psf;
		switch (type) {
			case "widefield" -> psf = Psf.bornWolf(new Optics(na, wavelength, ri, pixel_xy, pixel_z), n[0], n[1], n[2]);
			case "gaussian" -> {
				final double[] s = sigmas(GaussianBlur.parseSigma(sigma), n[2]);
				psf = Psf.gaussian(s[0], s[1], s[2], n[0], n[1], n[2]);
			}
			case "image" -> {
				if (input == null) throw new IllegalArgumentException("type=image needs input=<the bead image>");
				if (input.getNSlices() == 1) n = new int[] { n[0], n[1], 1 };
				psf = fromBead(n);
			}
			default -> throw new IllegalArgumentException("type must be widefield, gaussian or image, got '" + type + "'");
		}
		output = ImagePlusViews.toImagePlus(psf.toImage(title(), pixel_xy, pixel_z));
		if ("image".equals(type) && input.getCalibration().scaled()) output.setCalibration(spatial(input.getCalibration()));
		output.resetDisplayRange();
	}

	private <T extends RealType<T>> Psf fromBead(final int[] n) {
		final AxisImg<T> bead = ImagePlusViews.wrapReal(input);
		return Psf.fromImage(bead, n[0], n[1], n[2]);
	}

	private String title() {
		return "image".equals(type) ? ImagePlusResults.baseName(input.getTitle()) + "-psf" : "psf-" + type;
	}

	/** The input's pixel sizes and units, origin at 0. */
	private static Calibration spatial(final Calibration in) {
		final Calibration c = new Calibration();
		c.pixelWidth = in.pixelWidth;
		c.pixelHeight = in.pixelHeight;
		c.pixelDepth = in.pixelDepth;
		c.setXUnit(in.getXUnit());
		c.setYUnit(in.getYUnit());
		c.setZUnit(in.getZUnit());
		return c;
	}

	private static void positive(final String key, final double v) {
		if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(key + " must be a number > 0 (nm), got " + v);
	}

	/** "65,65,33" (or 65x65x33), "65,65" (2D) or "65" (all axes). */
	static int[] parseSize(final String text) {
		final String t = text.trim();
		if (!t.matches("\\d+(\\s*[,;xX]\\s*\\d+){0,2}"))
			throw new IllegalArgumentException("size '" + text + "' must be one to three whole numbers like 65,65,33");
		final String[] parts = t.split("\\s*[,;xX]\\s*");
		final int[] v = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			v[i] = parts[i].length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(parts[i]);
			if (v[i] < 1) throw new IllegalArgumentException("size '" + text + "' must be at least 1 along every axis");
		}
		return switch (v.length) {
			case 1 -> new int[] { v[0], v[0], v[0] };
			case 2 -> new int[] { v[0], v[1], 1 };
			default -> v;
		};
	}

	/** One sigma for all axes, x,y for a 2D PSF, or x,y,z. */
	private static double[] sigmas(final double[] s, final int nz) {
		return switch (s.length) {
			case 1 -> new double[] { s[0], s[0], s[0] };
			case 2 -> {
				if (nz > 1) throw new IllegalArgumentException("sigma has 2 values; give one value or x,y,z for a 3D PSF");
				yield new double[] { s[0], s[1], 0 };
			}
			case 3 -> s;
			default -> throw new IllegalArgumentException("sigma has " + s.length + " values; give one value or x,y,z");
		};
	}

	public ImagePlus getOutput() {
		return output;
	}
}
