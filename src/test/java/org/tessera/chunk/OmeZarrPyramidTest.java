package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.Python;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;

import ij.ImagePlus;
import ij.process.ShortProcessor;

/**
 * Chunked outputs to OME-Zarr are multiscale: every level halves x and y of
 * the one above (the mean of 2 x 2 pixels for intensities, a pixel for masks),
 * down to one chunk across, and the metadata lists them with the image's units
 * and a name JSON keeps intact. Checked by Debian's python3-zarr and numpy, not
 * by Tessera's own reader.
 */
class OmeZarrPyramidTest {

	@TempDir
	Path tmp;

	/** A 300 x 203 16-bit image of 0.5 µm pixels, named with a quote and a backslash. */
	private Path image() throws IOException {
		final ShortProcessor ip = new ShortProcessor(300, 203);
		final java.util.SplittableRandom r = new java.util.SplittableRandom(7);
		for (int i = 0; i < 300 * 203; i++) ip.set(i, r.nextInt(4000));
		final ImagePlus imp = new ImagePlus("scan", ip);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.5;
		imp.getCalibration().setUnit("µm");
		final Path in = tmp.resolve("well \"A1\" \\ scan.tif");
		ImageFiles.writeTiff(imp, in);
		return in;
	}

	@Test
	void intensitiesAreMeansAndMasksArePixelsAtEveryLevel() throws Exception {
		Requirements.requirePythonZarr();
		final Path in = image(), blurred = tmp.resolve("blurred.zarr"), mask = tmp.resolve("mask.zarr");
		final CliRun.Result g = CliRun.tessera("gaussian", "input=" + in, "sigma=1", "execution=chunked", "chunk=64", "output=" + blurred);
		assertEquals(0, g.code(), g.err());
		assertTrue(g.out().contains("(4 resolution levels)"), g.out());
		final CliRun.Result t = CliRun.tessera("threshold", "input=" + in, "method=Otsu", "execution=chunked", "chunk=64", "output=" + mask);
		assertEquals(0, t.code(), t.err());
		final String out = Python.run("import zarr, numpy as np, json\n" + //
			"def check(root, mean):\n" + //
			"    g = zarr.open_group(root, mode='r')\n" + //
			"    ms = json.load(open(root + '/.zattrs'))['multiscales'][0]\n" + //
			"    paths = [d['path'] for d in ms['datasets']]\n" + //
			"    for k in range(1, len(paths)):\n" + //
			"        a = np.asarray(g[paths[k - 1]], dtype=np.float64)\n" + //
			"        b = np.asarray(g[paths[k]], dtype=np.float64)\n" + //
			"        if mean:\n" + //
			"            h, w = a.shape\n" + //
			"            p = np.pad(a, ((0, h % 2), (0, w % 2)), constant_values=np.nan)\n" + //
			"            m = np.nanmean(p.reshape(p.shape[0] // 2, 2, p.shape[1] // 2, 2), axis=(1, 3))\n" + //
			"            want = np.floor(m + 0.5)\n" + //
			"        else:\n" + //
			"            want = a[::2, ::2]\n" + //
			"        assert b.shape == want.shape, (k, b.shape, want.shape)\n" + //
			"        assert np.array_equal(b, want), (root, k, np.abs(b - want).max())\n" + //
			"    scales = [d['coordinateTransformations'][0]['scale'] for d in ms['datasets']]\n" + //
			"    print(paths, scales[-1], [a.get('unit') for a in ms['axes']], ms['name'], ms.get('type'), g[paths[-1]].shape)\n" + //
			"check('" + blurred + "', True)\n" + //
			"check('" + mask + "', False)\n" + //
			"print([int(v) for v in np.unique(np.asarray(zarr.open_group('" + mask + "', mode='r')['1']))])");
		final String[] lines = out.split("\n");
		assertEquals("['0', '1', '2', '3'] [4.0, 4.0] ['micrometer', 'micrometer'] well \"A1\" \\ scan.tif mean (26, 38)", lines[0]);
		assertEquals("['0', '1', '2', '3'] [4.0, 4.0] ['micrometer', 'micrometer'] well \"A1\" \\ scan.tif nearest (26, 38)", lines[1]);
		assertEquals("[0, 255]", lines[2], "a mask's levels hold only its two values");
	}

	/** Every chunk of every level of two OME-Zarr images, compared value by value. */
	private static void assertSameLevels(final Path a, final Path b, final int levels) throws IOException {
		for (int k = 0; k < levels; k++) {
			final ZarrArray x = ZarrArray.open(a.resolve(Integer.toString(k))), y = ZarrArray.open(b.resolve(Integer.toString(k)));
			assertArrayEquals(x.shape(), y.shape(), "level " + k);
			final long gx = (x.shape()[0] + x.chunks()[0] - 1) / x.chunks()[0], gy = (x.shape()[1] + x.chunks()[1] - 1) / x.chunks()[1];
			for (long j = 0; j < gy; j++)
				for (long i = 0; i < gx; i++) {
					final long[] pos = { i, j };
					assertTrue(x.hasChunk(pos) && y.hasChunk(pos), "level " + k + " chunk " + i + "," + j);
					assertArrayEquals(x.readChunk(pos), y.readChunk(pos), 0, "level " + k + " chunk " + i + "," + j);
				}
		}
	}

	private static void copy(final Path from, final Path to) throws IOException {
		try (var files = Files.walk(from)) {
			for (final Path p : files.toList()) {
				final Path q = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(q);
				else Files.copy(p, q);
			}
		}
	}

	/**
	 * The levels made while the blocks are written equal those made afterwards
	 * from level 0, for intensities (16-bit means, rounded as stored) and labels;
	 * a resumed run, which skips blocks, makes them from level 0 and gets the same.
	 */
	@Test
	void levelsMadeWhileWritingEqualLevelsMadeAfterwards() throws Exception {
		final Path in = image();
		for (final String[] command : new String[][] { { "gaussian", "sigma=1.5" }, { "voronoi-otsu-labeling", "spot_sigma=1" } }) {
			final Path streamed = tmp.resolve(command[0] + ".zarr"), after = tmp.resolve(command[0] + "-after.zarr");
			final CliRun.Result r = CliRun.tessera(command[0], "input=" + in, command[1], "execution=chunked", "chunk=48,40", "output=" + streamed);
			assertEquals(0, r.code(), r.err());
			assertTrue(r.out().contains("(4 resolution levels)"), r.out());
			copy(streamed, after);
			for (int k = 1; k < 4; k++)
				try (var files = Files.walk(after.resolve(Integer.toString(k)))) {
					for (final Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
				}
			final boolean labels = command[0].startsWith("voronoi");
			assertEquals(4, OmeZarrPyramid.write(after, "scan", java.util.List.of(new org.tessera.core.Axis(org.tessera.core.AxisType.X, 0.5, 0,
				"micron"), new org.tessera.core.Axis(org.tessera.core.AxisType.Y, 0.5, 0, "micron")), labels, 1, org.tessera.core.TaskMonitor.NONE));
			assertSameLevels(streamed, after, 4);
			// a stopped run: two chunks of level 0 and the lower levels missing; the resumed run writes those two
			final ZarrArray level0 = ZarrArray.open(streamed.resolve("0"));
			Files.delete(level0.chunkPath(new long[] { 1, 1 }));
			Files.delete(level0.chunkPath(new long[] { 3, 2 }));
			Files.delete(ZarrArray.open(streamed.resolve("1")).chunkPath(new long[] { 0, 0 }));
			final CliRun.Result resumed = CliRun.tessera(command[0], "input=" + in, command[1], "execution=chunked", "chunk=48,40", "output=" +
				streamed);
			assertEquals(0, resumed.code(), resumed.err());
			assertTrue(resumed.out().contains("2 blocks written"), resumed.out());
			assertSameLevels(streamed, after, 4);
		}
	}
}
