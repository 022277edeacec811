package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.tessera.scijava.TesseraCommands;

/** plugins.config and the SciJava commands agree: every command has one menu entry and every entry a command. */
class PluginsConfigTest {

	@Test
	void everyCommandHasExactlyOneMenuEntryUnderPluginsTessera() {
		final List<PluginsConfig.Entry> entries = PluginsConfig.load(getClass().getClassLoader());
		final Context context = new Context(CommandService.class);
		try {
			final List<CommandInfo> commands = TesseraCommands.all(context.service(CommandService.class));
			assertTrue(commands.size() >= 2);
			for (final CommandInfo c : commands) {
				final long n = entries.stream().filter(e -> e.command().equals(c.getName())).count();
				assertEquals(1, n, "menu entries for " + c.getName());
				final PluginsConfig.Entry e = PluginsConfig.find(entries, c.getName());
				// under Plugins>Tessera, but for the sample, which is where Fiji keeps samples
				assertTrue(e.menu().startsWith("Plugins>Tessera") || e.menu().equals("File>Open Samples") && c.getName().equals(
					"synthetic-nuclei"), e.menu());
				assertEquals(c.getLabel(), e.label(), "the menu label is the command label");
			}
			// no submenu with a single entry
			final java.util.Map<String, Long> perMenu = entries.stream().collect(java.util.stream.Collectors.groupingBy(PluginsConfig.Entry::menu,
				java.util.stream.Collectors.counting()));
			perMenu.forEach((menu, n) -> assertTrue(n > 1 || menu.equals("Plugins>Tessera") || menu.equals("File>Open Samples"), menu +
				" has one entry"));
			final Set<String> labels = new HashSet<>();
			for (final PluginsConfig.Entry e : entries) {
				assertNotNull(TesseraCommands.find(context.service(CommandService.class), e.command()), "no command " + e.command());
				assertTrue(labels.add(e.label()), "duplicate label " + e.label());
			}
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void parsesOnlyTesseraLines() {
		final List<PluginsConfig.Entry> e = PluginsConfig.parse(List.of("# comment", "",
			"Plugins>Tessera>Filters, \"Gaussian Blur (Tessera)\", org.tessera.ij1.TesseraPlugIn(\"gaussian\")",
			"Plugins>Other, \"Other\", some.Other(\"x\")"));
		assertEquals(1, e.size());
		assertEquals("Plugins>Tessera>Filters>Gaussian Blur (Tessera)", e.get(0).path());
		assertEquals("gaussian", e.get(0).command());
	}
}
