package org.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.CliRun;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/**
 * The reliability catalogue: what the command-line tool answers to bad input
 * and faults, one line per case (the command with its files, the exit code,
 * a part of the one line it must print). Exit 2 is bad input with exactly one
 * line on stderr; exit 0 is a run that did what it says; nothing answers with
 * a stack trace. Other tests hold the cases that need more than one command
 * (stop and resume: {@code ChunkedGaussianCommandTest}, {@code OmeZarrPyramidTest}; a full
 * disk: {@code OutputFaultsTest}; batches with a corrupt file: {@code FolderBatchTest}).
 */
class ReliabilityCatalogueTest {

	@TempDir
	static Path dir;

	/** The fixtures the cases name in braces: {tiff}, {truncated}, ... */
	private static Map<String, String> files;

	static Stream<Arguments> cases() {
		return Stream.of( //
			// name, command line, exit code, part of the message
			Arguments.of("missing input", "gaussian input={missing} sigma=2 output={out}/a.tif", 2, "not found"),
			Arguments.of("empty file", "gaussian input={empty} sigma=2 output={out}/a.tif", 2, "empty.tif"),
			Arguments.of("text file named .tif", "gaussian input={text} sigma=2 output={out}/a.tif", 2, "notes.tif"),
			Arguments.of("truncated TIFF", "gaussian input={truncated} sigma=2 output={out}/a.tif", 2, "truncated.tif"),
			Arguments.of("truncated TIFF, block by block", "gaussian input={truncated} sigma=2 execution=chunked output={out}/a.zarr", 2,
				"truncated.tif"),
			Arguments.of("corrupt Zarr chunk", "median input={corruptZarr} radius=1 execution=chunked output={out}/m.zarr", 2, "chunk"),
			Arguments.of("unknown command", "gausian input={tiff} sigma=2 output={out}/a.tif", 2, "unknown command 'gausian'"),
			Arguments.of("unknown key", "gaussian input={tiff} sigma=2 colour=red output={out}/a.tif", 2, "unknown parameter 'colour'"),
			Arguments.of("key given twice", "gaussian input={tiff} sigma=2 sigma=3 output={out}/a.tif", 2, "given twice"),
			Arguments.of("negative sigma", "gaussian input={tiff} sigma=-1 output={out}/a.tif", 2, "sigma"),
			Arguments.of("sigma not a number", "gaussian input={tiff} sigma=abc output={out}/a.tif", 2, "sigma"),
			Arguments.of("unknown execution", "gaussian input={tiff} sigma=2 execution=fast output={out}/a.tif", 2, "whole or chunked"),
			Arguments.of("chunk without execution=chunked", "gaussian input={tiff} sigma=2 chunk=32 output={out}/a.tif", 2,
				"execution=chunked"),
			Arguments.of("output is the input", "gaussian input={tiff} sigma=2 output={tiff}", 2, "is the input"),
			Arguments.of("output folder is a file", "gaussian input={tiff} sigma=2 output={text}/a.tif", 2, "not a folder"),
			Arguments.of("one-pixel image", "gaussian input={onePixel} sigma=2 output={out}/one.tif", 0, ""),
			Arguments.of("hyperstack with channels to Voronoi-Otsu", "voronoi-otsu-labeling input={hyperstack} output={out}/v.tif", 2,
				"channels"),
			Arguments.of("NaN inside a label", "label-statistics input={nan} labels={nanLabels} output={out}/s.csv", 2, "finite"),
			Arguments.of("labels of another size", "label-statistics input={tiff} labels={onePixel} output={out}/s.csv", 2, "same size"),
			Arguments.of("labels/ of an image that is not there", "label input={tiff} execution=chunked output={out}/none.zarr/labels/x", 2,
				"not an OME-Zarr image"),
			Arguments.of("script that does not exist", "run {missing}.groovy", 2, "script not found"));
	}

	@BeforeAll
	static void fixtures() throws IOException {
		final Path out = Files.createDirectories(dir.resolve("out"));
		final ShortProcessor sp = new ShortProcessor(64, 48);
		for (int i = 0; i < 64 * 48; i++) sp.set(i, (i * 37) % 4000);
		final Path tiff = dir.resolve("image.tif");
		ImageFiles.writeTiff(new ImagePlus("image", sp), tiff);
		final Path truncated = dir.resolve("truncated.tif");
		final ShortProcessor big = new ShortProcessor(512, 512);
		for (int i = 0; i < 512 * 512; i++) big.set(i, i % 3000);
		ImageFiles.writeTiff(new ImagePlus("big", big), truncated);
		try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
			f.setLength(f.length() / 2);
		}
		final Path empty = Files.createFile(dir.resolve("empty.tif"));
		final Path text = Files.writeString(dir.resolve("notes.tif"), "not an image\n");
		final Path onePixel = dir.resolve("one.tif");
		ImageFiles.writeTiff(new ImagePlus("one", new ShortProcessor(1, 1)), onePixel);
		final ImageStack hs = new ImageStack(32, 24);
		for (int i = 0; i < 6; i++) hs.addSlice(new ShortProcessor(32, 24));
		final ImagePlus hyper = new ImagePlus("hyper", hs);
		hyper.setDimensions(2, 3, 1);
		hyper.setOpenAsHyperStack(true);
		final Path hyperstack = dir.resolve("hyper.tif");
		ImageFiles.writeTiff(hyper, hyperstack);
		final FloatProcessor nanImage = new FloatProcessor(16, 16);
		nanImage.setf(5, 5, Float.NaN);
		final Path nan = dir.resolve("nan.tif");
		ImageFiles.writeTiff(new ImagePlus("nan", nanImage), nan);
		final ShortProcessor nanLabelsIp = new ShortProcessor(16, 16);
		for (int y = 3; y < 8; y++)
			for (int x = 3; x < 8; x++) nanLabelsIp.set(x, y, 1);
		final Path nanLabels = dir.resolve("nan-labels.tif");
		ImageFiles.writeTiff(new ImagePlus("nan-labels", nanLabelsIp), nanLabels);
		// an OME-Zarr made by the tool, then one chunk cut short
		final Path zarr = dir.resolve("blurred.zarr");
		final CliRun.Result z = CliRun.tessera("gaussian", "input=" + tiff, "sigma=1", "execution=chunked", "chunk=32", "output=" + zarr);
		assertEquals(0, z.code(), z.err());
		final Path chunk = org.tessera.chunk.ZarrArray.open(zarr.resolve("0")).chunkPath(new long[] { 1, 0 });
		final byte[] bytes = Files.readAllBytes(chunk);
		Files.write(chunk, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		files = Map.ofEntries(Map.entry("tiff", tiff.toString()), Map.entry("truncated", truncated.toString()), Map.entry("empty", empty
			.toString()), Map.entry("text", text.toString()), Map.entry("missing", dir.resolve("absent.tif").toString()), Map.entry("onePixel",
				onePixel.toString()), Map.entry("hyperstack", hyperstack.toString()), Map.entry("nan", nan.toString()), Map.entry("nanLabels",
					nanLabels.toString()), Map.entry("corruptZarr", zarr.toString()), Map.entry("out", out.toString()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void answersAsTheCatalogueSays(final String name, final String line, final int code, final String part) {
		String filled = line;
		for (final Map.Entry<String, String> f : files.entrySet()) filled = filled.replace("{" + f.getKey() + "}", f.getValue());
		final CliRun.Result r = CliRun.tessera(filled.split(" "));
		assertEquals(code, r.code(), name + ": " + r.err());
		assertFalse(r.err().contains("\tat "), name + ": a stack trace\n" + r.err());
		assertFalse(r.err().contains("internal error"), name + ": " + r.err());
		if (code == 2) {
			assertEquals(1, r.errLines().size(), name + ": one line, got\n" + r.err());
			assertTrue(r.err().contains(part), name + ": '" + part + "' not in " + r.err());
		}
	}
}
