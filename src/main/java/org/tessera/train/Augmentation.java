package org.tessera.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random training crops: a square of {@code patch} pixels taken from a sample at
 * a random place, scale, flip and 90° rotation, with its intensities scaled,
 * shifted and bent by a gamma. Images smaller than the crop are mirrored at
 * their edges; labels there are -1 (no loss).
 * <p>
 * The crop samples the image at {@code y = oy + (i + 0.5) / s - 0.5} for output
 * row {@code i} and scale {@code s} (bilinear for the image, nearest for the
 * labels), after one of the eight flips/transpositions of the square.
 *
 * @param minScale smallest zoom (0.75: objects shrink to three quarters); 1 with maxScale 1: no scaling
 * @param maxScale largest zoom
 * @param flips whether to flip and rotate by 90°
 * @param intensity whether to scale intensities by [0.8, 1.25] and shift them by [-0.1, 0.1]
 * @param gamma whether to bend half of the crops' (non-negative) intensities by a gamma in [0.7, 1.4]
 */
public record Augmentation(double minScale, double maxScale, boolean flips, boolean intensity, boolean gamma) {

	/** Everything on, zoom between 0.75 and 1.33. */
	public static final Augmentation DEFAULT = new Augmentation(0.75, 4 / 3.0, true, true, true);
	/** Crops as they are. */
	public static final Augmentation NONE = new Augmentation(1, 1, false, false, false);

	public Augmentation {
		if (!(minScale > 0 && maxScale >= minScale))
			throw new IllegalArgumentException("scale range [" + minScale + ", " + maxScale + "]: expected 0 < min <= max");
	}

	/** In words, for the training record: "zoom 0.75-1.33, flips and 90° rotations, intensity, gamma" or "none". */
	public String describe() {
		final List<String> parts = new ArrayList<>();
		if (maxScale > minScale || minScale != 1) parts.add(String.format(Locale.ROOT, "zoom %.2f-%.2f", minScale, maxScale));
		if (flips) parts.add("flips and 90° rotations");
		if (intensity) parts.add("intensity scale and shift");
		if (gamma) parts.add("gamma");
		return parts.isEmpty() ? "none" : String.join(", ", parts);
	}

	/** A crop: image values (channels × patch × patch) and labels (patch × patch). */
	public record Crop(float[] image, int[] labels) {}

	/** One random crop of {@code s} with its labels. */
	public Crop crop(final Sample s, final int patch, final SplittableRandom random) {
		final double scale = maxScale > minScale ? Math.exp(Math.log(minScale) + random.nextDouble() * Math.log(maxScale / minScale)) : minScale;
		final int transform = flips ? random.nextInt(8) : 0;
		final double window = patch / scale;
		final double oy = random.nextDouble() * Math.max(0, s.height() - window), ox = random.nextDouble() * Math.max(0, s.width() - window);
		final int c = s.channels(), h = s.height(), w = s.width();
		final float[] image = new float[c * patch * patch];
		final int[] labels = new int[patch * patch];
		for (int i = 0; i < patch; i++)
			for (int j = 0; j < patch; j++) {
				// the output pixel (i, j) shows the transformed square's pixel (a, b)
				int a = i, b = j;
				if ((transform & 1) != 0) {
					final int t = a;
					a = b;
					b = t;
				}
				if ((transform & 2) != 0) b = patch - 1 - b;
				if ((transform & 4) != 0) a = patch - 1 - a;
				final double y = oy + (a + 0.5) / scale - 0.5, x = ox + (b + 0.5) / scale - 0.5;
				final int o = i * patch + j;
				final long ny = Math.round(y), nx = Math.round(x);
				labels[o] = ny < 0 || nx < 0 || ny >= h || nx >= w ? -1 : s.labels()[(int) ny * w + (int) nx];
				final int y0 = (int) Math.floor(y), x0 = (int) Math.floor(x);
				final double fy = y - y0, fx = x - x0;
				final int ya = mirror(y0, h), yb = mirror(y0 + 1, h), xa = mirror(x0, w), xb = mirror(x0 + 1, w);
				for (int ch = 0; ch < c; ch++) {
					final int base = ch * h * w;
					final float[] v = s.image();
					final double top = v[base + ya * w + xa] * (1 - fx) + v[base + ya * w + xb] * fx;
					final double bottom = v[base + yb * w + xa] * (1 - fx) + v[base + yb * w + xb] * fx;
					image[ch * patch * patch + o] = (float) (top * (1 - fy) + bottom * fy);
				}
			}
		if (gamma && random.nextBoolean()) {
			final double g = Math.exp(Math.log(0.7) + random.nextDouble() * Math.log(1.4 / 0.7));
			for (int i = 0; i < image.length; i++)
				image[i] = (float) Math.pow(Math.max(image[i], 0), g);
		}
		if (intensity) {
			final double k = Math.exp(Math.log(0.8) + random.nextDouble() * Math.log(1.25 / 0.8)), d = -0.1 + 0.2 * random.nextDouble();
			for (int i = 0; i < image.length; i++)
				image[i] = (float) (image[i] * k + d);
		}
		return new Crop(image, labels);
	}

	/** Reflection without repeating the edge pixel (NumPy's "reflect"), for any distance. */
	static int mirror(int i, final int n) {
		if (n == 1)
			return 0;
		final int period = 2 * (n - 1);
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}
}
