package org.tessera.stardist;

/**
 * A StarDist model's tuned thresholds, from its {@code thresholds.json}.
 *
 * @param prob the object probability threshold
 * @param nms the overlap threshold of non-maximum suppression
 */
public record Thresholds(double prob, double nms) {

	/** StarDist's defaults (prob 0.5, nms 0.4), for models that ship no tuned thresholds. */
	public static final Thresholds DEFAULT = new Thresholds(0.5, 0.4);
}
