package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.Builds;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.process.FloatPolygon;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** An ImageJ macro run in batch mode ({@code ImageJ -batch}, as on a server under Xvfb) calls Tessera's menu command. */
class MacroBatchIT {

	@TempDir
	Path tmp;

	private int exitCode;

	/**
	 * Runs {@code ImageJ -batch macro args...} with Tessera in a fresh plugins
	 * folder and the home and preferences in the test's folder; its output.
	 */
	private String runBatch(final String... macroAndArgs) throws Exception {
		final Path plugins = Files.createDirectories(tmp.resolve("plugins"));
		Files.copy(Builds.pluginJar(), plugins.resolve("Tessera_.jar"), StandardCopyOption.REPLACE_EXISTING);
		final java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Builds.java(), "-Duser.home=" + tmp,
			"-Djava.util.prefs.userRoot=" + tmp.resolve("prefs"), "-Dplugins.dir=" + plugins, "-cp", Builds.standaloneJar() + File.pathSeparator +
				Builds.libClassPath(), "ij.ImageJ", "-batch"));
		cmd.addAll(java.util.List.of(macroAndArgs));
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ImageJ -batch did not finish");
		exitCode = p.exitValue();
		return Files.readString(tmp.resolve("log.txt"));
	}

	@Test
	void batchMacroRunsTheCommandLikeTheLibrary() throws Exception {
		Requirements.requireDisplay();
		final Path out = tmp.resolve("out.tif");
		final Path macro = Files.writeString(tmp.resolve("blur.ijm"), "open(getArgument());\n" +
			"run(\"Gaussian Blur (Tessera)\", \"sigma=1.5 device=CPU boundary=reflect\");\n" + "saveAs(\"Tiff\", \"" + out + "\");\n");
		final String log = runBatch(macro.toString(), Path.of("test-images/nuclei2d.tif").toAbsolutePath().toString());
		assertEquals(0, exitCode, log);
		assertTrue(Files.exists(out), "no output; log:\n" + log);
		final var in = ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(Path.of("test-images/nuclei2d.tif"), "in"));
		final double[] expected = TestImages.values(GaussianBlur.of(1.5).withBoundary(org.tessera.core.Boundary.REFLECT).apply(in));
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(out, "out"))));
	}

	/** The batch command from a macro, as the recorder writes it for Plugins>Tessera>Process Folder. */
	@Test
	void batchCommandFromAMacro() throws Exception {
		Requirements.requireDisplay();
		final Path in = Files.createDirectories(tmp.resolve("in folder"));
		for (int i = 0; i < 3; i++)
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(org.tessera.synthetic.SyntheticNuclei.of2D(60, 50, 4, i).generate().image()), in
				.resolve("img" + i + ".tif"));
		final Path out = tmp.resolve("out folder");
		final Path macro = Files.writeString(tmp.resolve("batch.ijm"), "run(\"Process Folder (Tessera)\", \"input=[" + in + "] output=[" + out +
			"] pipeline=[gaussian sigma=2 device=CPU] threads=2 output_type=8-bit\");\n");
		final String log = runBatch(macro.toString());
		assertEquals(0, exitCode, log);
		for (int i = 0; i < 3; i++) assertEquals(8, ImageFiles.read(out.resolve("img" + i + ".tif"), "out").getBitDepth(), log);
		final java.util.List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
		assertEquals(4, metrics.size(), String.join("\n", metrics));
		assertTrue(metrics.get(1).startsWith("img0.tif,ok,"), metrics.get(1));
	}

	/** A bad parameter in a batch macro: the error on one line, the macro stops, ImageJ exits (no dialog waiting for ever). */
	@Test
	void aFailingCommandStopsTheBatchMacroWithItsError() throws Exception {
		Requirements.requireDisplay();
		final Path after = tmp.resolve("after.txt");
		final Path macro = Files.writeString(tmp.resolve("bad.ijm"), "open(getArgument());\n" +
			"run(\"Voronoi-Otsu Labeling (Tessera)\", \"spot_sigma=3,3,1 outline_sigma=1 device=CPU\");\n" + "File.saveString(\"ran on\", \"" +
			after + "\");\n");
		final String log = runBatch(macro.toString(), Path.of("test-images/nuclei2d.tif").toAbsolutePath().toString());
		assertTrue(log.contains("Voronoi-Otsu Labeling (Tessera): spot_sigma has 3 values but the image has 2 spatial axes"), log);
		assertTrue(!Files.exists(after), "the macro went on after the error");
	}

	/** PSF and deconvolution from a batch macro, the two images chosen by title, equal the command line's result. */
	@Test
	void psfAndDeconvolutionFromAMacroMatchTheCommandLine() throws Exception {
		Requirements.requireDisplay();
		final Path image = Path.of("test-images/nuclei2d.tif").toAbsolutePath(), macroOut = tmp.resolve("macro.tif");
		final Path macro = Files.writeString(tmp.resolve("deconvolve.ijm"), "run(\"PSF (Tessera)\", \"type=gaussian sigma=2 size=15,15,1\");\n" +
			"open(\"" + image + "\");\n" + "run(\"Richardson-Lucy Deconvolution (Tessera)\", \"input=nuclei2d.tif psf=psf-gaussian " +
			"iterations=5 regularization=0.002 acceleration=none device=CPU\");\n" + "saveAs(\"Tiff\", \"" + macroOut + "\");\n");
		final String log = runBatch(macro.toString());
		assertTrue(Files.exists(macroOut), "no output; log:\n" + log);
		final Path psf = tmp.resolve("psf.tif"), cliOut = tmp.resolve("cli.tif");
		assertEquals(0, org.tessera.testutil.CliRun.tessera("psf", "type=gaussian", "sigma=2", "size=15,15,1", "output=" + psf).code());
		final var r = org.tessera.testutil.CliRun.tessera("deconvolve", "input=" + image, "psf=" + psf, "iterations=5", "regularization=0.002",
			"device=CPU", "output=" + cliOut);
		assertEquals(0, r.code(), r.err());
		final double[] cli = TestImages.values(ImagePlusViews.<net.imglib2.type.numeric.real.FloatType> wrapReal(ImageFiles.read(cliOut, "c")));
		final double[] fromMacro = TestImages.values(ImagePlusViews.<net.imglib2.type.numeric.real.FloatType> wrapReal(ImageFiles.read(macroOut,
			"m")));
		assertArrayEquals(cli, fromMacro, 0.0, log);
	}

	/** StarDist with the built-in model from a batch macro gives the command line's labels. */
	@Test
	void starDistFromAMacroMatchesTheCommandLine() throws Exception {
		Requirements.requireDisplay();
		final Path image = Path.of("test-images/nuclei2d.tif").toAbsolutePath(), macroOut = tmp.resolve("macro.tif");
		final Path macro = Files.writeString(tmp.resolve("stardist.ijm"), "open(\"" + image + "\");\n" +
			"run(\"StarDist 2D (Tessera)\", \"normalize_low=1 normalize_high=99.8\");\n" + "saveAs(\"Tiff\", \"" + macroOut + "\");\n");
		final String log = runBatch(macro.toString());
		assertTrue(Files.exists(macroOut), "no output; log:\n" + log);
		final Path cliOut = tmp.resolve("cli.tif");
		final var r = org.tessera.testutil.CliRun.tessera("stardist", "input=" + image, "output=" + cliOut);
		assertEquals(0, r.code(), r.err());
		final double[] cli = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(cliOut, "c")));
		final double[] fromMacro = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(macroOut, "m")));
		assertTrue(java.util.Arrays.stream(cli).max().orElse(0) > 5, "objects found");
		assertArrayEquals(cli, fromMacro, 0.0, log);
	}

	/** With {@code append}, the ROI Manager keeps what it held and gets the outlines after it. */
	@Test
	void starDistAppendsToTheMacrosRoiManager() throws Exception {
		Requirements.requireDisplay();
		final Path image = Path.of("test-images/nuclei2d.tif").toAbsolutePath();
		final Path macro = Files.writeString(tmp.resolve("stardist-append.ijm"), "open(\"" + image + "\");\n" +
			"makeRectangle(2, 2, 10, 10);\nroiManager(\"add\");\n" + // kept
			"run(\"StarDist 2D (Tessera)\", \"roi_manager=true append=true\");\n" + "print(\"count=\" + roiManager(\"count\"));\n" +
			"print(\"rows=\" + Table.size(\"StarDist Results\"));\n" + "roiManager(\"select\", 0);\nprint(\"first=\" + Roi.getType);\n");
		final String log = runBatch(macro.toString());
		assertEquals(0, exitCode, log);
		final int count = printed(log, "count"), rows = printed(log, "rows");
		assertTrue(rows > 10, "objects found\n" + log);
		assertEquals(rows + 1, count, "the rectangle kept, one ROI per row after it\n" + log);
		assertTrue(log.contains("first=rectangle"), log);
		// the option's key holds no other key (ImageJ finds "rois=" inside "append_rois=", which wrote a ROI set named "true")
		assertTrue(!Files.exists(Path.of("true")), "a stray ROI set in the working folder");
	}

	/**
	 * StarDist with {@code roi_manager=true} from a batch macro: the macro's ROI
	 * Manager then holds one outline per row of the results table, in place of
	 * what it held, and they are the polygons of the command line's ROI set.
	 */
	@Test
	void starDistFillsTheMacrosRoiManager() throws Exception {
		Requirements.requireDisplay();
		final Path image = Path.of("test-images/nuclei2d.tif").toAbsolutePath(), saved = tmp.resolve("manager.zip");
		final Path macro = Files.writeString(tmp.resolve("stardist-rois.ijm"), "open(\"" + image + "\");\n" +
			"makeRectangle(2, 2, 10, 10);\nroiManager(\"add\");\n" + // replaced, not kept
			"run(\"StarDist 2D (Tessera)\", \"roi_manager=true\");\n" + "print(\"count=\" + roiManager(\"count\"));\n" +
			"print(\"rows=\" + Table.size(\"StarDist Results\"));\n" + "roiManager(\"save\", \"" + saved + "\");\n");
		final String log = runBatch(macro.toString());
		assertEquals(0, exitCode, log);
		final int count = printed(log, "count"), rows = printed(log, "rows");
		assertTrue(count > 10, "objects found\n" + log);
		assertEquals(rows, count, "one ROI per row of the table\n" + log);
		final Path zip = tmp.resolve("cli.zip");
		final var r = org.tessera.testutil.CliRun.tessera("stardist", "input=" + image, "output=" + tmp.resolve("cli.tif"), "rois=" + zip);
		assertEquals(0, r.code(), r.err());
		final Map<String, Roi> cli = roiSet(zip), fromManager = roiSet(saved);
		assertEquals(cli.keySet(), fromManager.keySet(), "ROI names");
		for (final String name : cli.keySet()) {
			final FloatPolygon a = cli.get(name).getFloatPolygon(), b = fromManager.get(name).getFloatPolygon();
			assertArrayEquals(a.xpoints, b.xpoints, 0f, name);
			assertArrayEquals(a.ypoints, b.ypoints, 0f, name);
		}
	}

	private static int printed(final String log, final String key) {
		return log.lines().filter(l -> l.startsWith(key + "=")).map(l -> Integer.parseInt(l.substring(key.length() + 1).trim())).findFirst()
			.orElseThrow(() -> new AssertionError("the macro printed no " + key + "=\n" + log));
	}

	/** The ROIs of an ImageJ ROI set, by name. */
	private static Map<String, Roi> roiSet(final Path zip) throws IOException {
		final Map<String, Roi> rois = new TreeMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (final var e : Collections.list(z.entries())) {
				final Roi roi = RoiDecoder.openFromByteArray(z.getInputStream(e).readAllBytes());
				rois.put(roi.getName(), roi);
			}
		}
		return rois;
	}
}
