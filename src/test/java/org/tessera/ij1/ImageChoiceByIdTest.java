package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tessera.testutil.BatchMacro;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * Two open images with one title: a macro takes the one it names by ID
 * ({@code psf=-7}, as {@code getImageID()} gives it), and by title the first,
 * as ImageJ does; the deconvolution is then the one with that PSF alone.
 */
@ExtendWith(BatchMacro.class)
class ImageChoiceByIdTest {

	private static ImagePlus image(final String title, final float[] kernel3) {
		final FloatProcessor fp = new FloatProcessor(21, 19);
		fp.setValue(5);
		fp.fill();
		fp.setf(10, 9, 300);
		fp.setf(4, 4, 200);
		final ImagePlus imp = new ImagePlus(title, fp);
		if (kernel3 != null) {
			final FloatProcessor k = new FloatProcessor(9, 9);
			for (int y = -1; y <= 1; y++)
				for (int x = -1; x <= 1; x++) k.setf(4 + x, 4 + y, kernel3[(x + 1) + 3 * (y + 1)]);
			return new ImagePlus(title, k);
		}
		return imp;
	}

	private static final float[] DOT = { 0, 0, 0, 0, 1, 0, 0, 0, 0 }, BLUR = { 1, 2, 1, 2, 4, 2, 1, 2, 1 };

	private static float[] deconvolve(final ImagePlus input, final String psf) throws Exception {
		input.show();
		final ImagePlus out = BatchMacro.run(() -> new TesseraPlugIn().run("deconvolve"), "input=[" + input.getTitle() + "] psf=" + psf +
			" iterations=5 regularization=0 acceleration=none device=CPU");
		assertNotNull(out);
		return (float[]) out.getProcessor().convertToFloat().getPixels();
	}

	@Test
	void aMacroTakesTheImageItNamesById() throws Exception {
		final ImagePlus input = image("nuclei", null);
		input.show();
		final ImagePlus dot = image("psf", DOT), blur = image("psf", BLUR);
		dot.show();
		blur.show();
		assertSame(blur, TesseraPlugIn.openImage("psf", Integer.toString(blur.getID())));
		assertSame(dot, TesseraPlugIn.openImage("psf", "psf"), "by title, the first, as ImageJ");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TesseraPlugIn.openImage("psf", "-99999"));
		assertTrue(e.getMessage().contains("no open image has the ID -99999"), e.getMessage());
		final float[] byId = deconvolve(input, Integer.toString(blur.getID()));
		final float[] byTitle = deconvolve(input, "psf");
		// each equals the run with only that PSF open, under a title of its own
		final ImagePlus blurAlone = image("blur-psf", BLUR), dotAlone = image("dot-psf", DOT);
		blurAlone.show();
		dotAlone.show();
		assertArrayEquals(deconvolve(input, "blur-psf"), byId, 0);
		assertArrayEquals(deconvolve(input, "dot-psf"), byTitle, 0);
		assertFalse(java.util.Arrays.equals(byId, byTitle), "the two PSFs give different results");
	}
}
