package org.tessera.deconv;

import java.util.Arrays;
import java.util.List;

import org.tessera.core.Axis;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A point spread function for deconvolution: nx·ny·nz float samples, x
 * fastest then y then z (nz = 1 for 2D), non-negative, summing to 1 and
 * centred on the voxel ({@link #centre nx/2, ny/2, nz/2}) in integer division:
 * the middle voxel for odd sizes (the ones to prefer), the first voxel of the
 * upper half for even sizes, which is where FFT-based convolution expects the
 * origin after a circular shift by n/2.
 * <p>
 * Three sources:
 * <ul>
 * <li>{@link #gaussian}: a sampled 3D Gaussian;</li>
 * <li>{@link #bornWolf}: the widefield diffraction model of Born and Wolf (see
 * {@link BornWolf}) from the {@link Optics};</li>
 * <li>{@link #fromImage}: a measured bead, background-subtracted, centred,
 * cropped or padded.</li>
 * </ul>
 * Instances are immutable: {@link #data()} returns a copy.
 */
public final class Psf {

	private final float[] data;
	private final int nx, ny, nz;

	private Psf(final float[] data, final int nx, final int ny, final int nz) {
		this.data = data;
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
	}

	public int nx() {
		return nx;
	}

	public int ny() {
		return ny;
	}

	/** Number of slices; 1 for a 2D PSF. */
	public int nz() {
		return nz;
	}

	/** A copy of the samples, x fastest, then y, then z. */
	public float[] data() {
		return data.clone();
	}

	/** The sample at voxel (x, y, z). */
	public float get(final int x, final int y, final int z) {
		return data[x + nx * (y + ny * z)];
	}

	/** The index of the centre voxel along an axis of n voxels: n/2 in integer division. */
	public static int centre(final int n) {
		return n / 2;
	}

	// ---------------------------------------------------------------- Gaussian

	/**
	 * A 3D Gaussian sampled at the voxel centres and normalised to sum 1. Its
	 * discrete second moments equal sigma² within 0.2 % when sigma ≥ 0.8 and
	 * the size covers ±4·sigma; sigma 0 puts everything in the centre along
	 * that axis.
	 *
	 * @param sx standard deviation along x in pixels (≥ 0); likewise sy and sz (sz is ignored when nz = 1)
	 * @throws IllegalArgumentException for negative sigmas or sizes below 1
	 */
	public static Psf gaussian(final double sx, final double sy, final double sz, final int nx, final int ny, final int nz) {
		checkSize(nx, ny, nz);
		final double[] gx = gaussian1d("x", sx, nx), gy = gaussian1d("y", sy, ny), gz = gaussian1d("z", nz == 1 ? 0 : sz, nz);
		final float[] out = new float[nx * ny * nz];
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++) out[i] = (float) (gx[x] * gy[y] * gz[z]);
		return new Psf(out, nx, ny, nz);
	}

	/** Normalised samples exp(−(i−c)²/(2s²)), c = n/2. */
	private static double[] gaussian1d(final String axis, final double s, final int n) {
		if (!(s >= 0) || !Double.isFinite(s))
			throw new IllegalArgumentException("sigma along " + axis + " must be a number >= 0 (pixels), got " + s);
		final double[] g = new double[n];
		final int c = centre(n);
		if (s == 0) {
			g[c] = 1;
			return g;
		}
		double sum = 0;
		for (int i = 0; i < n; i++) {
			final double d = (i - c) / s;
			g[i] = Math.exp(-0.5 * d * d);
			sum += g[i];
		}
		for (int i = 0; i < n; i++) g[i] /= sum;
		return g;
	}

	// ---------------------------------------------------------- Born and Wolf

	/**
	 * The widefield PSF of the Born and Wolf model (see {@link BornWolf} for the
	 * formula and its source), with the focus on the centre voxel, each pixel the
	 * mean over 3×3 points of its area (against aliasing when pixels are not much
	 * smaller than the Airy disc), normalised to sum 1.
	 *
	 * @param optics numerical aperture, wavelength, refractive index and voxel size
	 */
	public static Psf bornWolf(final Optics optics, final int nx, final int ny, final int nz) {
		return bornWolf(optics, nx, ny, nz, BornWolf.DEFAULT_OVERSAMPLING);
	}

	/**
	 * As {@link #bornWolf(Optics, int, int, int)}, with oversampling × oversampling
	 * points per pixel (1: the value at the pixel centre).
	 *
	 * @param oversampling an odd number from 1 to 15
	 */
	public static Psf bornWolf(final Optics optics, final int nx, final int ny, final int nz, final int oversampling) {
		checkSize(nx, ny, nz);
		if (oversampling < 1 || oversampling > 15 || oversampling % 2 == 0)
			throw new IllegalArgumentException("oversampling must be an odd number from 1 to 15, got " + oversampling);
		return new Psf(BornWolf.volume(optics, nx, ny, nz, oversampling), nx, ny, nz);
	}

	// ------------------------------------------------------------ from a bead

	/**
	 * A PSF from the image of a bead: the median of the image's border (its
	 * outermost rows, columns and, in 3D, slices) is taken as the background and
	 * subtracted, negative values become 0; the bead's centre is the centre of
	 * mass within ±3 pixels of its brightest point (after a 3-pixel box mean,
	 * so that a single hot pixel does not count), rounded to whole pixels; the
	 * image is shifted by whole pixels so that this centre lands on the output's
	 * centre voxel, cropped or padded with zeros to the output size and
	 * normalised to sum 1. Noise above the background stays in: average several
	 * beads, or denoise, for a cleaner PSF.
	 *
	 * @param data the bead image, x fastest, then y, then z
	 * @param nx width of the bead image; likewise ny, nz (1 for 2D)
	 * @param outNx width of the PSF; likewise outNy, outNz
	 * @throws IllegalArgumentException for an empty image, a size that does not
	 *           match the data, or an image with nothing above its background
	 */
	public static Psf fromImage(final float[] data, final int nx, final int ny, final int nz, final int outNx, final int outNy,
		final int outNz)
	{
		if (data == null || data.length == 0 || nx < 1 || ny < 1 || nz < 1)
			throw new IllegalArgumentException("the bead image is empty; expected a 2D or 3D image of a bead");
		if ((long) nx * ny * nz != data.length)
			throw new IllegalArgumentException("the bead image has " + data.length + " values, not " + nx + "x" + ny + "x" + nz);
		checkSize(outNx, outNy, outNz);
		final float background = median(border(data, nx, ny, nz));
		final float[] signal = new float[data.length];
		float max = 0;
		for (int i = 0; i < data.length; i++) {
			final float v = data[i] - background;
			signal[i] = v > 0 ? v : 0; // also NaN to 0
			max = Math.max(max, signal[i]);
		}
		if (!(max > 0) || !Float.isFinite(max))
			throw new IllegalArgumentException("the bead image is flat: nothing above its background " + background +
				"; expected a bright bead on a darker background");
		final int[] centre = beadCentre(signal, nx, ny, nz);
		final int ox = centre(outNx), oy = centre(outNy), oz = centre(outNz);
		final float[] out = new float[outNx * outNy * outNz];
		double sum = 0;
		for (int z = 0, i = 0; z < outNz; z++) {
			final int iz = z - oz + centre[2];
			for (int y = 0; y < outNy; y++) {
				final int iy = y - oy + centre[1];
				for (int x = 0; x < outNx; x++, i++) {
					final int ix = x - ox + centre[0];
					if (ix < 0 || iy < 0 || iz < 0 || ix >= nx || iy >= ny || iz >= nz) continue;
					out[i] = signal[ix + nx * (iy + ny * iz)];
					sum += out[i];
				}
			}
		}
		if (!(sum > 0))
			throw new IllegalArgumentException("the bead's centre voxel is 0 and the output size " + outNx + "x" + outNy + "x" + outNz +
				" keeps nothing else; give a larger size");
		final double scale = 1 / sum;
		for (int i = 0; i < out.length; i++) out[i] = (float) (out[i] * scale);
		return new Psf(out, outNx, outNy, outNz);
	}

	/**
	 * A PSF from a bead image in an {@link AxisImg} (x, y and optionally z; no
	 * channels or time points); see {@link #fromImage(float[], int, int, int, int, int, int)}.
	 */
	public static <T extends RealType<T>> Psf fromImage(final AxisImg<T> bead, final int outNx, final int outNy, final int outNz) {
		for (final AxisType t : List.of(AxisType.CHANNEL, AxisType.TIME))
			if (bead.size(t) > 1)
				throw new IllegalArgumentException("the bead image '" + bead.name() + "' has " + bead.size(t) + (t == AxisType.CHANNEL
					? " channels" : " time points") + "; expected one 2D or 3D image of a bead");
		final int[] s = Volumes.shape(bead);
		return fromImage(Volumes.read(bead, 0, 0, Threads.executor(1)), s[0], s[1], s[2], outNx, outNy, outNz);
	}

	/** The values on the border of the volume: x or y at its ends, or z at its ends in 3D. */
	private static float[] border(final float[] data, final int nx, final int ny, final int nz) {
		final float[] b = new float[data.length];
		int n = 0;
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++)
					if (x == 0 || y == 0 || x == nx - 1 || y == ny - 1 || nz > 1 && (z == 0 || z == nz - 1)) b[n++] = data[i];
		return Arrays.copyOf(b, n);
	}

	private static float median(final float[] v) {
		final float[] s = v.clone();
		Arrays.sort(s);
		final int n = s.length;
		return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}

	/** Centre of mass within ±3 pixels of the brightest point of the 3-pixel box mean, rounded; twice, recentring the window. */
	private static int[] beadCentre(final float[] signal, final int nx, final int ny, final int nz) {
		final int[] n = { nx, ny, nz };
		final float[] smooth = boxMean(signal, n);
		int best = 0;
		for (int i = 1; i < smooth.length; i++)
			if (smooth[i] > smooth[best]) best = i;
		int[] c = { best % nx, best / nx % ny, best / (nx * ny) };
		for (int pass = 0; pass < 2; pass++) {
			final int[] lo = new int[3], hi = new int[3];
			for (int d = 0; d < 3; d++) {
				lo[d] = Math.max(0, c[d] - 3);
				hi[d] = Math.min(n[d] - 1, c[d] + 3);
			}
			double m = 0, mx = 0, my = 0, mz = 0;
			for (int z = lo[2]; z <= hi[2]; z++)
				for (int y = lo[1]; y <= hi[1]; y++)
					for (int x = lo[0]; x <= hi[0]; x++) {
						final double v = signal[x + nx * (y + ny * z)];
						m += v;
						mx += v * x;
						my += v * y;
						mz += v * z;
					}
			if (!(m > 0)) break; // keep the brightest point
			c = new int[] { (int) Math.round(mx / m), (int) Math.round(my / m), (int) Math.round(mz / m) };
		}
		return c;
	}

	/** Mean over 3 pixels along every axis longer than 1 (fewer at the edges). */
	private static float[] boxMean(final float[] in, final int[] n) {
		float[] cur = in;
		final int[] stride = { 1, n[0], n[0] * n[1] };
		for (int d = 0; d < 3; d++) {
			if (n[d] < 2) continue;
			final float[] next = new float[cur.length];
			for (int i = 0; i < cur.length; i++) {
				final int pos = i / stride[d] % n[d];
				float s = cur[i];
				int count = 1;
				if (pos > 0) {
					s += cur[i - stride[d]];
					count++;
				}
				if (pos < n[d] - 1) {
					s += cur[i + stride[d]];
					count++;
				}
				next[i] = s / count;
			}
			cur = next;
		}
		return cur;
	}

	// -------------------------------------------------------------- as images

	/**
	 * The PSF as a 32-bit image with axes x, y (and z if nz > 1), calibrated in
	 * µm; the pixels are a copy.
	 *
	 * @param name the image's name
	 * @param pixelXyNm lateral pixel size in nm
	 * @param pixelZNm axial step in nm (unused in 2D)
	 */
	public AxisImg<FloatType> toImage(final String name, final double pixelXyNm, final double pixelZNm) {
		final Axis x = new Axis(AxisType.X, pixelXyNm / 1000, 0, "µm"), y = new Axis(AxisType.Y, pixelXyNm / 1000, 0, "µm");
		if (nz == 1) return new AxisImg<>(name, ArrayImgs.floats(data.clone(), nx, ny), List.of(x, y));
		final PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(nx, ny, nz);
		final int plane = nx * ny;
		for (int z = 0; z < nz; z++) System.arraycopy(data, z * plane, img.getPlane(z).getCurrentStorageArray(), 0, plane);
		return new AxisImg<>(name, img, List.of(x, y, new Axis(AxisType.Z, pixelZNm / 1000, 0, "µm")));
	}

	private static void checkSize(final int nx, final int ny, final int nz) {
		if (nx < 1 || ny < 1 || nz < 1)
			throw new IllegalArgumentException("size must be at least 1 along every axis, got " + nx + "x" + ny + "x" + nz);
		if ((long) nx * ny * nz > Integer.MAX_VALUE - 16)
			throw new IllegalArgumentException("size " + nx + "x" + ny + "x" + nz + " is more voxels than one array can hold");
	}
}
