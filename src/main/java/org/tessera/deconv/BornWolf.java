package org.tessera.deconv;

/**
 * The scalar, paraxial widefield PSF of Born and Wolf (Principles of Optics,
 * 7th ed., §8.8, "The three-dimensional light distribution near focus"):
 * <pre>
 * I(r, z) = | ∫₀¹ J0(k·NA·r·ρ) · exp(−i·k·z·NA²·ρ²/(2n)) · ρ dρ |²,   k = 2π/λ
 * </pre>
 * with r the distance from the optical axis and z from the focal plane, both
 * in the sample (nm), λ the emission wavelength in vacuum and n the refractive
 * index of the immersion. In Born and Wolf's optical units v = k·NA·r and
 * u = k·NA²·z/n this is |∫ J0(vρ) exp(−iuρ²/2) ρ dρ|². In focus it is the Airy
 * pattern (2·J1(v)/v)²/4, first dark ring at v = 3.8317 (r = 0.61·λ/NA); on
 * the axis it is sinc²(u/4)/4, first zero at u = 4π (z = 2·n·λ/NA²). The model
 * ignores the refractive-index mismatch and the vectorial effects of high
 * apertures (Gibson-Lanni and Richards-Wolf models include them).
 * <p>
 * The integral over ρ is Simpson's rule with at least four nodes per radian
 * of the integrand's fastest phase, k·NA·r + k·NA²·|z|/n. The intensity
 * depends on r only, so a volume needs one fine radial profile per distinct
 * |z| (computed together, one radius at a time, so that memory stays small);
 * every voxel then interpolates its plane's profile linearly.
 */
final class BornWolf {

	/** Lateral sub-samples per pixel and axis when none is given: odd, so that one falls on the pixel centre. */
	static final int DEFAULT_OVERSAMPLING = 3;

	private final Optics optics;
	private final double dr;
	private final int nr;
	/** Simpson nodes ρ_j on [0, 1], and Simpson weight times ρ_j. */
	private final double[] rho, weight;

	/** An integrator for radii 0, dr, ..., (nr−1)·dr and distances from focus up to |zMaxNm|. */
	BornWolf(final Optics optics, final double dr, final int nr, final double zMaxNm) {
		this.optics = optics;
		this.dr = dr;
		this.nr = nr;
		final double k = optics.wavenumber(), na = optics.na();
		final double vMax = k * na * (nr - 1) * dr;
		final double uMax = k * na * na * Math.abs(zMaxNm) / optics.refractiveIndex();
		int n = (int) Math.ceil(4 * (vMax + uMax));
		n = Math.max(64, n + (n & 1)); // Simpson needs an even number of intervals
		final double h = 1.0 / n;
		rho = new double[n + 1];
		weight = new double[n + 1];
		for (int j = 0; j <= n; j++) {
			rho[j] = j * h;
			final double simpson = j == 0 || j == n ? 1 : (j & 1) == 1 ? 4 : 2;
			weight[j] = simpson * h / 3 * rho[j];
		}
	}

	/**
	 * I(r_i, z) for r_i = i·dr, i = 0..nr−1, at each of the distances from
	 * focus (nm, at most the integrator's zMax); in focus and on the axis I = 1/4.
	 */
	double[][] profiles(final double... zNm) {
		final int nodes = rho.length;
		final double[][] re = new double[zNm.length][nodes], im = new double[zNm.length][nodes];
		final double c = optics.wavenumber() * optics.na() * optics.na() / optics.refractiveIndex();
		for (int p = 0; p < zNm.length; p++)
			for (int j = 0; j < nodes; j++) {
				final double phase = -c * zNm[p] * rho[j] * rho[j] / 2;
				re[p][j] = Math.cos(phase);
				im[p][j] = Math.sin(phase);
			}
		final double[][] out = new double[zNm.length][nr];
		final double[] row = new double[nodes];
		final double kNa = optics.wavenumber() * optics.na();
		for (int i = 0; i < nr; i++) {
			final double v = kNa * i * dr;
			for (int j = 0; j < nodes; j++) row[j] = Bessel.j0(v * rho[j]) * weight[j];
			for (int p = 0; p < zNm.length; p++) {
				final double[] cos = re[p], sin = im[p];
				double a = 0, b = 0;
				for (int j = 0; j < nodes; j++) {
					a += row[j] * cos[j];
					b += row[j] * sin[j];
				}
				out[p][i] = a * a + b * b;
			}
		}
		return out;
	}

	/** The radial profile I(i·drNm, zNm), i = 0..n−1, of the model above (not normalised: 1/4 at the focus). */
	static double[] radialProfile(final Optics optics, final double zNm, final double drNm, final int n) {
		if (!(drNm > 0) || n < 1) throw new IllegalArgumentException("need drNm > 0 and n >= 1, got " + drNm + ", " + n);
		return new BornWolf(optics, drNm, n, zNm).profiles(zNm)[0];
	}

	/**
	 * The PSF sampled on a grid of nx·ny·nz voxels centred on voxel (nx/2, ny/2, nz/2), each
	 * value the mean over oversampling² points spread evenly over the pixel's area
	 * (at the pixel's centre plane in z), normalised to sum 1.
	 */
	static float[] volume(final Optics optics, final int nx, final int ny, final int nz, final int oversampling) {
		final int cx = nx / 2, cy = ny / 2, cz = nz / 2;
		final double pxy = optics.pixelXyNm(), pz = optics.pixelZNm();
		final double reachX = Math.max(cx, nx - 1 - cx) + 0.5, reachY = Math.max(cy, ny - 1 - cy) + 0.5;
		final double rMax = Math.hypot(reachX, reachY) * pxy;
		final double dr = Math.min(pxy / (4.0 * oversampling), optics.wavelengthNm() / (64 * optics.na()));
		final int nr = (int) Math.ceil(rMax / dr) + 2;
		final int dzMax = Math.max(cz, nz - 1 - cz);
		final BornWolf model = new BornWolf(optics, dr, nr, dzMax * pz);

		// Where every sub-sample of a plane falls on the radial profile: the same for all planes.
		final int plane = nx * ny, subs = oversampling * oversampling;
		final int[] index = new int[plane * subs];
		final float[] frac = new float[plane * subs];
		for (int y = 0, p = 0; y < ny; y++)
			for (int x = 0; x < nx; x++, p++)
				for (int sy = 0, s = 0; sy < oversampling; sy++)
					for (int sx = 0; sx < oversampling; sx++, s++) {
						final double dx = (x - cx + (sx - (oversampling - 1) / 2.0) / oversampling) * pxy;
						final double dy = (y - cy + (sy - (oversampling - 1) / 2.0) / oversampling) * pxy;
						final double t = Math.sqrt(dx * dx + dy * dy) / dr;
						final int i = (int) t;
						index[p * subs + s] = i;
						frac[p * subs + s] = (float) (t - i);
					}

		final double[] distances = new double[dzMax + 1];
		for (int dz = 0; dz <= dzMax; dz++) distances[dz] = dz * pz;
		final double[][] profiles = model.profiles(distances);
		final float[] out = new float[plane * nz];
		double sum = 0;
		for (int z = 0; z < nz; z++) {
			final double[] prof = profiles[Math.abs(z - cz)];
			for (int p = 0; p < plane; p++) {
				double v = 0;
				for (int s = p * subs, e = s + subs; s < e; s++) {
					final int i = index[s];
					v += prof[i] + frac[s] * (prof[i + 1] - prof[i]);
				}
				out[z * plane + p] = (float) v;
				sum += v;
			}
		}
		final double scale = 1 / sum;
		for (int i = 0; i < out.length; i++) out[i] = (float) (out[i] * scale);
		return out;
	}
}
