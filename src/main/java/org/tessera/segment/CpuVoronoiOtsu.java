package org.tessera.segment;

import org.tessera.core.TaskMonitor;
import org.tessera.segment.ConnectedComponents.Connectivity;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.parallel.TaskExecutor;
import net.imglib2.type.numeric.integer.IntType;

/**
 * The CPU steps of Voronoi-Otsu labeling on flat arrays (x fastest). The blur
 * is given, so that a device too small for the whole workflow can still do the
 * blurs in tiles.
 */
final class CpuVoronoiOtsu implements VoronoiOtsuSteps<float[], byte[], byte[]> {

	/** A blur of a flat volume in place, with sigma along x, y, z. */
	@FunctionalInterface
	interface Blur {
		void apply(float[] data, double[] sigma);
	}

	private final float[] image;
	private final int nx, ny, nz;
	private final Blur blur;
	private final TaskExecutor executor;

	CpuVoronoiOtsu(final float[] image, final int nx, final int ny, final int nz, final Blur blur, final TaskExecutor executor) {
		this.image = image;
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.blur = blur;
		this.executor = executor;
	}

	@Override
	public float[] image() {
		return image;
	}

	@Override
	public float[] blur(final float[] in, final double[] sigma) {
		final float[] out = in.clone();
		blur.apply(out, sigma);
		return out;
	}

	@Override
	public float[] download(final float[] volume) {
		return volume;
	}

	@Override
	public void free(final float[] volume) {
		// the garbage collector's
	}

	@Override
	public byte[] mask(final byte[] mask) {
		return mask;
	}

	@Override
	public byte[] maxima(final float[] blurred, final byte[] mask) {
		return LocalMaxima.inMask(blurred, mask, nx, ny, nz, executor);
	}

	@Override
	public int[] labelAndGrow(final byte[] seeds, final byte[] mask, final byte[] hostMask) {
		final int[] labels = new int[seeds.length];
		final long[] dims = nz > 1 ? new long[] { nx, ny, nz } : new long[] { nx, ny };
		final Img<IntType> out = ArrayImgs.ints(labels, dims);
		new ChunkedLabeling(null, Connectivity.FULL, Math.max(1, executor.getParallelism())).labelInto(ArrayImgs.unsignedBytes(seeds, dims), out,
			TaskMonitor.NONE);
		Labeling.renumberByFirstPixel(out);
		MaskedVoronoi.grow(labels, mask, nx, ny, nz);
		return labels;
	}
}
