package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Datasets;
import org.tessera.testutil.Matching;
import org.tessera.testutil.TestImages;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;

/**
 * {@code train-stardist} from the command line as a user runs it: the built-in
 * fluorescence model, which finds almost nothing in grey brightfield images
 * (dark nuclei on a bright background), is fine-tuned on two of them; the
 * model folder it writes is run by {@code stardist} and segments a held-back
 * image of that kind far better than the built-in model; the record says what
 * was trained; bad input is one line.
 */
class StarDistTrainCommandTest {

	@TempDir
	static Path tmp;

	static Path data, model;
	static List<String> grey;
	static CliRun.Result trained;

	@BeforeAll
	static void fineTuneOnTwoImages() throws IOException {
		final Path folder = Datasets.require("nuclei2d-brightfield");
		grey = new ArrayList<>();
		for (final String n : Datasets.names(folder))
			if (ImageFiles.read(folder.resolve("images").resolve(n + ".tif"), n).getType() != ImagePlus.COLOR_RGB) grey.add(n);
		grey.sort(null);
		data = tmp.resolve("data");
		Datasets.copy(folder, grey.subList(0, 2), data.resolve("train"));
		Datasets.copy(folder, grey.subList(2, 3), data.resolve("val"));
		Datasets.copy(folder, grey.subList(5, 6), data.resolve("test"));
		model = tmp.resolve("model");
		trained = CliRun.tessera("train-stardist", "images=" + data.resolve("train/images"), "label_images=" + data.resolve("train/labels"),
			"validation_images=" + data.resolve("val/images"), "validation_labels=" + data.resolve("val/labels"), "steps=150", "batch=4", "patch=96",
			"seed=3", "model=" + model);
	}

	@Test
	void fineTuningWritesAModelFolderWithItsRecord() throws IOException {
		assertEquals(0, trained.code(), trained.err());
		assertTrue(trained.out().contains("trained StarDist (from fluorescence) on 2 images for 150 steps"), trained.out());
		assertTrue(trained.err().contains("train-stardist: 100%"), "progress on stderr: " + trained.err());
		for (final String f : List.of("model.onnx", "config.json", "thresholds.json", "training.json"))
			assertTrue(Files.isRegularFile(model.resolve(f)), f);
		final JsonObject record = JsonParser.parseString(Files.readString(model.resolve("training.json"))).getAsJsonObject();
		assertEquals("fluorescence", record.get("fine_tuned_from").getAsString());
		assertEquals(2, record.getAsJsonArray("training_images").size());
		assertEquals("frozen (fine-tuning)", record.getAsJsonObject("settings").get("batch_norm").getAsString());
		final JsonObject result = record.getAsJsonObject("result");
		assertEquals(150, result.get("steps_done").getAsInt());
		final JsonObject thresholds = JsonParser.parseString(Files.readString(model.resolve("thresholds.json"))).getAsJsonObject();
		assertEquals(thresholds, result.getAsJsonObject("thresholds"));
		try (StarDistModel m = StarDistModel.load(model)) {
			assertEquals(32, m.config().nRays());
			assertEquals(1, m.config().channelsIn());
			assertEquals(thresholds.get("prob").getAsDouble(), m.thresholds().prob());
		}
	}

	@Test
	void theFineTunedModelSegmentsAHeldBackImageBetterThanTheBuiltInOne() {
		assertEquals(0, trained.code(), trained.err());
		final String n = grey.get(5);
		final Path in = data.resolve("test/images").resolve(n + ".tif"), tuned = tmp.resolve("tuned.tif"), builtIn = tmp.resolve("built-in.tif");
		final CliRun.Result a = CliRun.tessera("stardist", "input=" + in, "model=" + model, "output=" + tuned);
		assertEquals(0, a.code(), a.err());
		final CliRun.Result b = CliRun.tessera("stardist", "input=" + in, "model=fluorescence", "output=" + builtIn);
		assertEquals(0, b.code(), b.err());
		final int[] truth = TestImages.planeInts(ImageFiles.read(data.resolve("test/labels").resolve(n + ".tif"), "truth"));
		final double apTuned = Matching.ap(truth, TestImages.planeInts(ImageFiles.read(tuned, "tuned")));
		final double apBuiltIn = Matching.ap(truth, TestImages.planeInts(ImageFiles.read(builtIn, "built-in")));
		System.out.printf("grey brightfield %s: AP@0.5 built-in fluorescence %.3f, fine-tuned on 2 images for 150 steps %.3f%n", n, apBuiltIn, apTuned);
		assertTrue(apTuned > apBuiltIn + 0.1, "AP@0.5 " + apBuiltIn + " -> " + apTuned);
	}

	@Test
	void theTrainedFolderExportsToABioImageIoPackageThatSegmentsTheSame() {
		assertEquals(0, trained.code(), trained.err());
		final Path in = data.resolve("test/images").resolve(grey.get(5) + ".tif"), pkg = tmp.resolve("trained.zip");
		final CliRun.Result e = CliRun.tessera("stardist-export", "input=" + in, "model=" + model, "output=" + pkg);
		assertEquals(0, e.code(), e.err());
		final Path fromFolder = tmp.resolve("from-folder.tif"), fromPackage = tmp.resolve("from-package.tif");
		assertEquals(0, CliRun.tessera("stardist", "input=" + in, "model=" + model, "output=" + fromFolder).code());
		final CliRun.Result p = CliRun.tessera("stardist", "input=" + in, "model=" + pkg, "output=" + fromPackage);
		assertEquals(0, p.code(), p.err());
		final int[] a = TestImages.planeInts(ImageFiles.read(fromFolder, "folder")), b = TestImages.planeInts(ImageFiles.read(fromPackage, "package"));
		assertTrue(java.util.Arrays.stream(a).max().getAsInt() > 10, "objects found");
		org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, "the package segments as the folder does");
	}

	@Test
	void badInputIsOneLine() throws IOException {
		final String images = "images=" + data.resolve("train/images"), labels = "label_images=" + data.resolve("train/labels");
		CliRun.assertBadInput(CliRun.tessera("train-stardist", images, labels, "fine_tune=he", "steps=1", "model=" + tmp.resolve("m1")),
			"the model to fine-tune takes 3 channels; the images have 1");
		CliRun.assertBadInput(CliRun.tessera("train-stardist", images, labels, "fine_tune=" + tmp.resolve("nothing"), "model=" + tmp.resolve("m2")),
			"fine_tune: '" + tmp.resolve("nothing") + "' is neither a built-in model");
		CliRun.assertBadInput(CliRun.tessera("train-stardist", images, labels, "patch=40", "model=" + tmp.resolve("m3")), "patch", "40");
		final Path empty = tmp.resolve("empty/labels"), im = tmp.resolve("empty/images");
		Files.createDirectories(empty);
		Files.createDirectories(im);
		final Path first = Files.list(data.resolve("train/images")).sorted().findFirst().get();
		Files.copy(first, im.resolve("a.tif"));
		final ImagePlus blank = ij.IJ.createImage("blank", "8-bit black", ImageFiles.read(first, "a").getWidth(), ImageFiles.read(first, "a")
			.getHeight(), 1);
		ij.IJ.saveAsTiff(blank, empty.resolve("a.tif").toString());
		CliRun.assertBadInput(CliRun.tessera("train-stardist", "images=" + im, "label_images=" + empty, "model=" + tmp.resolve("m4")),
			"labels of " + im.resolve("a.tif") + ": no objects labelled");
	}
}
