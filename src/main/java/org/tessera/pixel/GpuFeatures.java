package org.tessera.pixel;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.tessera.core.Boundary;
import org.tessera.filter.GpuGaussian;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.KernelLaunch;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;

/**
 * The features of {@link Features} on an OpenCL device: the block goes to the
 * device once, every intermediate (smoothed images, gradients, Hessian and
 * structure tensor entries) stays there, and only the features asked for come
 * back. The arithmetic is the CPU path's, operation by operation (Tessera's
 * device Gaussian uses the CPU's weights and order; {@code features.cl} the
 * CPU's differences and eigenvalue formulas), so both agree to rounding.
 */
final class GpuFeatures {

	private GpuFeatures() {}

	/** As {@link Features#compute(float[][], int[], int[], FeatureSettings, boolean[], float[][], int)}, on the device. */
	static int compute(final GpuDevice device, final float[][] rows, final int[] dims, final int[] core, final FeatureSettings settings,
		final boolean[] needed, final float[][] out, final int offset)
	{
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final float[] flat = new float[nx * ny * nz];
		for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, flat, r * nx, nx);
		return device.run(clij2 -> {
			try (Scope s = new Scope(device, clij2, dims)) {
				return s.compute(flat, core, settings, needed, out, offset);
			}
		});
	}

	/** The device buffers of one block's work, freed together. */
	private static final class Scope implements AutoCloseable {

		private final GpuDevice device;
		private final CLIJ2 clij2;
		private final int nx, ny, nz;
		private final long n;
		private final List<ClearCLBuffer> buffers = new ArrayList<>();

		Scope(final GpuDevice device, final CLIJ2 clij2, final int[] dims) {
			this.device = device;
			this.clij2 = clij2;
			nx = dims[0];
			ny = dims[1];
			nz = dims[2];
			n = (long) nx * ny * nz;
		}

		ClearCLBuffer buffer() {
			final ClearCLBuffer b = clij2.create(new long[] { nx, ny, nz }, NativeTypeEnum.Float);
			buffers.add(b);
			return b;
		}

		ClearCLBuffer blur(final ClearCLBuffer src, final double[] sigma) {
			final ClearCLBuffer a = buffer(), b = buffer();
			return GpuGaussian.blur(device, clij2, src, a, b, nx, ny, nz, sigma, FeatureSettings.TRUNCATE, Boundary.REFLECT);
		}

		/** Runs a kernel of features.cl over every voxel (3D sizes when {@code volume}, else n). */
		void run(final String name, final boolean volume, final Object... args) {
			final KernelLaunch k = KernelLaunch.of(device, GpuFeatures.class, "features.cl", name);
			for (int i = 0; i < args.length; i += 2) k.arg((String) args[i], args[i + 1]);
			if (volume) k.run(nx, ny, nz);
			else k.run(n);
		}

		ClearCLBuffer gradient(final ClearCLBuffer src, final int axis, final float half, final float edge) {
			final ClearCLBuffer d = buffer();
			run("gradient_axis", true, "src", src, "dst", d, "axis", axis, "nx", nx, "ny", ny, "nz", nz, "central", half, "edge", edge);
			return d;
		}

		ClearCLBuffer pointwise(final String name, final ClearCLBuffer a, final ClearCLBuffer b) {
			final ClearCLBuffer d = buffer();
			run(name, false, "a", a, "b", b, "dst", d, "n", n);
			return d;
		}

		/** Copies a buffer's core voxels into the array (x fastest). */
		void download(final ClearCLBuffer b, final int[] core, final float[] target) {
			final float[] all = new float[(int) n];
			b.writeTo(FloatBuffer.wrap(all), true);
			int i = 0;
			for (int z = core[2]; z < core[2] + core[5]; z++)
				for (int y = core[1]; y < core[1] + core[4]; y++) {
					System.arraycopy(all, core[0] + nx * (y + ny * z), target, i, core[3]);
					i += core[3];
				}
		}

		int compute(final float[] flat, final int[] core, final FeatureSettings settings, final boolean[] needed, final float[][] out,
			final int offset)
		{
			final int size = core[3] * core[4] * core[5];
			final Features.Out o = new Features.Out(out, offset, needed, size);
			final ClearCLBuffer src = buffer();
			src.readFrom(FloatBuffer.wrap(flat), true);
			if (o.want(0)) download(src, core, o.array(0));
			final int dims = settings.threeD() ? 3 : 2;
			int k = 1;
			for (final double sigma : settings.sigmas()) {
				final Features.Layout l = Features.layout(settings, k);
				k = l.next();
				final boolean wantHessian = o.want(l.laplacian()) || o.wantAny(l.hessian(), dims), wantStructure = o.wantAny(l.structure(), dims);
				if (!(o.want(l.gaussian()) || o.want(l.gradient()) || o.want(l.dog()) || wantHessian || wantStructure)) continue;
				final ClearCLBuffer g = blur(src, settings.perAxis(sigma));
				if (o.want(l.gaussian())) download(g, core, o.array(l.gaussian()));
				ClearCLBuffer[] grad = null;
				if (o.want(l.gradient()) || wantHessian || wantStructure) {
					grad = new ClearCLBuffer[dims];
					for (int a = 0; a < dims; a++) {
						// as Features.Volume.derivative: half = 0.5f * (1 / spacing), edge = 1 / spacing, in float
						final float inv = (float) (1 / (a == 2 ? settings.zScale() : 1));
						grad[a] = gradient(g, a, 0.5f * inv, inv);
					}
				}
				if (o.want(l.gradient())) {
					final ClearCLBuffer m = buffer();
					run("magnitude", false, "a", grad[0], "b", grad[1], "c", grad[dims - 1], "dst", m, "three", dims == 3 ? 1 : 0, "n", n);
					download(m, core, o.array(l.gradient()));
				}
				if (o.want(l.dog())) download(pointwise("subtract", blur(src, settings.perAxis(sigma * FeatureSettings.DOG_RATIO)), g), core, o.array(l
					.dog()));
				if (wantHessian) {
					// d/da of gradient b, as Features.Volume.coreDerivative: (hi - lo) * (float) (0.5 / spacing)
					final ClearCLBuffer[] h = new ClearCLBuffer[dims * (dims + 1) / 2];
					int e = 0;
					for (int a = 0; a < dims; a++)
						for (int b = a; b < dims; b++) {
							final double spacing = a == 2 ? settings.zScale() : 1;
							h[e++] = gradient(grad[b], a, (float) (0.5 / spacing), (float) (1 / spacing));
						}
					if (o.want(l.laplacian())) {
						final ClearCLBuffer t = buffer();
						run("trace", false, "a", h[0], "b", dims == 2 ? h[2] : h[3], "c", dims == 2 ? h[2] : h[5], "dst", t, "three", dims == 3 ? 1 : 0, "n",
							n);
						download(t, core, o.array(l.laplacian()));
					}
					if (o.wantAny(l.hessian(), dims)) eigen(h, dims, core, o.arrays(l.hessian(), dims));
				}
				if (wantStructure) {
					final ClearCLBuffer[] t = new ClearCLBuffer[dims * (dims + 1) / 2];
					int e = 0;
					for (int a = 0; a < dims; a++)
						for (int b = a; b < dims; b++) t[e++] = blur(pointwise("multiply", grad[a], grad[b]), settings.perAxis(sigma *
							FeatureSettings.STRUCTURE_OUTER));
					eigen(t, dims, core, o.arrays(l.structure(), dims));
				}
			}
			return k;
		}

		/** Eigenvalues of the symmetric matrices whose upper triangles are in m, largest first, into the arrays. */
		private void eigen(final ClearCLBuffer[] m, final int dims, final int[] core, final float[][] target) {
			final ClearCLBuffer[] e = new ClearCLBuffer[dims];
			for (int j = 0; j < dims; j++) e[j] = buffer();
			if (dims == 2) run("eigen2", false, "a", m[0], "b", m[1], "c", m[2], "e1", e[0], "e2", e[1], "n", n);
			else run("eigen3", false, "A", m[0], "B", m[1], "C", m[2], "D", m[3], "E", m[4], "F", m[5], "e1", e[0], "e2", e[1], "e3", e[2], "n", n);
			for (int j = 0; j < dims; j++) download(e[j], core, target[j]);
		}

		@Override
		public void close() {
			for (final ClearCLBuffer b : buffers) b.close();
		}
	}
}
