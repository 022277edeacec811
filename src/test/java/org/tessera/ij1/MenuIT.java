package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

	private static int drive(final Path dir, final Path plugins, final Path home, final Path out) throws Exception {
		Files.deleteIfExists(out.resolve("result.txt"));
		// The plugin jar is only in plugins/, as in a real ImageJ; the class path has the dependencies,
		// the CLIJ2 stand-ins and the driver.
		final String cp = String.join(File.pathSeparator, Builds.target().resolve("test-classes").toString(), Builds.standaloneJar().toString(),
			Builds.libClassPath());
		final ProcessBuilder pb = new ProcessBuilder(Builds.java(), "-Duser.home=" + home, "-Djava.util.prefs.userRoot=" + home.resolve(
			"prefs"), "-Dplugins.dir=" + plugins, "-cp", cp, MenuDriver.class.getName(), out.toString(), "test-images/nuclei2d.tif");
		pb.redirectErrorStream(true);
		pb.redirectOutput(dir.resolve("driver.log").toFile());
		final Process p = pb.start();
		if (!p.waitFor(180, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("ImageJ did not finish in 180 s; see " + dir.resolve("driver.log"));
		}
		return p.exitValue();
	}

	@Test
	void gaussianFromTheMenuRecordsAMacroLineThatReplaysTheSameResult() throws Exception {
		Requirements.requireDisplay();
		final Path dir = Builds.target().resolve("ui-test");
		final Path plugins = Files.createDirectories(dir.resolve("plugins"));
		final Path home = dir.resolve("home");
		// Fresh preferences: the dialog must show the command's defaults (sigma 2, device auto).
		if (Files.exists(home)) try (var walk = Files.walk(home)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		Files.createDirectories(home);
		final Path out = dir.resolve("out");
		Files.copy(Builds.pluginJar(), plugins.resolve("Tessera_.jar"), StandardCopyOption.REPLACE_EXISTING);
		// A bare X server now and then drops a synthetic event; a real defect fails both attempts.
		int exit = drive(dir, plugins, home, out);
		if (exit != 0) {
			Files.copy(dir.resolve("driver.log"), dir.resolve("driver-attempt1.log"), StandardCopyOption.REPLACE_EXISTING);
			exit = drive(dir, plugins, home, out);
		}
		final List<String> lines = Files.readAllLines(out.resolve("result.txt"));
		final Map<String, String> r = new HashMap<>();
		for (final String l : lines) r.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
		final String log = String.join("\n", lines) + "\n" + Files.readString(dir.resolve("driver.log"));
		assertEquals(0, exit, log);
		assertEquals("true", r.get("menu"), "Plugins>Tessera>GPU>Gaussian Blur (Tessera) is missing\n" + log);
		assertEquals("true", r.get("dialogClosed"), log);
		assertEquals("256x256x16", r.get("result"), log);
		assertEquals("3", r.get("sigmaField"), log);
		assertEquals("run(\"Gaussian Blur (Tessera)\", \"sigma=3 device=CPU boundary=nearest\");", r.get("recorded"), log);
		assertEquals("true", r.get("replaySame"), "the recorded line gives another result\n" + log);
		assertEquals("true", r.get("issueLineSame"), "run(\"Gaussian Blur (Tessera)\", \"sigma=3 device=CPU\") differs\n" + log);
		assertEquals("false", r.get("otherSigmaSame"), "sigma=4 gave the same image as sigma=3\n" + log);
		for (final String shot : new String[] { "menu.png", "dialog.png", "result.png" })
			assertTrue(Files.size(out.resolve(shot)) > 10_000, shot + " is (nearly) empty");
	}
}
