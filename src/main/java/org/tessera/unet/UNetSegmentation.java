package org.tessera.unet;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.tessera.core.TaskMonitor;
import org.tessera.dl.Percentiles;
import org.tessera.dl.Tiles;
import org.tessera.segment.ConnectedComponents;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.segment.MaskedVoronoi;

/**
 * Semantic segmentation of one 2D image by a {@link UNetModel}: each channel
 * normalised by its percentiles, the network run tile by tile ({@link Tiles},
 * overlapping by the model's halo, so that the result does not depend on the
 * tiles), giving class probabilities, the most probable class of each pixel,
 * and objects when the model names an instance class.
 */
public final class UNetSegmentation {

	private UNetSegmentation() {}

	/**
	 * The class probabilities of an image.
	 *
	 * @param image pixels with channels interleaved ({@code (y * width + x) * channels + c}), not normalised
	 * @param tiles number of tiles, 0 for automatic (tiles of about a megapixel)
	 * @return classes × height × width probabilities, x fastest
	 */
	public static float[] probabilities(final UNetModel model, final float[] image, final int width, final int height, final int channels,
		final int tiles, final TaskMonitor monitor)
	{
		final UNetModel.Config c = model.config();
		if (channels != c.inputChannels())
			throw new IllegalArgumentException("the image has " + channels + " channel" + (channels == 1 ? "" : "s") + "; model " + model.folder()
				+ " takes " + c.inputChannels());
		final int n = width * height;
		// planar, each channel normalised by its own percentiles
		final float[] planar = new float[channels * n];
		final float[] one = new float[n];
		for (int ch = 0; ch < channels; ch++) {
			for (int i = 0; i < n; i++)
				one[i] = image[i * channels + ch];
			System.arraycopy(Percentiles.normalize(one, c.normalizeLow(), c.normalizeHigh()), 0, planar, ch * n, n);
		}
		return normalized(model, planar, width, height, tiles, monitor);
	}

	/**
	 * The class probabilities of a one-channel image normalised with given values
	 * ({@code (x - low) / (high - low)}, as {@link Percentiles#normalizeBetween}):
	 * the percentiles of a larger image that this one is a part of, so that the
	 * part is normalised as the whole is ({@link UNetOp}).
	 *
	 * @param image pixels, x fastest, not normalised
	 */
	public static float[] probabilities(final UNetModel model, final float[] image, final int width, final int height, final double low,
		final double high, final int tiles, final TaskMonitor monitor)
	{
		if (model.config().inputChannels() != 1)
			throw new IllegalArgumentException("model " + model.folder() + " takes " + model.config().inputChannels() + " channels, not 1");
		return normalized(model, Percentiles.normalizeBetween(image, low, high, false), width, height, tiles, monitor);
	}

	/** The network tile by tile on a normalised image, channels planar. */
	private static float[] normalized(final UNetModel model, final float[] planar, final int width, final int height, final int tiles,
		final TaskMonitor monitor)
	{
		final UNetModel.Config c = model.config();
		final int n = width * height, k = c.classes().size(), channels = c.inputChannels();
		final Tiles layout = tiles > 0 ? Tiles.ofCount(tiles, height, width, c.halo(), c.divisor())
			: Tiles.automatic(height, width, c.halo(), c.divisor(), Tiles.DEFAULT_MAX_TILE_PIXELS);
		final List<Tiles.Tile> parts = layout.tiles(height, width);
		final float[] out = new float[k * n];
		for (int i = 0; i < parts.size(); i++) {
			monitor.checkCancelled();
			final Tiles.Tile t = parts.get(i);
			final int d = c.divisor(), th = t.height(), tw = t.width();
			final int ph = (th + d - 1) / d * d, pw = (tw + d - 1) / d * d;
			final float[] input = new float[channels * ph * pw];
			for (int ch = 0; ch < channels; ch++)
				for (int y = 0; y < ph; y++)
					for (int x = 0; x < pw; x++)
						input[(ch * ph + y) * pw + x] = planar[ch * n + (t.y0() + mirror(y, th)) * width + t.x0() + mirror(x, tw)];
			try (NDManager m = model.network().newManager()) {
				final NDArray p = model.network().forward(m.create(input, new Shape(1, channels, ph, pw))).get(0);
				if (p.getShape().dimension() != 4 || p.getShape().get(1) != k || p.getShape().get(2) != ph || p.getShape().get(3) != pw)
					throw new IllegalArgumentException("model " + model.folder() + ": the network gave " + p.getShape() + " for an input of "
						+ new Shape(1, channels, ph, pw) + ", not [1, " + k + ", " + ph + ", " + pw + "]");
				final float[] values = p.toFloatArray();
				for (int cl = 0; cl < k; cl++)
					for (int y = t.coreY0(); y < t.coreY1(); y++)
						System.arraycopy(values, (cl * ph + y - t.y0()) * pw + t.coreX0() - t.x0(), out, cl * n + y * width + t.coreX0(),
							t.coreX1() - t.coreX0());
			}
			monitor.progress(i + 1, parts.size());
		}
		return out;
	}

	/** The most probable class of each pixel (the first on ties). */
	public static int[] classes(final float[] probabilities, final int classes, final int pixels) {
		final int[] out = new int[pixels];
		for (int i = 0; i < pixels; i++) {
			int best = 0;
			for (int k = 1; k < classes; k++)
				if (probabilities[k * pixels + i] > probabilities[best * pixels + i])
					best = k;
			out[i] = best;
		}
		return out;
	}

	/**
	 * Objects from a class map: the 4-connected regions of {@code instanceClass}
	 * numbered 1..n in order of their first pixel, each grown into the touching
	 * pixels of {@code boundaryClass} (-1: not grown), nearest region first.
	 */
	public static int[] instances(final int[] classes, final int width, final int height, final int instanceClass, final int boundaryClass) {
		final int n = width * height;
		final boolean[] inside = new boolean[n];
		for (int i = 0; i < n; i++)
			inside[i] = classes[i] == instanceClass;
		final int[] labels = new int[n];
		final ConnectedComponents.Result r = ConnectedComponents.labelFlat(inside, labels, new int[] { width, height, 1 }, Connectivity.FACE);
		final int[] ids = r.consecutiveIds();
		for (int i = 0; i < n; i++)
			labels[i] = ids[labels[i]];
		if (boundaryClass >= 0) {
			final byte[] mask = new byte[n];
			for (int i = 0; i < n; i++)
				mask[i] = (byte) (classes[i] == boundaryClass || classes[i] == instanceClass ? 1 : 0);
			MaskedVoronoi.grow(labels, mask, width, height, 1);
		}
		return labels;
	}

	private static int mirror(final int i, final int n) {
		if (n == 1)
			return 0;
		final int period = 2 * (n - 1);
		final int j = Math.floorMod(i, period);
		return j < n ? j : period - j;
	}
}
