package org.tessera.annotate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.testutil.Canvases.snapshot;
import static org.tessera.testutil.Canvases.square;

import java.nio.file.Files;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** Labeling steps, their undo and redo, classes and changes, on a small canvas whose every pixel is checked. */
class LabelCanvasTest {

	@TempDir
	Path tmp;

	@Test
	void objectsFromMasksTakeOnlyUnlabelledPixels() {
		final LabelCanvas c = new LabelCanvas(20, 10, 1);
		assertEquals(1, c.addObject(0, 2, 2, 5, 5, square(5), 0));
		// overlaps the first by a 2 x 3 corner: those pixels stay label 1
		assertEquals(2, c.addObject(0, 5, 4, 4, 4, square(4), 0));
		assertEquals(1, c.label(5, 4, 0));
		assertEquals(1, c.label(6, 6, 0));
		assertEquals(2, c.label(7, 4, 0));
		assertEquals(2, c.label(5, 7, 0));
		assertEquals(25, count(c, 1));
		assertEquals(16 - 6, count(c, 2));
		// a mask partly outside the canvas is clipped; one over labelled pixels only adds nothing
		assertEquals(3, c.addObject(0, 18, 8, 4, 4, square(4), 0));
		assertEquals(4, count(c, 3));
		assertEquals(0, c.addObject(0, 2, 2, 2, 2, square(2), 0));
		assertEquals(3, c.objects());
	}

	private static int count(final LabelCanvas c, final int label) {
		int n = 0;
		for (final int v : snapshot(c)) if (v == label) n++;
		return n;
	}

	@Test
	void everyStepUndoesAndRedoesExactly() {
		final LabelCanvas c = new LabelCanvas(16, 12, 2);
		final java.util.List<int[]> states = new java.util.ArrayList<>();
		states.add(snapshot(c));
		c.addObject(0, 1, 1, 6, 6, square(6), 0);
		states.add(snapshot(c));
		c.addObject(1, 4, 4, 5, 5, square(5), 0); // another slice
		states.add(snapshot(c));
		// one brush stroke of several dabs growing object 1 into object 2's slice-0 neighbourhood
		c.beginStroke("brush 1");
		for (int x = 6; x <= 12; x++) c.dab(0, x, 3, 1.5, 1);
		c.finishStroke();
		states.add(snapshot(c));
		// the eraser cuts through object 1 and the brush stroke
		c.beginStroke("erase");
		for (int y = 0; y < 12; y++) c.dab(0, 4, y, 1, 0);
		c.finishStroke();
		states.add(snapshot(c));
		assertEquals("erase", c.undoName());
		// undo walks back through every state, redo forward again
		for (int k = states.size() - 1; k > 0; k--) {
			assertArrayEquals(states.get(k), snapshot(c), "state " + k);
			assertTrue(c.undo());
		}
		assertArrayEquals(states.get(0), snapshot(c));
		assertFalse(c.undo());
		for (int k = 1; k < states.size(); k++) {
			assertTrue(c.redo());
			assertArrayEquals(states.get(k), snapshot(c), "redo to state " + k);
		}
		assertFalse(c.redo());
		// a new step after an undo drops the undone ones
		c.undo();
		c.dab(1, 6, 6, 2, 0);
		assertFalse(c.canRedo());
		assertTrue(c.undo());
		assertArrayEquals(states.get(3), snapshot(c));
	}

	@Test
	void aStrokeThatPaintsAPixelTwiceUndoesToItsFirstValue() {
		final LabelCanvas c = new LabelCanvas(10, 10, 1);
		c.addObject(0, 0, 0, 4, 4, square(4), 0);
		c.addObject(0, 6, 6, 4, 4, square(4), 0);
		final int[] before = snapshot(c);
		c.beginStroke("mixed");
		c.dab(0, 3, 3, 2, 2); // object 1's corner becomes 2
		c.dab(0, 3, 3, 2, 0); // then erased
		c.dab(0, 3, 3, 1, 1); // and partly painted 1 again
		c.finishStroke();
		assertEquals(1, c.label(3, 3, 0));
		assertEquals(0, c.label(5, 3, 0));
		assertTrue(c.undo());
		assertArrayEquals(before, snapshot(c));
	}

	@Test
	void classesNameTheObjectsAndBadInputIsOneLine() {
		final LabelCanvas c = new LabelCanvas(8, 8, 1);
		final int nucleus = c.addClass("nucleus", 0x00ff00);
		assertEquals(List.of("object", "nucleus"), c.classes().stream().map(LabelCanvas.LabelClass::name).toList());
		final int l = c.addObject(0, 0, 0, 3, 3, square(3), nucleus);
		assertEquals(nucleus, c.classOf(l));
		assertEquals(-1, c.classOf(0));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> c.addObject(0, 0, 0, 2, 2, square(2), 5)).getMessage().contains(
			"class 5 does not exist"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> c.dab(0, 1, 1, 1, 9)).getMessage().contains("label 9 does not exist"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> c.dab(1, 1, 1, 1, 0)).getMessage().contains("slice 1 is not in 0..0"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> c.addClass("a,b", 0)).getMessage().contains("commas"));
	}

	@Test
	void aBrushStrokeOnBackgroundIsANewObjectAndAnEmptyOneGivesItsLabelBack() {
		final LabelCanvas c = new LabelCanvas(10, 10, 1);
		final int cell = c.addClass("cell", 0x00ff00);
		final int l = c.beginObjectStroke(cell);
		assertEquals(1, l);
		c.dab(0, 3, 3, 1, l);
		c.dab(0, 4, 3, 1, l);
		c.finishStroke();
		assertEquals(cell, c.classOf(1));
		assertEquals(1, c.label(4, 3, 0));
		assertTrue(c.undo());
		assertEquals(0, c.label(4, 3, 0), "the whole stroke is one step");
		assertTrue(c.redo());
		assertEquals(1, c.label(3, 3, 0));
		c.beginObjectStroke(0);
		c.finishStroke();
		assertEquals(1, c.objects(), "a stroke that painted nothing gives its label back");
		assertEquals("paint object 1", c.undoName());
	}

	@Test
	void severalObjectsAreOneStepOnUnlabelledPixels() {
		final LabelCanvas c = new LabelCanvas(6, 4, 2);
		c.addObject(0, 0, 0, 2, 2, square(2), 0);
		// what is imported: a canvas with left (x < 3, without the top-left 2 x 2) and a square (that 2 x 2) on slice 0, all of slice 1
		final LabelCanvas from = new LabelCanvas(6, 4, 2);
		final boolean[] left = new boolean[24], all = new boolean[24], corner = new boolean[24];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 3; x++) {
				left[y * 6 + x] = x >= 2 || y >= 2;
				corner[y * 6 + x] = x < 2 && y < 2;
			}
		java.util.Arrays.fill(all, true);
		from.addObjectAcrossSlices(new boolean[][] { left, null }, 0);
		from.addObjectAcrossSlices(new boolean[][] { null, all }, 0);
		from.addObjectAcrossSlices(new boolean[][] { corner, null }, 0);
		final int[] given = c.addObjectsOf(from, l -> 0, "import");
		assertArrayEquals(new int[] { 2, 3, 0 }, java.util.Arrays.copyOfRange(given, 1, 4), "the third covers only labelled pixels");
		assertEquals(1, c.label(1, 1, 0), "object 1 keeps its pixels");
		assertEquals(2, c.label(2, 3, 0));
		assertEquals(3, c.label(5, 3, 1));
		assertEquals("import", c.undoName());
		c.undo();
		assertEquals(0, c.label(2, 3, 0));
		assertEquals(0, c.label(5, 3, 1));
		assertEquals(1, c.label(1, 1, 0));
	}

	@Test
	void changedSinceBoundsEveryEditOfTheSlice() {
		final int W = 12, H = 10;
		final LabelCanvas c = new LabelCanvas(W, H, 2);
		assertEquals(0, c.edits());
		assertEquals(null, c.changedSince(0, 0));
		final int object = c.beginObjectStroke(0);
		c.dab(1, 5, 4, 1, object);
		c.dab(1, 7, 4, 1, object);
		c.finishStroke();
		final long afterStroke = c.edits();
		assertEquals(2, afterStroke, "one change per dab, none more for ending the stroke");
		assertArrayEquals(new int[] { 4, 3, 8, 5 }, c.changedSince(0, 1));
		assertEquals(null, c.changedSince(0, 0), "slice 0 is untouched");
		assertEquals(null, c.changedSince(afterStroke, 1));
		c.dab(1, -5, -5, 1, object); // wholly outside the canvas: no change
		assertEquals(afterStroke, c.edits());

		c.addObject(0, 2, 3, 2, 2, new boolean[] { true, false, false, true }, 0);
		assertArrayEquals(new int[] { 2, 3, 3, 4 }, c.changedSince(afterStroke, 0), "the pixels the mask painted");
		assertEquals(null, c.changedSince(afterStroke, 1));
		final long afterAdd = c.edits();
		c.undo();
		assertArrayEquals(new int[] { 2, 3, 3, 4 }, c.changedSince(afterAdd, 0));
		c.undo();
		assertArrayEquals(new int[] { 4, 3, 8, 5 }, c.changedSince(afterAdd, 1), "undoing the stroke: where it painted");
		c.setClass(0, new LabelCanvas.LabelClass("nucleus", 0x00ff00));
		final long recoloured = c.edits() - 1;
		assertArrayEquals(new int[] { 0, 0, W - 1, H - 1 }, c.changedSince(recoloured, 0), "a new colour changes every slice");
		assertArrayEquals(new int[] { 0, 0, W - 1, H - 1 }, c.changedSince(recoloured, 1));
	}

	@Test
	void changesLongAgoReportTheWholeSlice() {
		final LabelCanvas c = new LabelCanvas(12, 10, 1);
		final int object = c.beginObjectStroke(0);
		for (int k = 0; k < 200; k++) c.dab(0, 1 + k % 2, 1, 0.5, k % 2 == 0 ? object : 0);
		c.finishStroke();
		assertEquals(1, c.edits(), "erasing where nothing is, or painting what is painted, changes nothing");
		for (int k = 0; k < 200; k++) c.dab(0, 5, 5, 0.5, k % 2 == 0 ? object : 0);
		assertEquals(201, c.edits());
		assertArrayEquals(new int[] { 0, 0, 11, 9 }, c.changedSince(0, 0), "the first changes are forgotten: all of it");
		assertArrayEquals(new int[] { 4, 4, 6, 6 }, c.changedSince(c.edits() - 3, 0), "the last ones are known");
	}

	/** The class table is written and read without any image; the saver runs after every step, undo and redo. */
	@Test
	void classTablesAndAutosaveNeedNoImageLibrary() throws Exception {
		final LabelCanvas c = new LabelCanvas(6, 5, 1);
		final int cell = c.addClass("cell", 0x3366ff);
		final List<String> saves = new java.util.ArrayList<>();
		final Path file = tmp.resolve("labels.bin");
		c.autosaveTo(file, (canvas, path) -> {
			saves.add(path.getFileName() + " " + canvas.objects());
			canvas.writeClassTable(path);
		});
		c.addObject(0, 1, 1, 2, 2, square(2), cell);
		c.addObject(0, 4, 3, 2, 2, square(2), 0);
		c.undo();
		c.redo();
		assertEquals(List.of("labels.bin 0", "labels.bin 1", "labels.bin 2", "labels.bin 2", "labels.bin 2"), saves);
		assertEquals(List.of("label,class,class_name,colour", "1,1,cell,#3366ff", "2,0,object,#ffff00"), Files.readAllLines(LabelCanvas
			.classTable(file)));
		final LabelCanvas.ClassTable table = LabelCanvas.readClassTable(file);
		assertEquals(c.classes(), table.classes());
		assertEquals(cell, table.classOf(1));
		assertEquals(0, table.classOf(2));
		assertEquals(0, table.classOf(7), "labels the table does not name");
		final int[] values = snapshot(c);
		final LabelCanvas back = LabelCanvas.ofValues(6, 5, 1, values, table.classes(), table::classOf);
		assertArrayEquals(values, snapshot(back));
		assertEquals(cell, back.classOf(1));
		assertEquals(List.of(), LabelCanvas.readClassTable(tmp.resolve("none.tif")).classes(), "no table: no classes");
	}
}
