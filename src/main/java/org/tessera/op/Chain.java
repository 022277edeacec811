package org.tessera.op;

import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;

import net.imglib2.parallel.TaskExecutor;

/**
 * {@code first}, then {@code second} on its result: the halos add up, the
 * intermediate stays on the device and is freed as soon as {@code second} has
 * read it.
 */
record Chain(ImageOp first, ImageOp second) implements Combined {

	Chain {
		Combined.padding(first, second);
	}

	@Override
	public String name() {
		return first.name() + " then " + second.name();
	}

	@Override
	public long[] halo() {
		final long[] a = first.halo(), b = second.halo();
		final long[] h = new long[3];
		for (int d = 0; d < 3; d++) h[d] = a[d] + b[d];
		return h;
	}

	/** Classes if its second step gives classes. */
	@Override
	public boolean categorical() {
		return second.categorical();
	}

	/** The second step's type, unless either step makes floats. */
	@Override
	public Result result() {
		if (first.result() == Result.FLOAT || second.result() == Result.FLOAT) return Result.FLOAT;
		return second.result();
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		return second.cpu(first.cpu(rows, dims, executor, monitor.part(0, 50, 100)), dims, executor, monitor.part(50, 50, 100));
	}

	@Override
	public DeviceImage gpu(final GpuScope scope, final DeviceImage in) {
		final DeviceImage mid = first.gpu(scope, in);
		final DeviceImage out = second.gpu(scope, mid);
		if (mid != in && mid != out) mid.close();
		return out;
	}

	@Override
	public int deviceBuffers() {
		return Math.max(first.deviceBuffers(), second.deviceBuffers() + 1);
	}
}
