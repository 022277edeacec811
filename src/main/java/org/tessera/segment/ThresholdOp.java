package org.tessera.segment;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceImage;
import org.tessera.gpu.GpuScope;
import org.tessera.op.ImageOp;

import net.imglib2.parallel.TaskExecutor;

/**
 * The mask of a threshold range as an operation: 255 where {@code lower <= v <= upper}
 * (compared in float, as {@link AutoThreshold#mask} does), 0 elsewhere, as an
 * 8-bit image. Pixel by pixel, so it runs block by block and on Spark; the
 * range comes from the whole image first ({@link AutoThreshold#range}).
 */
public record ThresholdOp(float lower, float upper) implements ImageOp {

	/** The mask of {@code range} ({@code [lower, upper]}, as {@link AutoThreshold#range} gives it). */
	public static ThresholdOp of(final double[] range) {
		return new ThresholdOp((float) range[0], (float) range[1]);
	}

	@Override
	public String name() {
		return "threshold " + lower + ".." + upper;
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
	public Result result() {
		return Result.BYTE;
	}

	@Override
	public boolean categorical() {
		return true;
	}

	@Override
	public float[][] cpu(final float[][] rows, final int[] dims, final TaskExecutor executor, final TaskMonitor monitor) {
		final float[][] out = new float[rows.length][];
		for (int i = 0; i < rows.length; i++) {
			final float[] r = rows[i], o = new float[r.length];
			for (int x = 0; x < r.length; x++) o[x] = r[x] >= lower && r[x] <= upper ? 255 : 0;
			out[i] = o;
		}
		return out;
	}

	@Override
	public boolean hasGpu() {
		return true;
	}

	@Override
	public DeviceImage gpu(final GpuScope scope, final DeviceImage in) {
		final DeviceImage out = scope.create(in.nx(), in.ny(), in.nz());
		scope.kernel(ThresholdOp.class, "threshold.cl", "in_range").arg("src", in).arg("dst", out).arg("lower", lower).arg("upper", upper)
			.arg("n", out.size()).run(out.size());
		return out;
	}
}
