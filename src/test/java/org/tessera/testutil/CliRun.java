package org.tessera.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.tessera.cli.Cli;

/** Runs the command-line tool in-process, as scripts/tessera runs it, and checks its answers. */
public final class CliRun {

	private CliRun() {
	}

	/** Exit code, stdout and stderr of one run. */
	public record Result(int code, String out, String err) {

		public List<String> errLines() {
			return err.lines().toList();
		}
	}

	public static Result tessera(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
			.run(args);
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Exit 2 and exactly one line on stderr that contains all the given parts. */
	public static void assertBadInput(final Result r, final String... parts) {
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.errLines().size(), "expected one line, got: " + r.err());
		for (final String p : parts) assertTrue(r.err().contains(p), "'" + p + "' not in: " + r.err());
	}
}
