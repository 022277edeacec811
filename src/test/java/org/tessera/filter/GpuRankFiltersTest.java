package org.tessera.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.Neighborhood.Shape;
import org.tessera.filter.NeighborhoodFilter;
import org.tessera.filter.RankFilters.Op;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.OpenCL;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.real.FloatType;

/** Rank filters and the top-hat on OpenCL (pocl in CI) give the CPU's results. */
class GpuRankFiltersTest {

	@BeforeEach
	void needsOpenCL() {
		Requirements.requireOpenCL();
	}

	@ParameterizedTest
	@CsvSource({ "BOX, 2, 1, 1", "ELLIPSE, 2, 2, 1", "ELLIPSE, 1, 1, 0", "BOX, 0, 3, 2" })
	void gpuEqualsCpu(final Shape shape, final int rx, final int ry, final int rz) {
		final AxisImg<FloatType> in = TestImages.randomFloats(12, new long[] { 37, 29, 11 }, AxisType.X, AxisType.Y, AxisType.Z);
		for (final Op op : Op.values()) {
			final NeighborhoodFilter f = new NeighborhoodFilter(op, new int[] { rx, ry, rz }, shape, null, null, 0);
			final double[] cpu = TestImages.values(f.apply(in));
			final double[] gpu = TestImages.values(f.withDevice(DeviceChoice.GPU).apply(in));
			if (op == Op.MEAN) assertTrue(GpuGaussianTest.maxRelativeDifference(cpu, gpu) <= 1e-4, op + " " + shape);
			else assertArrayEquals(cpu, gpu, 0.0, op + " " + shape);
		}
		final NeighborhoodFilter f = new NeighborhoodFilter(Op.MIN, new int[] { rx, ry, rz }, shape, null, null, 0);
		assertArrayEquals(TestImages.values(f.topHat(in, TaskMonitor.NONE)), TestImages.values(f.withDevice(DeviceChoice.GPU).topHat(in,
			TaskMonitor.NONE)), 0.0, "top-hat");
	}
}
