package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
}
