package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.tessera.testutil.Builds;

/** What goes into Fiji's plugins folder, and what must not. */
class JarContentsIT {

	@Test
	void pluginJarHasTheMenuAndIndexButNoCLIJStandIns() throws IOException {
		assertTrue(Builds.pluginJar().getFileName().toString().contains("_"), "ImageJ reads plugins.config only from jars with an underscore");
		try (JarFile jar = new JarFile(Builds.pluginJar().toFile())) {
			final List<String> classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
			assertFalse(classes.isEmpty());
			for (final String c : classes)
				assertTrue(c.startsWith("org/tessera/"), "the plugin jar must only hold Tessera classes, found " + c);
			assertNotNull(jar.getEntry("plugins.config"));
			final JarEntry index = jar.getJarEntry("META-INF/json/org.scijava.plugin.Plugin");
			assertNotNull(index, "no SciJava annotation index");
			final String text = new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(text.contains("org.tessera.command.GaussianCommand"), text);
		}
	}

	@Test
	void standaloneJarHasExactlyTheStandIns() throws IOException {
		try (JarFile jar = new JarFile(Builds.standaloneJar().toFile())) {
			final List<String> classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).sorted().toList();
			assertTrue(classes.equals(List.of("fiji/util/gui/GenericDialogPlus.class", "net/imagej/ImageJService.class")), classes.toString());
		}
	}
}
