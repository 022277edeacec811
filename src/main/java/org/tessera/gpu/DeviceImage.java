package org.tessera.gpu;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;

/**
 * A float volume on an OpenCL device, x fastest, with its size. Device images
 * are made by a {@link GpuScope}, which frees every one it made when it closes;
 * {@link #close()} frees one earlier.
 */
public final class DeviceImage implements AutoCloseable {

	private final ClearCLBuffer buffer;
	private final int nx, ny, nz;
	private boolean closed;

	DeviceImage(final ClearCLBuffer buffer, final int nx, final int ny, final int nz) {
		this.buffer = buffer;
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
	}

	/** The OpenCL buffer, for kernel arguments and CLIJ2 calls. */
	public ClearCLBuffer buffer() {
		if (closed) throw new IllegalStateException("device image " + nx + "x" + ny + "x" + nz + " was freed");
		return buffer;
	}

	/** Size along x, y and z (1 for a 2D image). */
	public int[] dims() {
		return new int[] { nx, ny, nz };
	}

	public int nx() {
		return nx;
	}

	public int ny() {
		return ny;
	}

	public int nz() {
		return nz;
	}

	/** Number of pixels. */
	public long size() {
		return (long) nx * ny * nz;
	}

	/** Whether the device memory was freed. */
	public boolean isClosed() {
		return closed;
	}

	@Override
	public void close() {
		if (closed) return;
		closed = true;
		buffer.close();
	}

	@Override
	public String toString() {
		return "DeviceImage[" + nx + "x" + ny + "x" + nz + (closed ? ", freed" : "") + "]";
	}
}
