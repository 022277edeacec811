package org.tessera.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.core.TaskMonitor;
import org.tessera.segment.LabelStatistics;
import org.tessera.testutil.Requirements;

/** Label statistics on OpenCL (pocl in CI) are bit-identical to the CPU's. */
class GpuLabelStatisticsTest {

	@BeforeEach
	void needsOpenCL() {
		Requirements.requireOpenCL();
	}

	/** Runs of random labels 1..30 (some absent), a full first row of label 1 and a last pixel of label 30. */
	private static int[] labels(final long seed, final int nx, final int n) {
		final Random r = new Random(seed);
		final int[] l = new int[n];
		int current = 0;
		for (int i = 0; i < n; i++) {
			if (r.nextInt(6) == 0) current = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(30);
			if (current % 7 == 0) current = 0; // 7, 14, 21, 28 never occur
			l[i] = current;
		}
		for (int x = 0; x < nx; x++) l[x] = 1; // a whole row: a run from the first to the last column
		l[n - 1] = 30;
		return l;
	}

	/** Values of both signs over many orders of magnitude, with exact zeros of both signs. */
	private static float[] values(final long seed, final int n, final double scale) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			v[i] = (float) (r.nextGaussian() * scale * Math.exp(3 * r.nextGaussian()));
			if (i % 97 == 0) v[i] = i % 2 == 0 ? 0f : -0f;
		}
		return v;
	}

	private static void assertSameOnBothPaths(final float[] v, final int[] l, final int nx, final int ny, final int nz, final int rows) {
		final LabelStatistics.Table cpu = new LabelStatistics(DeviceChoice.CPU, 0).measure(v, l, nx, ny, nz, TaskMonitor.NONE);
		final LabelStatistics.Table gpu = new LabelStatistics(DeviceChoice.GPU, 0).measure(v, l, nx, ny, nz, TaskMonitor.NONE);
		assertEquals(rows, cpu.rows());
		for (final String c : cpu.columnNames())
			assertArrayEquals(cpu.column(c), gpu.column(c), 0.0, c);
		assertEquals(cpu, gpu, "bit-identical");
	}

	@ParameterizedTest
	@ValueSource(doubles = { 1e-30, 1, 7e4, 1e30 })
	void floatValuesOfBothSignsIn2D(final double scale) {
		final int nx = 211, ny = 97;
		assertSameOnBothPaths(values(11, nx * ny, scale), labels(12, nx, nx * ny), nx, ny, 1, 26);
	}

	@Test
	void floatValuesIn3D() {
		final int nx = 57, ny = 43, nz = 19;
		assertSameOnBothPaths(values(21, nx * ny * nz, 100), labels(22, nx, nx * ny * nz), nx, ny, nz, 26);
	}

	@Test
	void integerValuesIn3DAndRepeatedCalls() {
		final int nx = 64, ny = 48, nz = 12, n = nx * ny * nz;
		final Random r = new Random(31);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = r.nextInt(65536) - 32768;
		final int[] l = labels(32, nx, n);
		// repeated: buffers are released after each call, results do not change
		for (int k = 0; k < 3; k++) assertSameOnBothPaths(v, l, nx, ny, nz, 26);
	}

	@Test
	void oneLabelCoveringEverythingCarriesIntoTheHighWords() {
		// sums near 2^62 in fixed point: the low 32-bit words overflow constantly
		final int nx = 300, ny = 200, n = nx * ny;
		final int[] l = new int[n];
		java.util.Arrays.fill(l, 1);
		final float[] v = values(41, n, 5);
		assertSameOnBothPaths(v, l, nx, ny, 1, 1);
		final float[] positive = new float[n];
		for (int i = 0; i < n; i++) positive[i] = Math.abs(v[i]);
		assertSameOnBothPaths(positive, l, nx, ny, 1, 1);
	}
}
