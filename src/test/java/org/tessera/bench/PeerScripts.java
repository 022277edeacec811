package org.tessera.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmarks' side of scripts/bench/*.py: run one, read the raw arrays it writes. */
final class PeerScripts {

	private PeerScripts() {
		// static utility
	}

	/**
	 * Runs {@code scripts/bench/<args[0]>} with Debian's Python and the other
	 * arguments; its stdout as {@code key value} lines (stderr passes through).
	 *
	 * @throws IOException if it cannot start or exits with an error
	 */
	static Map<String, String> run(final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "scripts/bench/" + args[0]));
		cmd.addAll(Arrays.asList(args).subList(1, args.length));
		final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		final Map<String, String> out = new LinkedHashMap<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			r.lines().forEach(l -> {
				final int sp = l.indexOf(' ');
				if (sp > 0) out.put(l.substring(0, sp), l.substring(sp + 1).trim());
			});
		}
		try {
			if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed with exit " + p.exitValue());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
		return out;
	}

	/** A little-endian float32 file. */
	static float[] floats(final Path p) throws IOException {
		final byte[] b = Files.readAllBytes(p);
		final float[] f = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
		return f;
	}

	/** A little-endian int32 file. */
	static int[] ints(final Path p) throws IOException {
		final byte[] b = Files.readAllBytes(p);
		final int[] v = new int[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
		return v;
	}
}
