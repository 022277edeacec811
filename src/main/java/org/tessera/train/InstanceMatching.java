package org.tessera.train;

import java.util.HashMap;
import java.util.Map;

/**
 * Scores an instance segmentation against the truth as the StarDist paper and
 * the Data Science Bowl do: a predicted object matches a true one when their
 * intersection over union is above a threshold (above 0.5, each object matches
 * at most one other, so the pairs are unique), and the average precision is
 * TP / (TP + FP + FN).
 */
public final class InstanceMatching {

	private InstanceMatching() {}

	/**
	 * {TP, FP, FN} at IoU above {@code threshold} (at least 0.5), for pooling over images.
	 *
	 * @param truth true objects, 0 background
	 * @param labels predicted objects, 0 background, as many pixels
	 */
	public static int[] counts(final int[] truth, final int[] labels, final double threshold) {
		if (truth.length != labels.length)
			throw new IllegalArgumentException("the truth has " + truth.length + " pixels, the prediction " + labels.length);
		if (!(threshold >= 0.5 && threshold < 1))
			throw new IllegalArgumentException("IoU threshold must be in [0.5, 1), not " + threshold);
		final Map<Long, Integer> overlap = new HashMap<>();
		final Map<Integer, Integer> areaT = new HashMap<>(), areaL = new HashMap<>();
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] != 0) areaT.merge(truth[i], 1, Integer::sum);
			if (labels[i] != 0) areaL.merge(labels[i], 1, Integer::sum);
			if (truth[i] != 0 && labels[i] != 0) overlap.merge(((long) truth[i] << 32) | (labels[i] & 0xffffffffL), 1, Integer::sum);
		}
		int tp = 0;
		for (final Map.Entry<Long, Integer> e : overlap.entrySet()) {
			final int t = (int) (e.getKey() >> 32), l = (int) (long) e.getKey();
			if (e.getValue() / (double) (areaT.get(t) + areaL.get(l) - e.getValue()) > threshold) tp++;
		}
		return new int[] { tp, areaL.size() - tp, areaT.size() - tp };
	}

	/** TP / (TP + FP + FN) of pooled {TP, FP, FN} counts (0 when there is nothing at all). */
	public static double averagePrecision(final int[] counts) {
		return counts[0] / (double) Math.max(1, counts[0] + counts[1] + counts[2]);
	}
}
