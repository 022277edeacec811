package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * What must never happen silently: a truncated TIFF read as zeros (it is an error,
 * in a single run and for one file of a batch, which goes on), and an output that
 * replaces its input (refused before anything is written).
 */
class DataSafetyTest {

	@TempDir
	Path tmp;

	private static ImagePlus noise(final int w, final int h, final int planes) {
		final ImageStack s = new ImageStack(w, h);
		final java.util.SplittableRandom r = new java.util.SplittableRandom(planes);
		for (int p = 0; p < planes; p++) {
			final float[] v = new float[w * h];
			for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(100);
			s.addSlice(new FloatProcessor(w, h, v));
		}
		return new ImagePlus("noise", s);
	}

	private Path truncated(final String name, final ImagePlus imp, final double keep) throws Exception {
		final Path full = tmp.resolve("full-" + name);
		ImageFiles.writeTiff(imp, full);
		final byte[] b = Files.readAllBytes(full);
		final Path cut = tmp.resolve(name);
		Files.write(cut, Arrays.copyOf(b, (int) (b.length * keep)));
		return cut;
	}

	@Test
	void aTruncatedTiffIsAnErrorNotZeros() throws Exception {
		for (final Path cut : List.of(truncated("plane.tif", noise(512, 512, 1), 0.5), truncated("stack.tif", noise(128, 128, 6), 0.97))) {
			final Path out = tmp.resolve("out-" + cut.getFileName());
			final CliRun.Result r = CliRun.tessera("gaussian", "input=" + cut, "sigma=2", "device=CPU", "output=" + out);
			CliRun.assertBadInput(r, "input: " + cut + " is truncated", "but the file has");
			assertFalse(Files.exists(out), "no output for a truncated input");
		}
	}

	@Test
	void aTruncatedCompressedTiffIsAnErrorToo() throws Exception {
		Requirements.requirePythonTorch(); // Debian's tifffile writes the zlib-compressed TIFF
		final Path full = tmp.resolve("z.tif"), cut = tmp.resolve("zcut.tif");
		final Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy as np, tifffile, sys; tifffile.imwrite(sys.argv[1], " +
			"np.random.default_rng(1).random((300, 400)).astype('float32'), compression='zlib')", full.toString()).redirectErrorStream(true).start();
		assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
		assertEquals(0, CliRun.tessera("gaussian", "input=" + full, "sigma=1", "device=CPU", "output=" + tmp.resolve("ok.tif")).code());
		final byte[] b = Files.readAllBytes(full);
		Files.write(cut, Arrays.copyOf(b, b.length * 2 / 3));
		CliRun.assertBadInput(CliRun.tessera("gaussian", "input=" + cut, "sigma=1", "device=CPU", "output=" + tmp.resolve("o.tif")),
			"is truncated");
	}

	@Test
	void aBatchMarksATruncatedFileAndGoesOn() throws Exception {
		final Path in = Files.createDirectories(tmp.resolve("in")), out = tmp.resolve("out");
		ImageFiles.writeTiff(noise(64, 64, 1), in.resolve("a.tif"));
		ImageFiles.writeTiff(noise(64, 64, 2), in.resolve("c.tif"));
		Files.copy(truncated("b.tif", noise(256, 256, 1), 0.6), in.resolve("b.tif"));
		final CliRun.Result r = CliRun.tessera("batch", "input=" + in, "output=" + out, "pipeline=gaussian sigma=1 device=CPU");
		assertEquals(0, r.code(), r.err());
		final List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
		assertTrue(metrics.stream().anyMatch(l -> l.startsWith("b.tif,") && l.contains("truncated")), String.join("\n", metrics));
		assertTrue(metrics.stream().anyMatch(l -> l.startsWith("a.tif,ok")) && metrics.stream().anyMatch(l -> l.startsWith("c.tif,ok")), String
			.join("\n", metrics));
		assertFalse(Files.exists(out.resolve("b.tif")));
	}

	@Test
	void anOutputThatWouldReplaceItsInputIsRefused() throws Exception {
		final Path in = Files.createDirectories(tmp.resolve("images"));
		ImageFiles.writeTiff(noise(64, 48, 1), in.resolve("a.tif"));
		ImageFiles.writeTiff(noise(64, 48, 1), in.resolve("b.tif"));
		final byte[] before = Files.readAllBytes(in.resolve("a.tif"));
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + in, "output=" + in, "pipeline=gaussian sigma=3"), "output: " + in +
			" holds the input a.tif; its result would replace it");
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + in, "output=" + tmp.resolve("images/../images"), "pipeline=gaussian sigma=3"),
			"its result would replace it");
		CliRun.assertBadInput(CliRun.tessera("chunked-gaussian", "input=" + in.resolve("a.tif"), "output=" + in.resolve("a.tif"), "sigma=2"),
			"is the input");
		assertArrayEquals(before, Files.readAllBytes(in.resolve("a.tif")), "the input is untouched");
		assertEquals(2, Files.list(in).count(), "nothing written into the input folder");
	}
}
