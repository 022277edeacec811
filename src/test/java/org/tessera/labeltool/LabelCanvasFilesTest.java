package org.tessera.labeltool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.testutil.Canvases.snapshot;
import static org.tessera.testutil.Canvases.square;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.annotate.LabelCanvas;
import org.tessera.imagej.ImageFiles;

import ij.ImagePlus;

/** A canvas as a label image and a label image file (TIFF and class table): autosave, save and load, 16- and 32-bit images. */
class LabelCanvasFilesTest {

	@TempDir
	Path tmp;

	@Test
	void autosaveFollowsEveryStepUndoAndRedo() throws Exception {
		final LabelCanvas c = new LabelCanvas(12, 9, 2);
		final int cell = c.addClass("cell", 0x3366ff);
		final Path file = tmp.resolve("labels.tif");
		c.autosaveTo(file, LabelTransfer::save);
		assertArrayEquals(snapshot(c), saved(file));
		c.addObject(1, 2, 2, 4, 4, square(4), cell);
		assertArrayEquals(snapshot(c), saved(file));
		assertEquals(List.of("label,class,class_name,colour", "1,1,cell,#3366ff"), Files.readAllLines(LabelCanvas.classTable(file)));
		c.dab(1, 8, 6, 2, 1);
		assertArrayEquals(snapshot(c), saved(file));
		c.undo();
		assertArrayEquals(snapshot(c), saved(file));
		c.undo();
		assertArrayEquals(new int[12 * 9 * 2], saved(file));
		c.redo();
		assertArrayEquals(snapshot(c), saved(file));
		// no temporary files left beside it
		try (var files = Files.list(tmp)) {
			assertEquals(List.of("labels-classes.csv", "labels.tif"), files.map(p -> p.getFileName().toString()).sorted().toList());
		}
	}

	private static int[] saved(final Path file) {
		final ImagePlus imp = ImageFiles.read(file, "saved");
		final int plane = imp.getWidth() * imp.getHeight();
		final int[] v = new int[plane * imp.getStackSize()];
		for (int z = 0; z < imp.getStackSize(); z++) {
			final ij.process.ImageProcessor ip = imp.getStack().getProcessor(z + 1);
			for (int i = 0; i < plane; i++) v[z * plane + i] = (int) ip.getf(i);
		}
		return v;
	}
	@Test
	void loadReadsBackWhatSaveWroteWithClasses() throws Exception {
		final LabelCanvas c = new LabelCanvas(8, 6, 2);
		final int cell = c.addClass("cell", 0x3366ff);
		c.setClass(0, new LabelCanvas.LabelClass("nucleus", 0xff0000));
		c.addObject(0, 0, 0, 2, 2, square(2), cell);
		c.addObject(1, 3, 3, 3, 3, square(3), 0);
		c.addObject(0, 5, 0, 2, 2, square(2), 0);
		c.undo(); // label 3 gone: the file has labels 1 and 2
		c.addObject(0, 4, 4, 2, 2, square(2), cell); // label 4
		final Path file = tmp.resolve("l.tif");
		LabelTransfer.save(c, file);
		final LabelCanvas back = LabelTransfer.load(file);
		assertEquals(List.of("nucleus", "cell"), back.classes().stream().map(LabelCanvas.LabelClass::name).toList());
		assertEquals(0x3366ff, back.classes().get(1).rgb());
		assertEquals(3, back.objects(), "labels 1, 2, 4 become 1, 2, 3");
		assertEquals(1, back.label(1, 1, 0));
		assertEquals(cell, back.classOf(1));
		assertEquals(2, back.label(4, 4, 1));
		assertEquals(0, back.classOf(2));
		assertEquals(3, back.label(5, 5, 0));
		assertEquals(cell, back.classOf(3));
		assertFalse(back.canUndo());
		Files.writeString(LabelCanvas.classTable(file), "label,class,class_name,colour\n1,x,cell,#3366ff\n");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelTransfer.load(file)).getMessage().contains("line 2: not a number"));
	}

	@Test
	void imagesAre16BitUpTo65535ObjectsThen32Bit() {
		final LabelCanvas c = new LabelCanvas(300, 300, 1);
		final boolean[] dot = { true };
		for (int k = 0; k < 65535; k++) c.addObject(0, k % 300, k / 300, 1, 1, dot, 0);
		final ImagePlus shorts = LabelTransfer.toImagePlus(c, "labels");
		assertEquals(16, shorts.getBitDepth());
		assertEquals(65535, shorts.getProcessor().getf(65534 % 300, 65534 / 300), "the largest 16-bit label, unsigned");
		assertEquals(1, shorts.getProcessor().getf(0, 0));
		c.addObject(0, 65535 % 300, 65535 / 300, 1, 1, dot, 0);
		final ImagePlus floats = LabelTransfer.toImagePlus(c, "labels");
		assertEquals(32, floats.getBitDepth());
		assertEquals(65536, floats.getProcessor().getf(65535 % 300, 65535 / 300));
		assertArrayEquals(snapshot(c), snapshot(LabelTransfer.fromLabelImage(floats)));
	}
}
