package org.tessera.gpu;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Chooses OpenCL devices and shares one {@link GpuDevice} per device across the
 * JVM. Opening a device costs a few hundred milliseconds; commands ask for it
 * every time and get the open one.
 * <p>
 * The default device (what {@code device=GPU} and {@code device=auto} use) is
 * the {@linkplain DevicePreference preferred} device if it is present, else the
 * best one by {@link DeviceInfo#BEST_FIRST}.
 */
public final class GpuDevices {

	private static final Map<String, GpuDevice> OPEN = new LinkedHashMap<>();

	/** Preferences that named an absent device and were warned about already (once per JVM each). */
	private static final Set<String> WARNED_ABSENT = new HashSet<>();

	private GpuDevices() {
		// static utility
	}

	/**
	 * The default device: see {@link #get(String, Consumer)}. A warning about
	 * an absent preferred device goes to stderr.
	 */
	public static GpuDevice get(final String nameFilter) {
		return get(nameFilter, w -> System.err.println("tessera: " + w));
	}

	/**
	 * The device whose name contains {@code nameFilter} (ignoring case; an exact
	 * name first, then the best device that contains it), or for an empty filter
	 * the default device: the preferred one if it is present, else the best.
	 *
	 * @param warn receives a one-line warning, once per JVM, when the preference
	 *          names a device that is not present
	 * @throws IllegalArgumentException if there is no OpenCL device, or none matches
	 */
	public static synchronized GpuDevice get(final String nameFilter, final Consumer<String> warn) {
		final String filter = nameFilter == null ? "" : nameFilter.trim();
		final String why = OpenCL.whyUnavailable();
		if (why != null) throw new IllegalArgumentException(filter.isEmpty() ? "no OpenCL device: " + why : "no OpenCL device matches '" +
			filter + "': " + why);
		final DeviceInfo info = filter.isEmpty() ? defaultDevice(warn) : find(filter);
		GpuDevice device = OPEN.get(info.name());
		if (device == null) {
			device = GpuDevice.open(info.name());
			OPEN.put(info.name(), device);
		}
		return device;
	}

	/** The OpenCL devices, best first; empty without OpenCL. */
	public static List<DeviceInfo> bestFirst() {
		return bestFirst(OpenCL.devices());
	}

	/** These devices sorted best first ({@link DeviceInfo#BEST_FIRST}; ties keep their order). */
	public static List<DeviceInfo> bestFirst(final List<DeviceInfo> devices) {
		final List<DeviceInfo> sorted = new ArrayList<>(devices);
		sorted.sort(DeviceInfo.BEST_FIRST); // List.sort is stable
		return List.copyOf(sorted);
	}

	/**
	 * The device a name or part of one means among these: the first with exactly
	 * that name (ignoring case), else the best whose name contains it.
	 */
	public static Optional<DeviceInfo> match(final List<DeviceInfo> devices, final String filter) {
		if (filter == null || filter.isBlank()) return Optional.empty();
		final String f = filter.trim();
		final List<DeviceInfo> sorted = bestFirst(devices);
		for (final DeviceInfo d : sorted)
			if (d.name().equalsIgnoreCase(f)) return Optional.of(d);
		final String lower = f.toLowerCase(Locale.ROOT);
		for (final DeviceInfo d : sorted)
			if (d.name().toLowerCase(Locale.ROOT).contains(lower)) return Optional.of(d);
		return Optional.empty();
	}

	/**
	 * The present device a name or part of one means.
	 *
	 * @throws IllegalArgumentException naming the available devices when none matches, or saying why there is no OpenCL
	 */
	public static DeviceInfo find(final String filter) {
		final String why = OpenCL.whyUnavailable();
		if (why != null) throw new IllegalArgumentException("no OpenCL device matches '" + filter.trim() + "': " + why);
		final List<DeviceInfo> devices = OpenCL.devices();
		return match(devices, filter).orElseThrow(() -> new IllegalArgumentException("no OpenCL device matches '" + filter.trim() +
			"'; available: " + String.join(", ", devices.stream().map(DeviceInfo::name).toList())));
	}

	/**
	 * The default device among these for this preference (a name or part of one;
	 * empty for none): the preferred device if present, else the best.
	 *
	 * @param warn receives one line every time the preference names no present device
	 * @throws IllegalArgumentException if there are no devices
	 */
	public static DeviceInfo defaultAmong(final List<DeviceInfo> devices, final String preference, final Consumer<String> warn) {
		if (devices.isEmpty()) throw new IllegalArgumentException("no OpenCL device");
		final DeviceInfo best = bestFirst(devices).get(0);
		if (preference == null || preference.isBlank()) return best;
		final Optional<DeviceInfo> preferred = match(devices, preference);
		if (preferred.isPresent()) return preferred.get();
		warn.accept("the preferred OpenCL device '" + preference.trim() + "' is not present; using " + best.name() +
			" (choose another with: tessera devices prefer=<name>)");
		return best;
	}

	/**
	 * The default device of this JVM: the preferred one ({@link DevicePreference#get()})
	 * if present, else the best.
	 *
	 * @param warn receives a warning about an absent preferred device, once per JVM and preference
	 * @throws IllegalArgumentException if there is no OpenCL device
	 */
	public static synchronized DeviceInfo defaultDevice(final Consumer<String> warn) {
		final String preference = DevicePreference.get();
		return defaultAmong(OpenCL.devices(), preference, w -> {
			if (WARNED_ABSENT.add(preference)) warn.accept(w);
		});
	}

	/** Whether a device is the one the preference ({@link DevicePreference#get()}) names, and present. */
	public static boolean isPreferred(final DeviceInfo device) {
		final String preference = DevicePreference.get();
		if (preference == null || preference.isBlank()) return false;
		final Optional<DeviceInfo> match = match(OpenCL.devices(), preference);
		return match.isPresent() && match.get().equals(device);
	}

	/**
	 * Sets the preferred device, as {@code tessera devices prefer=} does: a
	 * device name or part of one stores the full name of the present device it
	 * means; {@code none} (or an empty value) clears the preference.
	 *
	 * @return the preferred device, or empty if the preference was cleared
	 * @throws IllegalArgumentException if no present device matches
	 */
	public static Optional<DeviceInfo> prefer(final String nameOrNone) {
		if (nameOrNone == null || nameOrNone.isBlank() || nameOrNone.trim().equalsIgnoreCase("none")) {
			DevicePreference.clear();
			return Optional.empty();
		}
		final DeviceInfo device = find(nameOrNone);
		DevicePreference.set(device.name());
		return Optional.of(device);
	}

	/** Closes all shared devices; later calls to {@link #get} open them again. */
	public static synchronized void closeAll() {
		for (final GpuDevice d : OPEN.values()) d.close();
		OPEN.clear();
	}
}
