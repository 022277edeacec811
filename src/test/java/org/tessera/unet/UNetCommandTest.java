package org.tessera.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;

/**
 * {@code train-unet} and {@code unet} from the command line on real H&E-like
 * nuclei (../shared/datasets/nuclei2d-brightfield): five images train a model
 * folder that {@code unet} then runs on held-back images, the same in one tile
 * as in four; the record says what was trained; bad input is one line.
 */
class UNetCommandTest {

	@TempDir
	static Path tmp;

	static Path data, model;
	static List<String> test;
	static CliRun.Result trained;

	@BeforeAll
	static void trainOnFiveImages() throws IOException {
		final Path folder = Datasets.require("nuclei2d-brightfield");
		final List<String> held = Datasets.brightfieldVal(folder);
		final List<String> rgb = new ArrayList<>(), trainNames = new ArrayList<>();
		for (final String n : Datasets.names(folder))
			if (ImageFiles.read(folder.resolve("images").resolve(n + ".tif"), n).getType() == ImagePlus.COLOR_RGB) rgb.add(n);
		for (final String n : rgb)
			if (!held.contains(n) && trainNames.size() < 6) trainNames.add(n);
		test = rgb.stream().filter(held::contains).limit(3).toList();
		data = tmp.resolve("data");
		Datasets.copy(folder, trainNames.subList(0, 5), data.resolve("train"));
		Datasets.copy(folder, trainNames.subList(5, 6), data.resolve("val"));
		Datasets.copy(folder, test, data.resolve("test"));
		model = tmp.resolve("model");
		trained = CliRun.tessera("train-unet", "images=" + data.resolve("train/images"), "label_images=" + data.resolve("train/labels"),
			"validation_images=" + data.resolve("val/images"), "validation_labels=" + data.resolve("val/labels"), "steps=60", "batch=4",
			"patch=64", "learning_rate=0.003", "seed=5", "model=" + model);
	}

	@Test
	void trainingWritesAModelFolderWithItsRecord() throws IOException {
		assertEquals(0, trained.code(), trained.err());
		assertTrue(trained.out().contains("trained a U-Net (background, object, boundary) on 5 images for 60 steps"), trained.out());
		assertTrue(trained.err().contains("train-unet: 100%"), "progress on stderr: " + trained.err());
		for (final String f : List.of(UNetModel.WEIGHTS, UNetModel.CONFIG, UNetModel.TRAINING))
			assertTrue(Files.isRegularFile(model.resolve(f)), f);
		final JsonObject record = JsonParser.parseString(Files.readString(model.resolve(UNetModel.TRAINING))).getAsJsonObject();
		assertEquals(5, record.getAsJsonArray("training_images").size());
		assertTrue(record.get("validation_split").getAsString().startsWith("given: "));
		assertEquals(60, record.getAsJsonObject("settings").get("steps").getAsInt());
		final JsonObject result = record.getAsJsonObject("result");
		final JsonArray history = result.getAsJsonArray("history");
		final double first = history.get(0).getAsJsonObject().get("validation_loss").getAsDouble();
		final double best = result.get("best_validation_loss").getAsDouble();
		assertTrue(best < 0.6 * first, "validation loss " + first + " -> " + best);
		try (UNetModel m = UNetModel.open(model)) {
			assertEquals(List.of("background", "object", "boundary"), m.config().classes());
			assertEquals(3, m.config().inputChannels());
		}
	}

	@Test
	void segmentsHeldBackImagesTheSameInOneTileAsInFour() {
		assertEquals(0, trained.code(), trained.err());
		int tp = 0, fp = 0, fn = 0;
		double iou = 0;
		for (final String n : test) {
			final Path in = data.resolve("test/images").resolve(n + ".tif"), cls = tmp.resolve(n + "-classes.tif"), obj = tmp.resolve(n
				+ "-objects.tif"), cls4 = tmp.resolve(n + "-classes4.tif"), prob = tmp.resolve(n + "-p.tif");
			final CliRun.Result one = CliRun.tessera("unet", "input=" + in, "model=" + model, "tiles=1", "output=" + cls, "object_labels=" + obj,
				"probabilities=true", "probability_map=" + prob);
			assertEquals(0, one.code(), one.err());
			final CliRun.Result four = CliRun.tessera("unet", "input=" + in, "model=" + model, "tiles=4", "output=" + cls4);
			assertEquals(0, four.code(), four.err());
			final int[] c = TestImages.planeInts(ImageFiles.read(cls, "classes"));
			assertArrayEquals(c, TestImages.planeInts(ImageFiles.read(cls4, "classes")), n + ": 4 tiles whose overlap covers the receptive field");
			final ImagePlus p = ImageFiles.read(prob, "probabilities");
			assertEquals(3, p.getNChannels());
			final float[] sum = new float[c.length];
			for (int k = 1; k <= 3; k++) {
				final float[] v = (float[]) p.getStack().getPixels(k);
				for (int i = 0; i < v.length; i++)
					sum[i] += v[i];
			}
			for (final float s : sum)
				assertEquals(1, s, 1e-4);
			final int[] truth = TestImages.planeInts(ImageFiles.read(data.resolve("test/labels").resolve(n + ".tif"), "truth"));
			int i1 = 0, u1 = 0;
			for (int i = 0; i < c.length; i++) {
				i1 += c[i] > 1 && truth[i] > 0 ? 1 : 0;
				u1 += c[i] > 1 || truth[i] > 0 ? 1 : 0;
			}
			iou += (double) i1 / u1 / test.size();
			final int[] counts = Matching.counts(truth, TestImages.planeInts(ImageFiles.read(obj, "objects")));
			tp += counts[0];
			fp += counts[1];
			fn += counts[2];
		}
		final double ap = tp / (double) (tp + fp + fn);
		System.out.printf("U-Net of 5 images, 60 steps, on %d held-back images: foreground IoU %.3f, AP@0.5 %.3f%n", test.size(), iou, ap);
		assertTrue(iou > 0.5, "foreground IoU " + iou);
		assertTrue(ap > 0.2, "AP@0.5 " + ap);
	}

	@Test
	void labkitFilesTrainAsTheirLabelImagesDo() throws IOException {
		final Path images = data.resolve("train/images"), tiffs = tmp.resolve("lk/tiffs"), labkit = tmp.resolve("lk/labkit"), im = tmp.resolve(
			"lk/images");
		Files.createDirectories(tiffs);
		Files.createDirectories(labkit);
		Files.createDirectories(im);
		for (final Path image : Files.list(images).sorted().limit(2).toList()) {
			final String name = image.getFileName().toString();
			Files.copy(image, im.resolve(name));
			final Path label = data.resolve("train/labels").resolve(name);
			Files.copy(label, tiffs.resolve(name));
			final int[] l = TestImages.planeInts(ImageFiles.read(label, name));
			final ImagePlus imp = ImageFiles.read(image, name);
			final int w = imp.getWidth(), h = imp.getHeight();
			final org.tessera.annotate.LabelCanvas canvas = new org.tessera.annotate.LabelCanvas(w, h, 1);
			final int cls = canvas.addClass("nucleus", 0xffff00);
			final int max = java.util.Arrays.stream(l).max().getAsInt();
			for (int k = 1; k <= max; k++) {
				final boolean[] mask = new boolean[w * h];
				boolean any = false;
				for (int i = 0; i < mask.length; i++)
					any |= mask[i] = l[i] == k;
				if (any) canvas.addObject(0, 0, 0, w, h, mask, cls);
			}
			org.tessera.annotate.LabkitLabeling.write(canvas, labkit.resolve(name.replace(".tif", ".labeling")));
		}
		final String[] common = { "train-unet", "images=" + im, "validation_share=0.5", "steps=3", "batch=2", "patch=32", "seed=2" };
		final CliRun.Result a = CliRun.tessera(concat(common, "label_images=" + tiffs, "model=" + tmp.resolve("lk/m-tiff")));
		assertEquals(0, a.code(), a.err());
		final CliRun.Result b = CliRun.tessera(concat(common, "label_images=" + labkit, "model=" + tmp.resolve("lk/m-labkit")));
		assertEquals(0, b.code(), b.err());
		assertArrayEquals(Files.readAllBytes(tmp.resolve("lk/m-tiff").resolve(UNetModel.WEIGHTS)), Files.readAllBytes(tmp.resolve("lk/m-labkit")
			.resolve(UNetModel.WEIGHTS)), "the same objects from a Labkit file as from the label image: the same network");
		final JsonObject record = JsonParser.parseString(Files.readString(tmp.resolve("lk/m-labkit").resolve(UNetModel.TRAINING)))
			.getAsJsonObject();
		assertTrue(record.get("validation_split").getAsString().equals("1 of 2 images, chosen by seed 2"), record.get("validation_split")
			.toString());
	}

	private static String[] concat(final String[] a, final String... b) {
		final String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	/** A folder batch with the U-Net as its pipeline gives each image the classes the command gives it alone. */
	@Test
	void aFolderBatchGivesEachImageItsClasses() throws IOException {
		assertEquals(0, trained.code(), trained.err());
		final Path out = tmp.resolve("batch-out");
		final CliRun.Result b = CliRun.tessera("batch", "input=" + data.resolve("test/images"), "output=" + out, "pipeline=unet model=" + model);
		assertEquals(0, b.code(), b.err());
		assertTrue(b.out().contains(test.size() + " files: " + test.size() + " ok"), b.out());
		for (final String n : test) {
			final Path alone = tmp.resolve(n + "-alone.tif");
			final CliRun.Result one = CliRun.tessera("unet", "input=" + data.resolve("test/images").resolve(n + ".tif"), "model=" + model, "output="
				+ alone);
			assertEquals(0, one.code(), one.err());
			assertArrayEquals(TestImages.planeInts(ImageFiles.read(alone, "alone")), TestImages.planeInts(ImageFiles.read(out.resolve(n + ".tif"),
				"batch")), n);
		}
	}

	@Test
	void badInputIsOneLine() throws IOException {
		final Path images = tmp.resolve("bad/images"), labels = tmp.resolve("bad/labels");
		Files.createDirectories(images);
		Files.createDirectories(labels);
		Files.copy(data.resolve("train/images").resolve(Files.list(data.resolve("train/images")).sorted().findFirst().get().getFileName()), images
			.resolve("a.tif"));
		CliRun.assertBadInput(CliRun.tessera("train-unet", "images=" + images, "label_images=" + labels, "model=" + tmp.resolve("m2")),
			"label_images: no a.tif, a.labeling or a.tessera-labels.tif in " + labels);
		final Path file = tmp.resolve("not-a-folder");
		Files.writeString(file, "x");
		CliRun.assertBadInput(CliRun.tessera("train-unet", "images=" + data.resolve("train/images"), "label_images=" + data.resolve("train/labels"),
			"model=" + file), "model: " + file + " is a file, not a folder");
		CliRun.assertBadInput(CliRun.tessera("train-unet", "images=" + data.resolve("train/images"), "label_images=" + data.resolve("train/labels"),
			"patch=30", "model=" + tmp.resolve("m3")), "patch", "30");
		CliRun.assertBadInput(CliRun.tessera("train-unet", "images=" + data.resolve("train/images"), "label_images=" + data.resolve("train/labels"),
			"fine_tune=" + tmp, "model=" + tmp.resolve("m4")), "fine_tune: no model.onnx in " + tmp);
		final Path grey = tmp.resolve("grey.tif");
		ImageFiles.writeTiff(new ImagePlus("grey", new ij.process.ByteProcessor(64, 64)), grey);
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + grey, "model=" + model, "output=" + tmp.resolve("g.tif")),
			"the image has 1 channel; model " + model + " takes 3");
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + grey, "model=" + tmp.resolve("nothing"), "output=" + tmp.resolve("g.tif")),
			"model", "nothing");
		final Path truncated = tmp.resolve("truncated");
		Files.createDirectories(truncated);
		Files.copy(model.resolve(UNetModel.CONFIG), truncated.resolve(UNetModel.CONFIG));
		final byte[] onnx = Files.readAllBytes(model.resolve(UNetModel.WEIGHTS));
		Files.write(truncated.resolve(UNetModel.WEIGHTS), java.util.Arrays.copyOf(onnx, onnx.length / 2));
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + data.resolve("train/images").resolve(Files.list(data.resolve("train/images"))
			.sorted().findFirst().get().getFileName()), "model=" + truncated, "output=" + tmp.resolve("t.tif")), "model.onnx");
	}
}
