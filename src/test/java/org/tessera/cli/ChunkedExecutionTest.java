package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.spark.SparkMain;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Every filter command, the threshold (its level from the whole image, its
 * mask block by block) and Voronoi-Otsu labeling (its level, seeds and growth
 * in passes over the blocks) run block by block from files with
 * {@code execution=chunked}, to OME-Zarr and to TIFF, and on Spark with its own
 * keys, and gives the whole-image command's result exactly.
 */
class ChunkedExecutionTest {

	private static final String IMAGE = "test-images/nuclei3d.tif";

	@TempDir
	Path tmp;

	private static double[] tiff(final Path file) {
		return TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(file, "out")));
	}

	private static double[] zarr(final Path root) throws java.io.IOException {
		return TestImages.values(AxisImg.of("z", ZarrImages.<UnsignedShortType> open(ZarrArray.open(root.resolve("0")), 64), AxisType.X,
			AxisType.Y, AxisType.Z));
	}

	private CliRun.Result run(final String command, final String args, final String... more) {
		final java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(command, "input=" + IMAGE));
		for (final String kv : args.split(" ")) if (!kv.isBlank()) a.add(kv);
		a.addAll(java.util.List.of(more));
		return CliRun.tessera(a.toArray(String[]::new));
	}

	@ParameterizedTest
	@CsvSource({ "gaussian, sigma=2,2,1", "minimum, radius=2,2,1 shape=box", "maximum, radius=1", "mean, radius=2", "median, radius=1",
		"top-hat, radius=3,3,1", "dog, sigma1=1 sigma2=2.5", "threshold, method=Otsu", "threshold, method=Triangle background=dark",
		"voronoi-otsu-labeling, spot_sigma=2,2,1 outline_sigma=1,1,0.5" })
	void chunkedFromFilesEqualsTheWholeImage(final String command, final String args) throws Exception {
		final CliRun.Result whole = run(command, args, "device=CPU", "output=" + tmp.resolve("whole.tif"));
		assertEquals(0, whole.code(), whole.err());
		final double[] expected = tiff(tmp.resolve("whole.tif"));
		final CliRun.Result z = run(command, args, "execution=chunked", "chunk=40,40,7", "output=" + tmp.resolve("out.zarr"));
		assertEquals(0, z.code(), z.err());
		assertTrue(z.out().contains("blocks written"), z.out());
		if (command.startsWith("voronoi")) assertTrue(z.out().contains((int) java.util.Arrays.stream(expected).max().orElse(0) + " nuclei"), z
			.out());
		assertArrayEquals(expected, zarr(tmp.resolve("out.zarr")), 0, command + " to OME-Zarr");
		final CliRun.Result t = run(command, args, "execution=chunked", "chunk=64", "output=" + tmp.resolve("chunked.tif"));
		assertEquals(0, t.code(), t.err());
		assertArrayEquals(expected, tiff(tmp.resolve("chunked.tif")), 0, command + " to TIFF");
		// on Spark (local), with the command's own keys
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(command, "input=" + IMAGE, "output=" + tmp.resolve(
			"spark.zarr"), "chunk=48,40,9"));
		for (final String kv : args.split(" ")) a.add(kv);
		final int code = SparkMain.run(a.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
			StandardCharsets.UTF_8));
		assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
		assertArrayEquals(expected, zarr(tmp.resolve("spark.zarr")), 0, command + " on Spark");
	}

	/**
	 * label execution=chunked is connected-components (the same labels), to TIFF
	 * and OME-Zarr and on Spark, and the same objects as the whole-image labeling, which
	 * numbers them by first pixel.
	 */
	@Test
	void chunkedLabelingIsConnectedComponents() throws Exception {
		final String mask = "test-images/nuclei3d-labels.tif";
		final CliRun.Result chunked = CliRun.tessera("label", "input=" + mask, "connectivity=2", "execution=chunked", "chunk=32,32,8", "output=" +
			tmp.resolve("chunked.tif"));
		assertEquals(0, chunked.code(), chunked.err());
		final CliRun.Result cc = CliRun.tessera("connected-components", "input=" + mask, "connectivity=2", "chunk=32,32,8", "output=" + tmp.resolve(
			"cc.tif"));
		assertEquals(0, cc.code(), cc.err());
		final double[] a = tiff(tmp.resolve("chunked.tif"));
		assertArrayEquals(tiff(tmp.resolve("cc.tif")), a, 0);
		// from the file to OME-Zarr, chunk by chunk: the same labels
		final CliRun.Result z = CliRun.tessera("label", "input=" + mask, "connectivity=8/26", "execution=chunked", "chunk=32,32,8", "output=" +
			tmp.resolve("labels.zarr"));
		assertEquals(0, z.code(), z.err());
		assertTrue(z.out().contains("objects"), z.out());
		assertArrayEquals(a, zarr(tmp.resolve("labels.zarr")), 0);
		// on Spark (local), the same blocks give the same labels
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		assertEquals(0, SparkMain.run(new String[] { "label", "input=" + mask, "connectivity=8/26", "chunk=32,32,8", "output=" + tmp.resolve(
			"spark-labels.zarr") }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)), err
				.toString(StandardCharsets.UTF_8));
		assertTrue(out.toString(StandardCharsets.UTF_8).contains("objects"), out.toString(StandardCharsets.UTF_8));
		assertArrayEquals(a, zarr(tmp.resolve("spark-labels.zarr")), 0);
		final CliRun.Result whole = CliRun.tessera("label", "input=" + mask, "connectivity=2", "device=CPU", "output=" + tmp.resolve("whole.tif"));
		assertEquals(0, whole.code(), whole.err());
		final double[] w = tiff(tmp.resolve("whole.tif"));
		// one object for one object: the same partition of the pixels
		final java.util.Map<Double, Double> map = new java.util.HashMap<>(), back = new java.util.HashMap<>();
		for (int i = 0; i < w.length; i++) {
			assertEquals(w[i] == 0, a[i] == 0);
			if (w[i] == 0) continue;
			final double wi = w[i], ai = a[i];
			assertEquals(map.computeIfAbsent(wi, k -> ai), ai, "pixel " + i);
			assertEquals(back.computeIfAbsent(ai, k -> wi), wi, "pixel " + i);
		}
		assertTrue(map.size() > 5, map.size() + " objects");
		CliRun.assertBadInput(CliRun.tessera("label", "input=" + mask, "execution=sideways", "output=" + tmp.resolve("x.tif")), "execution");
	}

	@Test
	void badExecutionKeysAreOneLine() {
		CliRun.assertBadInput(run("median", "radius=1", "execution=fast", "output=" + tmp.resolve("a.tif")), "execution", "whole or chunked");
		CliRun.assertBadInput(run("median", "radius=1", "chunk=32", "output=" + tmp.resolve("a.tif")), "chunk", "execution=chunked");
		CliRun.assertBadInput(run("median", "radius=1 colour=red", "execution=chunked", "output=" + tmp.resolve("a.zarr")), "unknown parameter",
			"colour");
		CliRun.assertBadInput(run("median", "radius=x", "execution=chunked", "output=" + tmp.resolve("a.zarr")), "radius");
		CliRun.assertBadInput(CliRun.tessera("median", "radius=1", "execution=chunked", "output=" + tmp.resolve("a.zarr")), "missing input");
	}

	/** Help names every key once, also where a command declares execution and chunk itself (label). */
	@Test
	void helpNamesTheChunkedKeysOnce() {
		for (final String command : new String[] { "label", "voronoi-otsu-labeling", "median" }) {
			final CliRun.Result r = CliRun.tessera("help", command);
			assertEquals(0, r.code(), r.err());
			for (final String key : new String[] { "execution", "chunk", "resume" })
				assertEquals(1, r.out().split("\n  " + key + "=", -1).length - 1, command + " help names " + key + " once:\n" + r.out());
		}
	}

	@Test
	void sparkJobsWriteOmeZarrOnlyAndRefuseOtherCommands() {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
		assertEquals(2, SparkMain.run(new String[] { "median", "input=" + IMAGE, "output=" + tmp.resolve("x.tif"), "chunk=32", "radius=1" }, o,
			e));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("must be an OME-Zarr folder"), err.toString(StandardCharsets.UTF_8));
		assertEquals(2, SparkMain.run(new String[] { "stardist", "input=" + IMAGE, "output=" + tmp.resolve("x.zarr"), "chunk=32" }, o, e));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot run block by block"), err.toString(StandardCharsets.UTF_8));
	}
}
