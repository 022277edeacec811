package org.tessera.pixel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.tessera.filter.GaussianKernel;

/**
 * Which filter features a pixel classifier computes, ilastik-like: for every
 * channel the intensity, and at every scale {@code sigma} the {@link Feature}s
 * chosen. Sigmas are in pixels along x and y; {@code zScale} is the ratio of the
 * z spacing to the xy spacing of 3D stacks (2 for z steps twice the pixel size),
 * so that z sigmas are {@code sigma / zScale} and features are isotropic in
 * space. Immutable.
 *
 * @param sigmas the scales, pixels, each above 0
 * @param features the features at each scale (the intensity is always there)
 * @param threeD whether features are 3D (z a spatial axis) or computed plane by plane
 * @param zScale z spacing over xy spacing (3D only)
 */
public record FeatureSettings(double[] sigmas, Set<Feature> features, boolean threeD, double zScale) {

	/** The scales ilastik offers, and Tessera's default. */
	public static final double[] DEFAULT_SIGMAS = { 0.7, 1.0, 1.6, 3.5, 5.0, 10.0 };

	/** Gaussian kernels reach this many sigmas ({@link GaussianKernel#DEFAULT_TRUNCATE}). */
	static final double TRUNCATE = GaussianKernel.DEFAULT_TRUNCATE;
	/** The smaller scale of the difference of Gaussians, relative to sigma (ilastik's). */
	static final double DOG_RATIO = 0.66;
	/** The outer (integration) scale of the structure tensor, relative to sigma (ilastik's). */
	static final double STRUCTURE_OUTER = 0.5;

	/** The features at each scale. */
	public enum Feature {
		/** Gaussian smoothing. */
		GAUSSIAN("gaussian"),
		/** The gradient's magnitude of the smoothed image (central differences). */
		GRADIENT("gradient"),
		/** Smoothing at 0.66 sigma minus smoothing at sigma. */
		DOG("dog"),
		/** The Laplacian of the smoothed image (the Hessian's trace). */
		LAPLACIAN("laplacian"),
		/** The Hessian's eigenvalues, largest first (2 in 2D, 3 in 3D). */
		HESSIAN("hessian"),
		/** The structure tensor's eigenvalues, largest first: gradient at sigma, products smoothed at sigma / 2. */
		STRUCTURE("structure");

		private final String key;

		Feature(final String key) {
			this.key = key;
		}

		/** The name in settings and feature names. */
		public String key() {
			return key;
		}

		/** Parses a key such as {@code hessian}. */
		public static Feature parse(final String s) {
			for (final Feature f : values())
				if (f.key.equalsIgnoreCase(s.strip())) return f;
			throw new IllegalArgumentException("features: unknown feature '" + s.strip() + "'; expected some of " + String.join(", ", Arrays.stream(
				values()).map(Feature::key).toList()));
		}
	}

	/** Checks and copies. */
	public FeatureSettings {
		if (sigmas == null || sigmas.length == 0) throw new IllegalArgumentException("sigmas: give at least one scale");
		sigmas = sigmas.clone();
		for (final double s : sigmas)
			if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("sigmas: each scale must be a positive number of pixels, got " +
				s);
		features = features == null || features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
		if (!(zScale > 0) || Double.isInfinite(zScale)) throw new IllegalArgumentException("z_scale: must be a positive number, got " + zScale);
	}

	/** The default: every feature at {@link #DEFAULT_SIGMAS}, 2D. */
	public static FeatureSettings defaults() {
		return new FeatureSettings(DEFAULT_SIGMAS, EnumSet.allOf(Feature.class), false, 1);
	}

	@Override
	public double[] sigmas() {
		return sigmas.clone();
	}

	@Override
	public Set<Feature> features() {
		return EnumSet.copyOf(features.isEmpty() ? EnumSet.noneOf(Feature.class) : features);
	}

	/** A copy for 3D stacks with this z spacing over xy spacing. */
	public FeatureSettings in3D(final double zSpacingRatio) {
		return new FeatureSettings(sigmas, features, true, zSpacingRatio);
	}

	/** Spatial axes: 2 or 3. */
	public int dimensions() {
		return threeD ? 3 : 2;
	}

	/** How many values one feature gives per pixel. */
	int width(final Feature f) {
		return f == Feature.HESSIAN || f == Feature.STRUCTURE ? dimensions() : 1;
	}

	/** Features per channel: the intensity and every feature at every scale. */
	public int perChannel() {
		int n = 0;
		for (final Feature f : features) n += width(f);
		return 1 + n * sigmas.length;
	}

	/** The features' names for one channel (in the order computed): {@code intensity}, {@code gaussian s1.6}, {@code hessian s1.6 e2}, ... */
	public List<String> names() {
		final List<String> out = new ArrayList<>();
		out.add("intensity");
		for (final double s : sigmas)
			for (final Feature f : Feature.values()) {
				if (!features.contains(f)) continue;
				final String base = f.key() + " s" + number(s);
				if (width(f) == 1) out.add(base);
				else for (int e = 1; e <= width(f); e++) out.add(base + " e" + e);
			}
		return out;
	}

	/** The sigma per axis (x, y, z) of a scale; z is 0 in 2D. */
	double[] perAxis(final double sigma) {
		return new double[] { sigma, sigma, threeD ? sigma / zScale : 0 };
	}

	/**
	 * How far (pixels, per axis x, y, z) the features of a pixel look: a block with this
	 * halo gives its core's features exactly as the whole image does.
	 */
	public long[] halo() {
		long xy = 0, z = 0;
		for (final double s : sigmas) {
			final double[] axis = perAxis(s);
			long rxy = GaussianKernel.radius(axis[0], TRUNCATE) + 2; // smoothing, then two central differences (Hessian)
			long rz = threeD ? GaussianKernel.radius(axis[2], TRUNCATE) + 2 : 0;
			if (features.contains(Feature.STRUCTURE)) {
				final double[] outer = perAxis(s * STRUCTURE_OUTER);
				rxy = Math.max(rxy, GaussianKernel.radius(axis[0], TRUNCATE) + 1 + GaussianKernel.radius(outer[0], TRUNCATE));
				if (threeD) rz = Math.max(rz, GaussianKernel.radius(axis[2], TRUNCATE) + 1 + GaussianKernel.radius(outer[2], TRUNCATE));
			}
			xy = Math.max(xy, rxy);
			z = Math.max(z, rz);
		}
		return threeD ? new long[] { xy, xy, z } : new long[] { xy, xy };
	}

	/** The settings as text: {@code sigmas=0.7,1,1.6 features=gaussian,hessian}, as the commands take them. */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder("sigmas=");
		for (int i = 0; i < sigmas.length; i++) sb.append(i == 0 ? "" : ",").append(number(sigmas[i]));
		sb.append(" features=").append(String.join(",", features.stream().map(Feature::key).toList()));
		if (threeD) sb.append(" 3d z_scale=").append(number(zScale));
		return sb.toString();
	}

	/** Parses comma-separated sigmas. */
	public static double[] parseSigmas(final String text) {
		if (text == null || text.isBlank()) return DEFAULT_SIGMAS.clone();
		try {
			return Arrays.stream(text.split("[,\\s]+")).filter(t -> !t.isEmpty()).mapToDouble(Double::parseDouble).toArray();
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("sigmas: expected numbers separated by commas, such as 1,2.5,5, got '" + text + "'");
		}
	}

	/** Parses comma-separated feature keys; empty or "all" means every feature. */
	public static Set<Feature> parseFeatures(final String text) {
		if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("all")) return EnumSet.allOf(Feature.class);
		final Set<Feature> out = EnumSet.noneOf(Feature.class);
		for (final String t : text.split("[,\\s]+"))
			if (!t.isEmpty()) out.add(Feature.parse(t));
		return out;
	}

	static String number(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof FeatureSettings f && Arrays.equals(sigmas, f.sigmas) && features.equals(f.features) && threeD == f.threeD &&
			zScale == f.zScale;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(sigmas) * 31 + features.hashCode() * 7 + (threeD ? 1 : 0) + Double.hashCode(zScale);
	}
}
