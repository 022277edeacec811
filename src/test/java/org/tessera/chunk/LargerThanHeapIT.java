package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.bench.LargerThanHeap;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.Builds;
import org.tessera.testutil.TestImages;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A 128 MiB folder of float TIFF planes blurred in blocks into OME-Zarr by a JVM
 * whose heap is 48 MiB: the input is read lazily and the output streamed to
 * disk, and the result equals the in-memory blur.
 */
class LargerThanHeapIT {

	@TempDir
	Path tmp;

	@Test
	void aFolderLargerThanTheHeapIsBlurredIntoZarr() throws Exception {
		final int w = 256, h = 256, planes = 512;
		final Path in = Files.createDirectories(tmp.resolve("planes"));
		final var all = PlanarImgs.floats(w, h, planes);
		final SplittableRandom r = new SplittableRandom(1);
		for (int z = 0; z < planes; z++) {
			final float[] px = new float[w * h];
			for (int i = 0; i < px.length; i++) px[i] = (float) r.nextDouble();
			System.arraycopy(px, 0, all.getPlane(z).getCurrentStorageArray(), 0, px.length);
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(AxisImg.of("p", ArrayImgs.floats(px, w, h), AxisType.X, AxisType.Y)), in.resolve(
				String.format("plane_%04d.tif", z)));
		}
		final Path out = tmp.resolve("blurred.zarr");
		final String cp = String.join(File.pathSeparator, Builds.target().resolve("test-classes").toString(), Builds.pluginJar().toString(),
			Builds.libClassPath());
		final Process p = new ProcessBuilder(Builds.java(), "-Xmx48m", "-cp", cp, LargerThanHeap.class.getName(), in.toString(), out.toString(),
			"1", "128,128,16", "2").redirectErrorStream(true).start();
		final String log = new String(p.getInputStream().readAllBytes());
		assertTrue(p.waitFor(300, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), log);
		final Map<String, Double> m = new HashMap<>();
		for (final String line : log.split("\n"))
			if (line.contains("=")) m.put(line.substring(0, line.indexOf('=')), Double.parseDouble(line.substring(line.indexOf('=') + 1)));
		assertTrue(m.get("input_MiB") > 2 * m.get("max_heap_MiB"), "the input must be larger than the heap: " + log);
		System.out.println("larger-than-heap run: " + log.replace('\n', ' '));
		final var back = ZarrImages.<FloatType> open(ZarrArray.open(out.resolve("0")), 8);
		final var expected = new GaussianBlur(new double[] { 1 }, Boundary.REFLECT, 4, null, 0).apply(AxisImg.of("all", all, AxisType.X,
			AxisType.Y, AxisType.Z));
		assertArrayEquals(TestImages.values(expected), TestImages.values(AxisImg.of("back", back, AxisType.X, AxisType.Y, AxisType.Z)), 0.0);
	}
}
