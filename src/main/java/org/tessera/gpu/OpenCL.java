package org.tessera.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_device_id;

import net.haesleinhuepf.clij.clearcl.ClearCL;
import net.haesleinhuepf.clij.clearcl.ClearCLDevice;
import net.haesleinhuepf.clij.clearcl.ClearCLPeerPointer;
import net.haesleinhuepf.clij.clearcl.ClearCLPlatform;
import net.haesleinhuepf.clij.clearcl.backend.jocl.ClearCLBackendJOCL;

/**
 * Safe questions about the OpenCL installation.
 * <p>
 * JOCL (under CLIJ2) ends the whole JVM when it cannot load the OpenCL library,
 * so Tessera checks for the library file before it touches CLIJ2. Setting the
 * system property {@code tessera.opencl=off} makes Tessera behave as if no
 * OpenCL were installed.
 */
public final class OpenCL {

	private static final String[] LINUX_LIB_DIRS = { "/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib",
		"/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu" };

	private OpenCL() {
		// static utility
	}

	/** Whether OpenCL was switched off with {@code -Dtessera.opencl=off}. */
	public static boolean isDisabled() {
		return "off".equalsIgnoreCase(System.getProperty("tessera.opencl", "on").trim());
	}

	/** Whether the OpenCL library that JOCL loads is installed (and OpenCL is not switched off). */
	public static boolean isLibraryPresent() {
		if (isDisabled()) return false;
		final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (os.contains("mac")) return Files.exists(Path.of("/System/Library/Frameworks/OpenCL.framework"));
		if (os.contains("win")) {
			final String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
			return Files.exists(Path.of(root, "System32", "OpenCL.dll"));
		}
		// JOCL dlopen()s the unversioned "libOpenCL.so" (on Debian: package ocl-icd-opencl-dev).
		for (final String dir : linuxLibraryDirs())
			if (Files.exists(Path.of(dir, "libOpenCL.so"))) return true;
		return false;
	}

	private static Set<String> linuxLibraryDirs() {
		final Set<String> dirs = new LinkedHashSet<>();
		final String ld = System.getenv("LD_LIBRARY_PATH");
		if (ld != null) for (final String d : ld.split(":")) if (!d.isBlank()) dirs.add(d);
		final List<Path> confs = new ArrayList<>();
		confs.add(Path.of("/etc/ld.so.conf"));
		try (Stream<Path> s = Files.list(Path.of("/etc/ld.so.conf.d"))) {
			s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(confs::add);
		}
		catch (final IOException | RuntimeException e) {
			// no such folder: only the defaults
		}
		for (final Path conf : confs) {
			try {
				for (final String line : Files.readAllLines(conf)) {
					final String l = line.strip();
					if (l.startsWith("/")) dirs.add(l);
				}
			}
			catch (final IOException | RuntimeException e) {
				// unreadable: skip it
			}
		}
		dirs.addAll(List.of(LINUX_LIB_DIRS));
		return dirs;
	}

	/**
	 * Names of the OpenCL devices in OpenCL's order (platform by platform), empty
	 * if there is no OpenCL library or no platform.
	 */
	public static List<String> deviceNames() {
		return devices().stream().map(DeviceInfo::name).toList();
	}

	/**
	 * The OpenCL devices in OpenCL's order (platform by platform), empty if there
	 * is no OpenCL library, no platform, or OpenCL is switched off. Asked once per
	 * JVM: the devices do not change, and JOCL's platform set-up is not
	 * thread-safe, so only one thread ever does it.
	 */
	public static List<DeviceInfo> devices() {
		if (!isLibraryPresent()) return List.of();
		synchronized (OpenCL.class) {
			if (devices == null) {
				try {
					devices = List.copyOf(queryDevices());
				}
				catch (final RuntimeException | LinkageError e) {
					devices = List.of();
				}
			}
			return devices;
		}
	}

	private static List<DeviceInfo> devices;

	/** Reads the devices' properties through a ClearCL instance of its own, closed afterwards (as CLIJ lists its devices). */
	private static List<DeviceInfo> queryDevices() {
		final List<DeviceInfo> list = new ArrayList<>();
		final ClearCL cl = new ClearCL(new ClearCLBackendJOCL());
		try {
			for (int p = 0; p < cl.getNumberOfPlatforms(); p++) {
				final ClearCLPlatform platform = cl.getPlatform(p);
				final String platformName = text(platform::getName);
				for (int d = 0; d < platform.getNumberOfDevices(); d++) {
					final ClearCLDevice device = platform.getDevice(d);
					final String name = text(device::getName);
					if (name.isEmpty()) continue; // CLIJ opens devices by name: one without a name cannot be used
					final ClearCLPeerPointer peer = device.getPeerPointer();
					final DeviceInfo.Type type = DeviceInfo.Type.of(number(() -> device.getBackend().getDeviceInfoLong(peer, CL.CL_DEVICE_TYPE)));
					list.add(new DeviceInfo(name, platformName, type, number(device::getGlobalMemorySizeInBytes), number(
						device::getMaxMemoryAllocationSizeInBytes), (int) Math.min(Integer.MAX_VALUE, number(device::getNumberOfComputeUnits)),
						DeviceInfo.versionNumber(text(() -> deviceString(peer, CL.CL_DEVICE_VERSION)))));
				}
			}
		}
		finally {
			cl.close();
		}
		return list;
	}

	/** A string property of a device (JOCL; ClearCL only reads the OpenCL C version). */
	private static String deviceString(final ClearCLPeerPointer device, final int param) {
		final cl_device_id id = (cl_device_id) device.getPointer();
		final long[] size = new long[1];
		CL.clGetDeviceInfo(id, param, 0, null, size);
		if (size[0] <= 0 || size[0] > 1 << 16) return "";
		final byte[] bytes = new byte[(int) size[0]];
		CL.clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null);
		int n = 0;
		while (n < bytes.length && bytes[n] != 0) n++;
		return new String(bytes, 0, n, StandardCharsets.UTF_8).trim();
	}

	/** A property a driver may fail to report: 0 then, rather than losing the device. */
	private static long number(final LongSupplier property) {
		try {
			return Math.max(0, property.getAsLong());
		}
		catch (final RuntimeException e) {
			return 0;
		}
	}

	private static String text(final Supplier<String> property) {
		try {
			final String s = property.get();
			return s == null ? "" : s.trim();
		}
		catch (final RuntimeException e) {
			return "";
		}
	}

	private static volatile boolean chainingWarned;

	/**
	 * A one-time warning when Java runs on Linux without signal chaining:
	 * OpenCL drivers that compile kernels with LLVM (pocl, for one) replace the
	 * JVM's SIGSEGV handler, and the JVM then crashes on its own, normal, traps.
	 * Preloading the JDK's libjsig.so chains the handlers (scripts/tessera does).
	 * Returns null when there is nothing to say or it was said already.
	 */
	public static String signalChainingWarning() {
		if (chainingWarned) return null;
		chainingWarned = true;
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return null;
		final String preload = System.getenv("LD_PRELOAD");
		if (preload != null && preload.contains("libjsig")) return null;
		return "OpenCL on Linux: start Java with LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib", "libjsig.so") +
			" (some OpenCL drivers, e.g. pocl, replace the JVM's signal handlers and can crash it)";
	}

	/** Why there is no OpenCL device, for messages; null if there is one. */
	public static String whyUnavailable() {
		if (isDisabled()) return "OpenCL is switched off (-Dtessera.opencl=off)";
		if (!isLibraryPresent()) return "no OpenCL library (libOpenCL.so) is installed; on Debian/Ubuntu install ocl-icd-opencl-dev and a driver such as pocl-opencl-icd";
		if (deviceNames().isEmpty()) return "the OpenCL library reports no device; install a driver (e.g. pocl-opencl-icd for the CPU)";
		return null;
	}
}
