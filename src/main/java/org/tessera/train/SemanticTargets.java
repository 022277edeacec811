package org.tessera.train;

import java.util.List;

import org.tessera.dl.Percentiles;

/**
 * Turns images and label images into {@link Sample}s for {@link SemanticTraining}.
 */
public final class SemanticTargets {

	/** The classes that {@link #fromInstances} makes. */
	public static final List<String> INSTANCE_CLASSES = List.of("background", "object", "boundary");

	private SemanticTargets() {}

	/**
	 * Three classes from an object label image (0 = background, each object its
	 * own value): 0 background, 1 an object's inside, 2 its boundary (an object
	 * pixel with a 4-neighbour of another value; the image's edge is not a
	 * boundary). Separating touching objects is what the boundary class is for.
	 * Unknown pixels (-1) stay unknown.
	 */
	public static int[] fromInstances(final int[] labels, final int width, final int height) {
		final int[] out = new int[labels.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				final int i = y * width + x, l = labels[i];
				if (l <= 0) {
					out[i] = l < 0 ? -1 : 0;
					continue;
				}
				final boolean edge = x > 0 && labels[i - 1] != l || x + 1 < width && labels[i + 1] != l || y > 0 && labels[i - width] != l
					|| y + 1 < height && labels[i + width] != l;
				out[i] = edge ? 2 : 1;
			}
		return out;
	}

	/**
	 * Class indices from a scribble or class label image, the pixel classifier's
	 * convention: 1, 2, ... mark the classes, 0 is unlabelled (-1: no loss).
	 *
	 * @param what the label image for messages
	 * @param classes how many classes there are
	 */
	public static int[] fromClassLabels(final String what, final int[] labels, final int classes) {
		final int[] out = new int[labels.length];
		for (int i = 0; i < labels.length; i++) {
			final int l = labels[i];
			if (l < -1 || l > classes)
				throw new IllegalArgumentException(what + ": label " + l + " is not a class (1.." + classes + ", 0 for unlabelled)");
			out[i] = l < 0 ? -1 : l - 1;
		}
		return out;
	}

	/**
	 * A sample from an image with channels interleaved, each channel normalised by
	 * its own percentiles as at inference.
	 */
	public static Sample sample(final String name, final float[] interleaved, final int width, final int height, final int channels,
		final double low, final double high, final int[] targets)
	{
		final int n = width * height;
		final float[] planar = new float[channels * n];
		final float[] one = new float[n];
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < n; i++)
				one[i] = interleaved[i * channels + c];
			System.arraycopy(Percentiles.normalize(one, low, high), 0, planar, c * n, n);
		}
		return new Sample(name, channels, height, width, planar, targets);
	}
}
