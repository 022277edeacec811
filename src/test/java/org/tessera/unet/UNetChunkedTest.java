package org.tessera.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.spark.SparkMain;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * {@code unet} block by block: a one-channel U-Net trained here in seconds
 * (bright discs with boundaries, through the Java API) gives, with
 * {@code execution=chunked} to OME-Zarr and to TIFF and on Spark, exactly the
 * classes of the whole-image {@code unet} run on a 320 × 304 image; what block
 * runs cannot give is one line with exit code 2.
 */
class UNetChunkedTest {

	@TempDir
	static Path tmp;

	static Path model, image;
	static double[] whole;

	/** Noisy bright discs (radius 4 to 8) on a dark, slowly varying background, and their objects. */
	@BeforeAll
	static void trainAndRunWhole() throws IOException {
		model = DiscsUNet.train(tmp.resolve("discs-unet"), 20);
		image = tmp.resolve("discs.tif");
		ImageFiles.writeTiff(new ImagePlus("discs", new FloatProcessor(320, 304, DiscsUNet.discs(320, 304, 60, 7, new int[320 * 304]))), image);
		final CliRun.Result w = CliRun.tessera("unet", "input=" + image, "model=" + model, "output=" + tmp.resolve("whole.tif"));
		assertEquals(0, w.code(), w.err());
		whole = TestImages.values(ImagePlusViews.<UnsignedByteType> wrapReal(ImageFiles.read(tmp.resolve("whole.tif"), "whole")));
	}

	private static double[] zarr(final Path store) throws IOException {
		return TestImages.values(AxisImg.of("z", ZarrImages.<FloatType> open(ZarrArray.open(store.resolve("0")), 16), AxisType.X, AxisType.Y));
	}

	@Test
	void theWholeImageHasEveryClass() {
		assertEquals(320 * 304, whole.length);
		final long[] counts = new long[4];
		for (final double v : whole) counts[(int) v]++;
		assertEquals(0, counts[0], "classes are 1-based");
		// background and discs (30 training steps rarely give the thin boundary class)
		for (int k = 1; k <= 2; k++) assertTrue(counts[k] > 1000, "class " + k + ": " + Arrays.toString(counts));
	}

	@Test
	void blockByBlockTheClassesAreTheWholeImages() throws IOException {
		final CliRun.Result z = CliRun.tessera("unet", "input=" + image, "model=" + model, "execution=chunked", "chunk=96", "output=" + tmp.resolve(
			"c.zarr"));
		assertEquals(0, z.code(), z.err());
		assertArrayEquals(whole, zarr(tmp.resolve("c.zarr")), 0, "chunked to OME-Zarr");
		// 100 is no multiple of the divisor: blocks are rounded up to one
		final CliRun.Result t = CliRun.tessera("unet", "input=" + image, "model=" + model, "execution=chunked", "chunk=100,70", "output=" + tmp
			.resolve("c.tif"));
		assertEquals(0, t.code(), t.err());
		assertArrayEquals(whole, TestImages.values(ImagePlusViews.<FloatType> wrapReal(ImageFiles.read(tmp.resolve("c.tif"), "c"))), 0, "chunked to TIFF");
	}

	/** A stack: each plane on its own, all normalised with the stack's percentiles. */
	@Test
	void aStackIsSegmentedPlaneByPlaneWithTheStacksNormalisation() throws IOException {
		final int w = 200, h = 136;
		final float[] a = DiscsUNet.discs(w, h, 20, 31, new int[w * h]), b = DiscsUNet.discs(w, h, 20, 32, new int[w * h]);
		for (int i = 0; i < b.length; i++) b[i] = 2 * b[i] + 30; // another contrast: the stack's percentiles are not a plane's
		final ij.ImageStack stack = new ij.ImageStack(w, h);
		stack.addSlice(new FloatProcessor(w, h, a));
		stack.addSlice(new FloatProcessor(w, h, b));
		final Path in = tmp.resolve("stack.tif");
		ImageFiles.writeTiff(new ImagePlus("stack", stack), in);
		final CliRun.Result r = CliRun.tessera("unet", "input=" + in, "model=" + model, "execution=chunked", "chunk=64,72,1", "output=" + tmp
			.resolve("stack.zarr"));
		assertEquals(0, r.code(), r.err());
		final double[] got = TestImages.values(AxisImg.of("z", ZarrImages.<FloatType> open(ZarrArray.open(tmp.resolve("stack.zarr/0")), 16),
			AxisType.X, AxisType.Y, AxisType.Z));
		final float[] both = new float[2 * w * h];
		System.arraycopy(a, 0, both, 0, w * h);
		System.arraycopy(b, 0, both, w * h, w * h);
		try (UNetModel m = UNetModel.load(model)) {
			final double[] p = org.tessera.dl.Percentiles.percentiles(both, m.config().normalizeLow(), m.config().normalizeHigh());
			final double[] expected = new double[2 * w * h];
			for (int z = 0; z < 2; z++) {
				final int[] c = UNetSegmentation.classes(UNetSegmentation.probabilities(m, z == 0 ? a : b, w, h, p[0], p[1], 1, TaskMonitor.NONE), 3,
					w * h);
				for (int i = 0; i < w * h; i++) expected[z * w * h + i] = c[i] + 1;
			}
			assertArrayEquals(expected, got, 0);
		}
	}

	@Test
	void onSparkTheClassesAreTheWholeImages() throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final String before = System.getProperty("spark.master");
		System.setProperty("spark.master", "local[2]");
		try {
			assertEquals(0, SparkMain.run(new String[] { "unet", "input=" + image, "model=" + model, "output=" + tmp.resolve("spark.zarr"),
				"chunk=128,96" }, new PrintStream(out), new PrintStream(err)), err.toString());
		}
		finally {
			if (before == null) System.clearProperty("spark.master");
			else System.setProperty("spark.master", before);
		}
		assertArrayEquals(whole, zarr(tmp.resolve("spark.zarr")), 0, "on Spark");
	}

	@Test
	void whatBlocksCannotGiveIsOneLine() throws IOException {
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + image, "model=" + model, "execution=chunked", "probabilities=true", "output=" + tmp
			.resolve("p.zarr")), "probabilities", "whole-image runs only");
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + image, "execution=chunked", "output=" + tmp.resolve("m.zarr")), "model");
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + image, "model=" + tmp.resolve("nowhere"), "execution=chunked", "output=" + tmp
			.resolve("n.zarr")), "nowhere");
		final Path rgb = tmp.resolve("rgb.tif");
		ImageFiles.writeTiff(new ImagePlus("rgb", new ColorProcessor(64, 64)), rgb);
		final CliRun.Result r = CliRun.tessera("unet", "input=" + rgb, "model=" + model, "execution=chunked", "output=" + tmp.resolve("r.zarr"));
		CliRun.assertBadInput(r, "RGB");
		// a model that takes three channels
		final Path three = tmp.resolve("three-channels");
		java.nio.file.Files.createDirectories(three);
		java.nio.file.Files.copy(model.resolve(UNetModel.WEIGHTS), three.resolve(UNetModel.WEIGHTS));
		java.nio.file.Files.writeString(three.resolve(UNetModel.CONFIG), java.nio.file.Files.readString(model.resolve(UNetModel.CONFIG))
			.replaceAll("\"input_channels\": 1", "\"input_channels\": 3"));
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + image, "model=" + three, "execution=chunked", "output=" + tmp.resolve(
			"three.zarr")), "model", "takes 3 channels", "one-channel");
		// objects are made by whole-image runs
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + image, "model=" + model, "execution=chunked", "object_labels=" + tmp.resolve(
			"o.tif"), "output=" + tmp.resolve("o.zarr")), "object_labels");
	}
}
