package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabkitLabeling;
import org.tessera.imagej.ImageFiles;
import org.tessera.labeltool.LabelTransfer;
import org.tessera.sam.SamTestData;
import org.tessera.testutil.Builds;
import org.tessera.testutil.CliRun;

import ij.ImagePlus;

/**
 * The FastSAM labeling tool used like a person under Xvfb ({@link LabelingDriver}):
 * clicks, Enter, Esc, a dragged box, undo and redo, a class and the brush, the
 * eraser; exports and an import. Then the exported labels are checked against
 * what the headless {@code fastsam} command gives for the same clicks and box.
 */
class LabelingIT {

	@Test
	void clicksAndKeysLabelTheObjectsUndoRestoresAndTheExportsMatchTheHeadlessCommand() throws Exception {
		final Path model = SamTestData.FOLLOW.toAbsolutePath();
		final MenuIT.Driven r = MenuIT.driveWithRetry("labeling", model.toString());
		final var got = r.results();
		assertEquals(0, r.exit(), r.log());
		assertEquals("true", got.get("done"), r.log());
		assertEquals("FastSAM Labeling (Tessera)", got.get("tool"));
		assertEquals("0", got.get("afterEsc"), "Esc rejects the proposal");
		assertEquals("true proposal=false", got.get("shiftClickNegative"), "a shift-click is a negative point");
		assertEquals("0", got.get("afterUndo"));
		assertEquals("3", got.get("afterRedo"));
		assertEquals("0", got.get("afterUndoAgain"));
		assertEquals("BRUSH", got.get("mode"));
		assertEquals("4", got.get("painted"), "a brush stroke on background is a new object (label 3 was undone, labels are not reused)");
		assertEquals("1", got.get("paintedClass"), "key 2 chose the second class");
		assertEquals("0", got.get("erased"));
		assertEquals("1", got.get("eraseUndone"));
		assertEquals("3", got.get("rois"), "rectangle, disc, brush stroke");
		assertEquals("300x200 max=4", got.get("labelWindow"));
		assertEquals("true", got.get("autosave"));
		assertEquals("true", got.get("importSame"));
		assertEquals("[nucleus, cell]", got.get("importClasses"));
		MenuIT.assertScreenshots("labeling-proposal.png", "labeling-labels.png");

		// the exported label image: objects 1 and 2 are exactly what `fastsam` gives headless for the same clicks
		final Path dir = Builds.target().resolve("ui-test").resolve("out").resolve("labeling");
		final LabelCanvas exported = LabelTransfer.load(dir.resolve("labels.tif"));
		final Path image = dir.resolve("objects.tif");
		final String[][] clicks = { { "70.5,75.5", "1" }, { "200.5,120.5", "2" } };
		for (final String[] click : clicks) {
			final Path headless = dir.resolve("headless-" + click[1] + ".tif");
			final CliRun.Result run = CliRun.tessera("fastsam", "input=" + image, "model=" + model, "mode=points", "points=" + click[0], "output=" +
				headless);
			assertEquals(0, run.code(), run.err());
			final ImagePlus h = ImageFiles.read(headless, "headless");
			int differ = 0, area = 0;
			for (int y = 0; y < h.getHeight(); y++)
				for (int x = 0; x < h.getWidth(); x++) {
					final boolean inHeadless = h.getProcessor().getPixelValue(x, y) == 1;
					final boolean inTool = exported.label(x, y, 0) == (click[1].equals("1") ? 1 : 2);
					if (inHeadless) area++;
					if (inHeadless != inTool) differ++;
				}
			assertTrue(area > 1000, "the headless object is there");
			assertEquals(0, differ, "object " + click[1] + " differs from the headless command's in " + differ + " pixels");
		}
		// object classes travel with the label TIFF (class table) and the Labkit file
		assertEquals("cell", exported.classes().get(exported.classOf(3)).name());
		final LabelCanvas labkit = LabkitLabeling.read(dir.resolve("labels.labeling"));
		assertEquals(3, labkit.objects());
		final List<String> classes = new java.util.ArrayList<>();
		for (int l = 1; l <= labkit.objects(); l++) classes.add(labkit.classes().get(labkit.classOf(l)).name());
		assertEquals(List.of("nucleus", "nucleus", "cell"), classes);
		assertTrue(Files.size(dir.resolve("objects.tessera-labels.tif")) > 0);
	}

	/**
	 * The "done when": a sample opened from the menu, several nuclei
	 * labelled with clicks and the built-in model, undo, export to a label image
	 * and to Labkit's format; the same objects come from the headless command.
	 */
	@Test
	void nucleiOfAMenuSampleLabelledWithClicksAndTheBuiltInModelMatchTheHeadlessCommand() throws Exception {
		final MenuIT.Driven r = MenuIT.driveWithRetry("labeling-nuclei", "builtin");
		final var got = r.results();
		assertEquals(0, r.exit(), r.log());
		assertEquals("true", got.get("done"), r.log());
		final String[] clicks = got.get("clicks").split(";");
		assertEquals(5, clicks.length, r.log());
		// the built-in model learnt real nuclei; on this synthetic sample a click selects its nucleus with IoU 0.64 to 0.93
		double sum = 0;
		final String[] ious = got.get("ious").split(";");
		for (final String iou : ious) {
			assertTrue(Double.parseDouble(iou) > 0.6, "IoU with the true nucleus " + iou + "; all: " + got.get("ious"));
			sum += Double.parseDouble(iou);
		}
		assertTrue(sum / ious.length > 0.75, "mean IoU with the true nuclei: " + got.get("ious"));
		assertEquals("0", got.get("lastAfterUndo"), "Ctrl+Z removed the fifth nucleus");
		assertEquals("true", got.get("autosave"));
		MenuIT.assertScreenshots("labeling-nuclei.png");

		final Path dir = Builds.target().resolve("ui-test").resolve("out").resolve("labeling-nuclei");
		final LabelCanvas exported = LabelTransfer.load(dir.resolve("labels.tif"));
		assertEquals(4, exported.objects());
		final LabelCanvas labkit = LabkitLabeling.read(dir.resolve("labels.labeling"));
		assertEquals(4, labkit.objects());
		// other Tessera commands use the exported labels: statistics of the 4 objects
		final Path stats = dir.resolve("statistics.csv");
		final CliRun.Result measured = CliRun.tessera("label-statistics", "input=" + dir.resolve("nuclei.tif"), "labels=" + dir.resolve(
			"labels.tif"), "device=CPU", "output=" + stats);
		assertEquals(0, measured.code(), measured.err());
		assertEquals(1 + 4, Files.readAllLines(stats).size(), "a header and one row per labelled nucleus");
		final boolean[] earlier = new boolean[256 * 256];
		for (int k = 0; k < 4; k++) {
			final Path headless = dir.resolve("headless-" + (k + 1) + ".tif");
			final CliRun.Result run = CliRun.tessera("fastsam", "input=" + dir.resolve("nuclei.tif"), "mode=points", "points=" + clicks[k],
				"output=" + headless);
			assertEquals(0, run.code(), run.err());
			final ImagePlus h = ImageFiles.read(headless, "headless");
			int differ = 0;
			for (int y = 0; y < 256; y++)
				for (int x = 0; x < 256; x++) {
					final int i = y * 256 + x;
					// the tool paints only pixels no earlier object has
					final boolean inHeadless = h.getProcessor().getPixelValue(x, y) == 1 && !earlier[i];
					if (inHeadless != (exported.label(x, y, 0) == k + 1)) differ++;
					if (labkit.label(x, y, 0) != exported.label(x, y, 0)) differ++;
				}
			assertEquals(0, differ, "object " + (k + 1) + " at " + clicks[k] + ": the tool, its Labkit export and the headless command differ");
			for (int y = 0; y < 256; y++)
				for (int x = 0; x < 256; x++)
					if (exported.label(x, y, 0) == k + 1) earlier[y * 256 + x] = true;
		}
	}
}
