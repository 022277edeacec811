package org.tessera.gpu;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The user's preferred OpenCL device: the device that {@code device=GPU} and
 * {@code device=auto} use when it is present. It is kept with
 * {@link java.util.prefs} (node {@code /org/tessera/gpu}, key {@code device})
 * and set with {@code tessera devices prefer=<name>}; the system property
 * {@value #PROPERTY} overrides it for one JVM (an empty value means no
 * preference), so headless runs and tests need not touch the stored one.
 */
public final class DevicePreference {

	/** System property that overrides the stored preference. */
	public static final String PROPERTY = "tessera.gpu.device";

	/** Key in the preferences node of this package. */
	public static final String KEY = "device";

	private DevicePreference() {
		// static utility
	}

	private static Preferences node() {
		return Preferences.userNodeForPackage(DevicePreference.class);
	}

	/**
	 * The preferred device name (or part of one) in effect: the system property
	 * if it is set, else the stored preference; empty for none.
	 */
	public static String get() {
		final String property = System.getProperty(PROPERTY);
		return property != null ? property.trim() : stored();
	}

	/** Whether the system property decides, whatever is stored. */
	public static boolean isOverridden() {
		return System.getProperty(PROPERTY) != null;
	}

	/** The stored preference, empty for none. */
	public static String stored() {
		return node().get(KEY, "").trim();
	}

	/** Stores a device name as the preference. */
	public static void set(final String deviceName) {
		if (deviceName == null || deviceName.isBlank()) throw new IllegalArgumentException("no device name to prefer");
		node().put(KEY, deviceName.trim());
		flush();
	}

	/** Removes the stored preference. */
	public static void clear() {
		node().remove(KEY);
		flush();
	}

	private static void flush() {
		try {
			node().flush();
		}
		catch (final BackingStoreException e) {
			throw new IllegalStateException("cannot save the OpenCL device preference: " + e.getMessage(), e);
		}
	}
}
