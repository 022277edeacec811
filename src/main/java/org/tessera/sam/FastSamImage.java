package org.tessera.sam;

import org.tessera.dl.Percentiles;

/**
 * An image ready for FastSAM: three planes (red, green, blue) of
 * {@code width x height} values in [0, 1], row by row.
 * <ul>
 * <li>{@link #grey}: a grey image (8-, 16- or 32-bit, or one channel of a
 * multi-channel image) is normalised by its percentiles, {@code (x - p_low) /
 * (p_high - p_low)} with 1 and 99.8 by default, clipped to [0, 1], and given as
 * all three channels (FastSAM was trained on RGB photographs, where grey is
 * R = G = B).</li>
 * <li>{@link #rgb}: an RGB image's channels are divided by 255, as Ultralytics
 * does.</li>
 * </ul>
 */
public final class FastSamImage {

	/** Lower percentile of the grey normalisation. */
	public static final double DEFAULT_LOW = 1.0;
	/** Upper percentile of the grey normalisation. */
	public static final double DEFAULT_HIGH = 99.8;

	private final int width, height;
	private final float[] red, green, blue;

	private FastSamImage(final int width, final int height, final float[] red, final float[] green, final float[] blue) {
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("image size must be positive, got " + width + " x " + height);
		final long n = (long) width * height;
		if (red.length != n || green.length != n || blue.length != n)
			throw new IllegalArgumentException("planes have " + red.length + ", " + green.length + ", " + blue.length + " values, expected " + width
				+ " x " + height + " = " + n);
		this.width = width;
		this.height = height;
		this.red = red;
		this.green = green;
		this.blue = blue;
	}

	/** A grey image normalised by its 1 and 99.8 percentiles (clipped to [0, 1]), as all three channels. */
	public static FastSamImage grey(final float[] pixels, final int width, final int height) {
		return grey(pixels, width, height, DEFAULT_LOW, DEFAULT_HIGH);
	}

	/**
	 * A grey image normalised by its {@code low} and {@code high} percentiles (clipped
	 * to [0, 1]), as all three channels.
	 *
	 * @param pixels row by row; left unchanged
	 */
	public static FastSamImage grey(final float[] pixels, final int width, final int height, final double low, final double high) {
		if ((long) width * height != pixels.length)
			throw new IllegalArgumentException("image has " + pixels.length + " pixels, expected " + width + " x " + height);
		final float[] v = Percentiles.normalizeClipped(pixels, low, high);
		return new FastSamImage(width, height, v, v, v);
	}

	/**
	 * An RGB image, each channel divided by 255.
	 *
	 * @param rgb packed {@code 0xRRGGBB} pixels (ImageJ's ColorProcessor; alpha ignored), row by row
	 */
	public static FastSamImage rgb(final int[] rgb, final int width, final int height) {
		if ((long) width * height != rgb.length)
			throw new IllegalArgumentException("image has " + rgb.length + " pixels, expected " + width + " x " + height);
		final float[] r = new float[rgb.length], g = new float[rgb.length], b = new float[rgb.length];
		for (int i = 0; i < rgb.length; i++) {
			r[i] = ((rgb[i] >> 16) & 0xff) / 255f;
			g[i] = ((rgb[i] >> 8) & 0xff) / 255f;
			b[i] = (rgb[i] & 0xff) / 255f;
		}
		return new FastSamImage(width, height, r, g, b);
	}

	/** Three planes already in [0, 1] (not copied; the same array may be given for several channels). */
	public static FastSamImage of(final float[] red, final float[] green, final float[] blue, final int width, final int height) {
		return new FastSamImage(width, height, red, green, blue);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	float[] red() {
		return red;
	}

	float[] green() {
		return green;
	}

	float[] blue() {
		return blue;
	}

	/** The value of channel {@code c} (0 red, 1 green, 2 blue) at pixel {@code (x, y)}. */
	public float value(final int c, final int x, final int y) {
		final float[] p = c == 0 ? red : c == 1 ? green : blue;
		return p[y * width + x];
	}
}
