package org.tessera.gpu;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import net.haesleinhuepf.clij.CLIJ;
import net.haesleinhuepf.clij.clearcl.ClearCLDevice;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.clearcl.ClearCLProgram;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * One OpenCL device with its own CLIJ2 instance. CLIJ2 is not thread-safe, so
 * all work on a device goes through {@link #run}, which holds the device's lock.
 * Get instances from {@link GpuDevices}, which shares one per device.
 */
public final class GpuDevice implements AutoCloseable {

	private final CLIJ2 clij2;
	private final ReentrantLock lock = new ReentrantLock();
	private final Map<String, ClearCLProgram> programs = new HashMap<>();
	private boolean closed;

	GpuDevice(final CLIJ2 clij2) {
		this.clij2 = clij2;
	}

	/** The device name as OpenCL reports it. */
	public String name() {
		return clij2.getGPUName();
	}

	/** The OpenCL device behind this instance. */
	public ClearCLDevice device() {
		return clij2.getCLIJ().getClearCLContext().getDevice();
	}

	/** Largest single buffer the device can allocate, in bytes. */
	public long maxAllocationBytes() {
		return device().getMaxMemoryAllocationSizeInBytes();
	}

	/** Global memory of the device, in bytes. */
	public long globalMemoryBytes() {
		return device().getGlobalMemorySizeInBytes();
	}

	/**
	 * Bytes of device memory one command may use: the system property
	 * {@value #BUDGET_PROPERTY} (bytes, or with a suffix k, M or G) if set, else
	 * three quarters of the device's global memory. Work that needs more goes in
	 * tiles.
	 */
	public long budgetBytes() {
		final String p = System.getProperty(BUDGET_PROPERTY);
		if (p != null && !p.isBlank()) return parseBytes(p);
		return globalMemoryBytes() / 4 * 3;
	}

	/** The largest single buffer a command may allocate: the device's limit, within the budget. */
	public long maxBufferBytes() {
		return Math.min(maxAllocationBytes(), budgetBytes());
	}

	/** Whether work holding {@code copies} float (or int) buffers of {@code n} values fits this device at once. */
	public boolean fits(final long n, final int copies) {
		return 4 * n <= maxBufferBytes() && 4 * n * copies <= budgetBytes();
	}

	/** The system property that sets {@link #budgetBytes()}. */
	public static final String BUDGET_PROPERTY = "tessera.gpu.memory";

	static long parseBytes(final String text) {
		final String t = text.trim();
		final char unit = Character.toUpperCase(t.charAt(t.length() - 1));
		final long factor = unit == 'K' ? 1L << 10 : unit == 'M' ? 1L << 20 : unit == 'G' ? 1L << 30 : 1;
		try {
			final long v = Long.parseLong(factor == 1 ? t : t.substring(0, t.length() - 1).trim());
			if (v <= 0) throw new NumberFormatException();
			return v * factor;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(BUDGET_PROPERTY + "='" + text + "' is not a positive number of bytes (e.g. 512M)");
		}
	}

	/**
	 * Runs work on this device while holding its lock. Buffers created inside
	 * should be released inside (try-with-resources).
	 */
	public <R> R run(final Function<CLIJ2, R> work) {
		lock.lock();
		try {
			if (closed) throw new IllegalStateException("OpenCL device " + name() + " was closed");
			return work.apply(clij2);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * A kernel from an OpenCL source file next to {@code anchor} on the class
	 * path, built once per device (together with boundary.cl, which defines
	 * {@code boundary_map}). Call it inside {@link #run}; close the kernel after use.
	 */
	public ClearCLKernel kernel(final Class<?> anchor, final String file, final String kernelName) {
		return kernel(anchor, file, kernelName, Map.of(), true);
	}

	/**
	 * A kernel built with preprocessor defines (e.g. array sizes), once per set of
	 * defines. {@code fastMath} allows fused multiply-adds (-cl-mad-enable).
	 */
	public ClearCLKernel kernel(final Class<?> anchor, final String file, final String kernelName, final Map<String, Object> defines,
		final boolean fastMath)
	{
		if (!lock.isHeldByCurrentThread()) throw new IllegalStateException("call kernel() inside GpuDevice.run()");
		final String key = anchor.getName() + "/" + file + new java.util.TreeMap<>(defines) + fastMath;
		ClearCLProgram program = programs.get(key);
		try {
			if (program == null) {
				program = clij2.getCLIJ().getClearCLContext().createProgram(GpuDevice.class, "boundary.cl");
				program.addSource(anchor, file);
				for (final Map.Entry<String, Object> d : defines.entrySet()) {
					if (d.getValue() instanceof Number n) program.addDefine(d.getKey(), n);
					else program.addDefine(d.getKey(), String.valueOf(d.getValue()));
				}
				if (fastMath) program.addBuildOption("-cl-mad-enable");
				program.build();
				programs.put(key, program);
			}
			return program.createKernel(kernelName);
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot read OpenCL source " + file + ": " + e.getMessage(), e);
		}
		catch (final RuntimeException e) {
			final String log = program == null ? "" : program.getBuildLog();
			throw new IllegalStateException("OpenCL kernel " + kernelName + " from " + file + " failed to build on " + name() + ": " +
				e.getMessage() + (log == null || log.isBlank() ? "" : "\n" + log), e);
		}
	}

	@Override
	public void close() {
		lock.lock();
		try {
			if (closed) return;
			closed = true;
			for (final ClearCLProgram p : programs.values()) {
				try {
					p.close();
				}
				catch (final Exception e) {
					// releasing a program can only fail if the context is gone already
				}
			}
			programs.clear();
			clij2.close();
		}
		finally {
			lock.unlock();
		}
	}

	static GpuDevice open(final String exactName) {
		return new GpuDevice(new CLIJ2(new CLIJ(exactName)));
	}
}
