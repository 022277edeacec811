package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.CliRun.Result;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/** The command-line tool, run in-process as scripts/tessera runs it. */
class CliTest {

	private static Result tessera(final String... args) {
		return org.tessera.testutil.CliRun.tessera(args);
	}

	private static void assertBadInput(final Result r, final String... parts) {
		org.tessera.testutil.CliRun.assertBadInput(r, parts);
	}

	@TempDir
	Path tmp;

	@Test
	void listPrintsNameTabMenuPath() {
		final Result r = tessera("list");
		assertEquals(0, r.code(), r.err());
		final List<String> lines = r.out().lines().toList();
		assertTrue(lines.contains("gaussian\tPlugins>Tessera>Filters>Gaussian Blur (Tessera)"), r.out());
		for (final String line : lines) assertEquals(2, line.split("\t").length, line);
	}

	@Test
	void gaussianWritesTheBlurredImage() throws IOException {
		final Path out = tmp.resolve("sub/blurred.tif");
		final Result r = tessera("gaussian", "input=test-images/nuclei3d.tif", "sigma=2,2,1", "device=CPU", "output=" + out);
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().contains("gaussian: 100%"), "no progress on stderr: " + r.err());
		final AxisImg<UnsignedShortType> in = ImagePlusViews.wrapReal(ImageFiles.read(Path.of("test-images/nuclei3d.tif"), "in"));
		final double[] expected = TestImages.values(GaussianBlur.of(2, 2, 1).apply(in));
		final var written = ImageFiles.read(out, "out");
		assertEquals(24, written.getNSlices());
		assertEquals(1.0, written.getCalibration().pixelDepth, 1e-9, "calibration kept");
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(written)));
		try (var files = Files.list(out.getParent())) {
			assertEquals(List.of("blurred.tif"), files.map(p -> p.getFileName().toString()).toList(), "temporary files left");
		}
	}

	@Test
	void missingFileIsBadInput() {
		assertBadInput(tessera("gaussian", "input=" + tmp.resolve("nope.tif"), "output=" + tmp.resolve("o.tif")), "input", "file not found",
			"nope.tif");
	}

	@Test
	void unreadableImageIsBadInput() throws IOException {
		final Path fake = Files.writeString(tmp.resolve("fake.tif"), "not a tiff");
		assertBadInput(tessera("gaussian", "input=" + fake, "output=" + tmp.resolve("o.tif")), "input", "fake.tif");
	}

	@Test
	void unknownParameterAndCommandAreBadInput() {
		assertBadInput(tessera("gaussian", "input=test-images/nuclei2d.tif", "sigmaa=2", "output=" + tmp.resolve("o.tif")),
			"unknown parameter 'sigmaa'", "sigma");
		assertBadInput(tessera("gausian"), "unknown command 'gausian'", "gaussian");
		assertBadInput(tessera("gaussian", "input"), "expected key=value");
	}

	@Test
	void wrongTypesChoicesAndRangesAreBadInput() {
		final String img = "image=" + tmp.resolve("i.tif"), lab = "labels=" + tmp.resolve("l.tif");
		assertBadInput(tessera("synthetic-nuclei", "width=abc", img, lab), "parameter 'width' expects a whole number, got 'abc'");
		assertBadInput(tessera("synthetic-nuclei", "count=-5", img, lab), "parameter 'count' must be >= 0, got -5");
		// device also takes part of an OpenCL device name, so an unknown one fails when the device is chosen
		assertBadInput(tessera("gaussian", "input=test-images/nuclei2d.tif", "device=TPU", "output=" + tmp.resolve("o.tif")),
			"no OpenCL device matches 'TPU'");
		assertBadInput(tessera("gaussian", "input=test-images/nuclei2d.tif", "boundary=edge", "output=" + tmp.resolve("o.tif")),
			"parameter 'boundary' must be one of nearest, reflect, mirror, wrap, constant, got 'edge'");
		assertBadInput(tessera("gaussian", "input=test-images/nuclei2d.tif", "sigma=2,x", "output=" + tmp.resolve("o.tif")), "sigma '2,x'");
	}

	@Test
	void missingOrUnwritableOutputIsBadInputBeforeAnyWork() throws IOException {
		assertBadInput(tessera("gaussian", "input=test-images/nuclei2d.tif"), "missing output=");
		final Path dir = Files.createDirectories(tmp.resolve("adir"));
		assertBadInput(tessera("gaussian", "input=test-images/nuclei2d.tif", "output=" + dir), "is a folder");
	}

	@Test
	void aFailingCommandLeavesAnExistingOutputAlone() throws IOException {
		final Path out = Files.writeString(tmp.resolve("keep.tif"), "previous result");
		assertBadInput(tessera("gaussian", "input=test-images/nuclei2d.tif", "sigma=1,1,1", "output=" + out), "sigma has 3 values");
		assertEquals("previous result", Files.readString(out));
	}

	@Test
	void scriptsRunWithParametersAndFailuresExitNonZero() throws IOException {
		final Path ok = Files.writeString(tmp.resolve("ok.groovy"), "#@ String name\n#@ Integer times\n#@output String greeting\n" +
			"greeting = name * times\n");
		final Result r = tessera("run", ok.toString(), "name=ab", "times=3");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("greeting=ababab"), r.out());
		assertBadInput(tessera("run", ok.toString(), "name=ab", "times=three"), "parameter 'times' expects a whole number");
		final Path bad = Files.writeString(tmp.resolve("bad.py"), "#@ String name\nraise ValueError('no ' + name)\n");
		final Result f = tessera("run", bad.toString(), "name=luck");
		assertEquals(1, f.code(), f.err());
		assertTrue(f.err().contains("script bad.py failed"), f.err());
		assertBadInput(tessera("run", tmp.resolve("missing.groovy").toString()), "script not found");
	}

	@Test
	void connectedComponentsLabelsLikeWholeImageLabeling() throws IOException {
		final Path out = tmp.resolve("cc.tif");
		// the command's warnings go to the log, which prints on the process's stderr
		final java.io.PrintStream stderr = System.err;
		final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
		final Result r;
		System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
		try {
			r = tessera("connected-components", "input=test-images/nuclei3d-labels.tif", "connectivity=2", "chunk=32,32,8", "output=" + out);
		}
		finally {
			System.setErr(stderr);
		}
		assertEquals(0, r.code(), r.err());
		assertTrue(log.toString(java.nio.charset.StandardCharsets.UTF_8).contains("image 'nuclei3d-labels.tif' is not binary"),
			"a label image's objects merge where they touch: said\n" + log);
		final var in = ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(Path.of("test-images/nuclei3d-labels.tif"), "in"));
		final var whole = org.tessera.segment.ConnectedComponents.label(in.data(), org.tessera.segment.ConnectedComponents.Connectivity.FULL);
		final var written = ImageFiles.read(out, "out");
		assertEquals(16, written.getBitDepth());
		assertTrue(org.tessera.segment.ConnectedComponents.samePartition(whole, ImagePlusViews.<UnsignedShortType> wrapReal(written).data()));
		assertBadInput(tessera("connected-components", "input=test-images/nuclei2d.tif", "connectivity=3", "output=" + out),
			"connectivity: expected 4/6 (pixels touching by a face");
		assertBadInput(tessera("connected-components", "input=test-images/nuclei2d.tif", "chunk=10,10,10", "output=" + out),
			"block shape '10,10,10' has 3 values; the image has 2 axes");
	}

	@Test
	void helpDescribesParameters() {
		final Result r = tessera("help", "gaussian");
		assertEquals(0, r.code());
		assertTrue(r.out().contains("device=auto|CPU|GPU"), r.out());
		assertFalse(tessera().errLines().isEmpty());
		assertEquals(2, tessera().code());
	}

	@Test
	void helpGivesTheValueAParameterHasWhenNotGiven() {
		final String help = tessera("help", "stardist").out();
		assertTrue(java.util.regex.Pattern.compile("\n  scale=<double>  [^\n]* \\(default: 1\\)\n").matcher(help).find(), help);
		assertTrue(java.util.regex.Pattern.compile("\n  exclude_border=<integer>  [^\n]* \\(default: 2\\)\n").matcher(help).find(), help);
		assertTrue(help.contains("(default: auto)"), help);
		assertTrue(help.contains("(default: fluorescence)"), help);
		assertTrue(help.contains("  rois=<file>  save the outlines as an ImageJ ROI set (.zip) (optional)\n"), "no value, so only optional\n" + help);
		assertTrue(help.contains("  normalize_low=<string>  lower percentile of the input normalisation (0-100); empty = the model's"), help);
		assertFalse(help.contains("input=<image file>  a 2D image, or 2D + time (frame by frame), with as many channels as the model takes " +
			"(n_channel_in): grey for the fluorescence model, RGB for the he model ("), "the image has no default\n" + help);
	}

	@Test
	void helpSaysThatAValueOutputIsPrintedNotGiven() {
		final Result r = tessera("help", "batch");
		assertEquals(0, r.code());
		assertTrue(r.out().contains("  summary  printed when done: how many files were done"), r.out());
		assertFalse(r.out().contains("summary="), r.out());
	}
}
