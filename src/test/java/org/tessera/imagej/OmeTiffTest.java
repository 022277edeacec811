package org.tessera.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;

import ij.ImagePlus;

/**
 * OME-TIFFs as tifffile writes them (Debian python3-tifffile): channels stay
 * channels whatever the DimensionOrder, planes are in ImageJ's order, and the
 * physical pixel sizes become the calibration; a command's result keeps the
 * channels.
 */
class OmeTiffTest {

	@TempDir
	Path tmp;

	private void write(final Path file, final String axes) throws Exception {
		// plane (z, c) holds 100 z + 10 c, whatever the order on disk
		final String code = "import numpy as np, tifffile\n" + //
			"b = np.zeros((5, 2, 30, 40), np.uint16)\n" + //
			"for z in range(5):\n    for c in range(2): b[z, c] = 100 * z + 10 * c\n" + //
			"a = b if '" + axes + "' == 'ZCYX' else b.transpose(1, 0, 2, 3)\n" + //
			"tifffile.imwrite('" + file + "', np.ascontiguousarray(a), ome=True, metadata={'axes': '" + axes +
			"', 'PhysicalSizeX': 0.2, 'PhysicalSizeY': 0.2, 'PhysicalSizeZ': 1.5})\n";
		final Process p = new ProcessBuilder("/usr/bin/python3", "-c", code).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes());
		assertEquals(0, p.waitFor(), out);
	}

	@Test
	void channelsStayChannelsInEitherOrder() throws Exception {
		Requirements.requirePythonZarr(); // python3-tifffile comes with the same packages
		for (final String axes : new String[] { "ZCYX", "CZYX" }) {
			final Path f = tmp.resolve(axes + ".ome.tif");
			write(f, axes);
			final ImagePlus imp = ImageFiles.read(f, "input");
			assertEquals(2, imp.getNChannels(), axes);
			assertEquals(5, imp.getNSlices(), axes);
			assertEquals(1, imp.getNFrames(), axes);
			for (int z = 0; z < 5; z++)
				for (int c = 0; c < 2; c++)
					assertEquals(100 * z + 10 * c, imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, 1)).get(7, 9), axes + " z " + z +
						" c " + c);
			assertEquals(0.2, imp.getCalibration().pixelWidth, 1e-9);
			assertEquals(1.5, imp.getCalibration().pixelDepth, 1e-9);
		}
		// a command's result keeps the channels
		final CliRun.Result r = CliRun.tessera("gaussian", "input=" + tmp.resolve("CZYX.ome.tif"), "sigma=0,0,0", "device=CPU", "output=" + tmp
			.resolve("same.tif"));
		assertEquals(0, r.code(), r.err());
		final ImagePlus same = ImageFiles.read(tmp.resolve("same.tif"), "same");
		assertEquals(2, same.getNChannels());
		assertEquals(10, same.getStack().getProcessor(same.getStackIndex(2, 1, 1)).get(3, 3));
	}
}
