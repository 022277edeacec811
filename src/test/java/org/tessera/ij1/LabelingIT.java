package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabkitLabeling;
import org.tessera.core.ImageFiles;
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
		final LabelCanvas exported = LabelCanvas.load(dir.resolve("labels.tif"));
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
}
