package org.tessera.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;

/**
 * One launch of an OpenCL kernel: its arguments by name, then {@link #run}
 * with the global sizes, waiting for it. Call it while holding the device
 * ({@link GpuDevice#run} or a {@link GpuScope}).
 * <pre>
 * KernelLaunch.of(device, MyOp.class, "my.cl", "scale").arg("data", buffer).arg("factor", 2f).arg("n", n).run(n);
 * </pre>
 */
public final class KernelLaunch {

	private final GpuDevice device;
	private final Class<?> anchor;
	private final String file, name;
	private final Map<String, Object> defines;
	private final ClearCLKernel kernel;
	private final Map<String, Object> args = new LinkedHashMap<>();

	private KernelLaunch(final GpuDevice device, final Class<?> anchor, final String file, final String name, final Map<String, Object> defines,
		final ClearCLKernel kernel)
	{
		this.device = device;
		this.anchor = anchor;
		this.file = file;
		this.name = name;
		this.defines = defines;
		this.kernel = kernel;
	}

	/** A kernel from an OpenCL source file next to {@code anchor} (built once per device), made for this launch and released after it. */
	public static KernelLaunch of(final GpuDevice device, final Class<?> anchor, final String file, final String name) {
		return of(device, anchor, file, name, Map.of());
	}

	/** The same, built with preprocessor defines. */
	public static KernelLaunch of(final GpuDevice device, final Class<?> anchor, final String file, final String name,
		final Map<String, Object> defines)
	{
		return new KernelLaunch(device, anchor, file, name, defines, null);
	}

	/** A launch of a kernel the caller made and keeps (launched many times in a loop). */
	public static KernelLaunch with(final ClearCLKernel kernel) {
		return new KernelLaunch(null, null, null, kernel.getName(), Map.of(), kernel);
	}

	/** Sets an argument: a {@link DeviceImage}, a {@link ClearCLBuffer}, or a number (int, long, float). */
	public KernelLaunch arg(final String argName, final Object value) {
		if (!(value instanceof DeviceImage || value instanceof ClearCLBuffer || value instanceof Integer || value instanceof Long ||
			value instanceof Float)) throw new IllegalArgumentException("kernel argument " + argName + " of " + name + ": unsupported " +
				(value == null ? "null" : value.getClass().getSimpleName()));
		args.put(argName, value);
		return this;
	}

	/** Runs the kernel over the global sizes and waits for it. */
	public void run(final long... globalSizes) {
		if (kernel != null) {
			launch(kernel, globalSizes);
			return;
		}
		try (ClearCLKernel k = device.kernel(anchor, file, name, defines, false)) {
			launch(k, globalSizes);
		}
	}

	private void launch(final ClearCLKernel k, final long[] globalSizes) {
		for (final Map.Entry<String, Object> a : args.entrySet())
			k.setArgument(a.getKey(), a.getValue() instanceof DeviceImage d ? d.buffer() : a.getValue());
		k.setGlobalSizes(globalSizes);
		k.run(true);
	}
}
