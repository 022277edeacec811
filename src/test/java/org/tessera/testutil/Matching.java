package org.tessera.testutil;

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
		return org.tessera.train.InstanceMatching.counts(truth, labels, 0.5);
	}
}
