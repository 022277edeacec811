package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;

import net.imglib2.img.array.ArrayImgs;

/** Label statistics on the CPU against a plain per-pixel reference with exact sums. */
class LabelStatisticsTest {

	/** What the reference knows about one label: exact sums, extremes and the bounding box. */
	private static final class Ref {
		long count;
		BigDecimal sum = BigDecimal.ZERO, sumAbs = BigDecimal.ZERO;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		final long[] coordinateSum = new long[3];
		final int[] lo = { Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE }, hi = { -1, -1, -1 };
	}

	/** The straightforward computation, pixel by pixel, with BigDecimal sums. */
	private static TreeMap<Integer, Ref> reference(final float[] v, final int[] labels, final int nx, final int ny, final int nz) {
		final TreeMap<Integer, Ref> refs = new TreeMap<>();
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					if (labels[i] == 0) continue;
					final Ref r = refs.computeIfAbsent(labels[i], k -> new Ref());
					r.count++;
					r.sum = r.sum.add(new BigDecimal(v[i]));
					r.sumAbs = r.sumAbs.add(new BigDecimal(Math.abs(v[i])));
					r.min = Math.min(r.min, v[i]);
					r.max = Math.max(r.max, v[i]);
					final int[] p = { x, y, z };
					for (int d = 0; d < 3; d++) {
						r.coordinateSum[d] += p[d];
						r.lo[d] = Math.min(r.lo[d], p[d]);
						r.hi[d] = Math.max(r.hi[d], p[d]);
					}
				}
		return refs;
	}

	/**
	 * Labels 1..20 except 4, 9 and 17 in runs of random length (so rows hold runs
	 * of several pixels), about a quarter background; label 20 covers the last
	 * pixel of the image.
	 */
	static int[] randomLabels(final long seed, final int n) {
		final Random r = new Random(seed);
		final int[] labels = new int[n];
		int current = 0;
		for (int i = 0; i < n; i++) {
			if (r.nextInt(5) == 0) {
				current = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(20);
				if (current == 4 || current == 9 || current == 17) current = 0;
			}
			labels[i] = current;
		}
		labels[0] = 1;
		labels[n - 1] = 20;
		return labels;
	}

	private static float[] integerValues(final long seed, final int n) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = r.nextInt(65536);
		return v;
	}

	/** Float values of mixed sign and magnitude. */
	static float[] floatValues(final long seed, final int n, final double scale) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale * Math.exp(2 * r.nextGaussian()));
		return v;
	}

	private static void assertMatchesReference(final LabelStatistics.Table t, final float[] v, final int[] labels, final int nx, final int ny,
		final int nz, final boolean exactSums)
	{
		final TreeMap<Integer, Ref> refs = reference(v, labels, nx, ny, nz);
		assertArrayEquals(refs.keySet().stream().mapToInt(Integer::intValue).toArray(), t.labels(), "one row per label that occurs");
		assertEquals(nz > 1, t.is3D());
		final long[] sizes = t.sizes();
		final double[] sums = t.sums(), means = t.means(), mins = t.mins(), maxs = t.maxs();
		int row = 0;
		for (final var e : refs.entrySet()) {
			final Ref r = e.getValue();
			final String what = "label " + e.getKey();
			assertEquals(r.count, sizes[row], what);
			if (exactSums) {
				assertEquals(r.sum.doubleValue(), sums[row], 0.0, what + " sum");
				assertEquals(r.sum.doubleValue() / r.count, means[row], 0.0, what + " mean");
			}
			else {
				final double tolerance = 1e-9 * r.sumAbs.doubleValue();
				assertEquals(r.sum.doubleValue(), sums[row], tolerance, what + " sum");
				assertEquals(r.sum.doubleValue() / r.count, means[row], tolerance / r.count, what + " mean");
			}
			assertEquals(r.min, mins[row], 0.0, what + " min");
			assertEquals(r.max, maxs[row], 0.0, what + " max");
			for (int d = 0; d < (nz > 1 ? 3 : 2); d++) {
				assertEquals((double) r.coordinateSum[d] / r.count, t.centroid(d)[row], 0.0, what + " centroid " + d);
				assertEquals(r.lo[d], t.bboxMin(d)[row], what + " bbox min " + d);
				assertEquals(r.hi[d] + 1, t.bboxMax(d)[row], what + " bbox max " + d);
			}
			row++;
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 17 })
	void integerIntensitiesGiveExactSums(final int nz) {
		final int nx = 61, ny = 47, n = nx * ny * nz;
		final int[] labels = randomLabels(nz, n);
		final float[] v = integerValues(nz + 100, n);
		final LabelStatistics.Table t = LabelStatistics.cpu().measure(v, labels, nx, ny, nz, TaskMonitor.NONE);
		assertMatchesReference(t, v, labels, nx, ny, nz, true);
		assertEquals(17, t.rows(), "labels 4, 9 and 17 are absent");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 13 })
	void floatIntensitiesAreWithinTheFixedPointError(final int nz) {
		final int nx = 53, ny = 38, n = nx * ny * nz;
		final int[] labels = randomLabels(nz + 7, n);
		for (final double scale : new double[] { 1e-6, 1, 3e5 }) {
			final float[] v = floatValues(nz + 200, n, scale);
			assertMatchesReference(LabelStatistics.cpu().measure(v, labels, nx, ny, nz, TaskMonitor.NONE), v, labels, nx, ny, nz, false);
		}
	}

	@Test
	void threadCountsGiveIdenticalTables() {
		final int nx = 40, ny = 31, nz = 9, n = nx * ny * nz;
		final int[] labels = randomLabels(3, n);
		final float[] v = floatValues(4, n, 10);
		final LabelStatistics.Table one = new LabelStatistics(DeviceChoice.CPU, 1).measure(v, labels, nx, ny, nz, TaskMonitor.NONE);
		for (final int threads : new int[] { 2, 3, 7, 0 })
			assertEquals(one, new LabelStatistics(DeviceChoice.CPU, threads).measure(v, labels, nx, ny, nz, TaskMonitor.NONE), threads +
				" threads");
	}

	@Test
	void halvesRoundToEven() {
		assertEquals(0, LabelStatistics.fixedPoint(0.5f, 0));
		assertEquals(2, LabelStatistics.fixedPoint(1.5f, 0));
		assertEquals(2, LabelStatistics.fixedPoint(2.5f, 0));
		assertEquals(-2, LabelStatistics.fixedPoint(-1.5f, 0));
		assertEquals(3, LabelStatistics.fixedPoint(0.75f, 2));
		assertEquals(1L << 40, LabelStatistics.fixedPoint(1f, 40));
	}

	@Test
	void theScaleExponentKeepsSumsBelow2To62() {
		final Random r = new Random(1);
		for (int k = 0; k < 10000; k++) {
			final float maxAbs = (float) Math.scalb(1 + r.nextDouble(), r.nextInt(200) - 100);
			final long n = 1 + (long) (Math.pow(2, 31 * r.nextDouble()));
			final int s = LabelStatistics.scaleExponent(maxAbs, n);
			if (s == LabelStatistics.MAX_EXPONENT) continue; // clamped: smaller than needed, so the bound holds anyway
			final BigDecimal bound = new BigDecimal(maxAbs).multiply(BigDecimal.valueOf(n)).multiply(new BigDecimal(Math.scalb(1.0, s)));
			assertTrue(bound.compareTo(new BigDecimal(Math.scalb(1.0, 62))) <= 0, maxAbs + " " + n + " " + s);
			// and not needlessly coarse: twice the scale would pass 2^60
			assertTrue(bound.multiply(BigDecimal.valueOf(8)).compareTo(new BigDecimal(Math.scalb(1.0, 62))) > 0, maxAbs + " " + n + " " + s);
		}
		assertEquals(0, LabelStatistics.scaleExponent(0, 100));
	}

	@Test
	void orderKeysSortLikeFloats() {
		final float[] v = { Float.NEGATIVE_INFINITY, -3e38f, -1.5f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, 1, 2.5e30f,
			Float.POSITIVE_INFINITY };
		for (int i = 1; i < v.length; i++) {
			final int a = LabelStatistics.orderKey(Float.floatToRawIntBits(v[i - 1])), b = LabelStatistics.orderKey(Float.floatToRawIntBits(
				v[i]));
			assertTrue(a < b, v[i - 1] + " vs " + v[i]);
			assertEquals(v[i], Float.intBitsToFloat(LabelStatistics.orderKey(b)), "decodes");
		}
	}

	@Test
	void columnsOf2DAnd3DTables() {
		final int[] labels = { 0, 2, 2, 0, 0, 0, 2, 0 };
		final float[] v = { 9, 1, 2, 9, 9, 9, 6, 9 };
		final LabelStatistics.Table flat = LabelStatistics.cpu().measure(v, labels, 4, 2, 1, TaskMonitor.NONE);
		assertEquals(List.of("label", "area", "mean", "min", "max", "sum", "centroid_x", "centroid_y", "bbox_x0", "bbox_y0", "bbox_x1",
			"bbox_y1"), flat.columnNames());
		// label 2 at (1,0), (2,0), (2,1)
		assertArrayEquals(new double[] { 2, 3, 3, 1, 6, 9, 5 / 3.0, 1 / 3.0, 1, 0, 3, 2 }, flat.columnNames().stream().mapToDouble(c -> flat
			.column(c)[0]).toArray());
		final LabelStatistics.Table deep = LabelStatistics.cpu().measure(v, labels, 2, 2, 2, TaskMonitor.NONE);
		assertEquals(List.of("label", "volume", "mean", "min", "max", "sum", "centroid_x", "centroid_y", "centroid_z", "bbox_x0", "bbox_y0",
			"bbox_z0", "bbox_x1", "bbox_y1", "bbox_z1"), deep.columnNames());
		// label 2 at (1,0,0), (0,1,0), (0,1,1)
		assertArrayEquals(new double[] { 2, 3, 3, 1, 6, 9, 1 / 3.0, 2 / 3.0, 1 / 3.0, 0, 0, 0, 2, 2, 2 }, deep.columnNames().stream().mapToDouble(
			c -> deep.column(c)[0]).toArray());
	}

	@Test
	void floatLabelsMustBeNonNegativeIntegers() {
		final var values = AxisImg.of("cells", ArrayImgs.floats(new float[6], 3, 2), AxisType.X, AxisType.Y);
		for (final float bad : new float[] { 1.5f, -1, Float.NaN }) {
			final var labels = AxisImg.of("cell-labels", ArrayImgs.floats(new float[] { 0, 1, 2, bad, 1, 0 }, 3, 2), AxisType.X, AxisType.Y);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelStatistics.cpu().measure(values, labels,
				TaskMonitor.NONE));
			assertTrue(e.getMessage().contains("labels 'cell-labels'") && e.getMessage().contains("(x 0, y 1)") && !e.getMessage().contains(
				"\n"), e.getMessage());
		}
		final var integral = AxisImg.of("cell-labels", ArrayImgs.floats(new float[] { 0, 1, 2, 7, 1, 0 }, 3, 2), AxisType.X, AxisType.Y);
		assertArrayEquals(new int[] { 1, 2, 7 }, LabelStatistics.cpu().measure(values, integral, TaskMonitor.NONE).labels());
	}

	@Test
	void sizesMustAgreeAndChannelsAreRejected() {
		final var values = AxisImg.of("cells", ArrayImgs.floats(4, 3), AxisType.X, AxisType.Y);
		final var labels = AxisImg.of("cell-labels", ArrayImgs.unsignedShorts(4, 3, 2), AxisType.X, AxisType.Y, AxisType.Z);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelStatistics.cpu().measure(values, labels,
			TaskMonitor.NONE));
		assertEquals("input 'cells' is 4x3 but labels 'cell-labels' is 4x3x2; they must have the same size", e.getMessage());
		final var channels = AxisImg.of("two-channels", ArrayImgs.floats(4, 3, 2), AxisType.X, AxisType.Y, AxisType.CHANNEL);
		final IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> LabelStatistics.cpu().measure(channels, labels,
			TaskMonitor.NONE));
		assertTrue(c.getMessage().startsWith("input 'two-channels' has channels or time points"), c.getMessage());
	}

	@Test
	void nonFiniteIntensitiesOnlyMatterInsideLabels() {
		final float[] v = { Float.NaN, 1, 2, Float.POSITIVE_INFINITY };
		final int[] labels = { 0, 1, 1, 0 };
		assertEquals(1.5, LabelStatistics.cpu().measure(v, labels, 2, 2, 1, TaskMonitor.NONE).means()[0]);
		labels[3] = 1;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelStatistics.cpu().measure(v, labels, 2, 2,
			1, TaskMonitor.NONE));
		assertTrue(e.getMessage().contains("Infinity at (x 1, y 1) inside label 1"), e.getMessage());
	}
}
