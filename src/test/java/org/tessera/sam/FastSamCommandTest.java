package org.tessera.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.CliRun;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/** {@code scripts/tessera fastsam ...} with the test models, in every mode, and bad input as one line with exit code 2. */
class FastSamCommandTest {

	@TempDir
	Path tmp;

	private static final int S = SamTestData.FIXED_SIZE;

	/** The fixed model's 256 x 256 test image (its content does not matter to that model). */
	private Path fixedImage() throws Exception {
		final FloatProcessor fp = new FloatProcessor(S, S);
		for (int i = 0; i < S * S; i++) fp.setf(i, i % 7);
		final Path in = tmp.resolve("square.tif");
		ImageFiles.writeTiff(new ImagePlus("square", fp), in);
		return in;
	}

	private Path followImage() throws Exception {
		final float[] v = SamTestData.followImage();
		final ByteProcessor bp = new ByteProcessor(SamTestData.FOLLOW_W, SamTestData.FOLLOW_H);
		for (int i = 0; i < v.length; i++) bp.set(i, (int) v[i]);
		final Path in = tmp.resolve("objects.tif");
		ImageFiles.writeTiff(new ImagePlus("objects", bp), in);
		return in;
	}

	private static int[] labels(final Path file) throws Exception {
		final ImagePlus imp = ImageFiles.read(file, "labels");
		assertEquals(16, imp.getBitDepth());
		final int[] v = new int[imp.getWidth() * imp.getHeight()];
		for (int i = 0; i < v.length; i++) v[i] = imp.getProcessor().get(i);
		return v;
	}

	private static int[] label(final boolean[] mask) {
		final int[] v = new int[mask.length];
		for (int i = 0; i < v.length; i++) v[i] = mask[i] ? 1 : 0;
		return v;
	}

	private CliRun.Result run(final String... args) {
		return CliRun.tessera(args);
	}

	@Test
	void everythingGivesEveryMaskSmallerOnesOnTop() throws Exception {
		final Path out = tmp.resolve("labels.tif"), csv = tmp.resolve("objects.csv");
		final CliRun.Result r = run("fastsam", "input=" + fixedImage(), "model=" + SamTestData.FIXED, "output=" + out, "results=" + csv);
		assertEquals(0, r.code(), r.err());
		final List<SamTestData.Expected> expected = SamTestData.fixedExpected();
		final int[] v = labels(out);
		for (int i = 0; i < v.length; i++) {
			int label = 0, area = Integer.MAX_VALUE;
			for (int k = 0; k < expected.size(); k++)
				if (expected.get(k).mask()[i] && expected.get(k).area() < area) {
					label = k + 1;
					area = expected.get(k).area();
				}
			assertEquals(label, v[i], "pixel " + i);
		}
		final List<String> rows = Files.readAllLines(csv);
		assertTrue(rows.get(0).startsWith("label,area,mask_area,score,bbox_x0,bbox_y0,bbox_x1,bbox_y1"), rows.get(0));
		assertEquals(1 + expected.size(), rows.size());
		for (int k = 0; k < expected.size(); k++) {
			final String[] c = rows.get(k + 1).split(",");
			final int l = k + 1;
			assertEquals(l, Integer.parseInt(c[0]));
			assertEquals(java.util.Arrays.stream(v).filter(x -> x == l).count(), Long.parseLong(c[1]), "area of " + l);
			assertEquals(expected.get(k).area(), Integer.parseInt(c[2]), "mask_area of " + l);
			assertEquals(expected.get(k).score(), Double.parseDouble(c[3]), 1e-6);
		}
	}

	@Test
	void pointsSelectOneObject() throws Exception {
		final Path out = tmp.resolve("disc.tif");
		final CliRun.Result r = run("fastsam", "input=" + fixedImage(), "model=" + SamTestData.FIXED, "mode=points", "points=64,64;-20,20",
			"output=" + out);
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(label(SamTestData.fixedExpected().get(0).mask()), labels(out));
	}

	@Test
	void theGroovyExampleGivesTheCommandsLabels() throws Exception {
		final Path in = fixedImage(), script = tmp.resolve("script.tif"), command = tmp.resolve("command.tif");
		final CliRun.Result r = run("run", "scripts/examples/fastsam_points.groovy", "input=" + in, "model=" + SamTestData.FIXED,
			"points=64,64;-20,20", "output=" + script);
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().startsWith("5 objects in square.tif\npoints 64,64;-20,20: one object of "), r.out());
		assertEquals(0, run("fastsam", "input=" + in, "model=" + SamTestData.FIXED, "mode=points", "points=64,64;-20,20", "output=" + command)
			.code());
		assertArrayEquals(labels(command), labels(script));
	}

	@Test
	void aBoxSelectsTheBestFittingObject() throws Exception {
		final Path out = tmp.resolve("big.tif");
		final CliRun.Result r = run("fastsam", "input=" + fixedImage(), "model=" + SamTestData.FIXED, "mode=box", "box=16,16,112,112",
			"output=" + out);
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(label(SamTestData.fixedExpected().get(3).mask()), labels(out));
	}

	@Test
	void pointsOnNothingGiveAnEmptyLabelImageAndAWarning() throws Exception {
		final Path out = tmp.resolve("none.tif");
		final String in = "input=" + fixedImage();
		// SciJava's log (where the tool's warnings go) writes to the process's stderr
		final java.io.PrintStream stderr = System.err;
		final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
		final CliRun.Result r;
		System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
		try {
			r = run("fastsam", in, "model=" + SamTestData.FIXED, "mode=points", "points=5,5", "output=" + out);
		}
		finally {
			System.setErr(stderr);
		}
		assertEquals(0, r.code(), r.err());
		final String warning = log.toString(java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(warning.contains("FastSAM points 5,5: no object contains a positive point"), warning);
		assertEquals(0, java.util.Arrays.stream(labels(out)).max().orElse(-1));
	}

	@Test
	void aWideImageGivesItsObjects() throws Exception {
		final Path out = tmp.resolve("objects-labels.tif");
		final CliRun.Result r = run("fastsam", "input=" + followImage(), "model=" + SamTestData.FOLLOW, "output=" + out);
		assertEquals(0, r.code(), r.err());
		final int[] v = labels(out);
		assertEquals(SamTestData.FOLLOW_W * SamTestData.FOLLOW_H, v.length);
		for (int k = 0; k < 3; k++) {
			final int l = k + 1;
			final boolean[] mask = new boolean[v.length];
			for (int i = 0; i < v.length; i++) mask[i] = v[i] == l;
			final double iou = SamTestData.iou(mask, SamTestData.object(k));
			assertTrue(iou >= 0.9, "label " + l + ": IoU " + iou);
		}
		assertEquals(3, java.util.Arrays.stream(v).max().orElse(0));
		// the same objects from an RGB image (grey as R = G = B)
		final ImagePlus grey = ImageFiles.read(followImage(), "objects");
		final ColorProcessor cp = grey.getProcessor().convertToColorProcessor();
		final Path rgb = tmp.resolve("objects-rgb.tif"), rgbOut = tmp.resolve("rgb-labels.tif");
		ImageFiles.writeTiff(new ImagePlus("rgb", cp), rgb);
		assertEquals(0, run("fastsam", "input=" + rgb, "model=" + SamTestData.FOLLOW, "output=" + rgbOut).code());
		final int[] w = labels(rgbOut);
		for (int k = 1; k <= 3; k++) {
			final boolean[] a = new boolean[v.length], b = new boolean[v.length];
			for (int i = 0; i < v.length; i++) {
				a[i] = v[i] == k;
				b[i] = w[i] == k;
			}
			assertTrue(SamTestData.iou(a, b) >= 0.95, "label " + k);
		}
	}

	@Test
	void badInputIsOneLineWithExitCode2() throws Exception {
		final String in = "input=" + fixedImage(), model = "model=" + SamTestData.FIXED, out = "output=" + tmp.resolve("x.tif");
		CliRun.assertBadInput(run("fastsam", in, "conf=high", out), "conf: expected a number in [0, 1] or nothing (the model's value), got 'high'");
		CliRun.assertBadInput(run("fastsam", in, model, "iou=1.5", out), "iou: expected a number in [0, 1] or nothing");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=points", out), "points: mode=points needs points=x,y");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=box", out), "box: mode=box needs box=x0,y0,x1,y1");
		CliRun.assertBadInput(run("fastsam", in, model, "points=1,2", out), "points: given with mode=everything; use mode=points");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=points", "points=1,2", "box=1,2,3,4", out), "box: given with mode=points");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=points", "points=10;20", out), "points: expected x,y;x,y;...", "'10'");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=points", "points=-5,5", out), "points: give at least one positive point");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=points", "points=300,10", out), "points: 300,10 lies outside the 256 x 256 image");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=box", "box=1,2,3", out), "box: expected x0,y0,x1,y1", "'1,2,3'");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=box", "box=0,0,300,300", out), "box: 0,0,300,300 reaches outside the 256 x 256 image");
		CliRun.assertBadInput(run("fastsam", in, model, "mode=all", out), "mode");
		CliRun.assertBadInput(run("fastsam", in, model, "conf=2", out), "conf");
		CliRun.assertBadInput(run("fastsam", in, "model=" + SamTestData.DIR.resolve("wrong-rows.onnx"), out), "output \"output0\" has shape [1, 36, 4]");
		CliRun.assertBadInput(run("fastsam", in, "model=" + tmp.resolve("none.onnx"), out), "none.onnx: no such file");
	}

	/**
	 * A time series of 2 frames x 2 channels, plane by plane: frame 1 is the test
	 * image, frame 2 the same without the first rectangle; channel 2 (noise) is
	 * not what FastSAM sees. The point on the first rectangle selects it in frame 1
	 * and nothing in frame 2 (a warning in the log, not an error).
	 */
	@Test
	void aStackIsSegmentedPlaneByPlaneWithTheSamePrompt() throws Exception {
		final int w = SamTestData.FOLLOW_W, h = SamTestData.FOLLOW_H;
		final ImageStack stack = new ImageStack(w, h);
		final java.util.SplittableRandom random = new java.util.SplittableRandom(3);
		for (int t = 0; t < 2; t++) {
			final float[] v = SamTestData.followImage();
			if (t == 1) for (int i = 0; i < v.length; i++)
				if (SamTestData.inObject(0, i % w, i / w)) v[i] = 20;
			stack.addSlice(new FloatProcessor(w, h, v));
			final FloatProcessor noise = new FloatProcessor(w, h);
			for (int i = 0; i < w * h; i++) noise.setf(i, random.nextInt(256));
			stack.addSlice(noise);
		}
		final ImagePlus series = new ImagePlus("series", stack);
		series.setDimensions(2, 1, 2);
		final Path in = tmp.resolve("series.tif"), out = tmp.resolve("labels.tif"), csv = tmp.resolve("objects.csv");
		ImageFiles.writeTiff(series, in);
		final CliRun.Result r = run("fastsam", "input=" + in, "model=" + SamTestData.FOLLOW, "mode=points", "points=70,75", "output=" + out,
			"results=" + csv);
		assertEquals(0, r.code(), r.err());
		final ImagePlus labels = ImageFiles.read(out, "labels");
		assertEquals(1, labels.getNChannels());
		assertEquals(2, labels.getNFrames());
		final boolean[] frame1 = new boolean[w * h];
		int inFrame2 = 0;
		for (int i = 0; i < w * h; i++) {
			frame1[i] = labels.getStack().getProcessor(1).get(i) == 1;
			if (labels.getStack().getProcessor(2).get(i) != 0) inFrame2++;
		}
		assertTrue(SamTestData.iou(frame1, SamTestData.object(0)) > 0.9, "frame 1: the first rectangle");
		assertEquals(0, inFrame2, "frame 2 has no object at the point");
		final List<String> rows = java.nio.file.Files.readAllLines(csv);
		assertTrue(rows.get(0).startsWith("plane,slice,frame,label,area"), rows.get(0));
		assertEquals(2, rows.size(), "one object, in frame 1: " + rows);
		assertTrue(rows.get(1).startsWith("1,1,1,1,"), rows.get(1));

		// everything: each frame its own objects (3, then 2)
		final CliRun.Result all = run("fastsam", "input=" + in, "model=" + SamTestData.FOLLOW, "output=" + out, "results=" + csv);
		assertEquals(0, all.code(), all.err());
		final List<String> objects = java.nio.file.Files.readAllLines(csv);
		assertEquals(1 + 3 + 2, objects.size(), objects.toString());
	}
}
