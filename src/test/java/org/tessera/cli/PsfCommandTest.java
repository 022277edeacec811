package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.CliRun.Result;
import org.tessera.testutil.CliRun;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/** The psf command run as scripts/tessera runs it. */
class PsfCommandTest {

	@TempDir
	Path tmp;

	private static double sum(final ImagePlus imp) {
		double s = 0;
		for (int i = 1; i <= imp.getStackSize(); i++)
			for (final float v : (float[]) imp.getStack().getProcessor(i).convertToFloat().getPixels()) s += v;
		return s;
	}

	/** Stack index (0-based) and x, y of the brightest voxel. */
	private static int[] argmax(final ImagePlus imp) {
		int[] best = null;
		float max = Float.NEGATIVE_INFINITY;
		for (int z = 0; z < imp.getStackSize(); z++) {
			final float[] px = (float[]) imp.getStack().getProcessor(z + 1).getPixels();
			for (int i = 0; i < px.length; i++)
				if (px[i] > max) {
					max = px[i];
					best = new int[] { i % imp.getWidth(), i / imp.getWidth(), z };
				}
		}
		return best;
	}

	@Test
	void widefieldPsfIsACalibrated32BitTiffSumming1() {
		final Path out = tmp.resolve("psf.tif");
		final Result r = CliRun.tessera("psf", "type=widefield", "na=1.4", "wavelength=520", "ri=1.518", "pixel_xy=65", "pixel_z=200",
			"size=65,65,33", "output=" + out);
		assertEquals(0, r.code(), r.err());
		final ImagePlus imp = ImageFiles.read(out, "psf");
		assertEquals(65, imp.getWidth());
		assertEquals(65, imp.getHeight());
		assertEquals(33, imp.getNSlices());
		assertEquals(32, imp.getBitDepth());
		assertEquals(1, sum(imp), 1e-4);
		assertEquals("[32, 32, 16]", java.util.Arrays.toString(argmax(imp)));
		final Calibration cal = imp.getCalibration();
		assertEquals(0.065, cal.pixelWidth, 1e-7); // TIFF stores 1/pixel size as a fraction
		assertEquals(0.065, cal.pixelHeight, 1e-7);
		assertEquals(0.2, cal.pixelDepth, 1e-7);
		assertEquals("µm", cal.getUnit());
	}

	@Test
	void gaussianAndTwoDimensional() {
		final Path out = tmp.resolve("g.tif");
		final Result r = CliRun.tessera("psf", "type=gaussian", "sigma=1.5", "size=31,25", "pixel_xy=100", "output=" + out);
		assertEquals(0, r.code(), r.err());
		final ImagePlus imp = ImageFiles.read(out, "g");
		assertEquals(31, imp.getWidth());
		assertEquals(25, imp.getHeight());
		assertEquals(1, imp.getStackSize());
		assertEquals(1, sum(imp), 1e-5);
		assertEquals("[15, 12, 0]", java.util.Arrays.toString(argmax(imp)));
		assertEquals(0.1, imp.getCalibration().pixelWidth, 1e-7);
	}

	@Test
	void sizeAsOneValueOrWithX() {
		final Path cube = tmp.resolve("cube.tif"), box = tmp.resolve("box.tif");
		assertEquals(0, CliRun.tessera("psf", "type=gaussian", "size=9", "output=" + cube).code());
		assertEquals(0, CliRun.tessera("psf", "type=gaussian", "size=9x7x5", "output=" + box).code());
		final ImagePlus c = ImageFiles.read(cube, "cube"), b = ImageFiles.read(box, "box");
		assertEquals("9 9 9", c.getWidth() + " " + c.getHeight() + " " + c.getNSlices());
		assertEquals("9 7 5", b.getWidth() + " " + b.getHeight() + " " + b.getNSlices());
	}

	@Test
	void fromABeadImage() throws IOException {
		final ImageStack stack = new ImageStack(40, 30);
		final java.util.Random random = new java.util.Random(7);
		for (int z = 0; z < 12; z++) {
			final short[] px = new short[40 * 30];
			for (int y = 0, i = 0; y < 30; y++)
				for (int x = 0; x < 40; x++, i++)
					px[i] = (short) Math.round(200 + 3000 * Math.exp(-((x - 28) * (x - 28) + (y - 9) * (y - 9)) / 8.0 - (z - 4) * (z - 4) / 4.0) +
						4 * random.nextGaussian());
			stack.addSlice(new ShortProcessor(40, 30, px, null));
		}
		final ImagePlus bead = new ImagePlus("bead", stack);
		final Calibration cal = bead.getCalibration();
		cal.pixelWidth = cal.pixelHeight = 0.1;
		cal.pixelDepth = 0.3;
		cal.setUnit("µm");
		final Path in = tmp.resolve("bead.tif"), out = tmp.resolve("bead-psf.tif");
		ImageFiles.writeTiff(bead, in);
		final Result r = CliRun.tessera("psf", "type=image", "input=" + in, "size=21,21,9", "output=" + out);
		assertEquals(0, r.code(), r.err());
		final ImagePlus psf = ImageFiles.read(out, "psf");
		assertEquals(21, psf.getWidth());
		assertEquals(9, psf.getNSlices());
		assertEquals(32, psf.getBitDepth());
		assertEquals(1, sum(psf), 1e-5);
		assertEquals("[10, 10, 4]", java.util.Arrays.toString(argmax(psf)));
		assertEquals(0.3, psf.getCalibration().pixelDepth, 1e-9, "the bead image's calibration");
	}

	@Test
	void badInputIsOneLineExit2() {
		final String out = "output=" + tmp.resolve("o.tif");
		CliRun.assertBadInput(CliRun.tessera("psf", "na=1.6", "ri=1.518", out), "na", "1.518", "1.6");
		CliRun.assertBadInput(CliRun.tessera("psf", "na=1.518", out), "na");
		CliRun.assertBadInput(CliRun.tessera("psf", "type=image", out), "type=image needs input=");
		CliRun.assertBadInput(CliRun.tessera("psf", "size=65,x", out), "size '65,x'");
		CliRun.assertBadInput(CliRun.tessera("psf", "size=65,65,0", out), "size '65,65,0'");
		CliRun.assertBadInput(CliRun.tessera("psf", "size=5,5,5,5", out), "size '5,5,5,5'");
		CliRun.assertBadInput(CliRun.tessera("psf", "type=gaussian", "sigma=2,2", "size=9,9,9", out), "sigma has 2 values");
		CliRun.assertBadInput(CliRun.tessera("psf", "type=confocal", out), "parameter 'type' must be one of widefield, gaussian, image");
	}

	@Test
	void helpShowsTheInputAsOptional() {
		final Result r = CliRun.tessera("help", "psf");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("input=<image file>"), r.out());
		assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  input=") && l.endsWith("(optional)")), r.out());
	}
}
