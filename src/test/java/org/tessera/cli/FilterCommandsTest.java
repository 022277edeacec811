package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

/** The GPU filter commands from the command line: CPU and OpenCL (pocl in CI) give the same images. */
class FilterCommandsTest {

	@TempDir
	Path tmp;

	private double[] run(final String command, final String args, final String device) {
		final Path out = tmp.resolve(command + "-" + device + ".tif");
		final String image = command.equals("label") ? "test-images/nuclei3d-labels.tif" : "test-images/nuclei3d.tif";
		final java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(command, "input=" + image, "device=" + device,
			"output=" + out));
		for (final String kv : args.split(" ")) if (!kv.isBlank()) a.add(kv);
		final CliRun.Result r = CliRun.tessera(a.toArray(String[]::new));
		assertEquals(0, r.code(), r.err());
		final var imp = ImageFiles.read(out, "out");
		assertEquals(24, imp.getNSlices());
		// any grey type: values are read as doubles
		return TestImages.values(ImagePlusViews.<net.imglib2.type.numeric.integer.UnsignedShortType> wrapReal(imp));
	}

	@ParameterizedTest
	@CsvSource({ "minimum, radius=2,2,1 shape=box, 0", "maximum, radius=2 shape=ellipse, 0", "median, radius=1, 0",
		"top-hat, radius=4,4,2, 0", "mean, radius=2, 1", "dog, sigma1=1 sigma2=3, 0.0001", "threshold, method=Li, 0", "label, connectivity=2, 0",
		"voronoi-otsu-labeling, spot_sigma=3,3,1.5 outline_sigma=1, 0" })
	void cpuAndOpenCLGiveTheSameImage(final String command, final String args, final double tolerance) {
		Requirements.requireOpenCL();
		final double[] cpu = run(command, args, "CPU");
		final double[] gpu = run(command, args, "GPU");
		if (command.equals("dog")) {
			double max = 0, diff = 0;
			for (int i = 0; i < cpu.length; i++) {
				max = Math.max(max, Math.abs(cpu[i]));
				diff = Math.max(diff, Math.abs(cpu[i] - gpu[i]));
			}
			assertTrue(diff <= tolerance * max, "relative difference " + diff / max);
		}
		else assertArrayEquals(cpu, gpu, tolerance, command); // 16-bit means may round a .5 the other way
	}
}
