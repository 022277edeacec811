package org.tessera.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.OpenCL;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Matching;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import ij.process.ShortProcessor;

/**
 * {@code pixel-classifier-train} and {@code pixel-classifier} as a user runs them:
 * a few short strokes on synthetic nuclei train a classifier that finds the
 * nuclei everywhere; the file it writes classifies the same from the command
 * line as from the library; bad input is one line.
 */
class PixelClassifierCommandTest {

	@TempDir
	Path tmp;

	private static final int W = 160, H = 144;

	/**
	 * Scribbles as a user draws them: short horizontal strokes through a few nuclei (2),
	 * and outlines just outside three nuclei, in the background where it meets them (1).
	 */
	private static int[] scribbles(final int[] truth, final long seed) {
		final int[] s = new int[truth.length];
		final SplittableRandom r = new SplittableRandom(seed);
		int fg = 0;
		for (int tries = 0; tries < 50_000 && fg < 6; tries++) {
			final int x = r.nextInt(W - 8), y = r.nextInt(H);
			boolean inside = true;
			for (int d = 0; d < 8; d++) inside &= truth[y * W + x + d] > 0;
			if (!inside) continue;
			for (int d = 0; d < 8; d++) s[y * W + x + d] = 2;
			fg++;
		}
		for (int k = 0; k < 3; k++) {
			final int label = truth[pickInside(truth, r)];
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					if (truth[y * W + x] == 0 && near(truth, x, y, 2, label) && !near(truth, x, y, 1, label)) s[y * W + x] = 1;
		}
		return s;
	}

	private static int pickInside(final int[] truth, final SplittableRandom r) {
		while (true) {
			final int i = r.nextInt(truth.length);
			if (truth[i] > 0) return i;
		}
	}

	/** Whether a pixel of this label lies within Chebyshev distance d of (x, y). */
	private static boolean near(final int[] truth, final int x, final int y, final int d, final int label) {
		for (int v = Math.max(0, y - d); v <= Math.min(H - 1, y + d); v++)
			for (int u = Math.max(0, x - d); u <= Math.min(W - 1, x + d); u++)
				if (truth[v * W + u] == label) return true;
		return false;
	}

	private static ImagePlus labelImage(final int[] v, final String title) {
		final short[] px = new short[v.length];
		for (int i = 0; i < v.length; i++) px[i] = (short) v[i];
		return new ImagePlus(title, new ShortProcessor(W, H, px, null));
	}

	@Test
	void afewStrokesFindTheNucleiFromTheCommandLine() throws Exception {
		final var n = new SyntheticNuclei(W, H, 1, 30, 4, 8, 1, 120, 2024).generate();
		final ImagePlus image = ImagePlusViews.toImagePlus(n.image());
		final int[] truth = TestImages.planeInts(ImagePlusViews.toImagePlus(n.labels()));
		final Path in = tmp.resolve("nuclei.tif"), lab = tmp.resolve("scribbles.tif"), cls = tmp.resolve("nuclei.classifier"), out = tmp.resolve(
			"classes.tif"), prob = tmp.resolve("probabilities.tif");
		ImageFiles.writeTiff(image, in);
		ImageFiles.writeTiff(labelImage(scribbles(truth, 5), "scribbles"), lab);
		final CliRun.Result train = CliRun.tessera("pixel-classifier-train", "input=" + in, "labels=" + lab, "classes=background, nucleus #00ff00",
			"sigmas=1,2,4", "trees=30", "classifier=" + cls);
		assertEquals(0, train.code(), train.err());
		assertTrue(train.out().contains("trained 2 classes (background, nucleus)"), train.out());
		final CliRun.Result run = CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "output=" + out, "probabilities=true",
			"probability_map=" + prob);
		assertEquals(0, run.code(), run.err());
		final int[] classes = TestImages.planeInts(ImageFiles.read(out, "classes"));
		final double f1 = Matching.pixelF1(classes, 2, truth);
		assertTrue(f1 > 0.9, "pixel F1 " + f1 + " of the nuclei from 6 strokes and 3 outlines");
		// the file classifies from the library exactly as from the command line
		final PixelClassifier pc = PixelClassifier.read(cls);
		assertEquals("nucleus", pc.classes().get(1).name());
		assertEquals(0x00ff00, pc.classes().get(1).rgb());
		final PixelClassifier.Result r = pc.classify(ImagePlusViews.<net.imglib2.type.numeric.integer.UnsignedShortType> wrapReal(image), true, 0,
			TaskMonitor.NONE);
		assertArrayEquals(classes, TestImages.planeInts(ImagePlusViews.toImagePlus(r.labels())));
		// the nuclei class as objects: connected regions, about as many as the nuclei (touching ones merge)
		final Path objects = tmp.resolve("objects.tif");
		final CliRun.Result obj = CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "output=" + tmp.resolve("c2.tif"),
			"objects=nucleus", "object_labels=" + objects);
		assertEquals(0, obj.code(), obj.err());
		final int[] o = TestImages.planeInts(ImageFiles.read(objects, "objects"));
		final int found = java.util.Arrays.stream(o).max().orElse(0);
		assertTrue(found >= 20 && found <= 30, found + " objects for 30 nuclei");
		for (int i = 0; i < o.length; i++) assertEquals(classes[i] == 2, o[i] > 0, "objects are the nucleus class's pixels");
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "output=" + tmp.resolve("c3.tif"),
			"objects=cytoplasm", "object_labels=" + tmp.resolve("o3.tif")), "objects: no class 'cytoplasm'; the classifier's classes are " +
				"background, nucleus");
		// the features on the OpenCL device: the same classes but where rounding tips a pixel over a threshold
		if (OpenCL.whyUnavailable() == null) {
			final Path onGpu = tmp.resolve("gpu.tif");
			final CliRun.Result g = CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "device=GPU", "output=" + onGpu);
			assertEquals(0, g.code(), g.err());
			final int[] gc = TestImages.planeInts(ImageFiles.read(onGpu, "gpu"));
			int differ = 0;
			for (int i = 0; i < gc.length; i++)
				if (gc[i] != classes[i]) differ++;
			assertTrue(differ <= gc.length / 1000, differ + " of " + gc.length + " pixels differ between the CPU and OpenCL features");
		}
		final ImagePlus p = ImageFiles.read(prob, "probabilities");
		assertEquals(2, p.getNChannels());
		final float[] background = (float[]) p.getStack().getProcessor(1).getPixels(), nucleus = (float[]) p.getStack().getProcessor(2).getPixels();
		for (int i = 0; i < background.length; i++) assertEquals(1, background[i] + nucleus[i], 1e-5);
	}

	/**
	 * The classifier as one operation: block by block from files (OME-Zarr, TIFF) and
	 * on Spark, a stack of planes gets exactly the whole-image classes.
	 */
	@Test
	void blockByBlockAndOnSparkTheClassesAreTheWholeImages() throws Exception {
		final var n = new SyntheticNuclei(W, H, 4, 30, 4, 8, 1, 120, 77).generate();
		final Path in = tmp.resolve("stack.tif"), cls = tmp.resolve("stack.classifier"), lab = tmp.resolve("s.tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(n.image()), in);
		final var plane = new SyntheticNuclei(W, H, 1, 30, 4, 8, 1, 120, 78).generate();
		final Path planeIn = tmp.resolve("plane.tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(plane.image()), planeIn);
		ImageFiles.writeTiff(labelImage(scribbles(TestImages.planeInts(ImagePlusViews.toImagePlus(plane.labels())), 5), "s"), lab);
		assertEquals(0, CliRun.tessera("pixel-classifier-train", "input=" + planeIn, "labels=" + lab, "classes=background, nucleus", "sigmas=1,2,4",
			"trees=20", "classifier=" + cls).code());
		final CliRun.Result whole = CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "output=" + tmp.resolve("whole.tif"));
		assertEquals(0, whole.code(), whole.err());
		final double[] expected = TestImages.values(ImagePlusViews.<net.imglib2.type.numeric.integer.UnsignedShortType> wrapReal(ImageFiles.read(
			tmp.resolve("whole.tif"), "w")));
		final CliRun.Result z = CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "execution=chunked", "chunk=50,41,2",
			"output=" + tmp.resolve("c.zarr"));
		assertEquals(0, z.code(), z.err());
		final double[] zarr = TestImages.values(org.tessera.core.AxisImg.of("z", org.tessera.chunk.ZarrImages.<net.imglib2.type.numeric.integer.UnsignedShortType> open(
			org.tessera.chunk.ZarrArray.open(tmp.resolve("c.zarr/0")), 16), org.tessera.core.AxisType.X, org.tessera.core.AxisType.Y,
			org.tessera.core.AxisType.Z));
		assertArrayEquals(expected, zarr, 0, "chunked to OME-Zarr");
		final CliRun.Result t = CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "execution=chunked", "chunk=64",
			"output=" + tmp.resolve("c.tif"));
		assertEquals(0, t.code(), t.err());
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<net.imglib2.type.numeric.integer.UnsignedShortType> wrapReal(ImageFiles.read(
			tmp.resolve("c.tif"), "c"))), 0, "chunked to TIFF");
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
		assertEquals(0, org.tessera.spark.SparkMain.run(new String[] { "pixel-classifier", "input=" + in, "classifier=" + cls, "output=" + tmp
			.resolve("spark.zarr"), "chunk=60,50,3" }, new java.io.PrintStream(out), new java.io.PrintStream(err)), err.toString());
		final double[] spark = TestImages.values(org.tessera.core.AxisImg.of("z", org.tessera.chunk.ZarrImages.<net.imglib2.type.numeric.integer.UnsignedShortType> open(
			org.tessera.chunk.ZarrArray.open(tmp.resolve("spark.zarr/0")), 16), org.tessera.core.AxisType.X, org.tessera.core.AxisType.Y,
			org.tessera.core.AxisType.Z));
		assertArrayEquals(expected, spark, 0, "on Spark");
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cls, "execution=chunked", "probabilities=true",
			"output=" + tmp.resolve("p.zarr")), "whole-image runs only");
	}

	@Test
	void scribblesAsNamedRoisTrainTheSameClassifierAsALabelImage() throws Exception {
		final var n = new SyntheticNuclei(W, H, 1, 30, 4, 8, 1, 120, 2024).generate();
		final int[] truth = TestImages.planeInts(ImagePlusViews.toImagePlus(n.labels()));
		final int[] s = scribbles(truth, 5);
		final Path in = tmp.resolve("nuclei.tif"), lab = tmp.resolve("scribbles.tif"), zip = tmp.resolve("scribbles.zip");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(n.image()), in);
		ImageFiles.writeTiff(labelImage(s, "scribbles"), lab);
		// one 1-pixel ROI per scribbled pixel, named by its class
		try (java.io.OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
			int k = 0;
			for (int i = 0; i < s.length; i++) {
				if (s[i] == 0) continue;
				final ij.gui.Roi r = new ij.gui.Roi(i % W, i / W, 1, 1);
				r.setName((s[i] == 1 ? "background" : "nucleus") + "-" + ++k);
				z.putNextEntry(new ZipEntry(r.getName() + ".roi"));
				z.write(ij.io.RoiEncoder.saveAsByteArray(r));
				z.closeEntry();
			}
		}
		final Path fromRois = tmp.resolve("rois.classifier"), fromLabels = tmp.resolve("labels.classifier");
		final CliRun.Result r = CliRun.tessera("pixel-classifier-train", "input=" + in, "rois=" + zip, "classes=background, nucleus", "trees=20",
			"classifier=" + fromRois);
		assertEquals(0, r.code(), r.err());
		assertEquals(0, CliRun.tessera("pixel-classifier-train", "input=" + in, "labels=" + lab, "classes=background, nucleus", "trees=20",
			"classifier=" + fromLabels).code());
		final PixelClassifier a = PixelClassifier.read(fromRois), b = PixelClassifier.read(fromLabels);
		final var img = ImagePlusViews.<net.imglib2.type.numeric.integer.UnsignedShortType> wrapReal(ImagePlusViews.toImagePlus(n.image()));
		assertArrayEquals(TestImages.planeInts(ImagePlusViews.toImagePlus(b.classify(img, false, 0, TaskMonitor.NONE).labels())), TestImages
			.planeInts(ImagePlusViews.toImagePlus(a.classify(img, false, 0, TaskMonitor.NONE).labels())));
	}

	@Test
	void badInputIsOneLine() throws Exception {
		final var n = new SyntheticNuclei(W, H, 1, 10, 4, 8, 1, 120, 7).generate();
		final Path in = tmp.resolve("nuclei.tif"), lab = tmp.resolve("scribbles.tif"), empty = tmp.resolve("empty.tif"), cls = tmp.resolve(
			"c.classifier");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(n.image()), in);
		final int[] truth = TestImages.planeInts(ImagePlusViews.toImagePlus(n.labels()));
		ImageFiles.writeTiff(labelImage(scribbles(truth, 3), "s"), lab);
		ImageFiles.writeTiff(labelImage(new int[W * H], "e"), empty);
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier-train", "input=" + in, "labels=" + empty, "classifier=" + cls),
			"labels: no labelled pixel");
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier-train", "input=" + in, "classifier=" + cls), "labels: give the label image");
		assertEquals(0, CliRun.tessera("pixel-classifier-train", "input=" + in, "labels=" + lab, "trees=5", "classifier=" + cls).code());
		// two channels for a classifier of one
		final ij.ImageStack two = new ij.ImageStack(W, H);
		two.addSlice(ImageFiles.read(in, "a").getProcessor());
		two.addSlice(ImageFiles.read(in, "b").getProcessor());
		final ImagePlus twoCh = new ImagePlus("two", two);
		twoCh.setDimensions(2, 1, 1);
		final Path twoPath = tmp.resolve("two.tif");
		ImageFiles.writeTiff(twoCh, twoPath);
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier", "input=" + twoPath, "classifier=" + cls, "output=" + tmp.resolve("o.tif")),
			"has 2 channels; the classifier was trained on images with 1");
		// a file of a newer version, and a file that is no classifier
		final Path newer = tmp.resolve("newer.classifier");
		try (OutputStream o = Files.newOutputStream(newer); ZipOutputStream z = new ZipOutputStream(o)) {
			z.putNextEntry(new ZipEntry("classifier.json"));
			z.write("{\"format\": \"tessera-pixel-classifier\", \"version\": 99}".getBytes(StandardCharsets.UTF_8));
			z.closeEntry();
		}
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + newer, "output=" + tmp.resolve("o.tif")),
			"written by a newer Tessera (file version 99");
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + in, "output=" + tmp.resolve("o.tif")),
			"classifier " + in);
		final Path cut = tmp.resolve("cut.classifier");
		final byte[] whole = Files.readAllBytes(cls);
		Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
		CliRun.assertBadInput(CliRun.tessera("pixel-classifier", "input=" + in, "classifier=" + cut, "output=" + tmp.resolve("o.tif")),
			"classifier " + cut);
	}
}
