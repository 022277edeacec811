package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/tessera itself, in a fresh JVM, as a user runs it from a shell. */
class LauncherIT {

	@TempDir
	Path tmp;

	record Run(int code, String out, String err) {}

	private Run tessera(final String... args) throws IOException, InterruptedException {
		final List<String> cmd = new java.util.ArrayList<>(List.of("scripts/tessera"));
		cmd.addAll(List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		final Path out = tmp.resolve("stdout"), err = tmp.resolve("stderr");
		pb.redirectOutput(out.toFile()).redirectError(err.toFile());
		final Process p = pb.start();
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("scripts/tessera did not finish");
		}
		return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
	}

	@Test
	void listShowsGaussian() throws Exception {
		final Run r = tessera("list");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().lines().anyMatch(l -> l.equals("gaussian\tPlugins>Tessera>Filters>Gaussian Blur (Tessera)")), r.out());
	}

	@Test
	void badPathExitsWithTwoAndOneLine() throws Exception {
		final Run r = tessera("gaussian", "input=" + tmp.resolve("missing.tif"), "output=" + tmp.resolve("o.tif"));
		assertEquals(2, r.code());
		assertEquals(1, r.err().lines().count(), r.err());
		assertTrue(r.err().startsWith("tessera: input: file not found: "), r.err());
	}

	@Test
	void gaussianRunsHeadlessOnBothDevices() throws Exception {
		for (final String device : new String[] { "CPU", "auto" }) {
			final Path out = tmp.resolve("blurred-" + device + ".tif");
			final Run r = tessera("gaussian", "input=test-images/nuclei3d.tif", "sigma=2,2,1", "device=" + device, "output=" + out);
			assertEquals(0, r.code(), r.err());
			assertTrue(Files.size(out) > 700_000, "output too small");
		}
	}

	/** The command-line tool is headless: asking StarDist for the ROI Manager fails at once, on one line that names the way out. */
	@Test
	void starDistRoiManagerIsOneLineHeadless() throws Exception {
		final Path out = tmp.resolve("labels.tif");
		final Run r = tessera("stardist", "input=test-images/nuclei2d.tif", "roi_manager=true", "output=" + out);
		assertEquals(2, r.code(), r.err());
		assertEquals(List.of("tessera: roi_manager: there is no ROI Manager in a headless run (java.awt.headless=true); save the outlines " +
			"as a ROI set file with rois=<file>.zip instead"), r.err().lines().toList());
		assertTrue(!Files.exists(out), "no output after the error");
	}
}
