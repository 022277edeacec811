package org.tessera.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.testutil.Requirements;

/**
 * The preferred OpenCL device: stored with java.util.prefs (under target/, as
 * the pom sets it for tests), overridden by -Dtessera.gpu.device, and used by
 * device=GPU when present.
 */
class DevicePreferenceTest {

	private String storedBefore;

	/** The tests write preferences: only where the build keeps them, never into the user's. */
	@BeforeAll
	static void preferencesAreTheBuilds() {
		final String root = System.getProperty("java.util.prefs.userRoot");
		assertTrue(root != null && Path.of(root).toAbsolutePath().normalize().startsWith(Path.of("target").toAbsolutePath()),
			"run through Maven, which keeps preferences in target/java-prefs (java.util.prefs.userRoot=" + root + ")");
	}

	@BeforeEach
	void remember() {
		storedBefore = DevicePreference.stored();
		System.clearProperty(DevicePreference.PROPERTY);
	}

	@AfterEach
	void restore() {
		System.clearProperty(DevicePreference.PROPERTY);
		if (storedBefore.isEmpty()) DevicePreference.clear();
		else DevicePreference.set(storedBefore);
	}

	@Test
	void storedSetAndCleared() {
		DevicePreference.set("  Some GPU ");
		assertEquals("Some GPU", DevicePreference.stored());
		assertEquals("Some GPU", DevicePreference.get());
		DevicePreference.clear();
		assertEquals("", DevicePreference.get());
		assertThrows(IllegalArgumentException.class, () -> DevicePreference.set(" "));
	}

	@Test
	void thePropertyOverridesTheStoredPreference() {
		DevicePreference.set("Some GPU");
		System.setProperty(DevicePreference.PROPERTY, "Other GPU");
		assertTrue(DevicePreference.isOverridden());
		assertEquals("Other GPU", DevicePreference.get());
		System.setProperty(DevicePreference.PROPERTY, "");
		assertEquals("", DevicePreference.get(), "an empty property means no preference");
		assertEquals("Some GPU", DevicePreference.stored(), "the stored one is kept");
	}

	@Test
	void preferAPresentDeviceByPartOfItsNameAndClearIt() {
		Requirements.requireOpenCL();
		final String name = OpenCL.deviceNames().get(0);
		final String part = name.substring(0, Math.min(5, name.length())).toUpperCase(Locale.ROOT);
		assertEquals(name, GpuDevices.prefer(part).orElseThrow().name());
		assertEquals(name, DevicePreference.stored(), "the full name is stored");
		final List<String> warnings = new ArrayList<>();
		assertEquals(name, DeviceChoice.GPU.resolve(warnings::add).orElseThrow().name());
		// a preferred device is used by auto too, even an OpenCL device on the CPU
		assertEquals(name, DeviceChoice.AUTO.resolve(warnings::add).orElseThrow().name());
		assertTrue(warnings.isEmpty(), warnings.toString());
		assertTrue(GpuDevices.prefer("none").isEmpty());
		assertEquals("", DevicePreference.stored());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpuDevices.prefer("no-such-device"));
		assertTrue(e.getMessage().startsWith("no OpenCL device matches 'no-such-device'; available: ") && e.getMessage().contains(name), e
			.getMessage());
		assertEquals("", DevicePreference.stored(), "a failed prefer changes nothing");
	}

	@Test
	void anAbsentPreferredDeviceWarnsOnceAndTheBestIsUsed() {
		Requirements.requireOpenCL();
		final String best = GpuDevices.bestFirst().get(0).name();
		System.setProperty(DevicePreference.PROPERTY, "absent-device-for-DevicePreferenceTest");
		final List<String> warnings = new ArrayList<>();
		assertEquals(best, DeviceChoice.GPU.resolve(warnings::add).orElseThrow().name());
		// auto: the best too, unless it is an OpenCL device on the CPU (pocl), where Tessera's Java code is faster
		final boolean cpuDevice = GpuDevices.bestFirst().get(0).type() == DeviceInfo.Type.CPU;
		assertEquals(cpuDevice ? null : best, DeviceChoice.AUTO.resolve(warnings::add).map(GpuDevice::name).orElse(null));
		assertEquals(1, warnings.size(), warnings.toString());
		assertFalse(warnings.get(0).contains("\n"));
		assertTrue(warnings.get(0).contains("'absent-device-for-DevicePreferenceTest' is not present; using " + best), warnings.get(0));
	}

	@Test
	void withoutOpenCLThereAreNoDevices() {
		final String old = System.getProperty("tessera.opencl");
		System.setProperty("tessera.opencl", "off");
		try {
			assertTrue(OpenCL.devices().isEmpty());
			assertTrue(GpuDevices.bestFirst().isEmpty());
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpuDevices.prefer("anything"));
			assertTrue(e.getMessage().startsWith("no OpenCL device matches 'anything': OpenCL is switched off"), e.getMessage());
		}
		finally {
			if (old == null) System.clearProperty("tessera.opencl");
			else System.setProperty("tessera.opencl", old);
		}
	}

	@Test
	void devicesAreDescribed() {
		Requirements.requireOpenCL();
		for (final DeviceInfo d : OpenCL.devices()) {
			assertFalse(d.name().isEmpty());
			assertFalse(d.platform().isEmpty(), d.toString());
			assertTrue(d.globalMemoryBytes() > 0 && d.maxAllocationBytes() > 0 && d.maxAllocationBytes() <= d.globalMemoryBytes(), d
				.toString());
			assertTrue(d.computeUnits() > 0, d.toString());
			assertTrue(d.version().matches("\\d+\\.\\d+"), d.toString());
		}
		assertEquals(OpenCL.deviceNames(), OpenCL.devices().stream().map(DeviceInfo::name).toList());
	}
}
