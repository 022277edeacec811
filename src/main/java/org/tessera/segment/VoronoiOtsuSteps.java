package org.tessera.segment;

/**
 * The steps of Voronoi-Otsu labeling on one backend, so that the pipeline is
 * written once ({@link VoronoiOtsuLabeling#run}) and runs on the CPU
 * ({@link CpuVoronoiOtsu}) or an OpenCL device ({@link GpuVoronoiOtsu}) with
 * identical labels: every step gives the same values on both.
 *
 * @param <F> a float volume on the backend
 * @param <M> the foreground mask on the backend
 * @param <S> the seeds (local maxima) on the backend
 */
interface VoronoiOtsuSteps<F, M, S> {

	/** The input image (not to be changed). */
	F image();

	/** {@code in} blurred with sigma along x, y, z (nearest-pixel boundary, truncated at 4 sigma), as a new volume. */
	F blur(F in, double[] sigma);

	/** The pixels of a volume on the host (x fastest). */
	float[] download(F volume);

	/** Frees a volume made by {@link #blur}. */
	void free(F volume);

	/** The foreground mask (1 inside, 0 outside), made on the host, on the backend. */
	M mask(byte[] mask);

	/** The local maxima of {@code blurred} inside the mask, plateaus of equal maxima settled as one seed. */
	S maxima(F blurred, M mask);

	/**
	 * The seeds labeled (touching seeds, full connectivity, are one), then grown
	 * through the mask by a geodesic Voronoi tessellation; numbered 1..n in the
	 * order of their seed's first pixel.
	 *
	 * @param hostMask the same mask on the host
	 */
	int[] labelAndGrow(S seeds, M mask, byte[] hostMask);
}
