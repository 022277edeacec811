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

	@Test
	void gaussianFromTheMenuRecordsAMacroLineThatReplaysTheSameResult() throws Exception {
		Requirements.requireDisplay();
		final Path dir = Builds.target().resolve("ui-test");
		final Path plugins = Files.createDirectories(dir.resolve("plugins"));
		final Path home = Files.createDirectories(dir.resolve("home"));
		final Path out = dir.resolve("out");
		Files.copy(Builds.pluginJar(), plugins.resolve("Tessera_.jar"), StandardCopyOption.REPLACE_EXISTING);
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
		final List<String> lines = Files.readAllLines(out.resolve("result.txt"));
		final Map<String, String> r = new HashMap<>();
		for (final String l : lines) r.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
		final String log = String.join("\n", lines) + "\n" + Files.readString(dir.resolve("driver.log"));
		assertEquals(0, p.exitValue(), log);
		assertEquals("true", r.get("menu"), "Plugins>Tessera>GPU>Gaussian Blur (Tessera) is missing\n" + log);
		assertEquals("true", r.get("dialogClosed"), log);
		assertEquals("256x256x16", r.get("result"), log);
		assertEquals("run(\"Gaussian Blur (Tessera)\", \"sigma=2 device=CPU boundary=nearest\");", r.get("recorded"), log);
		assertEquals("true", r.get("replaySame"), "the recorded line gives another result\n" + log);
		assertEquals("true", r.get("issueLineSame"), "run(\"Gaussian Blur (Tessera)\", \"sigma=2 device=CPU\") differs\n" + log);
		assertEquals("false", r.get("otherSigmaSame"), "sigma=4 gave the same image as sigma=2\n" + log);
		for (final String shot : new String[] { "menu.png", "dialog.png", "result.png" })
			assertTrue(Files.size(out.resolve(shot)) > 10_000, shot + " is (nearly) empty");
	}
}
