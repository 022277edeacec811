package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/** The label command's library: CPU and OpenCL give the same labels, numbered like scipy. */
class LabelingTest {

	private static int[] flat(final RandomAccessibleInterval<IntType> img) {
		final int[] v = new int[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final IntType t : Views.flatIterable(img)) v[i++] = t.get();
		return v;
	}

	@ParameterizedTest
	@EnumSource(Connectivity.class)
	void cpuNumbersLikeTheReference(final Connectivity c) {
		final var mask = TestImages.blobs(4, 61, 47, 13);
		final var labels = new Labeling(c, DeviceChoice.CPU).apply(AxisImg.of("m", mask, AxisType.X, AxisType.Y, AxisType.Z), TaskMonitor.NONE);
		assertArrayEquals(flat(ConnectedComponents.label(mask, c)), flat(labels));
	}

	@ParameterizedTest
	@EnumSource(Connectivity.class)
	void openCLGivesTheCpuLabels(final Connectivity c) {
		Requirements.requireOpenCL();
		for (final long[] dims : new long[][] { { 97, 83 }, { 41, 37, 23 } }) {
			final var mask = TestImages.blobs(dims.length, dims);
			final AxisImg<UnsignedByteType> in = AxisImg.of("m", mask, java.util.Arrays.copyOf(new AxisType[] { AxisType.X, AxisType.Y,
				AxisType.Z }, dims.length));
			assertArrayEquals(flat(new Labeling(c, DeviceChoice.CPU).apply(in, TaskMonitor.NONE)), flat(new Labeling(c, DeviceChoice.GPU).apply(
				in, TaskMonitor.NONE)), c + " " + dims.length + "D");
		}
	}

	@Test
	void aLongSpiralConvergesOnTheDevice() {
		Requirements.requireOpenCL();
		final int size = 81;
		final var img = ArrayImgs.unsignedBytes(size, size);
		final var ra = img.randomAccess();
		int x0 = 0, y0 = 0, x1 = size - 1, y1 = size - 1;
		while (x0 <= x1 && y0 <= y1) {
			for (int x = x0; x <= x1; x++) set(ra, x, y0);
			for (int y = y0; y <= y1; y++) set(ra, x1, y);
			for (int x = x1; x >= x0; x--) set(ra, x, y1);
			for (int y = y1; y >= y0 + 2; y--) set(ra, x0, y);
			if (x0 + 1 <= x1) set(ra, x0 + 1, y0 + 2);
			x0 += 2;
			y0 += 2;
			x1 -= 2;
			y1 -= 2;
		}
		final var labels = new Labeling(Connectivity.FACE, DeviceChoice.GPU).apply(AxisImg.of("spiral", img, AxisType.X, AxisType.Y),
			TaskMonitor.NONE);
		assertEquals(ConnectedComponents.count(ConnectedComponents.label(img, Connectivity.FACE)), ConnectedComponents.count(labels));
		assertEquals(1, ConnectedComponents.count(labels), "the spiral is one component");
	}

	private static void set(final net.imglib2.RandomAccess<UnsignedByteType> ra, final int x, final int y) {
		ra.setPosition(new long[] { x, y });
		ra.get().set(1);
	}
}
