package org.tessera.labeltool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.annotate.LabelingSession;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * A crash loses nothing: labels are saved beside the image from the first
 * change on, and the tool picks them up when the image is labelled again; a
 * file of another size there is left alone.
 */
class LabelingAutosaveTest {

	@TempDir
	Path tmp;

	private ImagePlus saved(final String name, final int w, final int h) {
		final Path file = tmp.resolve(name);
		new FileSaver(new ImagePlus(name, new ByteProcessor(w, h))).saveAsTiff(file.toString());
		return IJ.openImage(file.toString());
	}

	@Test
	void labelsAreSavedBesideTheImageAndPickedUpAgain() throws Exception {
		final ImagePlus first = saved("cells.tif", 30, 20);
		final LabelingSession s = FastSamTool.start(first);
		final Path save = tmp.resolve("cells.tessera-labels.tif");
		assertEquals(save, FastSamTool.autosavePath(first));
		assertFalse(Files.exists(save), "nothing is written before the first change");
		s.setMode(LabelingSession.Mode.BRUSH);
		s.beginStroke(0, 10, 10);
		s.strokeTo(15, 10);
		s.endStroke();
		assertTrue(Files.isRegularFile(save));
		assertTrue(Files.isRegularFile(tmp.resolve("cells.tessera-labels-classes.csv")));

		// the same file opened again (a new ImageJ session after a crash): the labels are back, with their class
		final ImagePlus again = IJ.openImage(tmp.resolve("cells.tif").toString());
		final LabelingSession r = FastSamTool.start(again);
		assertNotSame(s, r);
		for (int y = 0; y < 20; y++)
			for (int x = 0; x < 30; x++)
				assertEquals(s.canvas().label(x, y, 0) != 0, r.canvas().label(x, y, 0) != 0, "pixel (" + x + ", " + y + ")");
		assertEquals(s.canvas().classes().get(0).name(), r.canvas().classes().get(0).name());
		assertFalse(r.canvas().canUndo(), "a resumed canvas starts a new history");
	}

	@Test
	void aSavedFileOfAnotherSizeIsLeftAloneAndTheLabelsGoToANewName() throws Exception {
		final ImagePlus small = saved("field.tif", 10, 10);
		FastSamTool.start(small).canvas().addObject(0, 1, 1, 2, 2, new boolean[] { true, true, true, true }, 0);
		final Path save = tmp.resolve("field.tessera-labels.tif");
		final byte[] before = Files.readAllBytes(save);

		// another image saved under the same name, of another size
		final ImagePlus large = saved("field.tif", 40, 30);
		final LabelingSession s = FastSamTool.start(large);
		assertEquals(40, s.canvas().width());
		s.canvas().addObject(0, 5, 5, 2, 2, new boolean[] { true, true, true, true }, 0);
		assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(save)), "the other labels are untouched");
		assertTrue(Files.isRegularFile(tmp.resolve("field.tessera-labels-2.tif")));
	}
}
