package org.tessera.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Paths of what `mvn package` built, for the integration tests (*IT), which run after packaging. */
public final class Builds {

	private Builds() {
	}

	public static Path target() {
		return Path.of("target").toAbsolutePath();
	}

	/** The plugin jar: target/Tessera_-<version>.jar. */
	public static Path pluginJar() throws IOException {
		return jar(false);
	}

	/** The jar with the CLIJ2 stand-ins for running outside Fiji. */
	public static Path standaloneJar() throws IOException {
		return jar(true);
	}

	private static Path jar(final boolean standalone) throws IOException {
		try (Stream<Path> s = Files.list(target())) {
			return s.filter(p -> {
				final String n = p.getFileName().toString();
				return n.startsWith("Tessera_-") && n.endsWith(".jar") && !n.endsWith("-sources.jar") && !n.endsWith("-tests.jar") &&
					!n.endsWith("-javadoc.jar") && n.endsWith("-standalone.jar") == standalone;
			}).findFirst().orElseThrow(() -> new IllegalStateException("no " + (standalone ? "standalone" : "plugin") +
				" jar in target/; run mvn package"));
		}
	}

	/** The java executable of this JVM. */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Class path of the runtime dependencies (target/lib/*). */
	public static String libClassPath() {
		return target().resolve("lib").toString() + "/*";
	}
}
