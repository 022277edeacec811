package org.tessera.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.gpu.DeviceInfo.Type;

/** Which OpenCL device is the default, on hand-made device descriptions. */
class DeviceRankingTest {

	private static final long GIB = 1L << 30;

	private static DeviceInfo device(final String name, final Type type, final long memoryGiB, final int units) {
		return new DeviceInfo(name, "test platform", type, memoryGiB * GIB, memoryGiB * GIB / 4, units, "3.0");
	}

	private static final DeviceInfo BIG_CPU = device("pthread-cpu", Type.CPU, 512, 128);
	private static final DeviceInfo SMALL_GPU = device("Small GPU", Type.GPU, 4, 8);
	private static final DeviceInfo BIG_GPU = device("Big GPU", Type.GPU, 80, 132);
	private static final DeviceInfo FPGA = device("fpga board", Type.ACCELERATOR, 1024, 1000);

	private static List<String> names(final List<DeviceInfo> devices) {
		return devices.stream().map(DeviceInfo::name).toList();
	}

	@Test
	void aGpuWithLessMemoryBeatsACpu() {
		assertEquals(List.of("Small GPU", "pthread-cpu"), names(GpuDevices.bestFirst(List.of(BIG_CPU, SMALL_GPU))));
		assertSame(SMALL_GPU, GpuDevices.defaultAmong(List.of(BIG_CPU, SMALL_GPU), "", w -> {}));
	}

	@Test
	void anAcceleratorComesAfterGpusAndBeforeCpus() {
		assertEquals(List.of("Small GPU", "fpga board", "pthread-cpu"), names(GpuDevices.bestFirst(List.of(BIG_CPU, FPGA, SMALL_GPU))));
		assertSame(FPGA, GpuDevices.defaultAmong(List.of(BIG_CPU, FPGA), null, w -> {}));
	}

	@Test
	void moreMemoryThenMoreComputeUnitsWin() {
		final DeviceInfo sameMemoryMoreUnits = device("Small GPU 2", Type.GPU, 4, 16);
		assertEquals(List.of("Big GPU", "Small GPU 2", "Small GPU"), names(GpuDevices.bestFirst(List.of(SMALL_GPU, sameMemoryMoreUnits,
			BIG_GPU))));
	}

	@Test
	void tiesKeepOpenCLsOrder() {
		final DeviceInfo a = device("GPU a", Type.GPU, 8, 8), b = device("GPU b", Type.GPU, 8, 8), c = device("GPU c", Type.GPU, 8, 8);
		assertEquals(List.of("GPU a", "GPU b", "GPU c"), names(GpuDevices.bestFirst(List.of(a, b, c))));
		assertEquals(List.of("GPU c", "GPU a", "GPU b"), names(GpuDevices.bestFirst(List.of(c, a, b))));
		assertSame(c, GpuDevices.defaultAmong(List.of(c, a, b), "", w -> {}));
	}

	@Test
	void aPresentPreferenceWinsEvenOverABetterDevice() {
		final List<String> warnings = new ArrayList<>();
		final List<DeviceInfo> all = List.of(BIG_GPU, BIG_CPU);
		assertSame(BIG_CPU, GpuDevices.defaultAmong(all, "pthread-cpu", warnings::add));
		assertSame(BIG_CPU, GpuDevices.defaultAmong(all, "PTHREAD", warnings::add), "part of the name, any case");
		assertTrue(warnings.isEmpty(), warnings.toString());
	}

	@Test
	void anAbsentPreferenceFallsBackToTheBestWithOneLine() {
		final List<String> warnings = new ArrayList<>();
		assertSame(BIG_GPU, GpuDevices.defaultAmong(List.of(BIG_CPU, BIG_GPU), "Quadro", warnings::add));
		assertEquals(1, warnings.size());
		assertFalse(warnings.get(0).contains("\n"));
		assertTrue(warnings.get(0).contains("'Quadro' is not present; using Big GPU"), warnings.get(0));
	}

	@Test
	void aNameMatchesExactlyFirstThenTheBestDeviceContainingIt() {
		final DeviceInfo gpu = device("GPU", Type.GPU, 2, 2);
		final List<DeviceInfo> all = List.of(SMALL_GPU, BIG_GPU, gpu);
		assertSame(gpu, GpuDevices.match(all, "gpu").orElseThrow(), "exact name before longer names");
		assertSame(BIG_GPU, GpuDevices.match(all, "g gp").orElseThrow());
		assertSame(BIG_GPU, GpuDevices.match(List.of(SMALL_GPU, BIG_GPU), "GPU").orElseThrow(), "the best of several");
		assertTrue(GpuDevices.match(all, "tpu").isEmpty());
		assertTrue(GpuDevices.match(all, " ").isEmpty());
	}

	@Test
	void noDevicesIsAnError() {
		assertThrows(IllegalArgumentException.class, () -> GpuDevices.defaultAmong(List.of(), "", w -> {}));
	}

	@Test
	void typesAndVersionsAreReadFromOpenCLsValues() {
		assertEquals(Type.GPU, Type.of(4 | 1), "GPU that is also CL_DEVICE_TYPE_DEFAULT");
		assertEquals(Type.CPU, Type.of(2));
		assertEquals(Type.ACCELERATOR, Type.of(8));
		assertEquals(Type.OTHER, Type.of(16));
		assertEquals("accelerator", Type.ACCELERATOR.label());
		assertEquals("3.0", DeviceInfo.versionNumber("OpenCL 3.0 PoCL 5.0+debian  Linux, None+Asserts"));
		assertEquals("1.2", DeviceInfo.versionNumber("OpenCL 1.2 CUDA"));
		assertEquals("odd driver", DeviceInfo.versionNumber(" odd driver "));
		assertEquals(20480, device("x", Type.GPU, 20, 1).globalMemoryMiB());
	}
}
