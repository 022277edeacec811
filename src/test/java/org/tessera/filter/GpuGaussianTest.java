package org.tessera.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.filter.GaussianBlur;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.DeviceInfo;
import org.tessera.gpu.GpuDevices;
import org.tessera.gpu.OpenCL;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** The OpenCL Gaussian agrees with the CPU path (pocl in CI). */
class GpuGaussianTest {

	@BeforeEach
	void needsOpenCL() {
		Requirements.requireOpenCL();
	}

	static double maxRelativeDifference(final double[] a, final double[] b) {
		double maxAbs = 0, maxDiff = 0;
		for (int i = 0; i < a.length; i++) {
			maxAbs = Math.max(maxAbs, Math.max(Math.abs(a[i]), Math.abs(b[i])));
			maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
		}
		return maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
	}

	@ParameterizedTest
	@EnumSource(Boundary.class)
	void gpuMatchesCpuIn3D(final Boundary b) {
		final AxisImg<FloatType> in = TestImages.randomFloats(5, new long[] { 40, 33, 17 }, AxisType.X, AxisType.Y, AxisType.Z);
		final GaussianBlur blur = new GaussianBlur(new double[] { 2, 1.3, 3.5 }, b, 4, null);
		final double[] cpu = TestImages.values(blur.withDevice(DeviceChoice.CPU).apply(in));
		final double[] gpu = TestImages.values(blur.withDevice(DeviceChoice.GPU).apply(in));
		// same sums in the same order, no fused multiply-add: bit-identical
		assertEquals(0, maxRelativeDifference(cpu, gpu), "CPU and GPU differ (relative difference)");
	}

	@Test
	void gpuMatchesCpuIn2DWith16BitPixels() {
		final var img = PlanarImgs.unsignedShorts(300, 200);
		TestImages.fill(img, 9, 4000);
		final AxisImg<UnsignedShortType> in = AxisImg.of("u16", img, AxisType.X, AxisType.Y);
		final double[] cpu = TestImages.values(GaussianBlur.of(5).apply(in));
		final double[] gpu = TestImages.values(GaussianBlur.of(5).withDevice(DeviceChoice.GPU).apply(in));
		// Integer outputs: float rounding may flip a .5 case by one grey level.
		int differ = 0;
		for (int i = 0; i < cpu.length; i++) {
			assertTrue(Math.abs(cpu[i] - gpu[i]) <= 1, "pixel " + i);
			if (cpu[i] != gpu[i]) differ++;
		}
		assertTrue(differ < cpu.length / 1000, differ + " pixels differ");
	}

	@Test
	void deviceChoiceParsesAndResolves() {
		assertEquals(DeviceChoice.CPU, DeviceChoice.parse("cpu"));
		assertEquals(DeviceChoice.GPU, DeviceChoice.parse("GPU"));
		assertEquals(DeviceChoice.AUTO, DeviceChoice.parse("Auto"));
		assertTrue(DeviceChoice.CPU.resolve(w -> {}).isEmpty());
		final List<String> warnings = new ArrayList<>();
		// auto takes the default device unless that is an OpenCL device on the CPU (pocl): Tessera's Java code is faster
		final boolean cpuDevice = GpuDevices.bestFirst().get(0).type() == DeviceInfo.Type.CPU && !GpuDevices.isPreferred(GpuDevices.bestFirst()
			.get(0));
		assertEquals(!cpuDevice, DeviceChoice.AUTO.resolve(warnings::add).isPresent());
		assertTrue(warnings.isEmpty());
		final String name = OpenCL.deviceNames().get(0);
		assertEquals(name, DeviceChoice.parse(name.substring(0, 4)).resolve(w -> {}).orElseThrow().name());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("no-such-gpu").resolve(
			w -> {}));
		assertTrue(e.getMessage().startsWith("no OpenCL device matches 'no-such-gpu'; available: "), e.getMessage());
	}

	@Test
	void autoFallsBackToTheCpuWithOneWarningWhenOpenCLIsOff() {
		final String old = System.getProperty("tessera.opencl");
		System.setProperty("tessera.opencl", "off");
		try {
			final List<String> warnings = new ArrayList<>();
			assertTrue(DeviceChoice.AUTO.resolve(warnings::add).isEmpty());
			assertEquals(1, warnings.size());
			assertFalse(warnings.get(0).contains("\n"));
			assertTrue(warnings.get(0).startsWith("device=auto: OpenCL is switched off"), warnings.get(0));
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.GPU.resolve(w -> {}));
			assertTrue(e.getMessage().startsWith("no OpenCL device: OpenCL is switched off"), e.getMessage());
		}
		finally {
			if (old == null) System.clearProperty("tessera.opencl");
			else System.setProperty("tessera.opencl", old);
		}
	}
}
