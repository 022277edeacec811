package org.tessera.testutil;

import java.util.Random;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Seeded synthetic images for tests. */
public final class TestImages {

	private TestImages() {
	}

	/** A planar float image with uniform random values in [0, 1). */
	public static AxisImg<FloatType> randomFloats(final long seed, final long[] dims, final AxisType... axes) {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(dims);
		fill(img, seed, 1);
		return AxisImg.of("random-" + seed, img, axes);
	}

	/** Fills an image with uniform random values in [0, scale). */
	public static <T extends RealType<T>> void fill(final Iterable<T> img, final long seed, final double scale) {
		final Random r = new Random(seed);
		for (final T t : img) t.setReal(r.nextDouble() * scale);
	}

	/** Flat copy of a real image in flat-iteration order (x fastest). */
	public static <T extends RealType<T>> double[] values(final AxisImg<T> img) {
		final long n = net.imglib2.util.Intervals.numElements(img.data());
		final double[] v = new double[(int) n];
		int i = 0;
		for (final T t : Views.flatIterable(img.data())) v[i++] = t.getRealDouble();
		return v;
	}

	/** A random blobby mask: random seeds grown a little, about 35 % foreground. */
	public static RandomAccessibleInterval<UnsignedByteType> blobs(final long seed, final long... dims) {
		final var img = ArrayImgs.unsignedBytes(dims);
		final Random r = new Random(seed);
		for (final UnsignedByteType t : img) t.set(r.nextDouble() < 0.12 ? 1 : 0);
		// one growth step along x and y makes elongated, touching shapes
		final var grown = ArrayImgs.unsignedBytes(dims);
		final var src = Views.extendZero(img).randomAccess();
		final var c = grown.localizingCursor();
		final long[] p = new long[dims.length];
		while (c.hasNext()) {
			c.fwd();
			c.localize(p);
			int on = 0;
			for (int d = 0; d < 2; d++)
				for (final int o : new int[] { -1, 0, 1 }) {
					p[d] += o;
					src.setPosition(p);
					on |= src.get().get();
					p[d] -= o;
				}
			c.get().set(on);
		}
		return grown;
	}

	/** The first plane of an ImageJ image as floats. */
	public static float[] planeFloats(final ij.ImagePlus imp) {
		return (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
	}

	/** The first plane of a label image as ints. */
	public static int[] planeInts(final ij.ImagePlus imp) {
		final float[] f = planeFloats(imp);
		final int[] v = new int[f.length];
		for (int i = 0; i < f.length; i++) v[i] = (int) f[i];
		return v;
	}
}
