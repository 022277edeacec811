package org.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.dl.Npy;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.TestImages;

/** StarDist's targets from object labels, in Java as the project's Python training computes them. */
class StarDistTargetsTest {

	@TempDir
	Path tmp;

	@Test
	void aSquaresProbabilityAndRays() {
		// a 5x5 square object at (2..6, 2..6) in a 10x10 image
		final int w = 10, h = 10;
		final int[] l = new int[w * h];
		for (int y = 2; y <= 6; y++)
			for (int x = 2; x <= 6; x++)
				l[y * w + x] = 7;
		final float[] p = StarDistTargets.objectProbability(l, w, h);
		assertEquals(1, p[4 * w + 4], 1e-6, "the centre is the farthest from outside");
		assertEquals(1 / 3.0, p[2 * w + 2], 1e-6, "a corner is 1 from outside, the centre 3");
		assertEquals(0, p[0]);
		final float[] d = StarDistTargets.starDistances(l, w, h, 4, 2);
		// grid pixel (4, 4) is (2, 2) on the grid of 5x5; rays right, down, left, up end 2.5 px away (the edge between pixels)
		final int at = (2 * 5 + 2) * 4;
		for (int k = 0; k < 4; k++)
			assertEquals(2.75, d[at + k], 0.25 + 1e-6, "ray " + k);
		assertEquals(0, d[0]);
	}

	@Test
	void exactDistanceTransform() {
		final int w = 13, h = 9;
		final boolean[] in = new boolean[w * h];
		for (int i = 0; i < in.length; i++)
			in[i] = (i * 7919) % 11 != 0;
		final double[] d2 = StarDistTargets.squaredDistanceToOutside(in, w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double best = Double.MAX_VALUE;
				for (int v = 0; v < h; v++)
					for (int u = 0; u < w; u++)
						if (!in[v * w + u]) best = Math.min(best, (x - u) * (x - u) + (y - v) * (y - v));
				assertEquals(best, d2[y * w + x], 1e-9, x + "," + y);
			}
	}

	@Test
	void sameAsThePythonTrainingScripts() throws Exception {
		final Path labels = Path.of("test-images/nuclei2d-labels.tif");
		final int[] l = TestImages.planeInts(ImageFiles.read(labels, "labels"));
		final int w = ImageFiles.read(labels, "labels").getWidth(), h = l.length / w;
		final Path prob = tmp.resolve("prob.npy"), dist = tmp.resolve("dist.npy");
		final String script = String.join("\n", "import sys, numpy as np, tifffile", "sys.path.insert(0, 'scripts/stardist')", "import sdtools",
			"p, d = sdtools.targets(tifffile.imread(sys.argv[1]).astype(np.int32))", "np.save(sys.argv[2], p.astype(np.float32))",
			"np.save(sys.argv[3], d.astype(np.float32))");
		final Process proc = new ProcessBuilder("/usr/bin/python3", "-c", script, labels.toString(), prob.toString(), dist.toString())
			.redirectErrorStream(true).start();
		final String log = new String(proc.getInputStream().readAllBytes());
		assertEquals(0, proc.waitFor(), log);
		final float[] pyProb = Npy.read(Files.readAllBytes(prob)).data(), pyDist = Npy.read(Files.readAllBytes(dist)).data();
		final float[] jProb = StarDistTargets.onGrid(StarDistTargets.objectProbability(l, w, h), w, h, 2);
		final float[] jDist = StarDistTargets.starDistances(l, w, h, 32, 2);
		assertEquals(pyProb.length, jProb.length);
		assertEquals(pyDist.length, jDist.length);
		double worstP = 0, worstD = 0;
		int objects = 0;
		for (int i = 0; i < jProb.length; i++) {
			worstP = Math.max(worstP, Math.abs(jProb[i] - pyProb[i]));
			objects += jProb[i] > 0 ? 1 : 0;
		}
		for (int i = 0; i < jDist.length; i++)
			worstD = Math.max(worstD, Math.abs(jDist[i] - pyDist[i]));
		assertTrue(objects > 100, objects + " grid pixels inside objects");
		assertTrue(worstP < 1e-6, "largest probability difference " + worstP);
		assertEquals(0, worstD, "distances, exactly");
	}
}
