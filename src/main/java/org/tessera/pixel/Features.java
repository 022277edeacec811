package org.tessera.pixel;

import java.util.Set;

import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.SeparableGaussian;
import org.tessera.pixel.FeatureSettings.Feature;

import net.imglib2.parallel.TaskExecutor;
import net.imglib2.parallel.TaskExecutors;

/**
 * The filter features of one block of one channel, on the CPU: Gaussian
 * smoothing ({@link SeparableGaussian}, the same kernels as Tessera's Gaussian
 * blur), derivatives of the smoothed image by central differences as numpy's
 * {@code np.gradient} takes them (so the Hessian is the one of scikit-image's
 * {@code hessian_matrix}: the gradient of the gradient of the smoothed image),
 * and eigenvalues in closed form, largest first.
 * <p>
 * The block comes with its halo ({@link FeatureSettings#halo()}); only its core is
 * computed exactly and returned, so that blocks give what the whole image gives.
 * The whole image is one block whose halo is filled by the boundary mode.
 */
public final class Features {

	/** Blocks are small enough for one thread each; blocks run in parallel. */
	private static final TaskExecutor ONE_THREAD = TaskExecutors.singleThreaded();

	private Features() {
		// static utility
	}

	/**
	 * The features of the core of a block.
	 *
	 * @param rows the block with its halo, {@code rows[y + ny·z]} of length nx
	 * @param dims {nx, ny, nz} of the block
	 * @param core {x0, y0, z0, cnx, cny, cnz}: the core within the block
	 * @param settings which features
	 * @param out where feature {@code offset + k} of core voxel {@code i} (x fastest) goes: {@code out[offset + k][i]}
	 * @param offset the first feature index to write
	 * @return the number of features written ({@link FeatureSettings#perChannel()})
	 */
	public static int compute(final float[][] rows, final int[] dims, final int[] core, final FeatureSettings settings, final float[][] out,
		final int offset)
	{
		return compute(rows, dims, core, settings, null, out, offset);
	}

	/**
	 * The features of the core of a block, only those marked in {@code needed} (the
	 * others' arrays are left as they are, null or not): what a forest that uses some
	 * features needs, with the work for the others skipped.
	 *
	 * @param needed per feature of one channel ({@link FeatureSettings#names()}), whether to compute it; null for all
	 * @param out as for {@link #compute(float[][], int[], int[], FeatureSettings, float[][], int)}; a needed feature's
	 *          array is made when null
	 */
	public static int compute(final float[][] rows, final int[] dims, final int[] core, final FeatureSettings settings, final boolean[] needed,
		final float[][] out, final int offset)
	{
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final Volume v = new Volume(nx, ny, nz, core);
		final int n = settings.dimensions(); // a single plane in 3D has zero z derivatives
		final Out o = new Out(out, offset, needed, v.coreSize());
		if (o.want(0)) v.copyCore(rows, o.array(0));
		int k = 1;
		for (final double sigma : settings.sigmas()) {
			final Layout l = layout(settings, k);
			k = l.next();
			final int gaussian = l.gaussian(), gradient = l.gradient(), dog = l.dog(), laplacian = l.laplacian(), hessian = l.hessian(),
				structure = l.structure();
			final boolean wantHessian = o.want(laplacian) || o.wantAny(hessian, n), wantStructure = o.wantAny(structure, n);
			if (!(o.want(gaussian) || o.want(gradient) || o.want(dog) || wantHessian || wantStructure)) continue;
			final float[][] g = blur(rows, dims, settings.perAxis(sigma));
			if (o.want(gaussian)) v.copyCore(g, o.array(gaussian));
			final float[][][] grad = o.want(gradient) || wantHessian || wantStructure ? new float[n][][] : null;
			if (grad != null) for (int a = 0; a < n; a++) grad[a] = v.derivative(g, a, a == 2 ? settings.zScale() : 1);
			if (o.want(gradient)) {
				final float[] m = o.array(gradient);
				v.forCore((i, row, x) -> {
					double s = 0;
					for (final float[][] d : grad) s += (double) d[row][x] * d[row][x];
					m[i] = (float) Math.sqrt(s);
				});
			}
			if (o.want(dog)) {
				final float[][] small = blur(rows, dims, settings.perAxis(sigma * FeatureSettings.DOG_RATIO));
				final float[] m = o.array(dog);
				v.forCore((i, row, x) -> m[i] = small[row][x] - g[row][x]);
			}
			if (wantHessian) hessian(v, grad, settings, o.want(laplacian) ? o.array(laplacian) : null, o.wantAny(hessian, n) ? o.arrays(hessian, n)
				: null);
			if (wantStructure) structure(v, grad, dims, settings.perAxis(sigma * FeatureSettings.STRUCTURE_OUTER), o.arrays(structure, n));
		}
		return k;
	}

	/**
	 * Where one scale's features are among a channel's ({@link FeatureSettings#names()}), in
	 * Feature's order: each one's index (-1 when not chosen; the eigenvalues' first), and
	 * the next scale's first index.
	 */
	record Layout(int gaussian, int gradient, int dog, int laplacian, int hessian, int structure, int next) {}

	/** The layout of a scale whose first feature has index {@code k}. */
	static Layout layout(final FeatureSettings settings, int k) {
		final Set<Feature> f = settings.features();
		final int n = settings.dimensions();
		final int gaussian = f.contains(Feature.GAUSSIAN) ? k++ : -1;
		final int gradient = f.contains(Feature.GRADIENT) ? k++ : -1;
		final int dog = f.contains(Feature.DOG) ? k++ : -1;
		final int laplacian = f.contains(Feature.LAPLACIAN) ? k++ : -1;
		final int hessian = f.contains(Feature.HESSIAN) ? k : -1;
		if (hessian >= 0) k += n;
		final int structure = f.contains(Feature.STRUCTURE) ? k : -1;
		if (structure >= 0) k += n;
		return new Layout(gaussian, gradient, dog, laplacian, hessian, structure, k);
	}

	/** The output arrays of one channel's features, made on demand for the needed ones. */
	record Out(float[][] out, int offset, boolean[] needed, int size) {

		boolean want(final int k) {
			return k >= 0 && (needed == null || needed[k]);
		}

		boolean wantAny(final int k, final int width) {
			if (k < 0) return false;
			for (int j = 0; j < width; j++)
				if (want(k + j)) return true;
			return false;
		}

		float[] array(final int k) {
			if (out[offset + k] == null) out[offset + k] = new float[size];
			return out[offset + k];
		}

		/** The arrays of features k .. k + width - 1 (all made: eigenvalues come together). */
		float[][] arrays(final int k, final int width) {
			final float[][] a = new float[width][];
			for (int j = 0; j < width; j++) a[j] = array(k + j);
			return a;
		}
	}

	/** Laplacian and Hessian eigenvalues (either may be null: not wanted), from the gradient's central differences at the core. */
	private static void hessian(final Volume v, final float[][][] grad, final FeatureSettings settings, final float[] laplacian,
		final float[][] eigen)
	{
		final int n = grad.length;
		// the Hessian's upper triangle at the core: d/da of gradient b
		final float[][] h = new float[n * (n + 1) / 2][];
		int e = 0;
		for (int a = 0; a < n; a++)
			for (int b = a; b < n; b++) h[e++] = v.coreDerivative(grad[b], a, a == 2 ? settings.zScale() : 1);
		final double[] ev = new double[3];
		for (int i = 0; i < v.coreSize(); i++) {
			if (n == 2) {
				if (laplacian != null) laplacian[i] = h[0][i] + h[2][i];
				if (eigen != null) eigen2(h[0][i], h[1][i], h[2][i], ev);
			}
			else { // h: xx, xy, xz, yy, yz, zz
				if (laplacian != null) laplacian[i] = h[0][i] + h[3][i] + h[5][i];
				if (eigen != null) eigen3(h[0][i], h[1][i], h[2][i], h[3][i], h[4][i], h[5][i], ev);
			}
			if (eigen != null) for (int j = 0; j < n; j++) eigen[j][i] = (float) ev[j];
		}
	}

	/** Structure tensor eigenvalues: products of the gradient smoothed at the outer scale, at the core. */
	private static void structure(final Volume v, final float[][][] grad, final int[] dims, final double[] outer, final float[][] eigen) {
		final int n = grad.length;
		final float[][][] t = new float[n * (n + 1) / 2][][];
		int e = 0;
		for (int a = 0; a < n; a++)
			for (int b = a; b < n; b++) {
				final float[][] p = new float[grad[a].length][];
				for (int r = 0; r < p.length; r++) {
					final float[] ra = grad[a][r], rb = grad[b][r], o = new float[ra.length];
					for (int x = 0; x < o.length; x++) o[x] = ra[x] * rb[x];
					p[r] = o;
				}
				t[e++] = blur(p, dims, outer);
			}
		final double[] ev = new double[3];
		v.forCore((i, row, x) -> {
			if (n == 2) eigen2(t[0][row][x], t[1][row][x], t[2][row][x], ev);
			else eigen3(t[0][row][x], t[1][row][x], t[2][row][x], t[3][row][x], t[4][row][x], t[5][row][x], ev);
			for (int j = 0; j < n; j++) eigen[j][i] = (float) ev[j];
		});
	}

	private static float[][] blur(final float[][] rows, final int[] dims, final double[] sigma) {
		return SeparableGaussian.blur(rows, dims[0], dims[1], dims[2], sigma, FeatureSettings.TRUNCATE, Boundary.REFLECT, ONE_THREAD,
			TaskMonitor.NONE);
	}

	/** Eigenvalues of [[a, b], [b, c]], largest first. */
	static void eigen2(final double a, final double b, final double c, final double[] out) {
		final double mean = (a + c) / 2, d = Math.sqrt((a - c) * (a - c) / 4 + b * b);
		out[0] = mean + d;
		out[1] = mean - d;
	}

	/**
	 * Eigenvalues of the symmetric [[a, b, c], [b, d, e], [c, e, f]], largest first, by
	 * the trigonometric solution of the characteristic cubic (Smith 1961).
	 */
	static void eigen3(final double a, final double b, final double c, final double d, final double e, final double f, final double[] out) {
		final double p1 = b * b + c * c + e * e;
		final double q = (a + d + f) / 3;
		final double p2 = (a - q) * (a - q) + (d - q) * (d - q) + (f - q) * (f - q) + 2 * p1;
		if (p2 <= 1e-300) {
			out[0] = out[1] = out[2] = q;
			return;
		}
		final double p = Math.sqrt(p2 / 6);
		final double ba = (a - q) / p, bd = (d - q) / p, bf = (f - q) / p, bb = b / p, bc = c / p, be = e / p;
		final double det = ba * (bd * bf - be * be) - bb * (bb * bf - be * bc) + bc * (bb * be - bd * bc);
		final double r = Math.max(-1, Math.min(1, det / 2));
		final double phi = Math.acos(r) / 3;
		out[0] = q + 2 * p * Math.cos(phi);
		out[2] = q + 2 * p * Math.cos(phi + 2 * Math.PI / 3);
		out[1] = 3 * q - out[0] - out[2];
	}

	/** A block's geometry: rows of nx values, {@code rows[y + ny·z]}, and its core. */
	private static final class Volume {

		final int nx, ny, nz, x0, y0, z0, cnx, cny, cnz;

		Volume(final int nx, final int ny, final int nz, final int[] core) {
			this.nx = nx;
			this.ny = ny;
			this.nz = nz;
			x0 = core[0];
			y0 = core[1];
			z0 = core[2];
			cnx = core[3];
			cny = core[4];
			cnz = core[5];
			if (x0 < 0 || y0 < 0 || z0 < 0 || x0 + cnx > nx || y0 + cny > ny || z0 + cnz > nz || cnx < 1 || cny < 1 || cnz < 1)
				throw new IllegalArgumentException("core " + java.util.Arrays.toString(core) + " is not inside the block " + nx + "x" + ny + "x" + nz);
		}

		int coreSize() {
			return cnx * cny * cnz;
		}

		interface CoreVisitor {
			void visit(int index, int row, int x);
		}

		/** Calls the visitor for every core voxel: its index in the core (x fastest), its row in the block and its x. */
		void forCore(final CoreVisitor visitor) {
			int i = 0;
			for (int z = z0; z < z0 + cnz; z++)
				for (int y = y0; y < y0 + cny; y++) {
					final int row = y + ny * z;
					for (int x = x0; x < x0 + cnx; x++) visitor.visit(i++, row, x);
				}
		}

		void copyCore(final float[][] rows, final float[] out) {
			int i = 0;
			for (int z = z0; z < z0 + cnz; z++)
				for (int y = y0; y < y0 + cny; y++) {
					System.arraycopy(rows[y + ny * z], x0, out, i, cnx);
					i += cnx;
				}
		}

		/** np.gradient along axis a (0 x, 1 y, 2 z) over the whole block, divided by the spacing. */
		float[][] derivative(final float[][] rows, final int axis, final double spacing) {
			final float[][] out = new float[rows.length][];
			final float inv = (float) (1 / spacing);
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++) {
					final int r = y + ny * z;
					final float[] o = new float[nx];
					if (axis == 0) {
						final float[] row = rows[r];
						if (nx == 1) o[0] = 0;
						else {
							o[0] = (row[1] - row[0]) * inv;
							for (int x = 1; x < nx - 1; x++) o[x] = (row[x + 1] - row[x - 1]) * 0.5f * inv;
							o[nx - 1] = (row[nx - 1] - row[nx - 2]) * inv;
						}
					}
					else {
						final int n = axis == 1 ? ny : nz, at = axis == 1 ? y : z;
						if (n > 1) {
							final float[] lo = rows[neighbour(y, z, axis, Math.max(at - 1, 0))], hi = rows[neighbour(y, z, axis, Math.min(at + 1, n - 1))];
							final float scale = (at == 0 || at == n - 1 ? 1f : 0.5f) * inv;
							for (int x = 0; x < nx; x++) o[x] = (hi[x] - lo[x]) * scale;
						}
					}
					out[r] = o;
				}
			return out;
		}

		/** np.gradient along an axis at the core voxels only (the core has a neighbour on each side). */
		float[] coreDerivative(final float[][] rows, final int axis, final double spacing) {
			final float[] out = new float[coreSize()];
			final float half = (float) (0.5 / spacing);
			int i = 0;
			for (int z = z0; z < z0 + cnz; z++)
				for (int y = y0; y < y0 + cny; y++) {
					final int r = y + ny * z;
					if (axis == 0) {
						final float[] row = rows[r];
						for (int x = x0; x < x0 + cnx; x++) {
							final int a = Math.max(x - 1, 0), b = Math.min(x + 1, nx - 1);
							out[i++] = b - a == 2 ? (row[b] - row[a]) * half : b == a ? 0 : (row[b] - row[a]) * 2 * half;
						}
					}
					else {
						final int n = axis == 1 ? ny : nz, at = axis == 1 ? y : z;
						final int a = Math.max(at - 1, 0), b = Math.min(at + 1, n - 1);
						final float[] lo = rows[neighbour(y, z, axis, a)], hi = rows[neighbour(y, z, axis, b)];
						final float scale = b - a == 2 ? half : b == a ? 0 : 2 * half;
						for (int x = x0; x < x0 + cnx; x++) out[i++] = (hi[x] - lo[x]) * scale;
					}
				}
			return out;
		}

		private int neighbour(final int y, final int z, final int axis, final int at) {
			return axis == 1 ? at + ny * z : y + ny * at;
		}
	}
}
