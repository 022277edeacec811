package org.tessera.cli;

/** Entry point of {@code scripts/tessera}; see {@link Cli}. */
public final class Main {

	private Main() {
		// entry point only
	}

	public static void main(final String[] args) {
		// headless unless the launcher was asked for ImageJ's menus (TESSERA_HEADLESS=false, under a display)
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
		final int code = new Cli(System.out, System.err).run(args);
		System.out.flush();
		System.err.flush();
		// SciJava and OpenCL leave non-daemon threads behind; end the JVM explicitly.
		System.exit(code);
	}
}
