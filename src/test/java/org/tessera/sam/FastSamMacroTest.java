package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.ij1.TesseraPlugIn;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.process.FloatProcessor;

/**
 * The menu route as a macro replays it ({@code run("FastSAM Segment (Tessera)",
 * "model=[...] mode=points points=64,64;-20,20")}): TesseraPlugIn with macro options,
 * in ImageJ's batch mode, on the current image.
 */
class FastSamMacroTest {

	private boolean batchMode;

	@BeforeEach
	void batchMode() {
		batchMode = Interpreter.batchMode;
		Interpreter.batchMode = true;
		closeAll();
	}

	@AfterEach
	void restore() {
		closeAll();
		Interpreter.batchMode = batchMode;
	}

	private static void closeAll() {
		for (final int id : Interpreter.getBatchModeImageIDs()) Interpreter.removeBatchModeImage(WindowManager.getImage(id));
		WindowManager.setTempCurrentImage(null);
	}

	/** Runs the menu entry as ImageJ does, in a thread named "Run$_..." (where ImageJ reads macro options); returns the image shown. */
	private static ImagePlus run(final String options) throws Exception {
		final ImagePlus[] shown = new ImagePlus[1];
		final Throwable[] thrown = new Throwable[1];
		final Thread t = new Thread(() -> {
			Macro.setOptions(options);
			try {
				new TesseraPlugIn().run("fastsam");
				shown[0] = WindowManager.getCurrentImage();
			}
			catch (final Throwable e) {
				thrown[0] = e;
			}
			finally {
				Macro.setOptions(null);
			}
		}, "Run$_tessera-test");
		t.start();
		t.join(60_000);
		if (thrown[0] instanceof Exception e) throw e;
		if (thrown[0] instanceof Error e) throw e;
		return shown[0];
	}

	@Test
	void pointsFromMacroOptionsOnTheCurrentImage() throws Exception {
		final int s = SamTestData.FIXED_SIZE;
		new ImagePlus("square", new FloatProcessor(s, s)).show();
		final ImagePlus labels = run("model=[" + SamTestData.FIXED.toAbsolutePath() + "] mode=points points=64,64;-20,20");
		assertNotNull(labels, "no output shown");
		assertEquals("square-labels", labels.getTitle());
		final boolean[] disc = SamTestData.fixedExpected().get(0).mask();
		for (int i = 0; i < disc.length; i++) assertEquals(disc[i] ? 1 : 0, labels.getProcessor().get(i), "pixel " + i);
	}
}
