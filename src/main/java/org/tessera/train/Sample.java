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

	/**
	 * The image padded at the bottom and right to {@code ph} × {@code pw} by
	 * mirroring (NumPy's "reflect"), channels × ph × pw, as networks whose input
	 * sizes must be multiples of their divisor take it.
	 */
	public float[] mirrorPadded(final int ph, final int pw) {
		final float[] padded = new float[channels * ph * pw];
		for (int ch = 0; ch < channels; ch++)
			for (int y = 0; y < ph; y++)
				for (int x = 0; x < pw; x++)
					padded[(ch * ph + y) * pw + x] = image[(ch * height + Augmentation.mirror(y, height)) * width + Augmentation.mirror(x, width)];
		return padded;
	}

	/** The same image with other labels. */
	public Sample withLabels(final int[] other) {
		return new Sample(name, channels, height, width, image, other);
	}
}
