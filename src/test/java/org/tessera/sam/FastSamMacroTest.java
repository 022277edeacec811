package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tessera.ij1.TesseraPlugIn;
import org.tessera.testutil.BatchMacro;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * The menu route as a macro replays it ({@code run("FastSAM Segment (Tessera)",
 * "model=[...] mode=points points=64,64;-20,20")}): TesseraPlugIn with macro options,
 * in ImageJ's batch mode, on the current image.
 */
@ExtendWith(BatchMacro.class)
class FastSamMacroTest {

	private static ImagePlus run(final String options) throws Exception {
		return BatchMacro.run(() -> new TesseraPlugIn().run("fastsam"), options);
	}

	@Test
	void pointsFromMacroOptionsOnTheCurrentImage() throws Exception {
		final int s = SamTestData.FIXED_SIZE;
		new ImagePlus("square", new FloatProcessor(s, s)).show();
		final ImagePlus labels = run("model=[" + SamTestData.FIXED.toAbsolutePath() + "] mode=points points=64,64;-20,20");
		assertNotNull(labels, "no output shown");
		assertEquals("square-fastsam-labels", labels.getTitle());
		final boolean[] disc = SamTestData.fixedExpected().get(0).mask();
		for (int i = 0; i < disc.length; i++) assertEquals(disc[i] ? 1 : 0, labels.getProcessor().get(i), "pixel " + i);
		// the same on another image of the same title: a title of its own, so that "labels=<title>" picks the window meant
		new ImagePlus("square", new FloatProcessor(s, s)).show();
		final ImagePlus again = run("model=[" + SamTestData.FIXED.toAbsolutePath() + "] mode=points points=64,64;-20,20");
		assertEquals("square-fastsam-labels-1", again.getTitle());
	}

	/** The selection the user drew is the prompt: a rectangle for mode=box, a multi-point selection for mode=points. */
	@Test
	void theSelectionIsThePromptWhenNoneIsTyped() throws Exception {
		final int s = SamTestData.FIXED_SIZE;
		final String model = "model=[" + SamTestData.FIXED.toAbsolutePath() + "]";
		final ImagePlus typedBox = shownAndRun("typed", null, model + " mode=box box=40,40,90,90");
		final ImagePlus drawnBox = shownAndRun("drawn", new ij.gui.Roi(40, 40, 50, 50), model + " mode=box");
		final ImagePlus typedPoints = shownAndRun("typed", null, model + " mode=points points=64,64");
		final ImagePlus clicked = shownAndRun("clicked", new ij.gui.PointRoi(64, 64), model + " mode=points");
		for (int i = 0; i < s * s; i++) {
			assertEquals(typedBox.getProcessor().get(i), drawnBox.getProcessor().get(i), "box, pixel " + i);
			assertEquals(typedPoints.getProcessor().get(i), clicked.getProcessor().get(i), "points, pixel " + i);
		}
		int inBox = 0;
		for (int i = 0; i < s * s; i++) if (drawnBox.getProcessor().get(i) != 0) inBox++;
		assertTrue(inBox > 0, "an object in the box");
	}

	private static ImagePlus shownAndRun(final String title, final ij.gui.Roi roi, final String options) throws Exception {
		final ImagePlus imp = new ImagePlus(title, new FloatProcessor(SamTestData.FIXED_SIZE, SamTestData.FIXED_SIZE));
		imp.show();
		if (roi != null) imp.setRoi(roi);
		final ImagePlus labels = run(options);
		assertNotNull(labels, "no output shown for " + options);
		return labels;
	}
}
