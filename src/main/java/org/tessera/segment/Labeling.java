package org.tessera.segment;

import java.util.Optional;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.op.Execution;
import org.tessera.segment.ConnectedComponents.Connectivity;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Connected-component labeling of a 2D or 3D image (non-zero = foreground) on
 * the CPU (block by block, {@link ChunkedLabeling}) or an OpenCL device
 * ({@link GpuLabels}). Both number the components 1..n in the order of their
 * first pixel (x fastest), as {@code scipy.ndimage.label} does, so the label
 * images are identical.
 *
 * @param connectivity which neighbours touch
 * @param device where to run
 */
public record Labeling(Connectivity connectivity, DeviceChoice device) {

	public Labeling {
		if (connectivity == null) connectivity = Connectivity.FACE;
		if (device == null) device = DeviceChoice.CPU;
	}

	/** Labels into a new int image at the origin. */
	public <T extends RealType<T>> Img<IntType> apply(final AxisImg<T> input, final TaskMonitor monitor) {
		if (input.dimensionOf(AxisType.CHANNEL) >= 0 || input.dimensionOf(AxisType.TIME) >= 0 || input.numDimensions() > 3)
			throw new IllegalArgumentException("image '" + input.name() + "' has channels or time points; labeling needs a 2D or 3D image");
		final long[] dims = input.data().dimensionsAsLongArray();
		final Optional<GpuDevice> gpu = new Execution(device, 0, monitor).placeWhole("labeling", Intervals.numElements(input.data()), 2);
		if (gpu.isPresent()) {
			final int[] shape = Volumes.shape(input);
			final float[] mask = Volumes.read(input, 0, 0, Threads.executor(0));
			return ArrayImgs.ints(GpuLabels.label(gpu.get(), mask, shape[0], shape[1], shape[2], neighbours(input.numDimensions())), dims);
		}
		final Img<IntType> out = Intervals.numElements(input.data()) < Integer.MAX_VALUE - 16 ? ArrayImgs.ints(dims) : PlanarImgs.ints(dims);
		new ChunkedLabeling(null, connectivity, 0).labelInto(Views.zeroMin(input.data()), out, monitor);
		renumberByFirstPixel(out);
		return out;
	}

	/** The offsets of the touching neighbours (all of them, both directions) for the GPU passes. */
	int[][] neighbours(final int numDimensions) {
		return neighbours(connectivity, numDimensions);
	}

	/** The offsets (dx, dy, dz) of the pixels that touch with a connectivity, in 2D or 3D. */
	public static int[][] neighbours(final Connectivity connectivity, final int numDimensions) {
		final java.util.List<int[]> list = new java.util.ArrayList<>();
		final int zr = numDimensions > 2 ? 1 : 0;
		for (int dz = -zr; dz <= zr; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					final int nonZero = (dx != 0 ? 1 : 0) + (dy != 0 ? 1 : 0) + (dz != 0 ? 1 : 0);
					if (nonZero == 0 || connectivity == Connectivity.FACE && nonZero > 1) continue;
					list.add(new int[] { dx, dy, dz });
				}
		return list.toArray(int[][]::new);
	}

	/** Renumbers labels 1..n in the order of their first pixel (flat order, x fastest). */
	public static void renumberByFirstPixel(final Img<IntType> labels) {
		int max = 0;
		for (final IntType t : labels) max = Math.max(max, t.get());
		final int[] id = new int[max + 1];
		int next = 0;
		for (final IntType t : Views.flatIterable(labels)) {
			final int l = t.get();
			if (l == 0) continue;
			if (id[l] == 0) id[l] = ++next;
			t.set(id[l]);
		}
	}
}
