package org.tessera.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Debian's Python ({@code /usr/bin/python3}, with python3-zarr, -tifffile, -numpy), for checks independent of Tessera's own readers. */
public final class Python {

	private Python() {
	}

	/** Runs {@code code} with {@code python3 -c}; returns what it printed (stdout and stderr, trimmed); fails the test on a non-zero exit. */
	public static String run(final String code) throws IOException, InterruptedException {
		final Process p = new ProcessBuilder("/usr/bin/python3", "-c", code).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, p.waitFor(), out);
		return out.trim();
	}
}
