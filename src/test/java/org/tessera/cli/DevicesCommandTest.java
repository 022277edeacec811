package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.tessera.gpu.DevicePreference;
import org.tessera.gpu.OpenCL;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.scijava.ParameterValues;
import org.tessera.scijava.TesseraCommands;
import org.tessera.testutil.CliRun.Result;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/** {@code tessera devices} and device names in the {@code device} key (pocl in CI). Preferences live in target/java-prefs. */
class DevicesCommandTest {

	private static final String HEADER = "name\tplatform\ttype\tglobal_memory_MiB\tmax_allocation_MiB\tcompute_units\tversion\tdefault\tpreferred";

	@TempDir
	Path tmp;

	private String storedBefore;

	@BeforeEach
	void remember() {
		storedBefore = DevicePreference.stored();
		System.clearProperty(DevicePreference.PROPERTY);
	}

	@AfterEach
	void restore() {
		if (storedBefore.isEmpty()) DevicePreference.clear();
		else DevicePreference.set(storedBefore);
	}

	/** A part of the first device's name, in another case, that is none of CPU, GPU, auto. */
	private static String partOfTheDeviceName() {
		final String name = OpenCL.deviceNames().get(0);
		final int from = name.length() / 3;
		final String part = name.substring(from, Math.min(name.length(), from + 6)).trim().toLowerCase(Locale.ROOT);
		assertFalse(List.of("cpu", "gpu", "auto", "opencl", "").contains(part), part);
		return part;
	}

	@Test
	void listsTheDevicesOnStdout() {
		Requirements.requireOpenCL();
		final String name = OpenCL.deviceNames().get(0);
		final Result r = CliRun.tessera("devices");
		assertEquals(0, r.code(), r.err());
		final List<String> lines = r.out().lines().toList();
		assertEquals(HEADER, lines.get(0), r.out());
		assertEquals(OpenCL.deviceNames().size() + 2, lines.size(), r.out()); // header, devices, summary
		final String row = lines.stream().filter(l -> l.startsWith(name + "\t")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
		final String[] cells = row.split("\t");
		assertEquals(9, cells.length, row);
		assertTrue(Long.parseLong(cells[3]) > 0, row);
		assertTrue(cells[6].matches("\\d+\\.\\d+"), row);
		assertEquals(1, lines.stream().filter(l -> l.endsWith("\tyes\tno") || l.endsWith("\tyes\tyes")).count(), "one default: " + r.out());
		assertTrue(lines.get(lines.size() - 1).startsWith("summary=" + OpenCL.deviceNames().size() + " OpenCL device"), r.out());
	}

	@Test
	void preferSetsAndNoneClearsThePreference() throws IOException {
		Requirements.requireOpenCL();
		final String name = OpenCL.deviceNames().get(0);
		final Result set = CliRun.tessera("devices", "prefer=" + partOfTheDeviceName());
		assertEquals(0, set.code(), set.err());
		assertEquals(name, DevicePreference.stored());
		assertTrue(set.out().contains("summary=preferred device set to " + name), set.out());
		assertTrue(set.out().contains(name + "\t"), set.out());
		assertTrue(set.out().lines().anyMatch(l -> l.startsWith(name + "\t") && l.endsWith("\tyes\tyes")), set.out());
		final Path csv = tmp.resolve("devices.csv");
		assertEquals(0, CliRun.tessera("devices", "devices=" + csv).code());
		assertTrue(Files.readString(csv).startsWith(HEADER.replace('\t', ',')), Files.readString(csv));
		final Result cleared = CliRun.tessera("devices", "prefer=none");
		assertEquals(0, cleared.code(), cleared.err());
		assertEquals("", DevicePreference.stored());
		assertTrue(cleared.out().contains("summary=preference cleared"), cleared.out());
		assertFalse(cleared.out().lines().anyMatch(l -> l.endsWith("\tyes")), "nothing preferred: " + cleared.out());
	}

	@Test
	void anUnknownNameIsOneLineListingTheDevices() {
		Requirements.requireOpenCL();
		CliRun.assertBadInput(CliRun.tessera("devices", "prefer=no-such-device"), "no OpenCL device matches 'no-such-device'; available: ",
			OpenCL.deviceNames().get(0));
		assertEquals(storedBefore, DevicePreference.stored());
		CliRun.assertBadInput(CliRun.tessera("gaussian", "input=test-images/nuclei2d.tif", "device=no-such-device", "output=" + tmp.resolve(
			"o.tif")), "no OpenCL device matches 'no-such-device'; available: ", OpenCL.deviceNames().get(0));
		assertFalse(Files.exists(tmp.resolve("o.tif")));
	}

	@Test
	void withoutOpenCLItSaysSoInOneLine() {
		final String old = System.getProperty("tessera.opencl");
		System.setProperty("tessera.opencl", "off");
		try {
			final Result r = CliRun.tessera("devices");
			assertEquals(0, r.code(), r.err());
			assertEquals(List.of("summary=no OpenCL device: OpenCL is switched off (-Dtessera.opencl=off)"), r.out().lines().toList());
			assertEquals("", r.err());
			CliRun.assertBadInput(CliRun.tessera("devices", "prefer=pocl"), "no OpenCL device matches 'pocl': OpenCL is switched off");
		}
		finally {
			if (old == null) System.clearProperty("tessera.opencl");
			else System.setProperty("tessera.opencl", old);
		}
	}

	@Test
	void aFilterCommandTakesPartOfADeviceName() {
		Requirements.requireOpenCL();
		final Path byName = tmp.resolve("by-name.tif"), byGpu = tmp.resolve("gpu.tif");
		final Result named = CliRun.tessera("gaussian", "input=test-images/nuclei3d.tif", "sigma=2,2,1", "device=" + partOfTheDeviceName(),
			"output=" + byName);
		assertEquals(0, named.code(), named.err());
		final Result gpu = CliRun.tessera("gaussian", "input=test-images/nuclei3d.tif", "sigma=2,2,1", "device=GPU", "output=" + byGpu);
		assertEquals(0, gpu.code(), gpu.err());
		assertArrayEquals(TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(byGpu, "gpu"))), TestImages.values(
			ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(byName, "named"))));
	}

	/** Also for commands added later: their device key must take device names, and say so. */
	@Test
	void everyDeviceParameterTakesDeviceNames() {
		final Context context = new Context(CommandService.class);
		try {
			int n = 0;
			for (final CommandInfo c : TesseraCommands.all(context.service(CommandService.class))) {
				final ModuleItem<?> device = c.getInput("device");
				if (device == null) continue;
				n++;
				assertTrue(TesseraCommands.hasStyle(device, TesseraCommands.OPEN_CHOICES), c.getName() + ": device needs style OPEN_CHOICES");
				assertEquals(List.of("auto", "CPU", "GPU"), device.getChoices(), c.getName());
				assertTrue(device.getDescription().endsWith("CPU, GPU (the preferred or best OpenCL device), auto, or part of a device name"),
					c.getName() + ": " + device.getDescription());
				assertEquals("Some Device", ParameterValues.parse(device, " Some Device "), c.getName());
				assertEquals("GPU", ParameterValues.parse(device, "gpu"), c.getName());
			}
			assertTrue(n >= 5, n + " commands with a device key");
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void helpShowsTheOpenChoiceAndThePrintedTable() {
		final Result g = CliRun.tessera("help", "gaussian");
		assertTrue(g.out().contains("device=auto|CPU|GPU|<other>  CPU, GPU (the preferred or best OpenCL device), auto, or part of a device name"),
			g.out());
		final Result d = CliRun.tessera("help", "devices");
		assertEquals(0, d.code(), d.err());
		assertTrue(d.out().contains("prefer=<string>"), d.out());
		assertTrue(d.out().contains("devices=<output CSV file> (optional; printed to stdout if not given)"), d.out());
	}
}
