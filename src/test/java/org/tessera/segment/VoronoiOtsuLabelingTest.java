package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.gpu.DeviceChoice;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.Matching;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

/**
 * Voronoi-Otsu labeling: each step against an independent, slow reference
 * written here; the whole workflow finds synthetic nuclei; CPU and OpenCL give
 * identical labels.
 */
class VoronoiOtsuLabelingTest {

	// ---------------------------------------------------------------- references

	/** Plateau-aware local maximum by definition: flood the equal-valued set, look at every neighbour of it. */
	private static boolean isMaximum(final float[] img, final int[] d, final int start) {
		final boolean[] seen = new boolean[img.length];
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		queue.add(start);
		seen[start] = true;
		while (!queue.isEmpty()) {
			final int i = queue.poll();
			for (final int j : neighbours(d, i, true)) {
				if (img[j] > img[start]) return false;
				if (img[j] == img[start] && !seen[j]) {
					seen[j] = true;
					queue.add(j);
				}
			}
		}
		return true;
	}

	/** Indices of the neighbours of i (full or face connectivity), inside the volume. */
	private static int[] neighbours(final int[] d, final int i, final boolean full) {
		final int x = i % d[0], y = i / d[0] % d[1], z = i / d[0] / d[1];
		final int[] out = new int[26];
		int k = 0;
		for (int dz = -1; dz <= 1; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					final int steps = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
					if (steps == 0 || !full && steps > 1) continue;
					final int xx = x + dx, yy = y + dy, zz = z + dz;
					if (xx < 0 || yy < 0 || zz < 0 || xx >= d[0] || yy >= d[1] || zz >= d[2]) continue;
					out[k++] = xx + d[0] * (yy + d[1] * zz);
				}
		return Arrays.copyOf(out, k);
	}

	/** Geodesic Voronoi by definition: a distance map per seed label, then the nearest label, ties to the larger. */
	private static int[] voronoiReference(final int[] seeds, final byte[] mask, final int[] d) {
		final Map<Integer, int[]> distances = new HashMap<>();
		for (int i = 0; i < seeds.length; i++) {
			if (seeds[i] == 0 || distances.containsKey(seeds[i])) continue;
			final int label = seeds[i];
			final int[] dist = new int[seeds.length];
			Arrays.fill(dist, Integer.MAX_VALUE);
			final ArrayDeque<Integer> queue = new ArrayDeque<>();
			for (int j = 0; j < seeds.length; j++)
				if (seeds[j] == label) {
					dist[j] = 0;
					queue.add(j);
				}
			while (!queue.isEmpty()) {
				final int p = queue.poll();
				for (final int q : neighbours(d, p, false))
					if (mask[q] != 0 && dist[q] == Integer.MAX_VALUE) {
						dist[q] = dist[p] + 1;
						queue.add(q);
					}
			}
			distances.put(label, dist);
		}
		final int[] out = seeds.clone();
		for (int i = 0; i < out.length; i++) {
			if (seeds[i] != 0 || mask[i] == 0) continue;
			int best = Integer.MAX_VALUE, label = 0;
			for (final Map.Entry<Integer, int[]> e : distances.entrySet()) {
				final int dd = e.getValue()[i];
				if (dd < best || dd == best && dd != Integer.MAX_VALUE && e.getKey() > label) {
					best = dd;
					label = e.getKey();
				}
			}
			out[i] = best == Integer.MAX_VALUE ? 0 : label;
		}
		return out;
	}

	private static float[] quantisedNoise(final long seed, final int n, final int levels) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = r.nextInt(levels);
		return v;
	}

	private static byte[] randomMask(final long seed, final int n, final double fraction) {
		final SplittableRandom r = new SplittableRandom(seed);
		final byte[] m = new byte[n];
		for (int i = 0; i < n; i++) m[i] = (byte) (r.nextDouble() < fraction ? 1 : 0);
		return m;
	}

	// ---------------------------------------------------------------- steps

	@ParameterizedTest
	@ValueSource(ints = { 1, 9 })
	void localMaximaFollowPlateausAsTheDefinitionSays(final int nz) {
		final int[] d = { 23, 17, nz };
		final int n = d[0] * d[1] * d[2];
		// few grey levels: many plateaus, some crossing the mask's edge
		final float[] img = quantisedNoise(3 + nz, n, 4);
		final byte[] mask = randomMask(5, n, 0.6);
		final byte[] state = LocalMaxima.inMask(img, mask, d[0], d[1], d[2], Threads.executor(2));
		int maxima = 0;
		for (int i = 0; i < n; i++) {
			final boolean expected = mask[i] != 0 && isMaximum(img, d, i);
			assertEquals(expected, state[i] == LocalMaxima.MAX, "pixel " + i);
			if (expected) maxima++;
		}
		assertTrue(maxima > 5, "the test image has maxima: " + maxima);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7 })
	void maskedVoronoiIsTheNearestSeedInsideTheMask(final int nz) {
		final int[] d = { 31, 26, nz };
		final int n = d[0] * d[1] * d[2];
		final byte[] mask = randomMask(11 + nz, n, 0.7);
		final int[] seeds = new int[n];
		final SplittableRandom r = new SplittableRandom(2);
		for (int k = 1; k <= 12; k++) {
			final int i = r.nextInt(n);
			seeds[i] = k;
			mask[i] = 1;
		}
		final int[] expected = voronoiReference(seeds, mask, d);
		final int[] labels = seeds.clone();
		MaskedVoronoi.grow(labels, mask, d[0], d[1], d[2]);
		assertArrayEquals(expected, labels);
		long unreached = 0;
		for (int i = 0; i < n; i++) if (mask[i] != 0 && labels[i] == 0) unreached++;
		assertTrue(unreached > 0, "some mask pixels are cut off from every seed, and stay 0");
	}

	@Test
	void thresholdIsImageJsOtsuOfTheBlurredImage() {
		final var nuclei = SyntheticNuclei.of2D(128, 96, 25, 4).generate();
		final float[] img = org.tessera.core.Volumes.read(nuclei.image(), 0, 0, Threads.executor(1));
		final var r = new VoronoiOtsuLabeling(new double[] { 2 }, new double[] { 1 }, DeviceChoice.CPU, 0).apply(img, 128, 96, 1,
			TaskMonitor.NONE);
		final float[] blurred = img.clone();
		org.tessera.filter.SeparableGaussian.blur(blurred, 128, 96, 1, new double[] { 1, 1, 0 }, 4, org.tessera.core.Boundary.NEAREST,
			Threads.executor(1), TaskMonitor.NONE);
		final ij.ImagePlus imp = new ij.ImagePlus("b", new ij.process.FloatProcessor(128, 96, blurred));
		ij.IJ.setAutoThreshold(imp, "Otsu dark");
		assertEquals(imp.getProcessor().getMinThreshold(), r.threshold(), 0);
		// every labelled pixel is at or above the threshold; labels are 1..n
		for (int i = 0; i < blurred.length; i++)
			if (r.labels()[i] != 0) assertTrue(blurred[i] >= (float) r.threshold());
		assertEquals(r.count(), Arrays.stream(r.labels()).distinct().filter(l -> l != 0).count());
	}

	// ---------------------------------------------------------------- the workflow


	private static int[] ints(final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> img) {
		final int[] v = new int[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final var t : net.imglib2.view.Views.flatIterable(img)) v[i++] = (int) t.getRealDouble();
		return v;
	}

	@Test
	void findsSyntheticNucleiIn2DAnd3D() {
		final var n2 = SyntheticNuclei.of2D(256, 256, 60, 7).generate();
		final var l2 = new VoronoiOtsuLabeling(new double[] { 3 }, new double[] { 1 }, DeviceChoice.CPU, 0).apply(n2.image(), null,
			TaskMonitor.NONE);
		final double ap2 = Matching.ap(ints(n2.labels().data()), ints(l2));
		assertTrue(ap2 >= 0.85, "2D AP@0.5 " + ap2);
		final var n3 = SyntheticNuclei.of3D(96, 96, 24, 40, 8).generate();
		final var l3 = new VoronoiOtsuLabeling(new double[] { 3, 3, 1.5 }, new double[] { 1, 1, 0.5 }, DeviceChoice.CPU, 0).apply(n3.image(),
			null, TaskMonitor.NONE);
		final double ap3 = Matching.ap(ints(n3.labels().data()), ints(l3));
		assertTrue(ap3 >= 0.85, "3D AP@0.5 " + ap3);
	}

	@Test
	void cpuAndOpenCLGiveIdenticalLabels() {
		Requirements.requireOpenCL();
		final var n3 = SyntheticNuclei.of3D(80, 72, 20, 30, 9).generate();
		final float[] img3 = org.tessera.core.Volumes.read(n3.image(), 0, 0, Threads.executor(1));
		final var vol = new VoronoiOtsuLabeling(new double[] { 3, 3, 1.5 }, new double[] { 1, 1, 0.5 }, DeviceChoice.CPU, 0);
		final var cpu = vol.apply(img3, 80, 72, 20, TaskMonitor.NONE);
		final var gpu = new VoronoiOtsuLabeling(vol.spotSigma(), vol.outlineSigma(), DeviceChoice.GPU, 0).apply(img3, 80, 72, 20,
			TaskMonitor.NONE);
		assertTrue(cpu.count() > 15, cpu.count() + " labels");
		assertEquals(cpu.threshold(), gpu.threshold(), 0);
		assertEquals(cpu.count(), gpu.count());
		assertArrayEquals(cpu.labels(), gpu.labels());
	}

	@Test
	void plateausGiveIdenticalLabelsOnBothPaths() {
		Requirements.requireOpenCL();
		// saturated flat tops and no blur for the seeds: seeds are plateaus, settled on the host by the GPU path
		final int nx = 90, ny = 70;
		final float[] img = new float[nx * ny];
		final var blobs = TestImages.blobs(3, nx, ny);
		int i = 0;
		for (final var t : net.imglib2.view.Views.flatIterable(blobs)) img[i++] = t.get() != 0 ? 200 : 10;
		final var cpu = new VoronoiOtsuLabeling(new double[] { 0 }, new double[] { 0 }, DeviceChoice.CPU, 0).apply(img, nx, ny, 1,
			TaskMonitor.NONE);
		final var gpu = new VoronoiOtsuLabeling(new double[] { 0 }, new double[] { 0 }, DeviceChoice.GPU, 0).apply(img, nx, ny, 1,
			TaskMonitor.NONE);
		assertTrue(cpu.count() > 3, cpu.count() + " labels");
		assertArrayEquals(cpu.labels(), gpu.labels());
	}

	@Test
	void badSigmasAreNamed() {
		final var e = assertThrows(IllegalArgumentException.class, () -> new VoronoiOtsuLabeling(new double[] { -1 }, new double[] { 1 },
			DeviceChoice.CPU, 0));
		assertTrue(e.getMessage().startsWith("spot_sigma"), e.getMessage());
		final var e2 = assertThrows(IllegalArgumentException.class, () -> new VoronoiOtsuLabeling(new double[] { 1, 2 }, new double[] { 1 },
			DeviceChoice.CPU, 0).apply(new float[27], 3, 3, 3, TaskMonitor.NONE));
		assertTrue(e2.getMessage().contains("spot_sigma has 2 values"), e2.getMessage());
	}
}
