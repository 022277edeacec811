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
 * Runs the unit tests of the built-in models' training scripts with Debian's Python and PyTorch
 * (scripts/stardist/test_*.py: matching counts, the real crop's folds and their pooling, batches,
 * weight averaging, rescaled targets, RGB nets, the DSB score; scripts/sam/test_*.py: the click
 * measure), so that the Maven build checks the code that made the shipped models too.
 */
class TrainingScriptsTest {

	@Test
	void stardistScriptsPass() throws Exception {
		runUnitTests(Path.of("scripts", "stardist"), 21);
	}

	@Test
	void fastSamScriptsPass() throws Exception {
		runUnitTests(Path.of("scripts", "sam"), 3);
	}

	private static void runUnitTests(final Path scripts, final int written) throws Exception {
		Requirements.requirePythonTorch();
		assertTrue(Files.isDirectory(scripts), "run from the project folder");
		final Process p = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-s", scripts.toString(), "-p", "test_*.py")
			.redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the Python tests did not end in 5 minutes");
		assertEquals(0, p.exitValue(), out);
		final Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(out);
		assertTrue(ran.find(), out);
		assertTrue(Integer.parseInt(ran.group(1)) >= written, "fewer Python tests than written in " + scripts + ": " + out);
	}
}
