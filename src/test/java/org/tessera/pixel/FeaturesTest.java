package org.tessera.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.pixel.FeatureSettings.Feature;
import org.tessera.testutil.Requirements;

/**
 * The filter features against direct formulas (a quadratic surface has a constant
 * Hessian, a ramp a constant gradient and structure tensor), against scikit-image's
 * Hessian eigenvalues on a random image, and block by block against the whole image.
 */
class FeaturesTest {

	@TempDir
	Path tmp;

	/** Rows of an image given by a function of (x, y). */
	private static float[][] rows(final int nx, final int ny, final F f) {
		final float[][] rows = new float[ny][nx];
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++) rows[y][x] = (float) f.at(x, y);
		return rows;
	}

	@FunctionalInterface
	interface F {
		double at(int x, int y);
	}

	/** The features of a whole 2D image, computed as one block whose halo is reflected past the image. */
	private static float[][] whole(final float[][] rows, final int nx, final int ny, final FeatureSettings s) {
		final long[] halo = s.halo();
		final PixelClassifier.Region r = new PixelClassifier.Region(0, 0, 0, nx, ny, 1, (int) halo[0], (int) halo[1], 0);
		return r.features(java.util.Collections.singletonList(rows), new int[] { nx, ny, 1 }, s);
	}

	private static int index(final FeatureSettings s, final String name) {
		final int i = s.names().indexOf(name);
		assertTrue(i >= 0, name + " not in " + s.names());
		return i;
	}

	@Test
	void aQuadraticSurfaceHasItsHessianEverywhereInside() {
		final double p = 0.02, q = -0.03, r = 0.05;
		final int n = 64;
		final float[][] img = rows(n, n, (x, y) -> p * (x - 30) * (x - 30) + q * (x - 30) * (y - 31) + r * (y - 31) * (y - 31));
		final FeatureSettings s = new FeatureSettings(new double[] { 1.0, 2.0 }, EnumSet.of(Feature.HESSIAN, Feature.LAPLACIAN), false, 1);
		final float[][] f = whole(img, n, n, s);
		final double[] expected = new double[2];
		Features.eigen2(2 * p, q, 2 * r, expected);
		final int e1 = index(s, "hessian s2 e1"), e2 = index(s, "hessian s2 e2"), lap = index(s, "laplacian s2");
		// away from the borders, where reflection breaks the quadratic
		for (int y = 12; y < n - 12; y++)
			for (int x = 12; x < n - 12; x++) {
				assertEquals(expected[0], f[e1][y * n + x], 1e-3, "e1 at " + x + ", " + y);
				assertEquals(expected[1], f[e2][y * n + x], 1e-3, "e2 at " + x + ", " + y);
				assertEquals(2 * p + 2 * r, f[lap][y * n + x], 1e-3);
			}
	}

	@Test
	void aRampHasAConstantGradientAndStructureTensor() {
		final double a = 0.3, b = -0.4;
		final int n = 60;
		final float[][] img = rows(n, n, (x, y) -> 5 + a * x + b * y);
		final FeatureSettings s = new FeatureSettings(new double[] { 1.6 }, EnumSet.of(Feature.GRADIENT, Feature.STRUCTURE, Feature.GAUSSIAN,
			Feature.DOG), false, 1);
		final float[][] f = whole(img, n, n, s);
		for (int y = 15; y < n - 15; y++)
			for (int x = 15; x < n - 15; x++) {
				final int i = y * n + x;
				assertEquals(img[y][x], f[index(s, "intensity")][i], 1e-6);
				assertEquals(img[y][x], f[index(s, "gaussian s1.6")][i], 1e-4, "a ramp is its own smoothing");
				assertEquals(0, f[index(s, "dog s1.6")][i], 1e-4);
				assertEquals(Math.hypot(a, b), f[index(s, "gradient s1.6")][i], 1e-5);
				assertEquals(a * a + b * b, f[index(s, "structure s1.6 e1")][i], 1e-5);
				assertEquals(0, f[index(s, "structure s1.6 e2")][i], 1e-5);
			}
	}

	@Test
	void symmetricEigenvaluesIn3D() {
		final double[] ev = new double[3];
		Features.eigen3(3, 0, 0, 1, 0, 2, ev);
		assertArrayEquals(new double[] { 3, 2, 1 }, ev, 1e-12);
		// [[2, 1, 0], [1, 2, 0], [0, 0, 5]]: 5, 3, 1
		Features.eigen3(2, 1, 0, 2, 0, 5, ev);
		assertArrayEquals(new double[] { 5, 3, 1 }, ev, 1e-12);
		Features.eigen3(4, 0, 0, 4, 0, 4, ev);
		assertArrayEquals(new double[] { 4, 4, 4 }, ev, 1e-12);
	}

	@Test
	void blocksGiveWhatTheWholeImageGives() {
		final int nx = 300, ny = 270;
		final SplittableRandom random = new SplittableRandom(7);
		final float[][] img = new float[ny][nx];
		for (final float[] row : img)
			for (int x = 0; x < nx; x++) row[x] = (float) random.nextDouble(100);
		final FeatureSettings s = new FeatureSettings(new double[] { 0.7, 3.5 }, EnumSet.allOf(Feature.class), false, 1);
		final float[][] expected = whole(img, nx, ny, s);
		final int[] shape = { nx, ny, 1 };
		final List<PixelClassifier.Region> regions = PixelClassifier.regions(shape, s);
		assertEquals(4, regions.size());
		final float[][] tiled = new float[expected.length][nx * ny];
		for (final PixelClassifier.Region r : regions) r.writeCore(r.features(java.util.Collections.singletonList(img), shape, s), tiled, shape);
		for (int k = 0; k < expected.length; k++) assertArrayEquals(expected[k], tiled[k], s.names().get(k));
	}

	@Test
	void onlyTheNeededFeaturesAreComputedAndTheyAreTheSame() {
		final int nx = 90, ny = 70;
		final SplittableRandom random = new SplittableRandom(8);
		final float[][] img = new float[ny][nx];
		for (final float[] row : img)
			for (int x = 0; x < nx; x++) row[x] = (float) random.nextDouble(50);
		final FeatureSettings s = FeatureSettings.defaults();
		final float[][] all = whole(img, nx, ny, s);
		final boolean[] needed = new boolean[s.perChannel()];
		for (final String name : new String[] { "dog s1", "hessian s3.5 e2", "structure s10 e1", "intensity" }) needed[index(s, name)] = true;
		final long[] halo = s.halo();
		final PixelClassifier.Region r = new PixelClassifier.Region(0, 0, 0, nx, ny, 1, (int) halo[0], (int) halo[1], 0);
		final float[][] some = r.features(java.util.Collections.singletonList(img), new int[] { nx, ny, 1 }, s, needed);
		for (int k = 0; k < needed.length; k++) {
			// eigenvalues come together: the other eigenvalue of a needed one is there too
			final boolean partner = s.names().get(k).equals("hessian s3.5 e1") || s.names().get(k).equals("structure s10 e2");
			if (needed[k] || partner) assertArrayEquals(all[k], some[k], s.names().get(k));
			else assertEquals(null, some[k], s.names().get(k) + " was not needed");
		}
	}

	/** Every feature on the CPU and on the OpenCL device (pocl in CI), 2D and anisotropic 3D: the same to 1e-4 relative. */
	@Test
	void openClGivesTheCpusFeatures() {
		Requirements.requireOpenCL();
		final SplittableRandom random = new SplittableRandom(21);
		for (final boolean threeD : new boolean[] { false, true }) {
			final int nx = threeD ? 40 : 150, ny = threeD ? 36 : 130, nz = threeD ? 12 : 1;
			final float[][] rows = new float[ny * nz][nx];
			for (final float[] row : rows)
				for (int x = 0; x < nx; x++) row[x] = (float) random.nextDouble(200);
			FeatureSettings s = new FeatureSettings(threeD ? new double[] { 1, 2.5 } : new double[] { 0.7, 1.6, 5 }, EnumSet.allOf(Feature.class),
				false, 1);
			if (threeD) s = s.in3D(2.0);
			final long[] halo = s.halo();
			final int hz = threeD ? (int) halo[2] : 0;
			final PixelClassifier.Region r = new PixelClassifier.Region(0, 0, 0, nx, ny, nz, (int) halo[0], (int) halo[1], hz);
			final int[] shape = { nx, ny, nz };
			final float[][] cpu = r.features(java.util.Collections.singletonList(rows), shape, s, null, null);
			// the shared default device: GpuDevices owns and closes it
			final float[][] gpu = r.features(java.util.Collections.singletonList(rows), shape, s, null, org.tessera.gpu.GpuDevices.get(""));
			for (int k = 0; k < cpu.length; k++) {
				double scale = 1;
				for (final float v : cpu[k]) scale = Math.max(scale, Math.abs(v));
				double worst = 0;
				for (int i = 0; i < cpu[k].length; i++) worst = Math.max(worst, Math.abs(cpu[k][i] - gpu[k][i]) / scale);
				assertTrue(worst <= 1e-4, (threeD ? "3D " : "2D ") + s.names().get(k) + ": largest difference " + worst + " of the largest value");
			}
		}
	}

	@Test
	void hessianEigenvaluesAreScikitImagesAwayFromTheBorder() throws Exception {
		Requirements.requirePythonSkimage();
		final int nx = 48, ny = 40;
		final SplittableRandom random = new SplittableRandom(11);
		final float[][] img = new float[ny][nx];
		final ByteBuffer raw = ByteBuffer.allocate(4 * nx * ny).order(ByteOrder.LITTLE_ENDIAN);
		for (final float[] row : img)
			for (int x = 0; x < nx; x++) {
				row[x] = (float) random.nextDouble(10);
				raw.putFloat(row[x]);
			}
		final Path in = tmp.resolve("img.f32"), out = tmp.resolve("eig.f64");
		Files.write(in, raw.array());
		final String script = String.join("\n", "import numpy as np, sys", "from skimage.feature import hessian_matrix, hessian_matrix_eigvals",
			"img = np.fromfile(sys.argv[1], '<f4').reshape(" + ny + ", " + nx + ").astype(np.float64)",
			"e = hessian_matrix_eigvals(hessian_matrix(img, sigma=1.6, mode='reflect', order='rc'))",
			"e.astype('<f8').tofile(sys.argv[2])");
		final Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, in.toString(), out.toString()).redirectErrorStream(true).start();
		final String log = new String(p.getInputStream().readAllBytes());
		assertEquals(0, p.waitFor(), log);
		final ByteBuffer e = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
		final FeatureSettings s = new FeatureSettings(new double[] { 1.6 }, EnumSet.of(Feature.HESSIAN), false, 1);
		final float[][] f = whole(img, nx, ny, s);
		// np.gradient is one-sided on the image's edges, Tessera's continues the reflected image: compare 2 px inside
		double worst = 0;
		for (int k = 0; k < 2; k++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final double ref = e.getDouble(8 * (k * nx * ny + y * nx + x));
					if (x < 2 || y < 2 || x >= nx - 2 || y >= ny - 2) continue;
					worst = Math.max(worst, Math.abs(ref - f[index(s, "hessian s1.6 e" + (k + 1))][y * nx + x]));
				}
		assertTrue(worst < 1e-4, "largest difference from scikit-image " + worst);
	}
}
