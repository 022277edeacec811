package org.tessera.stardist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.tessera.dl.Tiles;
import org.tessera.core.TaskMonitor;
import org.tessera.dl.Resample;


/**
 * StarDist 2D nucleus segmentation of one image: percentile normalisation,
 * the network ({@link StarDistModel}, ONNX Runtime through DJL) tile by tile,
 * and the star-convex polygons, non-maximum suppression and label rendering
 * of {@link StarDistPostprocess}.
 * <p>
 * Large images are cut into {@link Tiles}: each tile is predicted
 * with the network's receptive field of image around it, only its core's
 * candidates are kept, and the NMS runs once over all of them in cell
 * order, so the labels are those of an untiled run. Only candidates (cells
 * above the probability threshold) are kept between tiles, not the
 * probability and distance maps.
 * <p>
 * A {@code scale} other than 1 rescales the image (bilinear, {@link Resample})
 * before the network, so that nuclei reach the size the model was trained on,
 * and the polygons back to the image afterwards; the labels are painted at the
 * image's own size.
 *
 * @param model the network
 * @param postprocess thresholds and boundary exclusion (pixels of the image)
 * @param normalizeLow lower percentile of the normalisation
 * @param normalizeHigh upper percentile
 * @param tiles number of tiles, 0 for automatic (tiles of at most {@link Tiles#DEFAULT_MAX_TILE_PIXELS})
 * @param scale the factor the image is rescaled by before the network: above 1 for nuclei smaller than the
 *          model's, below 1 for larger ones
 */
public record StarDist(StarDistModel model, StarDistPostprocess postprocess, double normalizeLow, double normalizeHigh, int tiles,
	double scale)
{

	public StarDist {
		if (model == null) throw new IllegalArgumentException("no StarDist model given");
		if (postprocess == null) postprocess = new StarDistPostprocess().withProbThreshold(model.thresholds().prob()).withNmsThreshold(model
			.thresholds().nms());
		if (!(normalizeLow >= 0 && normalizeLow < normalizeHigh && normalizeHigh <= 100)) throw new IllegalArgumentException(
			"normalize_low and normalize_high must satisfy 0 <= low < high <= 100, got " + normalizeLow + " and " + normalizeHigh);
		if (tiles < 0) throw new IllegalArgumentException("tiles: expected a positive number or 0 (automatic), got " + tiles);
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale: expected a positive number, got " + scale);
	}

	/** Unscaled. */
	public StarDist(final StarDistModel model, final StarDistPostprocess postprocess, final double normalizeLow, final double normalizeHigh,
		final int tiles)
	{
		this(model, postprocess, normalizeLow, normalizeHigh, tiles, 1);
	}

	/** Tiles chosen automatically, unscaled. */
	public StarDist(final StarDistModel model, final StarDistPostprocess postprocess, final double normalizeLow, final double normalizeHigh) {
		this(model, postprocess, normalizeLow, normalizeHigh, 0, 1);
	}

	/** A copy with this number of tiles (0: automatic). */
	public StarDist withTiles(final int count) {
		return new StarDist(model, postprocess, normalizeLow, normalizeHigh, count, scale);
	}

	/** A copy that rescales images by this factor before the network (1: not at all). */
	public StarDist withScale(final double factor) {
		return new StarDist(model, postprocess, normalizeLow, normalizeHigh, tiles, factor);
	}

	/** Segments a 2D single-channel image (x fastest). */
	public StarDistPostprocess.Result segment(final float[] image, final int width, final int height, final TaskMonitor monitor) {
		return segment(image, width, height, 1, monitor);
	}

	/**
	 * Segments a 2D image of {@code channels} channels, as many as the model takes.
	 * Each channel is normalised by its own percentiles.
	 *
	 * @param image pixels in y, x, channel order ({@code (y * width + x) * channels + c})
	 */
	public StarDistPostprocess.Result segment(final float[] image, final int width, final int height, final int channels,
		final TaskMonitor monitor)
	{
		if (model.config().channelsIn() != channels) throw new IllegalArgumentException("model " + model.source() + " takes " + model.config()
			.channelsIn() + " channel" + (model.config().channelsIn() == 1 ? "" : "s") + " (n_channel_in in config.json); the image has " + channels);
		if ((long) width * height * channels != image.length) throw new IllegalArgumentException("image has " + image.length + " values, expected " +
			width + " x " + height + " x " + channels);
		if (scale != 1) return segmentRescaled(image, width, height, channels, monitor);
		monitor.status("StarDist: normalising");
		final float[] normalized = Normalize.percentilesPerChannel(image, channels, normalizeLow, normalizeHigh);
		monitor.checkCancelled();
		final List<StarDistPostprocess.Detection> candidates = candidates(normalized, width, height, channels, monitor);
		monitor.status("StarDist: non-maximum suppression of " + candidates.size() + " candidates");
		final StarDistPostprocess.Result r = postprocess.select(candidates, width, height);
		monitor.progress(1, 1);
		return r;
	}

	/** {@link #segment} of the image rescaled by {@link #scale}, its polygons mapped back and painted at the image's size. */
	private StarDistPostprocess.Result segmentRescaled(final float[] image, final int width, final int height, final int channels,
		final TaskMonitor monitor)
	{
		final int sw = Resample.size(width, scale), sh = Resample.size(height, scale);
		monitor.status("StarDist: rescaling " + width + " x " + height + " to " + sw + " x " + sh);
		final float[] scaled = Resample.bilinear(image, width, height, channels, sw, sh);
		final StarDistPostprocess post = postprocess.withBoundary((int) Math.round(postprocess.boundary() * (double) sw / width));
		final StarDistPostprocess.Result r = new StarDist(model, post, normalizeLow, normalizeHigh, tiles, 1).segment(scaled, sw, sh, channels,
			monitor);
		final List<StarDistPostprocess.Detection> back = new ArrayList<>(r.detections().size());
		for (final StarDistPostprocess.Detection d : r.detections()) {
			final StarPolygon p = d.polygon();
			final double[] xs = p.xs(), ys = p.ys();
			for (int k = 0; k < xs.length; k++) {
				xs[k] = Resample.toSource(xs[k], width, sw);
				ys[k] = Resample.toSource(ys[k], height, sh);
			}
			back.add(new StarDistPostprocess.Detection(new StarPolygon(Resample.toSource(p.centreX(), width, sw), Resample.toSource(p.centreY(),
				height, sh), xs, ys), d.score(), d.cellY(), d.cellX()));
		}
		return new StarDistPostprocess.Result(Collections.unmodifiableList(back), StarDistPostprocess.render(back, width, height), width, height);
	}

	/**
	 * The network, tile by tile, and the candidates above the probability
	 * threshold, in cell order: what {@link StarDistPostprocess#select} takes.
	 *
	 * @param normalized the normalised image, channels interleaved
	 */
	public List<StarDistPostprocess.Detection> candidates(final float[] normalized, final int width, final int height, final int channels,
		final TaskMonitor monitor)
	{
		final Tiles layout = layout(height, width);
		final List<Tiles.Tile> parts = layout.tiles(height, width);
		final int gy = model.config().gridY(), gx = model.config().gridX();
		final List<StarDistPostprocess.Detection> candidates = new ArrayList<>();
		for (int i = 0; i < parts.size(); i++) {
			final Tiles.Tile t = parts.get(i);
			monitor.status("StarDist: network (" + model.weightsFile() + ")" + (parts.size() > 1 ? ", tile " + (i + 1) + " of " + parts.size() : ""));
			final float[] region = parts.size() == 1 ? normalized : crop(normalized, width, channels, t);
			final StarDistPrediction p = model.predict(region, t.height(), t.width());
			monitor.checkCancelled();
			final StarDistPostprocess.Prediction tile = new StarDistPostprocess.Prediction(p.prob(), p.dist(), p.height(), p.width(), p.nRays(), p
				.gridY(), p.gridX(), height, width);
			// tile and core edges are multiples of the grid (Tiles' divisor)
			postprocess.addCandidates(tile, t.y0() / gy, t.x0() / gx, t.coreY0() / gy, (t.coreY1() + gy - 1) / gy, t.coreX0() / gx, (t.coreX1() + gx
				- 1) / gx, candidates);
			monitor.progress(i + 1, parts.size() + 1);
		}
		if (parts.size() > 1) // cell order, as an untiled run gives them, so that ties in score resolve alike
			candidates.sort(Comparator.comparingInt(StarDistPostprocess.Detection::cellY).thenComparingInt(StarDistPostprocess.Detection::cellX));
		return candidates;
	}

	/**
	 * The tiles for an image of this size: {@link #tiles()} of them, or as few
	 * as keep each under {@link Tiles#DEFAULT_MAX_TILE_PIXELS}; the
	 * context is the network's receptive field, measured when there is more
	 * than one tile.
	 */
	public Tiles layout(final int height, final int width) {
		final int divisor = StarDistModel.DEFAULT_DIVISOR;
		if (tiles == 1) return new Tiles(1, 1, 0, divisor);
		// a first layout without context tells whether there is more than one tile; the context then only grows them
		final Tiles guess = tiles == 0 ? Tiles.automatic(height, width, 0, divisor, Tiles.DEFAULT_MAX_TILE_PIXELS)
			: Tiles.ofCount(tiles, height, width, 0, divisor);
		if (guess.tiles(height, width).size() == 1) return guess;
		final int context = (model.receptiveFieldRadius() + divisor - 1) / divisor * divisor;
		return tiles == 0 ? Tiles.automatic(height, width, context, divisor, Tiles.DEFAULT_MAX_TILE_PIXELS) : Tiles
			.ofCount(tiles, height, width, context, divisor);
	}

	private static float[] crop(final float[] image, final int width, final int channels, final Tiles.Tile t) {
		final int w = t.width(), rowValues = w * channels;
		final float[] out = new float[t.height() * rowValues];
		for (int y = t.y0(); y < t.y1(); y++)
			System.arraycopy(image, (y * width + t.x0()) * channels, out, (y - t.y0()) * rowValues, rowValues);
		return out;
	}
}
