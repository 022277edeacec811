package org.tessera.gpu;

import java.util.Comparator;

/**
 * What OpenCL says about one device, read once per JVM by {@link OpenCL#devices()}.
 *
 * @param name the device name (CL_DEVICE_NAME), as {@code device=} and {@code prefer=} match it
 * @param platform the platform (driver) name, e.g. "Portable Computing Language" or "NVIDIA CUDA"
 * @param type GPU, accelerator, CPU or other
 * @param globalMemoryBytes global memory in bytes (0 if the driver did not say)
 * @param maxAllocationBytes the largest single buffer in bytes (0 if the driver did not say)
 * @param computeUnits parallel compute units (0 if the driver did not say)
 * @param version the OpenCL version the device supports, e.g. "3.0" (the driver's text if it has no number)
 */
public record DeviceInfo(String name, String platform, Type type, long globalMemoryBytes, long maxAllocationBytes, int computeUnits,
	String version)
{

	/** Device types, in the order in which Tessera prefers them. */
	public enum Type {
		GPU, ACCELERATOR, CPU, OTHER;

		/** The type of an OpenCL CL_DEVICE_TYPE bit field. */
		public static Type of(final long clDeviceType) {
			// Bits of CL_DEVICE_TYPE; a device may also set CL_DEVICE_TYPE_DEFAULT (1).
			if ((clDeviceType & 4) != 0) return GPU;
			if ((clDeviceType & 8) != 0) return ACCELERATOR;
			if ((clDeviceType & 2) != 0) return CPU;
			return OTHER;
		}

		/** "GPU", "accelerator", "CPU" or "other". */
		public String label() {
			return this == GPU || this == CPU ? name() : name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/**
	 * Best first: a GPU before an accelerator before a CPU device; among those,
	 * more global memory first, then more compute units. Devices equal in all
	 * three compare as equal, so a stable sort keeps OpenCL's order for them.
	 */
	public static final Comparator<DeviceInfo> BEST_FIRST = Comparator.comparing(DeviceInfo::type).thenComparing(Comparator
		.comparingLong(DeviceInfo::globalMemoryBytes).reversed()).thenComparing(Comparator.comparingInt(DeviceInfo::computeUnits)
			.reversed());

	public DeviceInfo {
		name = name == null ? "" : name.trim();
		platform = platform == null ? "" : platform.trim();
		if (type == null) type = Type.OTHER;
		version = version == null ? "" : version.trim();
	}

	/** Global memory in whole MiB. */
	public long globalMemoryMiB() {
		return globalMemoryBytes >> 20;
	}

	/** Largest single buffer in whole MiB. */
	public long maxAllocationMiB() {
		return maxAllocationBytes >> 20;
	}

	/**
	 * The version number in OpenCL's CL_DEVICE_VERSION text
	 * ("OpenCL 3.0 PoCL 5.0 ..." gives "3.0"); the text itself if it has none.
	 */
	public static String versionNumber(final String clDeviceVersion) {
		if (clDeviceVersion == null) return "";
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("OpenCL\\s+(\\d+\\.\\d+)").matcher(clDeviceVersion);
		return m.find() ? m.group(1) : clDeviceVersion.trim();
	}

	@Override
	public String toString() {
		return name + " (" + type.label() + ", " + platform + ", " + globalMemoryMiB() + " MiB, " + computeUnits + " compute units, OpenCL " +
			version + ")";
	}
}
