package org.tessera.testutil;

import java.util.HashMap;
import java.util.Map;

/** Instance matching of label images, as the StarDist paper scores segmentations. */
public final class Matching {

	private Matching() {
		// static utility
	}

	/**
	 * Pixel F1 of one class against a truth: 2 TP / (2 TP + FP + FN), a pixel being
	 * predicted where {@code classes} holds {@code positive} and true where {@code truth} is above 0.
	 */
	public static double pixelF1(final int[] classes, final int positive, final int[] truth) {
		long tp = 0, fp = 0, fn = 0;
		for (int i = 0; i < classes.length; i++) {
			final boolean p = classes[i] == positive, t = truth[i] > 0;
			if (p && t) tp++;
			else if (p) fp++;
			else if (t) fn++;
		}
		return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
	}

	/**
	 * Average precision at IoU 0.5: TP / (TP + FP + FN), a match being a
	 * (truth, label) pair with IoU > 0.5 (unique by construction).
	 */
	public static double ap(final int[] truth, final int[] labels) {
		final int[] c = counts(truth, labels);
		return c[0] / (double) Math.max(1, c[0] + c[1] + c[2]);
	}

	/** {TP, FP, FN} at IoU 0.5 (a match being a pair with IoU > 0.5), for pooling over images. */
	public static int[] counts(final int[] truth, final int[] labels) {
		final Map<Long, Integer> overlap = new HashMap<>();
		final Map<Integer, Integer> areaT = new HashMap<>(), areaL = new HashMap<>();
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] != 0) areaT.merge(truth[i], 1, Integer::sum);
			if (labels[i] != 0) areaL.merge(labels[i], 1, Integer::sum);
			if (truth[i] != 0 && labels[i] != 0) overlap.merge(((long) truth[i] << 32) | labels[i], 1, Integer::sum);
		}
		int tp = 0;
		for (final Map.Entry<Long, Integer> e : overlap.entrySet()) {
			final int t = (int) (e.getKey() >> 32), l = (int) (long) e.getKey();
			if (e.getValue() / (double) (areaT.get(t) + areaL.get(l) - e.getValue()) > 0.5) tp++;
		}
		return new int[] { tp, areaL.size() - tp, areaT.size() - tp };
	}
}
