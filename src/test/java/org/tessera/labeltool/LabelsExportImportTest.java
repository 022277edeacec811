package org.tessera.labeltool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.testutil.Canvases.square;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabelingSession;
import org.tessera.testutil.BatchMacro;

import ij.ImagePlus;
import ij.process.ByteProcessor;

/**
 * Export Labels and Import Labels as their macro lines call them: a labelled
 * image's labels to a label TIFF and a Labkit file, and back into a second
 * image, where the import is one undoable step; and their one-line errors.
 */
@ExtendWith(BatchMacro.class)
class LabelsExportImportTest {

	@TempDir
	Path tmp;

	private static ImagePlus image(final String title) {
		return new ImagePlus(title, new ByteProcessor(40, 30));
	}

	@Test
	void labelsGoToATiffAndALabkitFileAndComeBackAsOneUndoableStep() throws Exception {
		final ImagePlus a = image("export-a");
		final LabelingSession s = FastSamTool.start(a);
		final LabelCanvas c = s.canvas();
		FastSamTool.applyClasses(c, "nucleus #ffff00, cell #ff8000");
		c.addObject(0, 2, 2, 5, 5, square(5), 0);
		c.addObject(0, 20, 10, 8, 8, square(8), 1);
		final Path tif = tmp.resolve("labels.tif"), labkit = tmp.resolve("labels.labeling");
		assertTrue(LabelsExport.export(a, LabelsFormat.TIFF, tif.toString()).contains("labels written to"));
		assertTrue(LabelsExport.export(a, LabelsFormat.LABKIT, labkit.toString()).contains("Labkit"));

		for (final String from : new String[] { LabelsFormat.TIFF, LabelsFormat.LABKIT }) {
			final ImagePlus b = image("import-" + from.replace(' ', '-'));
			final String report = LabelsImport.importInto(b, from, null, (from.equals(LabelsFormat.TIFF) ? tif : labkit).toString());
			assertTrue(report.startsWith("2 objects imported"), report);
			final LabelCanvas d = FastSamTool.session(b).canvas();
			for (int y = 0; y < 30; y++)
				for (int x = 0; x < 40; x++)
					assertEquals(c.label(x, y, 0), d.label(x, y, 0), from + " at (" + x + ", " + y + ")");
			assertEquals("cell", d.classes().get(d.classOf(2)).name(), from + " keeps the class");
			assertTrue(d.undo(), "the import is one step");
			assertEquals(0, d.label(3, 3, 0));
			assertEquals(0, d.label(21, 11, 0));
		}
	}

	@Test
	void badRequestsAreOneLineErrors() {
		final ImagePlus fresh = image("never-labelled");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelsExport.export(fresh, LabelsFormat.TIFF, "x.tif")).getMessage()
			.contains("has no labels"));
		FastSamTool.start(fresh);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelsExport.export(fresh, LabelsFormat.TIFF, "")).getMessage().startsWith(
			"file: exporting to a label image file needs file="));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelsExport.export(fresh, "png", "")).getMessage().startsWith("to: expected"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelsImport.importInto(fresh, LabelsFormat.TIFF, null, tmp.resolve(
			"missing.tif").toString())).getMessage().contains("file not found"));
		final ImagePlus other = new ImagePlus("other", new ByteProcessor(10, 10));
		other.getProcessor().set(2, 2, 1);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelsImport.importInto(fresh, LabelsFormat.WINDOW, other, "")).getMessage()
			.contains("do not fit an image of 40 x 30 x 1"));
	}

	@Test
	void macroLinesExportToALabelImageWindowAndStopTheMacroOnAnError() throws Exception {
		final ImagePlus a = image("macro-a");
		FastSamTool.start(a).canvas().addObject(0, 5, 5, 4, 4, square(4), 0);
		a.show();
		final ImagePlus labels = BatchMacro.run(() -> new LabelsExport().run(""), "to=[label image]");
		assertEquals("macro-a-labels", labels.getTitle());
		assertEquals(1, (int) labels.getProcessor().getPixelValue(6, 6));
		assertEquals(0, (int) labels.getProcessor().getPixelValue(1, 1));

		final ImagePlus b = image("macro-b");
		b.show();
		final RuntimeException e = assertThrows(RuntimeException.class, () -> BatchMacro.run(() -> new LabelsExport().run(""),
			"to=[label image]"));
		assertEquals(ij.Macro.MACRO_CANCELED, e.getMessage(), "the macro stops (the one-line reason goes to stderr without ImageJ's window)");
	}
}
