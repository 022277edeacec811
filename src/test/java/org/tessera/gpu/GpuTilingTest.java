package org.tessera.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.NeighborhoodFilter;
import org.tessera.filter.RankFilters.Op;
import org.tessera.segment.VoronoiOtsuLabeling;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.real.FloatType;

/**
 * Images larger than the device's memory: with a small memory budget forced
 * through {@value GpuDevice#BUDGET_PROPERTY}, the filters run tile by tile on
 * the device and give exactly the untiled result.
 */
class GpuTilingTest {

	private String before;

	@BeforeEach
	void smallBudget() {
		Requirements.requireOpenCL();
		before = System.getProperty(GpuDevice.BUDGET_PROPERTY);
		// 64 KiB: a 60x52x21 float volume (256 KiB) needs 8 tiles or more
		System.setProperty(GpuDevice.BUDGET_PROPERTY, "64k");
	}

	@AfterEach
	void restore() {
		if (before == null) System.clearProperty(GpuDevice.BUDGET_PROPERTY);
		else System.setProperty(GpuDevice.BUDGET_PROPERTY, before);
	}

	private static final AxisImg<FloatType> IMAGE = TestImages.randomFloats(21, new long[] { 60, 52, 21 }, AxisType.X, AxisType.Y, AxisType.Z);

	/** Records status messages and warnings. */
	private static final class Recorder implements TaskMonitor {

		final List<String> lines = new ArrayList<>();

		@Override
		public void progress(final long done, final long total) {
			// not checked here
		}

		@Override
		public boolean isCancelled() {
			return false;
		}

		@Override
		public void status(final String message) {
			lines.add(message);
		}

		@Override
		public void warn(final String message) {
			lines.add(message);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "nearest", "reflect", "mirror", "wrap", "constant" })
	void gaussianInTilesEqualsTheWholeImage(final String boundary) {
		final GaussianBlur blur = new GaussianBlur(new double[] { 2, 1.5, 1 }, Boundary.parse(boundary), 4, DeviceChoice.GPU);
		final Recorder r = new Recorder();
		final double[] tiled = TestImages.values(blur.apply(IMAGE, r));
		assertTrue(r.lines.stream().anyMatch(l -> l.startsWith("tiles of")), "ran in tiles: " + r.lines);
		assertArrayEquals(TestImages.values(blur.withDevice(DeviceChoice.CPU).apply(IMAGE)), tiled, 0.0);
	}

	@Test
	void gaussianIn2DTilesEqualsTheWholeImage() {
		final AxisImg<FloatType> img = TestImages.randomFloats(4, new long[] { 160, 128 }, AxisType.X, AxisType.Y);
		final GaussianBlur blur = new GaussianBlur(new double[] { 2 }, Boundary.NEAREST, 4, DeviceChoice.GPU);
		final double[] tiled = TestImages.values(blur.apply(img));
		System.clearProperty(GpuDevice.BUDGET_PROPERTY);
		final double[] whole = TestImages.values(blur.apply(img));
		final double[] cpu = TestImages.values(blur.withDevice(DeviceChoice.CPU).apply(img));
		assertArrayEquals(cpu, whole, 0.0, "untiled OpenCL and CPU");
		assertArrayEquals(cpu, tiled, 0.0, "tiled OpenCL and CPU");
		// in place (output = input): tiles must not read halos that other tiles wrote already
		System.setProperty(GpuDevice.BUDGET_PROPERTY, "64k");
		final AxisImg<FloatType> copy = TestImages.randomFloats(4, new long[] { 160, 128 }, AxisType.X, AxisType.Y);
		blur.applyTo(copy, copy, TaskMonitor.NONE);
		assertArrayEquals(cpu, TestImages.values(copy), 0.0, "tiled in place");
	}

	@ParameterizedTest
	@ValueSource(strings = { "MIN", "MAX", "MEDIAN", "MEAN" })
	void rankFiltersInTilesEqualTheWholeImage(final String op) {
		final NeighborhoodFilter f = new NeighborhoodFilter(Op.valueOf(op), new int[] { 2, 1, 1 }, null, Boundary.NEAREST, DeviceChoice.GPU, 0);
		final Recorder r = new Recorder();
		final double[] tiled = TestImages.values(f.apply(IMAGE, r));
		assertTrue(r.lines.stream().anyMatch(l -> l.startsWith("tiles of")), "ran in tiles: " + r.lines);
		System.clearProperty(GpuDevice.BUDGET_PROPERTY);
		final double[] whole = TestImages.values(f.apply(IMAGE, TaskMonitor.NONE));
		assertArrayEquals(whole, tiled, 0.0, "tiled and untiled OpenCL results");
	}

	/** Two passes (minimum, then maximum): tiles need twice the halo, and the edges must not be padded first (except for wrap). */
	@ParameterizedTest
	@ValueSource(strings = { "nearest", "reflect", "wrap", "constant" })
	void topHatInTilesEqualsTheWholeImage(final String boundary) {
		final Boundary b = Boundary.parse(boundary);
		final NeighborhoodFilter f = new NeighborhoodFilter(Op.MAX, new int[] { 3, 3, 1 }, null, b, DeviceChoice.GPU, 0);
		final double[] tiled = TestImages.values(f.topHat(IMAGE, TaskMonitor.NONE));
		final double[] cpu = TestImages.values(f.withDevice(DeviceChoice.CPU).topHat(IMAGE, TaskMonitor.NONE));
		assertArrayEquals(cpu, tiled, 0.0);
	}

	@Test
	void segmentationTooLargeForTheDeviceBlursInTilesWithTheSameLabels() {
		final var n = SyntheticNuclei.of2D(160, 128, 30, 3).generate();
		final var vol = new VoronoiOtsuLabeling(new double[] { 2 }, new double[] { 1 }, DeviceChoice.GPU, 0);
		final Recorder r = new Recorder();
		final var gpu = vol.apply(n.image(), null, r);
		assertTrue(r.lines.stream().anyMatch(l -> l.contains("blurring in tiles on the device")), "warned: " + r.lines);
		assertTrue(r.lines.stream().anyMatch(l -> l.startsWith("tiles of")), "blurred in tiles: " + r.lines);
		final var cpu = new VoronoiOtsuLabeling(new double[] { 2 }, new double[] { 1 }, DeviceChoice.CPU, 0).apply(n.image(), null,
			TaskMonitor.NONE);
		assertArrayEquals(TestImages.values(AxisImg.of("c", cpu, AxisType.X, AxisType.Y)), TestImages.values(AxisImg.of("g", gpu, AxisType.X,
			AxisType.Y)), 0.0);
	}

	@Test
	void labelStatisticsGoThroughTheDeviceInSlabsWithTheSameTable() {
		final var n = SyntheticNuclei.of3D(64, 56, 20, 25, 4).generate();
		final float[] values = org.tessera.core.Volumes.read(n.image(), 0, 0, org.tessera.core.Threads.executor(1));
		final int[] labels = new int[values.length];
		final float[] l = org.tessera.core.Volumes.read(n.labels(), 0, 0, org.tessera.core.Threads.executor(1));
		for (int i = 0; i < l.length; i++) labels[i] = (int) l[i];
		assertTrue(8L * values.length > GpuDevices.get("").budgetBytes(), "the volume is larger than the budget");
		final var gpu = new org.tessera.segment.LabelStatistics(DeviceChoice.GPU, 0).measure(values, labels, 64, 56, 20, TaskMonitor.NONE);
		final var cpu = new org.tessera.segment.LabelStatistics(DeviceChoice.CPU, 0).measure(values, labels, 64, 56, 20, TaskMonitor.NONE);
		assertTrue(cpu.rows() > 15, cpu.rows() + " labels");
		for (final String c : cpu.columnNames()) assertArrayEquals(cpu.column(c), gpu.column(c), 0.0, c);
	}

	@Test
	void budgetIsParsedAndChecked() {
		assertEquals(64L << 10, GpuDevices.get("").budgetBytes());
		assertEquals(3L << 30, GpuDevice.parseBytes("3G"));
		assertEquals(512, GpuDevice.parseBytes("512"));
		final var e = assertThrows(IllegalArgumentException.class, () -> GpuDevice.parseBytes("lots"));
		assertTrue(e.getMessage().startsWith(GpuDevice.BUDGET_PROPERTY), e.getMessage());
		// a halo too large for the budget: a one-line error, not a crash
		System.setProperty(GpuDevice.BUDGET_PROPERTY, "1k");
		final GaussianBlur huge = new GaussianBlur(new double[] { 20 }, Boundary.NEAREST, 4, DeviceChoice.GPU);
		final var e2 = assertThrows(IllegalArgumentException.class, () -> huge.apply(IMAGE));
		assertTrue(e2.getMessage().contains("too little memory"), e2.getMessage());
	}
}
