package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tessera.testutil.Requirements;

/**
 * Runs the unit tests of the default model's training scripts
 * (scripts/stardist/test_*.py: matching counts, the real crop's folds and their pooling, batches,
 * weight averaging) with Debian's Python and PyTorch, so that the Maven build
 * checks the code that made the shipped model too.
 */
class TrainingScriptsTest {

	private static final Path SCRIPTS = Path.of("scripts", "stardist");

	@Test
	void pythonUnitTestsPass() throws Exception {
		Requirements.requirePythonTorch();
		assertTrue(Files.isRegularFile(SCRIPTS.resolve("test_training.py")), "run from the project folder");
		final Process p = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-s", SCRIPTS.toString(), "-p", "test_*.py")
			.redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the Python tests did not end in 5 minutes");
		assertEquals(0, p.exitValue(), out);
		final Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(out);
		assertTrue(ran.find(), out);
		assertTrue(Integer.parseInt(ran.group(1)) >= 17, "fewer Python tests than written: " + out);
	}
}
