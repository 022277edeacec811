package org.tessera.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.testutil.TestImages;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class GaussianBlurTest {

	/**
	 * Independent reference: direct 3D convolution with the product kernel,
	 * summed in double, reading outside pixels through the boundary mode.
	 */
	static double[] directConvolution(final double[] in, final int nx, final int ny, final int nz, final double[] sigma,
		final Boundary b)
	{
		final double[] wx = GaussianKernel.halfKernel(sigma[0], 4), wy = GaussianKernel.halfKernel(sigma[1], 4),
			wz = GaussianKernel.halfKernel(sigma[2], 4);
		final int rx = wx.length - 1, ry = wy.length - 1, rz = wz.length - 1;
		final double[] out = new double[in.length];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					double sum = 0;
					for (int kz = -rz; kz <= rz; kz++) {
						final int zz = b.map(z + kz, nz);
						if (zz < 0) continue;
						for (int ky = -ry; ky <= ry; ky++) {
							final int yy = b.map(y + ky, ny);
							if (yy < 0) continue;
							for (int kx = -rx; kx <= rx; kx++) {
								final int xx = b.map(x + kx, nx);
								if (xx < 0) continue;
								sum += wz[Math.abs(kz)] * wy[Math.abs(ky)] * wx[Math.abs(kx)] * in[xx + nx * (yy + ny * zz)];
							}
						}
					}
					out[x + nx * (y + ny * z)] = sum;
				}
		return out;
	}

	private static void assertClose(final double[] expected, final double[] actual, final double tol) {
		assertEquals(expected.length, actual.length);
		double worst = 0;
		int at = -1;
		for (int i = 0; i < expected.length; i++) {
			final double d = Math.abs(expected[i] - actual[i]);
			if (d > worst) {
				worst = d;
				at = i;
			}
		}
		assertTrue(worst <= tol, "max abs difference " + worst + " at " + at + " > " + tol);
	}

	@ParameterizedTest
	@EnumSource(Boundary.class)
	void blur3DEqualsDirectConvolution(final Boundary b) {
		final AxisImg<FloatType> in = TestImages.randomFloats(7, new long[] { 23, 17, 9 }, AxisType.X, AxisType.Y, AxisType.Z);
		final double[] sigma = { 1.5, 2.5, 0.9 };
		final AxisImg<FloatType> out = new GaussianBlur(sigma, b, 4, null).apply(in);
		final double[] ref = directConvolution(TestImages.values(in), 23, 17, 9, sigma, b);
		assertClose(ref, TestImages.values(out), 2e-6);
	}

	@ParameterizedTest
	@EnumSource(Boundary.class)
	void blur2DWithKernelWiderThanTheImage(final Boundary b) {
		// radius 24 > width 11: the boundary mode is applied many periods out
		final AxisImg<FloatType> in = TestImages.randomFloats(3, new long[] { 11, 30 }, AxisType.X, AxisType.Y);
		final AxisImg<FloatType> out = GaussianBlur.of(6).withBoundary(b).apply(in);
		final double[] ref = directConvolution(TestImages.values(in), 11, 30, 1, new double[] { 6, 6, 0 }, b);
		assertClose(ref, TestImages.values(out), 2e-6);
	}

	private static float[] fixture(final String name) throws IOException {
		try (InputStream s = GaussianBlurTest.class.getResourceAsStream("scipy/" + name)) {
			final byte[] bytes = s.readAllBytes();
			final float[] f = new float[bytes.length / 4];
			ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
			return f;
		}
	}

	private static double[] toDouble(final float[] f) {
		final double[] d = new double[f.length];
		for (int i = 0; i < f.length; i++) d[i] = f[i];
		return d;
	}

	/** scipy.ndimage.gaussian_filter values made once by scipy/make_fixture.py. */
	@ParameterizedTest
	@EnumSource(Boundary.class)
	void matchesScipyGaussianFilter(final Boundary b) throws IOException {
		final float[] input = fixture("input.f32");
		final AxisImg<FloatType> in = AxisImg.of("scipy", ArrayImgs.floats(input, 20, 16, 12), AxisType.X, AxisType.Y, AxisType.Z);
		// scipy's sigma (z, y, x) = (0.8, 2.0, 1.5)
		final AxisImg<FloatType> out = new GaussianBlur(new double[] { 1.5, 2.0, 0.8 }, b, 4, null).apply(in);
		assertClose(toDouble(fixture("gaussian_" + b.key() + ".f32")), TestImages.values(out), 1e-6);
	}

	@Test
	void matchesScipyIn2D() throws IOException {
		final float[] input = fixture("input.f32");
		final float[] plane = new float[20 * 16];
		System.arraycopy(input, 6 * 20 * 16, plane, 0, plane.length);
		final AxisImg<FloatType> in = AxisImg.of("plane", ArrayImgs.floats(plane, 20, 16), AxisType.X, AxisType.Y);
		final AxisImg<FloatType> out = GaussianBlur.of(3).withBoundary(Boundary.REFLECT).apply(in);
		assertClose(toDouble(fixture("gaussian2d_reflect_s3_z6.f32")), TestImages.values(out), 1e-6);
	}

	@Test
	void channelsAndTimePointsAreBlurredSeparately() {
		final AxisImg<FloatType> hyper = TestImages.randomFloats(11, new long[] { 16, 12, 2, 5, 3 }, AxisType.X, AxisType.Y,
			AxisType.CHANNEL, AxisType.Z, AxisType.TIME);
		final AxisImg<FloatType> out = GaussianBlur.of(1.2).apply(hyper);
		for (int c = 0; c < 2; c++)
			for (int t = 0; t < 3; t++) {
				final AxisImg<FloatType> volume = AxisImg.of("v", Views.hyperSlice(Views.hyperSlice(hyper.data(), 4, t), 2, c), AxisType.X,
					AxisType.Y, AxisType.Z);
				final AxisImg<FloatType> alone = GaussianBlur.of(1.2).apply(volume);
				final AxisImg<FloatType> part = AxisImg.of("p", Views.hyperSlice(Views.hyperSlice(out.data(), 4, t), 2, c), AxisType.X,
					AxisType.Y, AxisType.Z);
				assertArrayEquals(TestImages.values(alone), TestImages.values(part), 0.0, "c=" + c + " t=" + t);
			}
	}

	@Test
	void integerTypesAreRoundedAndClamped() {
		final var img = PlanarImgs.unsignedBytes(9, 7);
		TestImages.fill(img, 5, 256);
		final RandomAccess<UnsignedByteType> ra = img.randomAccess();
		ra.setPosition(new long[] { 4, 3 });
		ra.get().set(255);
		final AxisImg<UnsignedByteType> in = AxisImg.of("u8", img, AxisType.X, AxisType.Y);
		final AxisImg<UnsignedByteType> out = GaussianBlur.of(0.7).apply(in);
		final double[] ref = directConvolution(TestImages.values(in), 9, 7, 1, new double[] { 0.7, 0.7, 0 }, Boundary.NEAREST);
		final double[] got = TestImages.values(out);
		for (int i = 0; i < ref.length; i++)
			assertEquals(Math.max(0, Math.min(255, Math.round(ref[i]))), got[i], 1.0 + 1e-9, "pixel " + i); // float rounding at .5
		long exact = 0;
		for (int i = 0; i < ref.length; i++) if (Math.round(ref[i]) == got[i]) exact++;
		assertTrue(exact >= ref.length - 2, "only " + exact + " of " + ref.length + " pixels rounded like the reference");
	}

	@Test
	void resultDoesNotDependOnTheNumberOfThreads() {
		final AxisImg<FloatType> in = TestImages.randomFloats(2, new long[] { 64, 48, 20 }, AxisType.X, AxisType.Y, AxisType.Z);
		final double[] one = TestImages.values(GaussianBlur.of(2).withThreads(1).apply(in));
		final double[] four = TestImages.values(GaussianBlur.of(2).withThreads(4).apply(in));
		assertArrayEquals(one, four, 0.0);
	}

	@Test
	void reportsProgressAndStopsWhenCancelled() {
		final AxisImg<FloatType> in = TestImages.randomFloats(2, new long[] { 64, 48, 3, 4 }, AxisType.X, AxisType.Y, AxisType.Z,
			AxisType.TIME);
		final AtomicLong last = new AtomicLong();
		GaussianBlur.of(1).apply(in, new TaskMonitor() {
			@Override
			public void progress(final long done, final long total) {
				assertTrue(done <= total);
				last.set(done == total ? -1 : done);
			}

			@Override
			public boolean isCancelled() {
				return false;
			}
		});
		assertEquals(-1, last.get(), "progress must end at total");
		final AtomicLong calls = new AtomicLong();
		assertThrows(CancellationException.class, () -> GaussianBlur.of(1).apply(in, TaskMonitor.cancelledBy(() -> calls
			.incrementAndGet() > 2)));
	}

	@Test
	void sigmaParsingAndCountsAreChecked() {
		assertArrayEquals(new double[] { 2, 2, 1 }, GaussianBlur.parseSigma("2,2,1"));
		assertArrayEquals(new double[] { 1.5 }, GaussianBlur.parseSigma(" 1.5 "));
		assertEquals("sigma 'two' is not a number or a list like 2,2,1",
			assertThrows(IllegalArgumentException.class, () -> GaussianBlur.parseSigma("two")).getMessage());
		assertThrows(IllegalArgumentException.class, () -> GaussianBlur.parseSigma("-1"));
		final AxisImg<FloatType> flat = TestImages.randomFloats(1, new long[] { 8, 8 }, AxisType.X, AxisType.Y);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianBlur.of(1, 1, 1).apply(flat));
		assertTrue(e.getMessage().contains("sigma has 3 values but image 'random-1' has 2 spatial axes"), e.getMessage());
	}
}
