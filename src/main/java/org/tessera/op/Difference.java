package org.tessera.op;

import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;

import net.imglib2.parallel.TaskExecutor;

/**
 * {@code first}'s result minus {@code second}'s on the same input, pixel by
 * pixel in float: the difference of Gaussians, and the top-hat (the image minus
 * its opening). On a device, both results and the difference stay there.
 */
record Difference(ImageOp first, ImageOp second) implements Combined {

	Difference {
		Combined.padding(first, second);
	}

	@Override
	public String name() {
		return first.name() + " minus " + second.name();
	}

	@Override
	public long[] halo() {
		final long[] a = first.halo(), b = second.halo();
		final long[] h = new long[3];
		for (int d = 0; d < 3; d++) h[d] = Math.max(a[d], b[d]);
		return h;
	}

	/** A difference can be negative, but it keeps the input's type when its parts do (a top-hat is never negative). */
	@Override
	public Result result() {
		return first.result() != Result.INPUT || second.result() != Result.INPUT || !(first instanceof Identity) ? Result.FLOAT : Result.INPUT;
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		final float[][] copy = new float[rows.length][];
		for (int i = 0; i < rows.length; i++) copy[i] = rows[i].clone();
		final float[][] a = first.cpu(copy, dims, executor, monitor.part(0, 50, 100));
		final float[][] b = second.cpu(rows, dims, executor, monitor.part(50, 50, 100));
		for (int i = 0; i < a.length; i++) {
			final float[] o = a[i], s = b[i];
			for (int x = 0; x < o.length; x++) o[x] -= s[x];
		}
		return a;
	}

	@Override
	public DeviceImage gpu(final GpuScope scope, final DeviceImage in) {
		final DeviceImage a = first.gpu(scope, in);
		final DeviceImage b = second.gpu(scope, in);
		final DeviceImage out = scope.create(in.nx(), in.ny(), in.nz());
		scope.kernel(Difference.class, "arithmetic.cl", "subtract").arg("a", a).arg("b", b).arg("dst", out).arg("n", out.size()).run(out.size());
		if (a != in) a.close();
		if (b != in) b.close();
		return out;
	}

	@Override
	public int deviceBuffers() {
		return Math.max(first.deviceBuffers(), second.deviceBuffers()) + 2;
	}
}
