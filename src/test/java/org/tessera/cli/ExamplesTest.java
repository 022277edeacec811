package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.core.AxisImg;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/** The Groovy and Jython examples in scripts/examples run and blur like the library does. */
class ExamplesTest {

	@TempDir
	Path tmp;

	@ParameterizedTest
	@ValueSource(strings = { "gaussian_blur.groovy", "gaussian_blur.py" })
	void exampleBlursTheSampleImage(final String script) {
		final Path out = tmp.resolve(script + ".tif");
		final org.tessera.testutil.CliRun.Result r = org.tessera.testutil.CliRun.tessera("run", "scripts/examples/" + script, "input=test-images/nuclei2d.tif", "output=" + out,
			"sigma=3", "device=CPU");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("blurred nuclei2d.tif (sigma 3, device CPU)"), r.out());
		final AxisImg<UnsignedShortType> in = ImagePlusViews.wrapReal(ImageFiles.read(Path.of("test-images/nuclei2d.tif"), "in"));
		final AxisImg<UnsignedShortType> written = ImagePlusViews.wrapReal(ImageFiles.read(out, "out"));
		assertArrayEquals(TestImages.values(GaussianBlur.of(3).apply(in)), TestImages.values(written));
	}

	@org.junit.jupiter.api.Test
	void labelStatisticsExampleWritesTheCommandsTable() throws java.io.IOException {
		final Path script = tmp.resolve("script.csv"), command = tmp.resolve("command.csv");
		final org.tessera.testutil.CliRun.Result r = org.tessera.testutil.CliRun.tessera("run", "scripts/examples/label_statistics.groovy",
			"input=test-images/nuclei2d.tif", "labels=test-images/nuclei2d-labels.tif", "output=" + script, "device=CPU");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().startsWith("40 labels in nuclei2d.tif; the largest, label "), r.out());
		final org.tessera.testutil.CliRun.Result c = org.tessera.testutil.CliRun.tessera("label-statistics", "input=test-images/nuclei2d.tif",
			"labels=test-images/nuclei2d-labels.tif", "output=" + command, "device=CPU");
		assertEquals(0, c.code(), c.err());
		assertEquals(java.nio.file.Files.readAllLines(command), java.nio.file.Files.readAllLines(script));
	}

	@org.junit.jupiter.api.Test
	void starDistExampleGivesTheCommandsLabels() {
		final Path script = tmp.resolve("script.tif"), command = tmp.resolve("command.tif");
		final org.tessera.testutil.CliRun.Result r = org.tessera.testutil.CliRun.tessera("run", "scripts/examples/stardist_nuclei.groovy",
			"input=test-images/nuclei2d.tif", "output=" + script, "tiles=2");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().matches("(?s)\\d+ nuclei in nuclei2d.tif; the largest, label \\d+, covers \\d+ pixels.*"), r.out());
		final org.tessera.testutil.CliRun.Result c = org.tessera.testutil.CliRun.tessera("stardist", "input=test-images/nuclei2d.tif", "output=" +
			command);
		assertEquals(0, c.code(), c.err());
		final double[] fromCommand = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(command, "c")));
		assertTrue(java.util.Arrays.stream(fromCommand).max().orElse(0) >= 30, "the built-in model finds the sample's nuclei");
		assertArrayEquals(fromCommand, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(script, "s"))));
	}

	/** The labeling example's objects are those the headless fastsam command gives for the same clicks. */
	@org.junit.jupiter.api.Test
	void labelingExampleWritesTheClickedObjectsToLabkitAndALabelImage() throws Exception {
		final Path labkit = tmp.resolve("clicked.labeling");
		final org.tessera.testutil.CliRun.Result r = org.tessera.testutil.CliRun.tessera("run", "scripts/examples/label_with_clicks.groovy",
			"input=test-images/nuclei2d.tif", "clicks=114,114;209,174", "objectClass=nucleus #ff0000", "output=" + labkit);
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("2 objects written to"), r.out());
		final org.tessera.annotate.LabelCanvas read = org.tessera.annotate.LabkitLabeling.read(labkit);
		final org.tessera.annotate.LabelCanvas image = org.tessera.labeltool.LabelTransfer.load(tmp.resolve("clicked-labels.tif"));
		assertEquals(2, read.objects());
		assertEquals("nucleus", read.classes().get(read.classOf(1)).name());
		int k = 0;
		for (final String click : new String[] { "114,114", "209,174" }) {
			k++;
			final Path one = tmp.resolve("one-" + k + ".tif");
			final org.tessera.testutil.CliRun.Result c = org.tessera.testutil.CliRun.tessera("fastsam", "input=test-images/nuclei2d.tif",
				"mode=points", "points=" + click, "output=" + one);
			assertEquals(0, c.code(), c.err());
			final ij.ImagePlus h = ImageFiles.read(one, "one");
			int differ = 0, area = 0;
			for (int y = 0; y < h.getHeight(); y++)
				for (int x = 0; x < h.getWidth(); x++) {
					final boolean in = h.getProcessor().get(x, y) == 1;
					if (in) area++;
					if (in != (read.label(x, y, 0) == k)) differ++;
					if (read.label(x, y, 0) != image.label(x, y, 0)) differ++;
				}
			assertTrue(area > 50, "click " + click + " selects a nucleus");
			assertEquals(0, differ, "click " + click);
		}
	}

	/**
	 * Runs a training example on test-images/nuclei2d.tif for {@code steps}, checks it
	 * validated at the last step and found about as many objects as the labels have,
	 * and gives that number, for the command run on the model it wrote.
	 */
	private static int trainingExampleFinds(final String script, final Path model, final int steps) {
		final org.tessera.testutil.CliRun.Result r = org.tessera.testutil.CliRun.tessera("run", script, "input=test-images/nuclei2d.tif",
			"labels=test-images/nuclei2d-labels.tif", "model=" + model, "steps=" + steps);
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("step " + steps + ": validation loss"), r.out());
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) objects in nuclei2d.tif \\(the labels have (\\d+)\\)").matcher(r.out());
		assertTrue(m.find(), r.out());
		final int found = Integer.parseInt(m.group(1)), truth = Integer.parseInt(m.group(2));
		assertTrue(found > truth / 2 && found < 2 * truth, found + " objects for " + truth);
		return found;
	}

	/** The number of objects of a label image the command wrote. */
	private static int objects(final Path labels) {
		return java.util.Arrays.stream(TestImages.planeInts(ImageFiles.read(labels, "labels"))).max().getAsInt();
	}

	@org.junit.jupiter.api.Test
	void trainUNetExampleWritesAModelFolderThatTheCommandRuns() {
		final Path model = tmp.resolve("unet"), script = tmp.resolve("objects.tif");
		final int found = trainingExampleFinds("scripts/examples/train_unet.groovy", model, 30);
		final org.tessera.testutil.CliRun.Result c = org.tessera.testutil.CliRun.tessera("unet", "input=test-images/nuclei2d.tif", "model=" + model,
			"output=" + tmp.resolve("classes.tif"), "object_labels=" + script);
		assertEquals(0, c.code(), c.err());
		assertEquals(found, objects(script), "the command finds what the script found");
	}

	@org.junit.jupiter.api.Test
	void trainStarDistExampleFineTunesAModelThatTheCommandRuns() {
		final Path model = tmp.resolve("stardist"), labels = tmp.resolve("stardist-labels.tif");
		final int found = trainingExampleFinds("scripts/examples/train_stardist.groovy", model, 10);
		final org.tessera.testutil.CliRun.Result c = org.tessera.testutil.CliRun.tessera("stardist", "input=test-images/nuclei2d.tif", "model=" + model,
			"output=" + labels);
		assertEquals(0, c.code(), c.err());
		assertEquals(found, objects(labels), "the command finds what the script found");
	}
}
