package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.Builds;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Datasets;
import org.tessera.testutil.Matching;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Learning from your own labels, the whole loop inside ImageJ under Xvfb
 * ({@link LabelingDriver#driveLabelAndTrain}): a person paints about ten nuclei
 * of a grey brightfield image (a kind the built-in models were not trained on)
 * with the labeling tool's brush, exports them, selects the part they labelled
 * and runs Train StarDist from the menu, watching the loss plot. The model it
 * writes then segments held-back brightfield images of that kind better than
 * the built-in model.
 */
class LabelAndTrainIT {

	/** The part of the image the person labels: about ten nuclei. */
	private static final int[] AREA = { 120, 120, 250, 250 };

	@Test
	void tenPaintedNucleiAndTrainStarDistFromTheMenuBeatTheBuiltInModelOnHeldBackImages() throws Exception {
		final Path data = Datasets.require("nuclei2d-brightfield");
		final List<String> grey = new ArrayList<>();
		for (final String n : Datasets.names(data))
			if (ImageFiles.read(data.resolve("images").resolve(n + ".tif"), n).getType() != ImagePlus.COLOR_RGB) grey.add(n);
		grey.sort(null);
		final Path dir = Files.createDirectories(Builds.target().resolve("ui-test").resolve("label-and-train"));
		final Path model = Builds.target().resolve("ui-test").resolve("label-model");
		if (Files.exists(model)) try (var walk = Files.walk(model)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		// the person's image: the top-left 512 x 512 of a grey brightfield image, and where its nuclei are
		final String first = grey.get(0);
		crop(ImageFiles.read(data.resolve("images").resolve(first + ".tif"), first), "brightfield", dir.resolve("brightfield.tif"));
		crop(ImageFiles.read(data.resolve("masks").resolve(first + ".tif"), "truth"), "truth", dir.resolve("truth.tif"));
		Files.writeString(dir.resolve("area.txt"), AREA[0] + "," + AREA[1] + "," + AREA[2] + "," + AREA[3]);
		Files.writeString(dir.resolve("model.txt"), "target/ui-test/label-model");

		final MenuIT.Driven d = MenuIT.driveWithRetry("label-and-train", dir.toString());
		final var r = d.results();
		final String log = d.log();
		assertEquals(0, d.exit(), log);
		assertEquals("true", r.get("done"), log);
		assertEquals("BRUSH", r.get("mode"), log);
		final int painted = Integer.parseInt(r.get("painted"));
		assertTrue(painted >= 8 && painted <= 14, painted + " nuclei painted\n" + log);
		assertEquals(r.get("objects"), String.valueOf(painted), "each nucleus its own object\n" + log);
		assertTrue(Double.parseDouble(r.get("paintedIou")) > 0.6, "the brush strokes cover the nuclei: IoU " + r.get("paintedIou") + "\n" + log);
		assertEquals("true", r.get("rectangleTool"), log);
		final String[] sel = r.get("selection").split(",");
		for (int i = 0; i < 4; i++)
			assertTrue(Math.abs(Integer.parseInt(sel[i]) - AREA[i]) <= 2, "selection " + r.get("selection") + "\n" + log);
		assertEquals("true", r.get("dialogClosed"), log);
		assertEquals("StarDist training: label-model", r.get("plot"), log);
		assertEquals("300", r.get("stepsDone"), log);
		assertTrue(r.get("thresholdsOn").startsWith("the training and validation images"), r.get("thresholdsOn"));
		MenuIT.assertScreenshots("label-train-painted.png", "label-train-dialog.png", "label-train-plot.png");

		// held-back images of that kind (other experiments' grey brightfield), pooled
		final int[] tuned = new int[3], builtIn = new int[3];
		for (final String n : grey.subList(5, 7)) {
			final Path in = data.resolve("images").resolve(n + ".tif");
			final int[] truth = TestImages.planeInts(ImageFiles.read(data.resolve("masks").resolve(n + ".tif"), "truth"));
			add(tuned, Matching.counts(truth, segment(in, model.toString(), dir.resolve(n + "-tuned.tif"))));
			add(builtIn, Matching.counts(truth, segment(in, "fluorescence", dir.resolve(n + "-built-in.tif"))));
		}
		final double apTuned = ap(tuned), apBuiltIn = ap(builtIn);
		System.out.printf("grey brightfield, 2 held-back images: AP@0.5 built-in fluorescence %.3f, trained on %d painted nuclei %.3f%n", apBuiltIn,
			painted, apTuned);
		assertTrue(apTuned > apBuiltIn + 0.1, "AP@0.5 built-in " + apBuiltIn + ", trained " + apTuned);
	}

	private static void crop(final ImagePlus imp, final String title, final Path to) {
		imp.setRoi(0, 0, 512, 512);
		final ImagePlus c = new ImagePlus(title, imp.getProcessor().crop());
		assertTrue(new FileSaver(c).saveAsTiff(to.toString()), "cannot write " + to);
	}

	private static int[] segment(final Path in, final String model, final Path out) {
		final CliRun.Result s = CliRun.tessera("stardist", "input=" + in, "model=" + model, "output=" + out);
		assertEquals(0, s.code(), s.err());
		return TestImages.planeInts(ImageFiles.read(out, "segmented"));
	}

	private static void add(final int[] sum, final int[] c) {
		for (int i = 0; i < 3; i++)
			sum[i] += c[i];
	}

	private static double ap(final int[] c) {
		return c[0] / (double) Math.max(1, c[0] + c[1] + c[2]);
	}
}
