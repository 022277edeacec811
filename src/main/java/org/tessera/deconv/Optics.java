package org.tessera.deconv;

/**
 * The optics of a widefield fluorescence microscope and the voxel size of its
 * images, as {@link Psf#bornWolf} needs them. Lengths are in nanometres.
 *
 * @param na numerical aperture of the objective, {@code 0 < na < refractiveIndex} (e.g. 1.4)
 * @param wavelengthNm emission wavelength in vacuum, nm (e.g. 520)
 * @param refractiveIndex refractive index of the immersion medium, at least 1 (e.g. 1.518 for oil)
 * @param pixelXyNm lateral pixel size in the sample, nm (e.g. 65)
 * @param pixelZNm axial step between slices, nm (e.g. 200)
 */
public record Optics(double na, double wavelengthNm, double refractiveIndex, double pixelXyNm, double pixelZNm) {

	/** @throws IllegalArgumentException naming the first bad value and the range it must lie in */
	public Optics {
		if (!(refractiveIndex >= 1) || !Double.isFinite(refractiveIndex))
			throw new IllegalArgumentException("ri (refractive index of the immersion) must be a number >= 1, e.g. 1.518 for oil, got " +
				refractiveIndex);
		if (!(na > 0 && na < refractiveIndex))
			throw new IllegalArgumentException("na (numerical aperture) must be > 0 and less than the refractive index ri = " +
				refractiveIndex + ", got " + na);
		positive("wavelength (emission wavelength, nm)", wavelengthNm);
		positive("pixel_xy (lateral pixel size, nm)", pixelXyNm);
		positive("pixel_z (axial step, nm)", pixelZNm);
	}

	private static void positive(final String what, final double v) {
		if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(what + " must be a number > 0, got " + v);
	}

	/** Wavenumber in vacuum, 2π/λ, in rad/nm. */
	public double wavenumber() {
		return 2 * Math.PI / wavelengthNm;
	}

	/** Radius of the first dark ring of the in-focus Airy pattern, 0.61·λ/NA (exactly 3.8317/(k·NA)), nm. */
	public double airyRadiusNm() {
		return 3.8317059702075125 / (wavenumber() * na);
	}

	/** Distance from focus of the first zero on the optical axis in the paraxial model, 2·n·λ/NA², nm. */
	public double axialZeroNm() {
		return 2 * refractiveIndex * wavelengthNm / (na * na);
	}
}
