package org.tessera.segmenter;

/**
 * One 2D plane of an image as a segmenter reads it: {@code width * height}
 * pixels with {@code channels} values each, interleaved
 * ({@code (y * width + x) * channels + c}). An RGB image is three channels, red
 * first, with {@code rgb} set (values 0-255).
 */
public record Plane(float[] pixels, int width, int height, int channels, boolean rgb) {

	public Plane {
		if (width < 1 || height < 1 || channels < 1) throw new IllegalArgumentException("plane of " + width + " x " + height + " pixels and " +
			channels + " channels");
		if (pixels.length != (long) width * height * channels) throw new IllegalArgumentException("plane has " + pixels.length +
			" values, expected " + width + " x " + height + " x " + channels);
		if (rgb && channels != 3) throw new IllegalArgumentException("an RGB plane has 3 channels, not " + channels);
	}

	/** One channel's pixels, row by row (a copy unless the plane has one channel). */
	public float[] channel(final int c) {
		if (c < 0 || c >= channels) throw new IllegalArgumentException("channel " + c + " is not in 0.." + (channels - 1));
		if (channels == 1) return pixels;
		final float[] out = new float[width * height];
		for (int i = 0; i < out.length; i++) out[i] = pixels[i * channels + c];
		return out;
	}
}
