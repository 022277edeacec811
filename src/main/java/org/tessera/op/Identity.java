package org.tessera.op;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;

import net.imglib2.parallel.TaskExecutor;

/** The input unchanged; the left side of a top-hat. */
final class Identity implements ImageOp {

	private static final long serialVersionUID = 1L;

	static final Identity INSTANCE = new Identity();

	private Identity() {
		// the one instance
	}

	/** Deserialized, it is still the one instance. */
	private Object readResolve() {
		return INSTANCE;
	}

	@Override
	public String name() {
		return "identity";
	}

	@Override
	public long[] halo() {
		return new long[3];
	}

	@Override
	public Boundary boundary() {
		return Boundary.NEAREST;
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		return rows;
	}

	@Override
	public boolean hasGpu() {
		return true;
	}

	@Override
	public DeviceImage gpu(final GpuScope scope, final DeviceImage in) {
		return in;
	}

	@Override
	public int deviceBuffers() {
		return 1;
	}
}
