package org.tessera.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Random;

import org.jtransforms.fft.FloatFFT_1D;
import org.jtransforms.fft.FloatFFT_2D;
import org.jtransforms.fft.FloatFFT_3D;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.testutil.Requirements;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;

/**
 * The OpenCL FFT agrees with JTransforms (the CPU path) to float accuracy:
 * max |difference| / max |value| &lt;= 1e-5, forward and inverse, in 1D, 2D and
 * 3D; and the complex pointwise kernels agree with a Java loop bit for bit.
 */
class GpuFftTest {

	private static final double TOLERANCE = 1e-5;

	/** The largest relative difference seen against JTransforms, printed after the tests. */
	private static double worst, worstRoundTrip;
	private static String worstCase = "none";

	@BeforeEach
	void needsOpenCL() {
		Requirements.requireOpenCL();
	}

	@AfterAll
	static void report() {
		System.out.printf(Locale.ROOT, "GpuFftTest: worst max|GPU - JTransforms| / max|value| = %.3g (%s); worst round trip %.3g%n", worst,
			worstCase, worstRoundTrip);
	}

	private static GpuDevice device() {
		return GpuDevices.get("");
	}

	/** Gaussian random values, seeded. */
	static float[] random(final long seed, final long n) {
		final Random r = new Random(seed);
		final float[] a = new float[(int) n];
		for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
		return a;
	}

	/** max |a - b| / max |b|. */
	static double relativeDifference(final float[] a, final float[] b) {
		double maxDiff = 0, maxAbs = 0;
		for (int i = 0; i < a.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs((double) a[i] - b[i]));
			maxAbs = Math.max(maxAbs, Math.abs(b[i]));
		}
		return maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
	}

	private static void record(final double rel, final String what) {
		synchronized (GpuFftTest.class) {
			if (rel > worst) {
				worst = rel;
				worstCase = what;
			}
		}
	}

	/**
	 * JTransforms on a copy, shaped like the data (x fastest). JTransforms wants
	 * every length of a 2D or 3D transform above 1, so axes of length 1 are
	 * dropped first (which does not change the layout).
	 */
	private static float[] jtransforms(final float[] data, final int nx, final int ny, final int nz, final boolean forward) {
		final float[] a = data.clone();
		final int[] d = java.util.stream.IntStream.of(nx, ny, nz).filter(v -> v > 1).toArray(); // fastest first
		if (d.length <= 1) {
			final FloatFFT_1D fft = new FloatFFT_1D(d.length == 0 ? 1 : d[0]);
			if (forward) fft.complexForward(a);
			else fft.complexInverse(a, true);
		}
		else if (d.length == 2) {
			final FloatFFT_2D fft = new FloatFFT_2D(d[1], d[0]);
			if (forward) fft.complexForward(a);
			else fft.complexInverse(a, true);
		}
		else {
			final FloatFFT_3D fft = new FloatFFT_3D(d[2], d[1], d[0]);
			if (forward) fft.complexForward(a);
			else fft.complexInverse(a, true);
		}
		return a;
	}

	private static void matchesJTransforms(final int nx, final int ny, final int nz) {
		final float[] x = random(nx * 1_000_003L + ny * 1009L + nz, 2L * nx * ny * nz);
		final String shape = nx + "x" + ny + "x" + nz;
		for (final boolean forward : new boolean[] { true, false }) {
			final float[] expected = jtransforms(x, nx, ny, nz, forward);
			final float[] actual = forward ? GpuFft.forward(device(), x, nx, ny, nz) : GpuFft.inverse(device(), x, nx, ny, nz);
			final double rel = relativeDifference(actual, expected);
			final String what = (forward ? "forward " : "inverse ") + shape;
			record(rel, what);
			assertTrue(rel <= TOLERANCE, what + ": relative difference " + rel);
		}
		final float[] back = GpuFft.inverse(device(), GpuFft.forward(device(), x, nx, ny, nz), nx, ny, nz);
		final double rel = relativeDifference(back, x);
		synchronized (GpuFftTest.class) {
			worstRoundTrip = Math.max(worstRoundTrip, rel);
		}
		assertTrue(rel <= TOLERANCE, "round trip " + shape + ": relative difference " + rel);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25, 27, 30, 32, 45, 60, 64, 75, 81, 100, 125, 128, 243, 250, 256, 360,
		384, 625, 1000, 1024, 2187, 3125, 4096, 6000 })
	void oneDimensionalMatchesJTransforms(final int n) {
		matchesJTransforms(n, 1, 1);
	}

	@ParameterizedTest
	@CsvSource({ "30,40", "64,48", "1,8", "8,1", "5,3", "2,125", "100,81", "256,256", "243,200" })
	void twoDimensionalMatchesJTransforms(final int nx, final int ny) {
		matchesJTransforms(nx, ny, 1);
	}

	@ParameterizedTest
	@CsvSource({ "16,12,10", "32,32,30", "64,60,45", "2,3,5", "1,1,8", "1,9,1", "8,1,9", "5,4,27", "25,1,16", "48,50,2" })
	void threeDimensionalMatchesJTransforms(final int nx, final int ny, final int nz) {
		matchesJTransforms(nx, ny, nz);
	}

	@ParameterizedTest
	@CsvSource({ "1,1,1", "12,1,1", "60,1,1", "30,40,1", "16,12,10" })
	void deltaTransformsToAllOnes(final int nx, final int ny, final int nz) {
		final float[] delta = new float[2 * nx * ny * nz];
		delta[0] = 1;
		final float[] f = GpuFft.forward(device(), delta, nx, ny, nz);
		for (int i = 0; i < f.length; i += 2) {
			assertEquals(1, f[i], 1e-6, "re " + i / 2);
			assertEquals(0, f[i + 1], 1e-6, "im " + i / 2);
		}
		// and back: the inverse of all ones is the delta
		final float[] back = GpuFft.inverse(device(), f, nx, ny, nz);
		assertTrue(relativeDifference(back, delta) <= 1e-6, "inverse of all ones");
	}

	@ParameterizedTest
	@CsvSource({ "384,1,1", "64,48,1", "32,32,30" })
	void parseval(final int nx, final int ny, final int nz) {
		final long n = (long) nx * ny * nz;
		final float[] x = random(17, 2 * n);
		final float[] f = GpuFft.forward(device(), x, nx, ny, nz);
		double ex = 0, ef = 0;
		for (int i = 0; i < x.length; i++) {
			ex += (double) x[i] * x[i];
			ef += (double) f[i] * f[i];
		}
		assertEquals(1, ef / n / ex, TOLERANCE);
	}

	@Test
	void aPlanTransformsDeviceBuffersInPlaceAndCanBeReused() {
		final int nx = 20, ny = 18, nz = 6;
		final long n = nx * ny * nz;
		final float[] x = random(3, 2 * n), y = random(4, 2 * n);
		final float[] fx = new float[x.length], fy = new float[y.length];
		final GpuDevice device = device();
		device.run(clij2 -> {
			try (GpuFft.Plan plan = GpuFft.plan(device, clij2, nx, ny, nz); ClearCLBuffer a = clij2.create(new long[] { 2 * n },
				NativeTypeEnum.Float); ClearCLBuffer b = clij2.create(new long[] { 2 * n }, NativeTypeEnum.Float))
			{
				a.readFrom(FloatBuffer.wrap(x), true);
				b.readFrom(FloatBuffer.wrap(y), true);
				plan.forward(a);
				plan.forward(b);
				a.writeTo(FloatBuffer.wrap(fx), true);
				b.writeTo(FloatBuffer.wrap(fy), true);
			}
			return null;
		});
		assertTrue(relativeDifference(fx, jtransforms(x, nx, ny, nz, true)) <= TOLERANCE);
		assertTrue(relativeDifference(fy, jtransforms(y, nx, ny, nz, true)) <= TOLERANCE);
	}

	@Test
	void plansReleaseTheirBuffersAlsoAfterAnError() {
		final GpuDevice device = device();
		final String before = device.run(clij2 -> clij2.reportMemory()).lines().findFirst().orElse("");
		final float[] x = random(21, 2 * 24 * 10);
		for (int i = 0; i < 50; i++) GpuFft.inverse(device, GpuFft.forward(device, x, 24, 10, 1), 24, 10, 1); // 5 passes: ends with a copy
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> device.run(clij2 -> {
			try (GpuFft.Plan plan = GpuFft.plan(device, clij2, 24, 10, 1); ClearCLBuffer wrong = clij2.create(new long[] { 2 * 240 + 2 },
				NativeTypeEnum.Float))
			{
				plan.forward(wrong);
			}
			return null;
		}));
		assertEquals("an FFT of 24x10x1 needs a Float buffer of 480 values, got Float x 482", e.getMessage());
		assertEquals(before, device.run(clij2 -> clij2.reportMemory()).lines().findFirst().orElse(""));
	}

	@Test
	void aLengthNotOfTheForm2a3b5cGivesOneLineWithTheNextGoodLength() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpuFft.forward(device(), new float[2 * 64 * 7],
			64, 7, 1));
		assertEquals("FFT of 64x7x1: length 7 along y is not of the form 2^a*3^b*5^c; pad it to FftSizes.nextFast(7) = 8", e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
		final IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> device().run(clij2 -> GpuFft.plan(device(),
			clij2, 16, 16, 98)));
		assertTrue(z.getMessage().contains("FftSizes.nextFast(98) = 100"), z.getMessage());
		final IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> GpuFft.forward(device(), new float[10],
			4, 1, 1));
		assertEquals("an FFT of 4x1x1 needs 8 interleaved floats, got 10", length.getMessage());
	}

	// ---- complex pointwise kernels, against the same expressions in Java (float arithmetic, so bit for bit)

	private interface DeviceOp {
		void apply(GpuDevice device, ClearCLBuffer a, ClearCLBuffer b, long n);
	}

	/** Runs op on device buffers holding a (aFloats long) and b, returns a's and b's contents afterwards. */
	private static float[][] onDevice(final float[] a, final float[] b, final long n, final DeviceOp op) {
		final GpuDevice device = device();
		final float[] ra = a.clone(), rb = b.clone();
		device.run(clij2 -> {
			try (ClearCLBuffer da = clij2.create(new long[] { a.length }, NativeTypeEnum.Float); ClearCLBuffer db = clij2.create(new long[] {
				b.length }, NativeTypeEnum.Float))
			{
				da.readFrom(FloatBuffer.wrap(a), true);
				db.readFrom(FloatBuffer.wrap(b), true);
				op.apply(device, da, db, n);
				da.writeTo(FloatBuffer.wrap(ra), true);
				db.writeTo(FloatBuffer.wrap(rb), true);
			}
			return null;
		});
		return new float[][] { ra, rb };
	}

	@Test
	void complexMultiplyMatchesJava() {
		final int n = 10_007;
		final float[] a = random(5, 2 * n), b = random(6, 2 * n);
		final float[] expected = new float[2 * n];
		for (int i = 0; i < n; i++) {
			final float ar = a[2 * i], ai = a[2 * i + 1], br = b[2 * i], bi = b[2 * i + 1];
			expected[2 * i] = ar * br - ai * bi;
			expected[2 * i + 1] = ar * bi + ai * br;
		}
		final float[][] r = onDevice(a, b, n, GpuComplex::multiply);
		assertArrayEquals(expected, r[0]);
		assertArrayEquals(b, r[1]);
	}

	@Test
	void complexMultiplyByConjugateMatchesJava() {
		final int n = 10_007;
		final float[] a = random(7, 2 * n), b = random(8, 2 * n);
		final float[] expected = new float[2 * n];
		for (int i = 0; i < n; i++) {
			final float ar = a[2 * i], ai = a[2 * i + 1], br = b[2 * i], bi = b[2 * i + 1];
			expected[2 * i] = ar * br + ai * bi;
			expected[2 * i + 1] = ai * br - ar * bi;
		}
		assertArrayEquals(expected, onDevice(a, b, n, GpuComplex::multiplyConjugate)[0]);
	}

	@Test
	void onlyTheFirstNValuesAreTouched() {
		final float[] a = random(9, 20), b = random(10, 20);
		final float[] r = onDevice(a, b, 3, GpuComplex::multiply)[0];
		for (int i = 6; i < 20; i++) assertEquals(a[i], r[i], "value " + i);
	}

	@Test
	void realToComplexAndBack() {
		final int n = 4099;
		final float[] real = random(11, n);
		final float[] complex = random(12, 2 * n); // garbage to be overwritten
		final float[] packed = onDevice(real, complex, n, GpuComplex::toComplex)[1];
		for (int i = 0; i < n; i++) {
			assertEquals(real[i], packed[2 * i], "re " + i);
			assertEquals(0f, packed[2 * i + 1], "im " + i);
		}
		final float[] unpacked = onDevice(packed, new float[n], n, GpuComplex::toReal)[1];
		assertArrayEquals(real, unpacked);
	}

	@Test
	void aBufferTooSmallForNIsRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> onDevice(new float[8], new float[6], 4,
			GpuComplex::multiply));
		assertEquals("multiply: buffer b has 6 floats, needs 8", e.getMessage());
	}
}
