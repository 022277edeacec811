package org.tessera.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.NeighborhoodFilter;
import org.tessera.filter.RankFilters.Op;
import org.tessera.segment.AutoThreshold;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.segment.Labeling;
import org.tessera.segment.VoronoiOtsuLabeling;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.Requirements;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * 1000 calls of the OpenCL operations leave no buffer on the device: the
 * context's own list of allocated buffers is the same before and after, and
 * the process does not grow (pocl's device memory is the process's memory).
 */
class GpuMemoryLeakTest {

	private static long rssKiB() throws IOException {
		for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
			if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		return -1;
	}

	@Test
	void thousandCallsLeaveNothingBehind() throws IOException {
		Requirements.requireOpenCL();
		final GpuDevice device = GpuDevices.get("");
		final AxisImg<UnsignedShortType> img = SyntheticNuclei.of3D(48, 40, 12, 12, 5).generate().image();
		final DeviceChoice gpu = DeviceChoice.GPU;
		final List<Runnable> operations = List.of( //
			() -> new GaussianBlur(new double[] { 2 }, Boundary.NEAREST, 4, gpu).apply(img), //
			() -> new NeighborhoodFilter(Op.MEDIAN, new int[] { 1 }, null, Boundary.NEAREST, gpu, 0).apply(img, TaskMonitor.NONE), //
			() -> new NeighborhoodFilter(Op.MAX, new int[] { 2, 2, 1 }, null, Boundary.NEAREST, gpu, 0).topHat(img, TaskMonitor.NONE), //
			() -> new AutoThreshold("Otsu", true, gpu).mask(img, new double[] { 300, 65535 }), //
			() -> new Labeling(Connectivity.FULL, gpu).apply(new AutoThreshold("Otsu", true, DeviceChoice.CPU).mask(img, new double[] { 300,
				65535 }), TaskMonitor.NONE), //
			() -> new VoronoiOtsuLabeling(new double[] { 2, 2, 1 }, new double[] { 1 }, gpu, 0).apply(img, null, TaskMonitor.NONE));
		// warm-up: kernels are built and cached once per device, the heap and the JIT settle
		for (int call = 0; call < 200; call++) operations.get(call % operations.size()).run();
		final String buffersBefore = buffers(device);
		final long[] nativeKiB = new long[3];
		for (int window = 0; window < 3; window++) {
			for (int call = 0; call < 1000 / 3; call++) operations.get(call % operations.size()).run();
			nativeKiB[window] = nativeKiB();
		}
		final String buffersAfter = buffers(device);
		assertEquals(buffersBefore, buffersAfter, "buffers still allocated on the device after 1000 calls");
		// memory outside the Java heap, after each third of the calls: a leak of even one 90 KiB buffer per call
		// would add 30 MiB per window
		final long grownMiB = (nativeKiB[2] - nativeKiB[0]) >> 10;
		assertTrue(grownMiB < 20, "native memory grew by " + grownMiB + " MiB over the last 667 calls: " + java.util.Arrays.toString(nativeKiB));
	}

	/** What the OpenCL context lists as allocated: "... contains N images" (only the first line, the count). */
	private static String buffers(final GpuDevice device) {
		final String report = device.run(clij2 -> clij2.reportMemory());
		return report.lines().findFirst().orElse(report);
	}

	/** Resident memory outside the Java heap, in KiB. */
	private static long nativeKiB() throws IOException {
		System.gc();
		return rssKiB() - Runtime.getRuntime().totalMemory() / 1024;
	}
}
