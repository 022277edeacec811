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

	/** The part at {@code x}, {@code y} of {@code w} × {@code h} pixels, pixels and labels. */
	public Sample cropped(final int x, final int y, final int w, final int h) {
		if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height)
			throw new IllegalArgumentException(name + ": the part " + x + "," + y + " " + w + "x" + h + " is not inside " + width + "x" + height);
		final float[] im = new float[channels * h * w];
		final int[] l = new int[h * w];
		for (int yy = 0; yy < h; yy++) {
			for (int ch = 0; ch < channels; ch++)
				System.arraycopy(image, (ch * height + y + yy) * width + x, im, (ch * h + yy) * w, w);
			System.arraycopy(labels, (y + yy) * width + x, l, yy * w, w);
		}
		return new Sample(name, channels, h, w, im, l);
	}

	/** The same image with other labels. */
	public Sample withLabels(final int[] other) {
		return new Sample(name, channels, height, width, image, other);
	}
}
