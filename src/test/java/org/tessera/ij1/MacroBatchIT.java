package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.ImageFiles;
import org.tessera.core.ImagePlusViews;
import org.tessera.filter.GaussianBlur;
import org.tessera.testutil.Builds;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/** An ImageJ macro run in batch mode ({@code ImageJ -batch}, as on a server under Xvfb) calls Tessera's menu command. */
class MacroBatchIT {

	@TempDir
	Path tmp;

	@Test
	void batchMacroRunsTheCommandLikeTheLibrary() throws Exception {
		Requirements.requireDisplay();
		final Path plugins = Files.createDirectories(tmp.resolve("plugins"));
		Files.copy(Builds.pluginJar(), plugins.resolve("Tessera_.jar"), StandardCopyOption.REPLACE_EXISTING);
		final Path out = tmp.resolve("out.tif");
		final Path macro = Files.writeString(tmp.resolve("blur.ijm"), "open(getArgument());\n" +
			"run(\"Gaussian Blur (Tessera)\", \"sigma=1.5 device=CPU boundary=reflect\");\n" + "saveAs(\"Tiff\", \"" + out + "\");\n");
		final String cp = Builds.standaloneJar() + File.pathSeparator + Builds.libClassPath();
		final Process p = new ProcessBuilder(Builds.java(), "-Duser.home=" + tmp, "-Djava.util.prefs.userRoot=" + tmp.resolve("prefs"),
			"-Dplugins.dir=" + plugins, "-cp", cp, "ij.ImageJ", "-batch", macro.toString(), Path.of("test-images/nuclei2d.tif")
				.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ImageJ -batch did not finish");
		final String log = Files.readString(tmp.resolve("log.txt"));
		assertEquals(0, p.exitValue(), log);
		assertTrue(Files.exists(out), "no output; log:\n" + log);
		final var in = ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(Path.of("test-images/nuclei2d.tif"), "in"));
		final double[] expected = TestImages.values(GaussianBlur.of(1.5).withBoundary(org.tessera.core.Boundary.REFLECT).apply(in));
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(out, "out"))));
	}
}
