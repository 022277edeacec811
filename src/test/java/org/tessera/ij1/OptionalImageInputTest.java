package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tessera.testutil.BatchMacro;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.process.FloatProcessor;

/**
 * The menu route (TesseraPlugIn with macro options, in ImageJ's batch mode, in
 * this JVM) with an optional image input: the psf command needs no open image,
 * and takes one by its title.
 */
@ExtendWith(BatchMacro.class)
class OptionalImageInputTest {

	private static ImagePlus runPsf(final String options) throws Exception {
		return BatchMacro.run(() -> new TesseraPlugIn().run("psf"), options);
	}

	@Test
	void runsWithNoImageOpen() throws Exception {
		assertEquals(0, Interpreter.getBatchModeImageCount());
		final ImagePlus psf = runPsf("type=gaussian sigma=2 size=15,13,1 pixel_xy=100");
		assertNotNull(psf, "no output shown");
		assertEquals("psf-gaussian", psf.getTitle());
		assertEquals(15, psf.getWidth());
		assertEquals(13, psf.getHeight());
		assertEquals(0.1, psf.getCalibration().pixelWidth, 1e-12);
	}

	@Test
	void takesAnOpenImageByTitle() throws Exception {
		final FloatProcessor fp = new FloatProcessor(30, 20);
		fp.setValue(10);
		fp.fill();
		fp.setf(21, 5, 500);
		fp.setf(20, 5, 200);
		fp.setf(22, 5, 200);
		fp.setf(21, 4, 200);
		fp.setf(21, 6, 200);
		final ImagePlus bead = new ImagePlus("my bead", fp);
		bead.show();
		new ImagePlus("other", new FloatProcessor(5, 5)).show(); // the current image is not the bead
		final ImagePlus psf = runPsf("type=image input=[my bead] size=9,9");
		assertNotSame(bead, psf);
		assertEquals("my bead-psf", psf.getTitle());
		assertEquals(9, psf.getWidth());
		assertEquals(psf.getProcessor().getf(4, 4), (float) psf.getProcessor().getStats().max, 0, "centred");
	}

	@Test
	void typeImageWithoutAnImageStopsTheMacro() {
		final RuntimeException e = assertThrows(RuntimeException.class, () -> runPsf("type=image input=none size=9,9"));
		assertEquals(Macro.MACRO_CANCELED, e.getMessage());
		assertEquals(0, Interpreter.getBatchModeImageCount(), "no output");
	}
}
