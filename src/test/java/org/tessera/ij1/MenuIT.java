package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tessera.testutil.Builds;
import org.tessera.testutil.Requirements;

/**
 * ImageJ 1.x with Tessera installed in its plugins folder, driven like a person
 * under Xvfb by {@link MenuDriver} in its own JVM: the menu entry, the dialog,
 * the macro recorder, and replaying the recorded line. The screenshots stay in
 * target/ui-test/out for a person to look at.
 */
class MenuIT {

	private static int drive(final Path dir, final Path plugins, final Path home, final Path out, final String scenario, final String input)
		throws Exception
	{
		Files.deleteIfExists(out.resolve("result-" + scenario + ".txt"));
		// The plugin jar is only in plugins/, as in a real ImageJ; the class path has the dependencies,
		// the CLIJ2 stand-ins and the driver.
		String cp = String.join(File.pathSeparator, Builds.target().resolve("test-classes").toString(), Builds.standaloneJar().toString(),
			Builds.libClassPath());
		// the labeling driver watches the tool's session directly, so Tessera's classes are on its class path too (ImageJ's plugin
		// class loader asks the class path first, so the menu entries from plugins/ then run these same classes)
		if (scenario.startsWith("label")) cp = Builds.target().resolve("classes") + File.pathSeparator + cp;
		final ProcessBuilder pb = new ProcessBuilder(Builds.java(), "-Duser.home=" + home, "-Djava.util.prefs.userRoot=" + home.resolve(
			"prefs"), "-Dplugins.dir=" + plugins, "-cp", cp, MenuDriver.class.getName(), out.toString(), input, scenario);
		pb.redirectErrorStream(true);
		pb.redirectOutput(dir.resolve("driver-" + scenario + ".log").toFile());
		final Process p = pb.start();
		final int limit = scenario.equals("label-and-train") ? 840 : 180;
		if (!p.waitFor(limit, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("ImageJ did not finish in " + limit + " s; see " + dir.resolve("driver-" + scenario + ".log"));
		}
		return p.exitValue();
	}

	/** The driver's exit code, what it found ({@code key=value} lines), and both with its output as text for failure messages. */
	record Driven(int exit, Map<String, String> results, String log) {}

	/**
	 * Runs the driver in a fresh ImageJ with Tessera in its plugins folder and
	 * fresh preferences (the dialog must show the command's defaults), a second
	 * time if the first fails: a bare X server now and then drops a synthetic
	 * event, and a real defect fails both attempts.
	 */
	private static Driven driveWithRetry(final String scenario) throws Exception {
		return driveWithRetry(scenario, "test-images/nuclei2d.tif");
	}

	/** The same with the driver's input (an image, or a model) given. */
	static Driven driveWithRetry(final String scenario, final String input) throws Exception {
		Requirements.requireDisplay();
		final Path dir = Builds.target().resolve("ui-test");
		final Path plugins = Files.createDirectories(dir.resolve("plugins"));
		final Path home = dir.resolve("home");
		if (Files.exists(home)) try (var walk = Files.walk(home)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		Files.createDirectories(home);
		final Path out = dir.resolve("out");
		Files.copy(Builds.pluginJar(), plugins.resolve("Tessera_.jar"), StandardCopyOption.REPLACE_EXISTING);
		final Path log = dir.resolve("driver-" + scenario + ".log");
		// what an earlier run left
		Files.deleteIfExists(out.resolve("failure-" + scenario + ".png"));
		Files.deleteIfExists(dir.resolve("driver-" + scenario + "-attempt1.log"));
		int exit = drive(dir, plugins, home, out, scenario, input);
		if (exit != 0) {
			Files.copy(log, dir.resolve("driver-" + scenario + "-attempt1.log"), StandardCopyOption.REPLACE_EXISTING);
			exit = drive(dir, plugins, home, out, scenario, input);
		}
		final List<String> lines = Files.readAllLines(out.resolve("result-" + scenario + ".txt"));
		final Map<String, String> r = new HashMap<>();
		for (final String l : lines) r.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
		return new Driven(exit, r, String.join("\n", lines) + "\n" + Files.readString(log));
	}

	static void assertScreenshots(final String... names) throws Exception {
		final Path out = Builds.target().resolve("ui-test").resolve("out");
		for (final String shot : names)
			assertTrue(Files.size(out.resolve(shot)) > 10_000, shot + " is (nearly) empty");
	}

	@Test
	void gaussianFromTheMenuRecordsAMacroLineThatReplaysTheSameResult() throws Exception {
		final Driven d = driveWithRetry("gaussian");
		final Map<String, String> r = d.results();
		final String log = d.log();
		assertEquals(0, d.exit(), log);
		assertEquals("true", r.get("menu"), "Plugins>Tessera>Filters>Gaussian Blur (Tessera) is missing\n" + log);
		assertEquals("true", r.get("samplesMenu"), "File>Open Samples>Synthetic Nuclei (Tessera) is missing\n" + log);
		assertEquals("true", r.get("dialogClosed"), log);
		assertEquals("256x256x16", r.get("result"), log);
		assertEquals("3", r.get("sigmaField"), log);
		assertEquals("run(\"Gaussian Blur (Tessera)\", \"sigma=3 boundary=nearest device=CPU\");", r.get("recorded"), log);
		assertEquals("true", r.get("replaySame"), "the recorded line gives another result\n" + log);
		assertEquals("true", r.get("issueLineSame"), "run(\"Gaussian Blur (Tessera)\", \"sigma=3 device=CPU\") differs\n" + log);
		assertEquals("false", r.get("otherSigmaSame"), "sigma=4 gave the same image as sigma=3\n" + log);
		assertScreenshots("menu.png", "dialog.png", "result.png");
	}

	/**
	 * Plugins>Tessera>Segmentation>StarDist 2D (Tessera) with the ROI Manager box
	 * ticked: a label image, the "StarDist Results" table, one outline per row
	 * in the ROI Manager, and a recorded line that gives the same labels.
	 */
	@Test
	void starDistFromTheMenuFillsTheRoiManagerAndRecordsAReplayableLine() throws Exception {
		final Driven d = driveWithRetry("stardist");
		final Map<String, String> r = d.results();
		final String log = d.log();
		assertEquals(0, d.exit(), log);
		assertEquals("true", r.get("menu"), "Plugins>Tessera>Segmentation>StarDist 2D (Tessera) is missing\n" + log);
		// text fields model_file, prob_thresh, nms_thresh, normalize_low, normalize_high empty (the built-in
		// model, its thresholds and percentiles), tiles auto, rois empty (no file); scale 1, exclude_border 2;
		// the box (ImageJ shows "_" in a checkbox's label as a space) off
		assertEquals("[] [] [] [] [] [auto] [] 1 2 roi manager=false", r.get("defaults"), log);
		assertEquals("true", r.get("ticked"), log);
		assertEquals("true", r.get("dialogClosed"), log);
		final int objects = Integer.parseInt(r.get("objects"));
		assertTrue(objects > 10, objects + " objects\n" + log);
		assertEquals("true", r.get("tableWindow"), "no \"StarDist Results\" window\n" + log);
		assertEquals(r.get("tableRows"), r.get("roiManager"), "one ROI per row of the table\n" + log);
		assertEquals(objects, Integer.parseInt(r.get("tableRows")), "one row per object of the label image\n" + log);
		assertEquals(r.get("roiManager"), r.get("outlinesShown"), log);
		final String recorded = r.get("recorded");
		assertTrue(recorded.startsWith("run(\"StarDist 2D (Tessera)\", \"") && recorded.contains(" roi_manager\");"), recorded + "\n" + log);
		assertFalse(recorded.contains("=[]") || recorded.matches(".*=[ \"].*"), "empty keys in the recorded line: " + recorded);
		assertEquals("true", r.get("replaySame"), "the recorded line gives other labels\n" + log);
		assertEquals(r.get("roiManager"), r.get("replayRoiManager"), "replaying replaced the ROI Manager's contents\n" + log);
		assertScreenshots("stardist-menu.png", "stardist-dialog.png", "stardist-result.png");
	}

	@Test
	void trainStarDistFromTheMenuShowsTheLossPlotAndEscKeepsTheBestNetwork() throws Exception {
		final Path model = Builds.target().resolve("ui-test/sd-model");
		if (Files.exists(model)) try (var walk = Files.walk(model)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		final Driven d = driveWithRetry("train-stardist", "target/ui-test/sd-model");
		final Map<String, String> r = d.results();
		final String log = d.log();
		assertEquals(0, d.exit(), log);
		assertEquals("true", r.get("menu"), "Plugins>Tessera>Training>Train StarDist (Tessera) is missing\n" + log);
		assertEquals("400", r.get("steps"), log);
		assertEquals("true", r.get("dialogClosed"), log);
		assertEquals("StarDist training: sd-model", r.get("plot"), log);
		assertEquals("true", r.get("stopped"), "Esc stops training\n" + log);
		final int done = Integer.parseInt(r.get("stepsDone")), best = Integer.parseInt(r.get("bestStep"));
		assertTrue(done >= 40 && done < 400 && best <= done, done + " steps, best " + best + "\n" + log);
		for (final String f : List.of("model.onnx", "config.json", "thresholds.json"))
			assertTrue(Files.isRegularFile(model.resolve(f)), f);
		final int objects = Integer.parseInt(r.get("objects")), truth = Integer.parseInt(r.get("truth"));
		assertTrue(objects > truth * 0.7 && objects < truth * 1.3, objects + " objects for " + truth + "\n" + log);
	}
}
