package org.tessera.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.tessera.core.Axis;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.filter.GaussianKernel;
import org.tessera.filter.SeparableGaussian;

import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Synthetic fluorescent nuclei with ground-truth labels, in 2D or 3D, for
 * tests, demos and training data. Everything follows from the seed: the same
 * parameters give the same pixels on every machine (the maths is
 * {@link StrictMath} and float operations in a fixed order).
 * <p>
 * How an image is made:
 * <ol>
 * <li>Nuclei are ellipses (2D, rotated) or ellipsoids (3D, axis-aligned). The
 * long semi-axis is drawn from {@code [minRadius, maxRadius]}, the short one is
 * that times a ratio drawn from {@code [minAxisRatio, 1]} (default 0.65) and at
 * least {@code minRadius} with the default ratio (1 px otherwise), and z
 * semi-axes are drawn from {@code [minRadius, maxRadius]} divided by the z
 * anisotropy. Each is placed at a random position where it does not
 * overlap the nuclei placed before; half of them are placed next to an
 * earlier one, so that touching nuclei occur, as in real tissue. Nuclei stay
 * 2 px inside the image unless {@code cutByBorder}, which lets the image
 * border cut them, as in a crop of a larger field.</li>
 * <li>Each nucleus gets a brightness in [{@code minBrightness}, 1.0] (default 0.4), a dome profile
 * {@code 0.6 + 0.4·sqrt(1 - ρ²)} and ±15 % smooth texture.</li>
 * <li>Background 0.08, then a Gaussian blur (the optics, sigma {@code blurSigma}
 * px in x/y, default 1.2, divided by the anisotropy in z), then Poisson noise at {@code photons} per
 * unit intensity, a camera offset of 100 and 16-bit rounding.</li>
 * </ol>
 * Labels are 1..n in placement order; 0 is background.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param depth number of z slices (1 for 2D)
 * @param count number of nuclei to place (fewer if they do not fit)
 * @param minRadius smallest semi-axis in pixels (x/y)
 * @param maxRadius largest semi-axis in pixels (x/y)
 * @param zAnisotropy z spacing divided by x/y spacing (3D only)
 * @param photons photons per unit intensity (higher = less noise)
 * @param seed random seed
 * @param minBrightness the dimmest nucleus relative to the brightest, in (0, 1]
 * @param cutByBorder whether nuclei may extend past the image border (x/y)
 * @param clutter the share of nuclei (2D) with an unlabelled faint cell body and
 *        thin processes around them, as in widefield images of cultured cells
 *        (0: none); drawn from a random stream of their own, so the nuclei do not
 *        change with it
 * @param minAxisRatio the most elongated nucleus's short semi-axis divided by
 *        its long one, in (0, 1]; below the default 0.65 nuclei range from round
 *        to rod-like, as in cultured cells
 * @param blurSigma the optics' Gaussian sigma in x/y pixels (default 1.2); smaller
 *        gives sharper nucleus edges
 */
public record SyntheticNuclei(int width, int height, int depth, int count, double minRadius, double maxRadius, double zAnisotropy,
	double photons, long seed, double minBrightness, boolean cutByBorder, double clutter, double minAxisRatio, double blurSigma)
{

	/** The default {@code minAxisRatio}: nuclei from round to 1.5 times as long as wide. */
	public static final double DEFAULT_AXIS_RATIO = 0.65;

	/** The default {@code blurSigma} in pixels. */
	public static final double DEFAULT_BLUR_SIGMA = 1.2;

	/** Nuclei with the default elongation and blur. */
	public SyntheticNuclei(final int width, final int height, final int depth, final int count, final double minRadius, final double maxRadius,
		final double zAnisotropy, final double photons, final long seed, final double minBrightness, final boolean cutByBorder,
		final double clutter)
	{
		this(width, height, depth, count, minRadius, maxRadius, zAnisotropy, photons, seed, minBrightness, cutByBorder, clutter,
			DEFAULT_AXIS_RATIO, DEFAULT_BLUR_SIGMA);
	}

	/** No cell bodies or processes. */
	public SyntheticNuclei(final int width, final int height, final int depth, final int count, final double minRadius, final double maxRadius,
		final double zAnisotropy, final double photons, final long seed, final double minBrightness, final boolean cutByBorder)
	{
		this(width, height, depth, count, minRadius, maxRadius, zAnisotropy, photons, seed, minBrightness, cutByBorder, 0);
	}

	/** Brightness in [0.4, 1], every nucleus inside the image. */
	public SyntheticNuclei(final int width, final int height, final int depth, final int count, final double minRadius, final double maxRadius,
		final double zAnisotropy, final double photons, final long seed)
	{
		this(width, height, depth, count, minRadius, maxRadius, zAnisotropy, photons, seed, 0.4, false, 0);
	}

	/** The generated image and its ground truth. */
	public record Result(AxisImg<UnsignedShortType> image, AxisImg<UnsignedShortType> labels, int nuclei) {}

	public SyntheticNuclei {
		if (width < 8 || height < 8 || depth < 1) throw new IllegalArgumentException("image must be at least 8x8(x1), got " + width + "x" +
			height + "x" + depth);
		if (count < 0 || count > 65535) throw new IllegalArgumentException("count must be in 0..65535, got " + count);
		if (!(minRadius >= 1) || !(maxRadius >= minRadius))
			throw new IllegalArgumentException("need 1 <= minRadius <= maxRadius, got " + minRadius + ", " + maxRadius);
		if (!(zAnisotropy > 0)) throw new IllegalArgumentException("zAnisotropy must be > 0, got " + zAnisotropy);
		if (!(photons > 0)) throw new IllegalArgumentException("photons must be > 0, got " + photons);
		if (!(clutter >= 0 && clutter <= 1)) throw new IllegalArgumentException("clutter must be in [0, 1], got " + clutter);
		if (!(minBrightness > 0 && minBrightness <= 1)) throw new IllegalArgumentException("minBrightness must be in (0, 1], got " + minBrightness);
		if (!(minAxisRatio > 0 && minAxisRatio <= 1)) throw new IllegalArgumentException("minAxisRatio must be in (0, 1], got " + minAxisRatio);
		if (!(blurSigma >= 0 && blurSigma <= 10)) throw new IllegalArgumentException("blurSigma must be in [0, 10] px, got " + blurSigma);
	}

	/** The same, with nuclei as elongated as {@code ratio} (short over long semi-axis). */
	public SyntheticNuclei withMinAxisRatio(final double ratio) {
		return new SyntheticNuclei(width, height, depth, count, minRadius, maxRadius, zAnisotropy, photons, seed, minBrightness, cutByBorder,
			clutter, ratio, blurSigma);
	}

	/** The same, with the optics' blur sigma {@code sigma} (x/y pixels). */
	public SyntheticNuclei withBlurSigma(final double sigma) {
		return new SyntheticNuclei(width, height, depth, count, minRadius, maxRadius, zAnisotropy, photons, seed, minBrightness, cutByBorder,
			clutter, minAxisRatio, sigma);
	}

	/** Defaults for a 2D image: radii 5..10 px, 200 photons per unit. */
	public static SyntheticNuclei of2D(final int width, final int height, final int count, final long seed) {
		return new SyntheticNuclei(width, height, 1, count, 5, 10, 1, 200, seed);
	}

	/** Defaults for a 3D stack: radii 5..9 px, z spacing twice the x/y spacing. */
	public static SyntheticNuclei of3D(final int width, final int height, final int depth, final int count, final long seed) {
		return new SyntheticNuclei(width, height, depth, count, 5, 9, 2, 200, seed);
	}

	private record Nucleus(double cx, double cy, double cz, double a, double b, double c, double angle, double brightness) {

		/** Normalised radius squared: < 1 inside. */
		double rho2(final double x, final double y, final double z) {
			final double dx = x - cx, dy = y - cy, dz = z - cz;
			final double cos = StrictMath.cos(angle), sin = StrictMath.sin(angle);
			final double u = cos * dx + sin * dy, v = -sin * dx + cos * dy;
			return u * u / (a * a) + v * v / (b * b) + (c > 0 ? dz * dz / (c * c) : 0);
		}

		double reach() {
			return Math.max(a, b);
		}
	}

	/** Makes the image and its labels. */
	public Result generate() {
		final SplittableRandom random = new SplittableRandom(seed);
		final boolean is3D = depth > 1;
		final List<Nucleus> nuclei = new ArrayList<>();
		final int[] labels = new int[width * height * depth];
		for (int n = 0; n < count; n++) {
			for (int attempt = 0; attempt < 200; attempt++) {
				final double a = minRadius + random.nextDouble() * (maxRadius - minRadius);
				final double shortest = minAxisRatio == DEFAULT_AXIS_RATIO ? minRadius : 1;
				final double b = Math.max(shortest, a * (minAxisRatio + (1 - minAxisRatio) * random.nextDouble()));
				final double c = is3D ? (minRadius + random.nextDouble() * (maxRadius - minRadius)) / zAnisotropy : 0;
				final double angle = random.nextDouble() * StrictMath.PI;
				double cx, cy, cz;
				if (!nuclei.isEmpty() && random.nextBoolean()) {
					// next to an earlier nucleus
					final Nucleus other = nuclei.get(random.nextInt(nuclei.size()));
					final double dir = random.nextDouble() * 2 * StrictMath.PI;
					final double dist = other.reach() + a * 0.95;
					cx = other.cx + dist * StrictMath.cos(dir);
					cy = other.cy + dist * StrictMath.sin(dir);
					cz = is3D ? other.cz + (random.nextDouble() - 0.5) * c : 0;
				}
				else {
					cx = random.nextDouble() * width;
					cy = random.nextDouble() * height;
					cz = is3D ? random.nextDouble() * depth : 0;
				}
				final double margin = cutByBorder ? -a : 2; // cut: the centre anywhere in the image
				if (cx < a + margin || cy < a + margin || cx > width - a - margin || cy > height - a - margin) continue;
				if (is3D && (cz < c || cz > depth - 1 - c)) continue;
				final Nucleus nu = new Nucleus(cx, cy, cz, a, b, c, angle, minBrightness + (1 - minBrightness) * random.nextDouble());
				if (paint(nu, nuclei.size() + 1, labels, true)) {
					paint(nu, nuclei.size() + 1, labels, false);
					nuclei.add(nu);
					break;
				}
			}
		}
		final float[] intensity = render(nuclei, labels, random);
		return new Result(toImage("synthetic-nuclei", intensity, random, true), toImage("synthetic-nuclei-labels", toFloat(labels), random,
			false), nuclei.size());
	}

	/** Paints a nucleus into the label image, or (check) tells whether it would overlap another. */
	private boolean paint(final Nucleus n, final int label, final int[] labels, final boolean check) {
		final double r = n.reach() + 1;
		final int x0 = (int) Math.max(0, Math.floor(n.cx - r)), x1 = (int) Math.min(width - 1, Math.ceil(n.cx + r));
		final int y0 = (int) Math.max(0, Math.floor(n.cy - r)), y1 = (int) Math.min(height - 1, Math.ceil(n.cy + r));
		final int z0 = depth > 1 ? (int) Math.max(0, Math.floor(n.cz - n.c - 1)) : 0;
		final int z1 = depth > 1 ? (int) Math.min(depth - 1, Math.ceil(n.cz + n.c + 1)) : 0;
		for (int z = z0; z <= z1; z++)
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					if (n.rho2(x, y, z) >= 1) continue;
					final int i = x + width * (y + height * z);
					if (check) {
						if (labels[i] != 0) return false;
					}
					else labels[i] = label;
				}
		return true;
	}

	private float[] render(final List<Nucleus> nuclei, final int[] labels, final SplittableRandom random) {
		final int n = width * height * depth;
		// Smooth texture: blurred white noise, normalised to about ±1.
		final float[] texture = new float[n];
		for (int i = 0; i < n; i++) texture[i] = (float) (random.nextDouble() * 2 - 1);
		final double[] textureSigma = { 2, 2, depth > 1 ? 2 / zAnisotropy : 0 };
		blur(texture, textureSigma);
		float maxAbs = 1e-6f;
		for (final float t : texture) maxAbs = Math.max(maxAbs, Math.abs(t));
		final float[] img = new float[n];
		for (int z = 0; z < depth; z++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					final int i = x + width * (y + height * z);
					final int l = labels[i];
					float v = 0.08f;
					if (l > 0) {
						final Nucleus nu = nuclei.get(l - 1);
						final double rho2 = Math.min(1, nu.rho2(x, y, z));
						final double dome = 0.6 + 0.4 * StrictMath.sqrt(1 - rho2);
						v += (float) (nu.brightness * dome * (1 + 0.15 * texture[i] / maxAbs));
					}
					img[i] = v;
				}
		if (clutter > 0 && depth == 1) addCells(nuclei, img);
		blur(img, new double[] { blurSigma, blurSigma, depth > 1 ? blurSigma / zAnisotropy : 0 });
		return img;
	}

	/**
	 * Faint, unlabelled cell bodies (an ellipse 1.6-2.8 times the nucleus,
	 * shifted off it, 2-10 % of the brightest nucleus) and 1-3 thin processes
	 * (random walks of 15-70 px, 2-8 %) around a share {@code clutter} of the
	 * nuclei: what a network must learn not to call a nucleus.
	 */
	private void addCells(final List<Nucleus> nuclei, final float[] img) {
		final SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
		for (final Nucleus n : nuclei) {
			if (r.nextDouble() >= clutter) continue;
			final double scale = 1.6 + 1.2 * r.nextDouble();
			final double a = n.a * scale, b = n.b * scale * (0.7 + 0.3 * r.nextDouble()), angle = r.nextDouble() * StrictMath.PI;
			final double shift = n.reach() * r.nextDouble(), dir = r.nextDouble() * 2 * StrictMath.PI;
			final double cx = n.cx + shift * StrictMath.cos(dir), cy = n.cy + shift * StrictMath.sin(dir);
			final float body = (float) (0.02 + 0.08 * r.nextDouble());
			final Nucleus cell = new Nucleus(cx, cy, 0, a, b, 0, angle, body);
			final int x0 = (int) Math.max(0, Math.floor(cx - a - 1)), x1 = (int) Math.min(width - 1, Math.ceil(cx + a + 1));
			final int y0 = (int) Math.max(0, Math.floor(cy - a - 1)), y1 = (int) Math.min(height - 1, Math.ceil(cy + a + 1));
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					final double rho2 = cell.rho2(x, y, 0);
					if (rho2 < 1) img[x + width * y] += (float) (body * (1 - rho2 * rho2));
				}
			final int processes = 1 + r.nextInt(3);
			for (int p = 0; p < processes; p++) {
				double x = cx, y = cy, heading = r.nextDouble() * 2 * StrictMath.PI;
				final int length = 15 + r.nextInt(56);
				final float v = (float) (0.02 + 0.06 * r.nextDouble());
				for (int step = 0; step < length; step++) {
					heading += (r.nextDouble() - 0.5) * 0.5;
					x += StrictMath.cos(heading);
					y += StrictMath.sin(heading);
					final int ix = (int) Math.round(x), iy = (int) Math.round(y);
					if (ix < 0 || iy < 0 || ix >= width || iy >= height) break;
					img[ix + width * iy] += v;
				}
			}
		}
	}

	private void blur(final float[] data, final double[] sigma) {
		// The blur gives the same result on any number of threads, so the image stays reproducible.
		SeparableGaussian.blur(data, width, height, depth, sigma, GaussianKernel.DEFAULT_TRUNCATE, Boundary.NEAREST, Threads.executor(0),
			TaskMonitor.NONE);
	}

	private static float[] toFloat(final int[] labels) {
		final float[] f = new float[labels.length];
		for (int i = 0; i < f.length; i++) f[i] = labels[i];
		return f;
	}

	private AxisImg<UnsignedShortType> toImage(final String name, final float[] values, final SplittableRandom random, final boolean noisy) {
		final PlanarImg<UnsignedShortType, ShortArray> img = depth > 1 ? PlanarImgs.unsignedShorts(width, height, depth) : PlanarImgs
			.unsignedShorts(width, height);
		final int plane = width * height;
		for (int z = 0; z < depth; z++) {
			final short[] px = img.getPlane(z).getCurrentStorageArray();
			for (int i = 0; i < plane; i++) {
				final double v = values[z * plane + i];
				final double out = noisy ? 100 + poisson(random, v * photons) * (1000.0 / photons) : v;
				px[i] = (short) Math.max(0, Math.min(65535, Math.round(out)));
			}
		}
		final List<Axis> axes = new ArrayList<>();
		axes.add(new Axis(AxisType.X, 0.5, 0, "µm"));
		axes.add(new Axis(AxisType.Y, 0.5, 0, "µm"));
		if (depth > 1) axes.add(new Axis(AxisType.Z, 0.5 * zAnisotropy, 0, "µm"));
		return new AxisImg<>(name, img, axes);
	}

	/** Poisson sample: Knuth's method for small means, a rounded normal approximation for large ones. */
	private static long poisson(final SplittableRandom random, final double mean) {
		if (mean <= 0) return 0;
		if (mean > 50) {
			// Box-Muller with StrictMath for reproducibility
			final double u1 = Math.max(1e-300, random.nextDouble()), u2 = random.nextDouble();
			final double g = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
			return Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * g));
		}
		final double l = StrictMath.exp(-mean);
		long k = 0;
		double p = 1;
		do {
			k++;
			p *= random.nextDouble();
		}
		while (p > l);
		return k - 1;
	}
}
