package org.tessera.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/** {@code scripts/tessera deconvolve ...} restores a phantom; bad input is one line and exit code 2. */
class DeconvolveCommandTest {

	@TempDir
	Path tmp;

	private Path write(final String name, final float[] data, final int nx, final int ny, final int nz) throws java.io.IOException {
		final AxisImg<FloatType> img = AxisImg.of(name, ArrayImgs.floats(data, nx, ny, nz), AxisType.X, AxisType.Y, AxisType.Z);
		final Path p = tmp.resolve(name + ".tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(img), p);
		return p;
	}

	@Test
	void restoresAPhantomFromTheCommandLine() throws java.io.IOException {
		final int[] k = new int[3];
		final float[] psf = RichardsonLucyTest.gaussian(1.5, 1.5, 2, k);
		final Phantom p = Phantom.spheres(40, 36, 24, new int[] { 2, 4, 6 }, 3, 5, 80, 1, 7, psf, k[0], k[1], k[2], 3);
		final Path image = write("observed", p.observed(), 40, 36, 24), kernel = write("psf", psf, k[0], k[1], k[2]);
		final Path out = tmp.resolve("restored.tif");
		final CliRun.Result r = CliRun.tessera("deconvolve", "input=" + image, "psf=" + kernel, "iterations=20", "regularization=0.002",
			"output=" + out);
		assertEquals(0, r.code(), r.err());
		final var restored = ImageFiles.read(out, "restored");
		assertEquals(32, restored.getBitDepth());
		assertEquals(24, restored.getNSlices());
		final double[] v = TestImages.values(ImagePlusViews.<FloatType> wrapReal(restored));
		final float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
		assertTrue(p.nrmse(f, 0) < 0.85 * p.nrmse(p.observed(), 0), "NRMSE " + p.nrmse(p.observed(), 0) + " -> " + p.nrmse(f, 0));
	}

	@Test
	void aThreeDimensionalPsfForATwoDimensionalImageIsOneLine() throws java.io.IOException {
		final int[] k = new int[3];
		final float[] psf = RichardsonLucyTest.gaussian(1, 1, 1, k);
		final Path image = write("flat", new float[32 * 32], 32, 32, 1), kernel = write("psf3d", psf, k[0], k[1], k[2]);
		final CliRun.Result r = CliRun.tessera("deconvolve", "input=" + image, "psf=" + kernel, "output=" + tmp.resolve("o.tif"));
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().strip().lines().count() == 1 && r.err().contains("is 3D"), r.err());
	}

	@Test
	void theImageAsItsOwnPsfIsOneLine() throws java.io.IOException {
		final int[] k = new int[3];
		final float[] blob = RichardsonLucyTest.gaussian(2, 2, 0, k);
		final Path image = write("blob", blob, k[0], k[1], k[2]);
		final Path out = tmp.resolve("self.tif");
		final CliRun.Result r = CliRun.tessera("deconvolve", "input=" + image, "psf=" + image, "output=" + out);
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().strip().lines().count() == 1 && r.err().contains("psf: '") && r.err().contains("is the image to deconvolve itself"), r
			.err());
		assertTrue(!java.nio.file.Files.exists(out));
	}
}
