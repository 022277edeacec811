package org.tessera.gpu;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a command runs, as the user writes it in the {@code device} parameter:
 * {@code CPU}, {@code GPU} (the default OpenCL device: the preferred one if it
 * is present, else the best; see {@link GpuDevices}), {@code auto} (the default
 * OpenCL device if it is a GPU or an accelerator, or the preferred device; else
 * Tessera's Java code on the CPU, which is faster than an OpenCL device on the
 * CPU such as pocl; with a warning when OpenCL is missing), or part of an OpenCL
 * device name.
 *
 * @param kind CPU, GPU or AUTO
 * @param gpuName part of a device name for kind GPU; empty for the default device
 */
public record DeviceChoice(Kind kind, String gpuName) {

	/** The three kinds of choice. */
	public enum Kind {
		CPU, GPU, AUTO
	}

	public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, "");
	public static final DeviceChoice GPU = new DeviceChoice(Kind.GPU, "");
	public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, "");

	public DeviceChoice {
		gpuName = gpuName == null ? "" : gpuName.trim();
	}

	/** Parses {@code CPU}, {@code GPU}, {@code auto} (any case) or a device name. */
	public static DeviceChoice parse(final String s) {
		if (s == null || s.isBlank()) return AUTO;
		return switch (s.trim().toUpperCase(Locale.ROOT)) {
			case "CPU" -> CPU;
			case "GPU", "OPENCL" -> GPU;
			case "AUTO" -> AUTO;
			default -> new DeviceChoice(Kind.GPU, s);
		};
	}

	/**
	 * The OpenCL device to use, or empty for the CPU.
	 *
	 * @param warn receives one-line warnings: {@code auto} falls back to the CPU, the
	 *          preferred device is not present (once per JVM)
	 * @throws IllegalArgumentException when a GPU was asked for and there is none
	 */
	public Optional<GpuDevice> resolve(final Consumer<String> warn) {
		final Optional<GpuDevice> device = switch (kind) {
			case CPU -> Optional.empty();
			case AUTO -> {
				final String why = OpenCL.whyUnavailable();
				if (why != null) {
					warn.accept("device=auto: " + why + "; running on the CPU");
					yield Optional.empty();
				}
				// an OpenCL device on the CPU (pocl, say) is slower than Tessera's own Java code: only when named or preferred
				final DeviceInfo chosen = GpuDevices.defaultDevice(warn);
				if (chosen.type() == DeviceInfo.Type.CPU && !GpuDevices.isPreferred(chosen)) yield Optional.empty();
				yield Optional.of(GpuDevices.get("", warn));
			}
			default -> Optional.of(GpuDevices.get(gpuName, warn));
		};
		if (device.isPresent()) {
			final String chaining = OpenCL.signalChainingWarning();
			if (chaining != null) warn.accept(chaining);
		}
		return device;
	}

	@Override
	public String toString() {
		return kind == Kind.GPU && !gpuName.isEmpty() ? gpuName : kind == Kind.AUTO ? "auto" : kind.name();
	}
}
