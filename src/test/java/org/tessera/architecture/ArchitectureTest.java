package org.tessera.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.tessera.testutil.Builds;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages of Tessera's code and how they depend on each other, read from the
 * compiled classes: the graph is written to {@code target/package-graph.md} (a
 * Mermaid diagram, as docs/architecture.md shows it), and the rules that hold are
 * checked: the library packages named in {@link #IMAGEJ_FREE} (the operation
 * layer, filters, OpenCL, deconvolution, pixel classification, segmentation,
 * the labeling model, model loading) use no ImageJ 1 or AWT types (but ImageJ's threshold methods,
 * see {@link #allowed}), and no packages form a dependency cycle.
 */
class ArchitectureTest {

	private static final String ROOT = "org.tessera.";

	private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.tessera");

	/** Top-level package of a class under org.tessera ("pixel" for org.tessera.pixel.Features), or null. */
	private static String pkg(final JavaClass c) {
		final String n = c.getPackageName();
		if (!n.startsWith(ROOT)) return n.equals("org.tessera") ? "" : null;
		final String rest = n.substring(ROOT.length());
		final int dot = rest.indexOf('.');
		return dot < 0 ? rest : rest.substring(0, dot);
	}

	/** Package to the packages it uses (within Tessera). */
	static Map<String, Set<String>> graph() {
		final Map<String, Set<String>> g = new TreeMap<>();
		for (final JavaClass c : CLASSES) {
			final String from = pkg(c);
			if (from == null || from.isEmpty()) continue;
			g.computeIfAbsent(from, k -> new TreeSet<>());
			for (final Dependency d : c.getDirectDependenciesFromSelf()) {
				final String to = pkg(d.getTargetClass());
				if (to != null && !to.isEmpty() && !to.equals(from)) g.get(from).add(to);
			}
		}
		return g;
	}

	/** The packages on some dependency cycle (strongly connected components of more than one package). */
	static List<Set<String>> cycles(final Map<String, Set<String>> g) {
		final List<Set<String>> out = new ArrayList<>();
		final Set<String> done = new TreeSet<>();
		for (final String a : g.keySet()) {
			if (done.contains(a)) continue;
			final Set<String> component = new TreeSet<>();
			for (final String b : g.keySet())
				if (reaches(g, a, b) && reaches(g, b, a)) component.add(b);
			done.addAll(component);
			if (component.size() > 1) out.add(component);
		}
		return out;
	}

	private static boolean reaches(final Map<String, Set<String>> g, final String from, final String to) {
		if (from.equals(to)) return true;
		final Set<String> seen = new TreeSet<>();
		final List<String> todo = new ArrayList<>(List.of(from));
		while (!todo.isEmpty()) {
			final String n = todo.remove(todo.size() - 1);
			if (!seen.add(n)) continue;
			for (final String m : g.getOrDefault(n, Set.of())) {
				if (m.equals(to)) return true;
				todo.add(m);
			}
		}
		return false;
	}

	@Test
	void thePackageGraphIsWrittenForTheDocs() throws IOException {
		final Map<String, Set<String>> g = graph();
		final StringBuilder sb = new StringBuilder("```mermaid\ngraph LR\n");
		for (final Map.Entry<String, Set<String>> e : g.entrySet())
			for (final String to : e.getValue()) sb.append("  ").append(e.getKey()).append(" --> ").append(to).append('\n');
		sb.append("```\n\nCycles: ").append(cycles(g)).append('\n');
		final Path out = Builds.target().resolve("package-graph.md");
		Files.writeString(out, sb.toString());
		System.out.println(sb);
		assertTrue(g.containsKey("pixel") && g.containsKey("core"), g.keySet().toString());
	}

	/** The library packages that already use no ImageJ 1 or AWT type; the rest are to follow. */
	private static final Set<String> IMAGEJ_FREE = Set.of("annotate", "core", "deconv", "dl", "filter", "gpu", "op", "pixel", "sam", "segment",
		"segmenter", "spark", "stardist", "synthetic", "train", "unet");

	/**
	 * The one ImageJ 1 class the library packages may use: ImageJ's published
	 * threshold methods (Otsu, Huang, Li, ... as {@code AutoThresholder.Method}),
	 * a pure function from an int[] histogram to a bin, without images.
	 * {@code segment.AutoThreshold} builds the histogram itself, as ImageJ does,
	 * and asks it for the bin, because users expect exactly ImageJ's levels
	 * (Image&gt;Adjust&gt;Threshold), and seventeen methods reimplemented would
	 * have to match them bit for bit.
	 */
	private static boolean allowed(final String className) {
		return className.equals("ij.process.AutoThresholder") || className.startsWith("ij.process.AutoThresholder$");
	}

	@Test
	void libraryPackagesUseNoImageJOrAwt() {
		final List<String> violations = new ArrayList<>();
		for (final JavaClass c : CLASSES) {
			final String p = pkg(c);
			if (!IMAGEJ_FREE.contains(p)) continue;
			for (final Dependency d : c.getDirectDependenciesFromSelf()) {
				final String t = d.getTargetClass().getPackageName();
				if (allowed(d.getTargetClass().getName())) continue;
				if (t.equals("ij") || t.startsWith("ij.") || t.startsWith("java.awt") || t.startsWith("javax.swing")) violations.add(d.getDescription());
			}
		}
		assertEquals(List.of(), violations);
	}

	/** No package depends, through others, on a package that depends on it. */
	@Test
	void noPackagesFormACycle() {
		assertEquals(List.of(), cycles(graph()), "packages on a dependency cycle");
	}
}
