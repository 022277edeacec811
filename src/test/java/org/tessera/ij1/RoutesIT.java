package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.Builds;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Every filter command gives the same image, and label-statistics the same
 * table, through the three routes a Fiji user has: an ImageJ macro (the
 * recorded form of the menu), a Groovy script through the CommandService, and
 * the command-line tool.
 */
class RoutesIT {

	@TempDir
	Path tmp;

	/** name, menu label, parameters (as macro options and key=value). */
	private static final List<String[]> COMMANDS = List.of( //
		new String[] { "gaussian", "Gaussian Blur (Tessera)", "sigma=2" }, //
		new String[] { "minimum", "Minimum (Tessera)", "radius=2" }, //
		new String[] { "maximum", "Maximum (Tessera)", "radius=2 shape=box" }, //
		new String[] { "mean", "Mean (Tessera)", "radius=3" }, //
		new String[] { "median", "Median (Tessera)", "radius=1" }, //
		new String[] { "top-hat", "Top Hat (Tessera)", "radius=5" }, //
		new String[] { "dog", "Difference of Gaussians (Tessera)", "sigma1=1 sigma2=3" }, //
		new String[] { "threshold", "Auto Threshold (Tessera)", "method=Triangle background=dark" }, //
		new String[] { "voronoi-otsu-labeling", "Voronoi-Otsu Labeling (Tessera)", "spot_sigma=3 outline_sigma=1" }, //
		// a fifth element: the input, if not the nuclei image (the label image as a mask: touching nuclei become one object)
		new String[] { "label", "Label Connected Components (Tessera)", "connectivity=2", "nuclei2d-labels.tif" });

	private static double[] pixels(final Path p) {
		return TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(p, p.getFileName().toString())));
	}

	@Test
	void macroScriptAndCommandLineAgree() throws Exception {
		Requirements.requireDisplay();
		final Path image = Path.of("test-images/nuclei2d.tif").toAbsolutePath();
		final Path labels = Path.of("test-images/nuclei2d-labels.tif").toAbsolutePath();
		final String statsCsv = "label-statistics.csv";
		final Path macroOut = Files.createDirectories(tmp.resolve("macro")), scriptOut = Files.createDirectories(tmp.resolve("script")),
			cliOut = Files.createDirectories(tmp.resolve("cli"));
		// 1. ImageJ macro in batch mode, with Tessera in plugins/
		final StringBuilder macro = new StringBuilder();
		for (final String[] c : COMMANDS)
			macro.append("open(\"").append(input(c, image)).append("\");\nrun(\"").append(c[1]).append("\", \"").append(c[2]).append(
				" device=CPU\");\nsaveAs(\"Tiff\", \"").append(macroOut.resolve(c[0] + ".tif")).append("\");\nrun(\"Close All\");\n");
		// two image inputs, chosen by window title; the table is a window titled like the output
		macro.append("open(\"").append(image).append("\");\nopen(\"").append(labels).append("\");\n").append(
			"run(\"Label Statistics (Tessera)\", \"input=nuclei2d.tif labels=nuclei2d-labels.tif device=CPU\");\n").append("Table.save(\"")
			.append(macroOut.resolve(statsCsv)).append("\", \"Label Statistics\");\nrun(\"Close All\");\n");
		final Path plugins = Files.createDirectories(tmp.resolve("plugins"));
		Files.copy(Builds.pluginJar(), plugins.resolve("Tessera_.jar"), StandardCopyOption.REPLACE_EXISTING);
		final Path m = Files.writeString(tmp.resolve("filters.ijm"), macro);
		final Process p = new ProcessBuilder(Builds.java(), "-Duser.home=" + tmp, "-Djava.util.prefs.userRoot=" + tmp.resolve("prefs"),
			"-Dplugins.dir=" + plugins, "-cp", Builds.standaloneJar() + File.pathSeparator + Builds.libClassPath(), "ij.ImageJ", "-batch", m
				.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("macro.log").toFile()).start();
		assertTrue(p.waitFor(180, TimeUnit.SECONDS), "ImageJ -batch did not finish");
		assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("macro.log")));
		// 2. a Groovy script through the CommandService
		final StringBuilder groovy = new StringBuilder("#@ CommandService command\nimport ij.IJ\n");
		for (final String[] c : COMMANDS) {
			final java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
			params.put("device", "CPU");
			for (final String kv : c[2].split(" ")) params.put(kv.split("=")[0], kv.split("=")[1]);
			// the menu's dialog shows every parameter with its default; a script passes them all (see the examples)
			if (params.containsKey("radius")) params.putIfAbsent("shape", "ellipse");
			if (c[0].equals("gaussian")) params.put("boundary", "nearest");
			groovy.append("imp = IJ.openImage('").append(input(c, image)).append("')\n").append("m = command.run('").append(commandClass(c[0])).append(
				"', true, ['input': imp");
			params.forEach((k, v) -> groovy.append(", '").append(k).append("': '").append(v).append("'"));
			groovy.append("]).get()\nIJ.saveAsTiff(m.getOutput('output'), '").append(scriptOut.resolve(c[0] + ".tif")).append("')\n");
		}
		groovy.append("m = command.run('org.tessera.command.LabelStatisticsCommand', true, ['input': IJ.openImage('").append(image).append(
			"'), 'labels': IJ.openImage('").append(labels).append("'), 'device': 'CPU']).get()\nassert m.getOutput('output').save('").append(
				scriptOut.resolve(statsCsv)).append("')\n");
		final Path script = Files.writeString(tmp.resolve("filters.groovy"), groovy.toString());
		final CliRun.Result s = CliRun.tessera("run", script.toString());
		assertEquals(0, s.code(), s.err());
		// 3. the command line
		for (final String[] c : COMMANDS) {
			final List<String> args = new java.util.ArrayList<>(List.of(c[0], "input=" + input(c, image), "device=CPU", "output=" + cliOut.resolve(c[0] +
				".tif")));
			args.addAll(List.of(c[2].split(" ")));
			final CliRun.Result r = CliRun.tessera(args.toArray(String[]::new));
			assertEquals(0, r.code(), c[0] + ": " + r.err());
		}
		final CliRun.Result stats = CliRun.tessera("label-statistics", "input=" + image, "labels=" + labels, "device=CPU", "output=" + cliOut
			.resolve(statsCsv));
		assertEquals(0, stats.code(), "label-statistics: " + stats.err());
		final List<String> table = Files.readAllLines(cliOut.resolve(statsCsv));
		assertEquals(41, table.size(), "header and 40 nuclei");
		assertEquals(table, Files.readAllLines(macroOut.resolve(statsCsv)), "label-statistics: macro differs from the command line");
		assertEquals(table, Files.readAllLines(scriptOut.resolve(statsCsv)), "label-statistics: script differs from the command line");
		for (final String[] c : COMMANDS) {
			final double[] cli = pixels(cliOut.resolve(c[0] + ".tif"));
			assertArrayEquals(cli, pixels(macroOut.resolve(c[0] + ".tif")), 0.0, c[0] + ": macro differs from the command line");
			assertArrayEquals(cli, pixels(scriptOut.resolve(c[0] + ".tif")), 0.0, c[0] + ": script differs from the command line");
		}
	}

	private static Path input(final String[] command, final Path image) {
		return command.length > 3 ? image.resolveSibling(command[3]) : image;
	}

	private static String commandClass(final String name) {
		return switch (name) {
			case "gaussian" -> "org.tessera.command.GaussianCommand";
			case "minimum" -> "org.tessera.command.MinimumCommand";
			case "maximum" -> "org.tessera.command.MaximumCommand";
			case "mean" -> "org.tessera.command.MeanCommand";
			case "median" -> "org.tessera.command.MedianCommand";
			case "top-hat" -> "org.tessera.command.TopHatCommand";
			case "threshold" -> "org.tessera.command.ThresholdCommand";
			case "voronoi-otsu-labeling" -> "org.tessera.command.VoronoiOtsuLabelingCommand";
			case "label" -> "org.tessera.command.LabelCommand";
			default -> "org.tessera.command.DogCommand";
		};
	}
}
