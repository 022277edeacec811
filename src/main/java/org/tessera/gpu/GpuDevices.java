package org.tessera.gpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shares one {@link GpuDevice} per OpenCL device across the JVM. Opening a
 * device costs a few hundred milliseconds; commands ask for it every time and
 * get the open one.
 */
public final class GpuDevices {

	private static final Map<String, GpuDevice> OPEN = new LinkedHashMap<>();

	private GpuDevices() {
		// static utility
	}

	/**
	 * The device whose name contains {@code nameFilter} (ignoring case), or the
	 * default device for an empty filter.
	 *
	 * @throws IllegalArgumentException if there is no OpenCL device, or none matches
	 */
	public static synchronized GpuDevice get(final String nameFilter) {
		final String why = OpenCL.whyUnavailable();
		if (why != null) throw new IllegalArgumentException("no OpenCL device: " + why);
		final List<String> names = OpenCL.deviceNames();
		final String name = nameFilter == null || nameFilter.isBlank() ? names.get(0) : match(names, nameFilter.trim());
		GpuDevice device = OPEN.get(name);
		if (device == null) {
			device = GpuDevice.open(name);
			OPEN.put(name, device);
		}
		return device;
	}

	private static String match(final List<String> names, final String filter) {
		final String f = filter.toLowerCase(Locale.ROOT);
		for (final String n : names)
			if (n.equalsIgnoreCase(filter)) return n;
		for (final String n : names)
			if (n.toLowerCase(Locale.ROOT).contains(f)) return n;
		throw new IllegalArgumentException("no OpenCL device matches '" + filter + "'; available: " + String.join(", ", names));
	}

	/** Closes all shared devices; later calls to {@link #get} open them again. */
	public static synchronized void closeAll() {
		for (final GpuDevice d : OPEN.values()) d.close();
		OPEN.clear();
	}
}
