package org.tessera.stardist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.tessera.stardist.NonMaximumSuppression.Overlap;

/**
 * StarDist 2D post-processing (Schmidt et al., MICCAI 2018): from the network's
 * object probabilities and radial distances to non-overlapping polygons and a
 * label image.
 * <ol>
 * <li>Every grid cell {@code (iy, ix)} with probability {@code > probThreshold}
 * is a candidate centred at {@code (iy * gridY, ix * gridX)} in full-resolution
 * pixels; its distances (full-resolution pixels) give a {@link StarPolygon}.</li>
 * <li>Candidates whose centre is closer than {@code boundary} pixels to the
 * image border ({@code min(y, x, H-1-y, W-1-x) < boundary}) are dropped, as
 * Fiji's StarDist "exclude boundary" does. StarDist counts that margin in
 * grid cells of the probability map; here it is full-resolution pixels, which
 * is the same for grid 1.</li>
 * <li>{@link NonMaximumSuppression} by probability with {@code nmsThreshold}.</li>
 * <li>The kept polygons are numbered 1..n by decreasing probability and painted
 * into the label image in increasing probability, so where two overlap the
 * more probable one wins (StarDist paints in that order as well, but numbers
 * by increasing probability). A polygon covered entirely by more probable ones,
 * or lying outside the image, keeps its number and has no pixels.</li>
 * </ol>
 * Immutable: the {@code with*} methods return modified copies.
 */
public final class StarDistPostprocess {

	/** StarDist's generic default probability threshold. */
	public static final double DEFAULT_PROB_THRESHOLD = 0.5;
	/** StarDist's generic default NMS threshold. */
	public static final double DEFAULT_NMS_THRESHOLD = 0.4;
	/** Fiji StarDist's default boundary exclusion, pixels. */
	public static final int DEFAULT_BOUNDARY = 2;

	private final double probThreshold;
	private final double nmsThreshold;
	private final int boundary;
	private final Overlap overlap;

	/** The defaults: thresholds 0.5 and 0.4, boundary 2, StarDist's overlap measure. */
	public StarDistPostprocess() {
		this(DEFAULT_PROB_THRESHOLD, DEFAULT_NMS_THRESHOLD, DEFAULT_BOUNDARY, NonMaximumSuppression.DEFAULT_OVERLAP);
	}

	private StarDistPostprocess(final double probThreshold, final double nmsThreshold, final int boundary, final Overlap overlap) {
		if (boundary < 0) throw new IllegalArgumentException("boundary must be >= 0, got " + boundary);
		if (overlap == null) throw new IllegalArgumentException("overlap measure is null");
		this.probThreshold = probThreshold;
		this.nmsThreshold = nmsThreshold;
		this.boundary = boundary;
		this.overlap = overlap;
	}

	/** A copy with this probability threshold (candidates need a strictly greater probability). */
	public StarDistPostprocess withProbThreshold(final double t) {
		return new StarDistPostprocess(t, nmsThreshold, boundary, overlap);
	}

	/** A copy with this NMS threshold (candidates overlapping a kept polygon by strictly more are dropped). */
	public StarDistPostprocess withNmsThreshold(final double t) {
		return new StarDistPostprocess(probThreshold, t, boundary, overlap);
	}

	/** A copy with this boundary exclusion, full-resolution pixels (0: none). */
	public StarDistPostprocess withBoundary(final int pixels) {
		return new StarDistPostprocess(probThreshold, nmsThreshold, pixels, overlap);
	}

	/** A copy with this overlap measure. */
	public StarDistPostprocess withOverlap(final Overlap measure) {
		return new StarDistPostprocess(probThreshold, nmsThreshold, boundary, measure);
	}

	/** Probability threshold. */
	public double probThreshold() {
		return probThreshold;
	}

	/** NMS threshold. */
	public double nmsThreshold() {
		return nmsThreshold;
	}

	/** Boundary exclusion in pixels. */
	public int boundary() {
		return boundary;
	}

	/** Overlap measure used by the NMS. */
	public Overlap overlap() {
		return overlap;
	}

	/**
	 * What the network predicts for one 2D image.
	 *
	 * @param prob object probability, {@code gridHeight x gridWidth}, x fastest
	 * @param dist distances, {@code gridHeight x gridWidth x nRays}, ray fastest, full-resolution pixels
	 * @param gridHeight rows of the probability map
	 * @param gridWidth columns of the probability map
	 * @param nRays rays per cell
	 * @param gridY subsampling in y (cell row {@code iy} is image row {@code iy * gridY})
	 * @param gridX subsampling in x
	 * @param height full-resolution image height
	 * @param width full-resolution image width
	 */
	public record Prediction(float[] prob, float[] dist, int gridHeight, int gridWidth, int nRays, int gridY, int gridX, int height,
			int width) {

		/** Checks the sizes agree. */
		public Prediction {
			if (gridHeight < 0 || gridWidth < 0 || height < 0 || width < 0) throw new IllegalArgumentException("negative size");
			if (nRays < 3) throw new IllegalArgumentException("need at least 3 rays, got " + nRays);
			if (gridY < 1 || gridX < 1) throw new IllegalArgumentException("grid must be >= 1, got " + gridY + " x " + gridX);
			if (prob.length != gridHeight * gridWidth)
				throw new IllegalArgumentException("prob has " + prob.length + " values, expected " + gridHeight + " x " + gridWidth);
			if (dist.length != (long) gridHeight * gridWidth * nRays)
				throw new IllegalArgumentException("dist has " + dist.length + " values, expected " + gridHeight + " x " + gridWidth + " x " + nRays);
		}
	}

	/**
	 * One object kept.
	 *
	 * @param polygon its outline in full-resolution pixels
	 * @param score its probability
	 * @param cellY grid row of its centre
	 * @param cellX grid column of its centre
	 */
	public record Detection(StarPolygon polygon, double score, int cellY, int cellX) {}

	/**
	 * The kept objects and their label image.
	 *
	 * @param detections by decreasing score; detection {@code i} has label {@code i + 1}
	 * @param labels {@code height x width}, x fastest, 0 = background
	 * @param width image width
	 * @param height image height
	 */
	public record Result(List<Detection> detections, int[] labels, int width, int height) {

		/** Label at pixel {@code (x, y)}. */
		public int label(final int x, final int y) {
			return labels[y * width + x];
		}
	}

	/** Candidates above threshold and away from the border, in cell order (row-major). */
	public List<Detection> candidates(final Prediction p) {
		final List<Detection> out = new ArrayList<>();
		addCandidates(p, 0, 0, 0, p.gridHeight(), 0, p.gridWidth(), out);
		return out;
	}

	/**
	 * Adds the candidates among some cells of a prediction of part of an image
	 * (a tile), in cell order. Cell coordinates are those of the whole image;
	 * {@code p.height()} and {@code p.width()} are the whole image's, for the
	 * boundary exclusion.
	 *
	 * @param p the prediction of the tile
	 * @param originY the image's cell row of the tile's cell row 0
	 * @param originX the image's cell column of the tile's cell column 0
	 * @param cellY0 first image cell row to take
	 * @param cellY1 end (exclusive) of the image cell rows to take
	 * @param cellX0 first image cell column to take
	 * @param cellX1 end (exclusive) of the image cell columns
	 * @param out where the candidates go
	 */
	public void addCandidates(final Prediction p, final int originY, final int originX, final int cellY0, final int cellY1, final int cellX0,
		final int cellX1, final List<Detection> out)
	{
		if (cellY0 < originY || cellX0 < originX || cellY1 - originY > p.gridHeight() || cellX1 - originX > p.gridWidth())
			throw new IllegalArgumentException("cells [" + cellY0 + ", " + cellY1 + ") x [" + cellX0 + ", " + cellX1 + ") are not all in the tile at cell (" +
				originY + ", " + originX + ") of " + p.gridHeight() + " x " + p.gridWidth() + " cells");
		for (int iy = cellY0; iy < cellY1; iy++)
			for (int ix = cellX0; ix < cellX1; ix++) {
				final int cellIndex = (iy - originY) * p.gridWidth() + ix - originX;
				final float prob = p.prob()[cellIndex];
				if (!(prob > probThreshold)) continue;
				final int y = iy * p.gridY(), x = ix * p.gridX();
				final int border = Math.min(Math.min(y, x), Math.min(p.height() - 1 - y, p.width() - 1 - x));
				if (border < boundary) continue;
				final StarPolygon poly = StarPolygon.fromDistances(y, x, p.dist(), cellIndex * p.nRays(), p.nRays());
				out.add(new Detection(poly, prob, iy, ix));
			}
	}

	/** Thresholding, boundary exclusion, NMS and rendering. */
	public Result process(final Prediction p) {
		return select(candidates(p), p.width(), p.height());
	}

	/**
	 * NMS and rendering of candidates; ties in score are broken by list order,
	 * so give the candidates in cell order to get the same result however
	 * they were collected.
	 */
	public Result select(final List<Detection> candidates, final int width, final int height) {
		final List<StarPolygon> polygons = new ArrayList<>(candidates.size());
		final double[] scores = new double[candidates.size()];
		for (int i = 0; i < scores.length; i++) {
			polygons.add(candidates.get(i).polygon());
			scores[i] = candidates.get(i).score();
		}
		final int[] kept = NonMaximumSuppression.suppress(polygons, scores, nmsThreshold, overlap);
		final List<Detection> detections = new ArrayList<>(kept.length);
		for (final int k : kept) detections.add(candidates.get(k));
		return new Result(Collections.unmodifiableList(detections), render(detections, width, height), width, height);
	}

	/**
	 * Paints detection {@code i} with label {@code i + 1}, from the last to the
	 * first, so earlier (more probable) detections win overlaps.
	 */
	public static int[] render(final List<Detection> detections, final int width, final int height) {
		final int[] labels = new int[width * height];
		for (int i = detections.size() - 1; i >= 0; i--) {
			final int label = i + 1;
			detections.get(i).polygon().forEachPixel((x, y) -> {
				if (x >= 0 && y >= 0 && x < width && y < height) labels[y * width + x] = label;
			});
		}
		return labels;
	}
}
