package org.tessera.train;

/**
 * One training image: its pixels normalised (channels × height × width, x
 * fastest) and a label per pixel (instance or class labels, as the training
 * needs; -1 where nothing is known and the pixel gets no loss).
 *
 * @param name where it came from, for the training record
 */
public record Sample(String name, int channels, int height, int width, float[] image, int[] labels) {

	public Sample {
		if (image.length != (long) channels * height * width)
			throw new IllegalArgumentException(name + ": " + image.length + " pixel values for " + channels + " channels of " + width + "x" + height);
		if (labels.length != (long) height * width)
			throw new IllegalArgumentException(name + ": the labels have " + labels.length + " pixels, the image " + width + "x" + height);
	}

	/** The same image with other labels. */
	public Sample withLabels(final int[] other) {
		return new Sample(name, channels, height, width, image, other);
	}
}
