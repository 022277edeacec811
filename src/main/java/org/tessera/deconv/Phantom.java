package org.tessera.deconv;

import java.util.SplittableRandom;

/**
 * A test object for deconvolution and what a microscope would record of it:
 * solid spheres (disks in 2D) of several radii on a flat background, blurred
 * by a PSF and given Poisson noise. Everything follows from the seed.
 *
 * @param truth the object, x fastest
 * @param blurred the object convolved with the PSF (no noise)
 * @param observed the blurred object with Poisson noise, in photon counts
 */
public record Phantom(float[] truth, float[] blurred, float[] observed, int nx, int ny, int nz) {

	/**
	 * Makes a phantom.
	 *
	 * @param radii sphere radii in pixels, each used {@code perRadius} times (fewer if they do not fit)
	 * @param background the background level, in photons
	 * @param brightness the spheres' level above the background, in photons (each sphere gets 0.5 to 1.5 times it)
	 * @param zScale z spacing / x-y spacing (spheres are round in physical space); 1 in 2D
	 * @param margin distance kept from the image's edges, in pixels (at least the PSF's half width for an edge-free blur)
	 */
	public static Phantom spheres(final int nx, final int ny, final int nz, final int[] radii, final int perRadius, final double background,
		final double brightness, final double zScale, final int margin, final float[] psf, final int kx, final int ky, final int kz,
		final long seed)
	{
		final SplittableRandom random = new SplittableRandom(seed);
		final float[] truth = new float[nx * ny * nz];
		java.util.Arrays.fill(truth, (float) background);
		final boolean[] taken = new boolean[truth.length];
		int placed = 0;
		final int[] sorted = radii.clone();
		java.util.Arrays.sort(sorted);
		for (int ri = sorted.length - 1; ri >= 0; ri--) {
			final int r = sorted[ri];
			final double rz = nz > 1 ? r / zScale : 0;
			for (int k = 0, tries = 0; k < perRadius && tries < 500 * perRadius; tries++) {
				final double cx = margin + r + random.nextDouble() * (nx - 2 * (margin + r) - 1);
				final double cy = margin + r + random.nextDouble() * (ny - 2 * (margin + r) - 1);
				final double cz = nz > 1 ? margin / zScale + rz + random.nextDouble() * (nz - 2 * (margin / zScale + rz) - 1) : 0;
				if (cx < 0 || cy < 0 || cz < 0 || cx >= nx || cy >= ny || cz >= nz) break; // does not fit at all
				// 2 pixels apart from the others
				if (!fits(taken, nx, ny, nz, cx, cy, cz, r + 2, nz > 1 ? (r + 2) / zScale : 0)) continue;
				final float value = (float) (background + brightness * (0.5 + random.nextDouble()));
				fill(truth, taken, nx, ny, nz, cx, cy, cz, r, rz, value);
				placed++;
				k++;
			}
		}
		if (placed == 0) throw new IllegalArgumentException("no sphere fits a " + nx + "x" + ny + "x" + nz + " image with margin " + margin);
		// blur the object minus its background (zero outside the image), as a microscope sees a larger flat world
		final float[] blurred = new float[truth.length];
		for (int i = 0; i < truth.length; i++) blurred[i] = (float) (truth[i] - background);
		final float[] b = Convolution.same(blurred, nx, ny, nz, psf, kx, ky, kz);
		final float[] observed = new float[truth.length];
		for (int i = 0; i < truth.length; i++) {
			blurred[i] = (float) Math.max(0, b[i] + background);
			observed[i] = poisson(random, blurred[i]);
		}
		return new Phantom(truth, blurred, observed, nx, ny, nz);
	}

	private static boolean fits(final boolean[] taken, final int nx, final int ny, final int nz, final double cx, final double cy,
		final double cz, final double r, final double rz)
	{
		for (int z = (int) Math.floor(cz - rz); z <= Math.ceil(cz + rz); z++)
			for (int y = (int) Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
				for (int x = (int) Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
					if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
					if (inside(x - cx, y - cy, z - cz, r, rz) && taken[x + nx * (y + ny * z)]) return false;
				}
		return true;
	}

	private static boolean inside(final double dx, final double dy, final double dz, final double r, final double rz) {
		return dx * dx / (r * r) + dy * dy / (r * r) + (rz > 0 ? dz * dz / (rz * rz) : dz == 0 ? 0 : 2) <= 1;
	}

	private static void fill(final float[] truth, final boolean[] taken, final int nx, final int ny, final int nz, final double cx,
		final double cy, final double cz, final double r, final double rz, final float value)
	{
		for (int z = (int) Math.floor(cz - rz); z <= Math.ceil(cz + rz); z++)
			for (int y = (int) Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
				for (int x = (int) Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
					if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
					if (!inside(x - cx, y - cy, nz > 1 ? z - cz : 0, r, rz)) continue;
					truth[x + nx * (y + ny * z)] = value;
					taken[x + nx * (y + ny * z)] = true;
				}
	}

	/** A Poisson sample: Knuth's product method for small means, a rounded normal approximation for large ones. */
	static float poisson(final SplittableRandom random, final double mean) {
		if (mean <= 0) return 0;
		if (mean > 50) {
			final double u1 = 1 - random.nextDouble(), u2 = random.nextDouble();
			final double normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
			return (float) Math.max(0, Math.rint(mean + Math.sqrt(mean) * normal));
		}
		final double limit = Math.exp(-mean);
		double product = random.nextDouble();
		int k = 0;
		while (product > limit) {
			k++;
			product *= random.nextDouble();
		}
		return k;
	}

	/**
	 * The normalised root-mean-square error of an estimate against the truth,
	 * after the least-squares intensity scale {@code s = <x,t>/<x,x>}:
	 * {@code ||s·x − t|| / ||t||}, over the pixels at least {@code margin} from
	 * the edges (0: all).
	 */
	public double nrmse(final float[] estimate, final int margin) {
		double xt = 0, xx = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					if (!interior(x, y, z, margin)) continue;
					final int i = x + nx * (y + ny * z);
					xt += (double) estimate[i] * truth[i];
					xx += (double) estimate[i] * estimate[i];
				}
		final double s = xx > 0 ? xt / xx : 0;
		double err = 0, norm = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					if (!interior(x, y, z, margin)) continue;
					final int i = x + nx * (y + ny * z);
					final double e = s * estimate[i] - truth[i];
					err += e * e;
					norm += (double) truth[i] * truth[i];
				}
		return Math.sqrt(err / norm);
	}

	private boolean interior(final int x, final int y, final int z, final int m) {
		return x >= m && y >= m && x < nx - m && y < ny - m && (nz == 1 || z >= m && z < nz - m);
	}
}
