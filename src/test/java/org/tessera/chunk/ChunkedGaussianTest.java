package org.tessera.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
import org.tessera.testutil.TestImages;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** A chunked Gaussian equals the whole-image Gaussian exactly, for several block shapes, in 2D and 3D. */
class ChunkedGaussianTest {

	private static final AxisType[] XYZ = { AxisType.X, AxisType.Y, AxisType.Z };

	/** The block function: blur the haloed block on one thread with the given boundary, keep its core. */
	static BlockFunction<FloatType, FloatType> blur(final double[] sigma, final Boundary boundary) {
		return BlockFunction.mapping(block -> new GaussianBlur(sigma, boundary, GaussianKernel.DEFAULT_TRUNCATE, null, 1).apply(AxisImg.of(
			"block", block, Arrays.copyOf(XYZ, block.numDimensions()))).data());
	}

	static long[] radii(final double[] sigma) {
		return Arrays.stream(sigma).mapToLong(s -> GaussianKernel.radius(s, GaussianKernel.DEFAULT_TRUNCATE)).toArray();
	}

	static RandomAccessibleInterval<FloatType> chunked(final AxisImg<FloatType> in, final double[] sigma, final Boundary boundary,
		final long[] halo, final Padding padding, final long... blockShape)
	{
		final var out = PlanarImgs.floats(in.data().dimensionsAsLongArray());
		new BlockProcessor(blockShape, halo, padding, 3).process(in.data(), BlockSink.into(out), blur(sigma, boundary), TaskMonitor.NONE);
		return out;
	}

	static double[] values(final RandomAccessibleInterval<FloatType> img) {
		return TestImages.values(AxisImg.of("v", img, Arrays.copyOf(XYZ, img.numDimensions())));
	}

	static Stream<Arguments> cases() {
		return Stream.of(
			Arguments.of(new long[] { 61, 47 }, new double[] { 2, 1.5 }, new long[] { 16, 16 }),
			Arguments.of(new long[] { 61, 47 }, new double[] { 2, 1.5 }, new long[] { 7, 5 }),
			Arguments.of(new long[] { 61, 47 }, new double[] { 3, 3 }, new long[] { 61, 1 }),
			Arguments.of(new long[] { 61, 47 }, new double[] { 1, 2 }, new long[] { 100, 100 }),
			Arguments.of(new long[] { 33, 29, 17 }, new double[] { 1.5, 1, 2 }, new long[] { 8, 8, 4 }),
			Arguments.of(new long[] { 33, 29, 17 }, new double[] { 1.5, 1, 2 }, new long[] { 5, 13, 3 }),
			Arguments.of(new long[] { 33, 29, 17 }, new double[] { 2, 2, 2 }, new long[] { 33, 29, 1 }));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void chunkedEqualsWholeForEveryPadding(final long[] dims, final double[] sigma, final long[] blockShape) {
		final AxisImg<FloatType> in = TestImages.randomFloats(17, dims, Arrays.copyOf(XYZ, dims.length));
		for (final Boundary b : Boundary.values()) {
			final double[] whole = TestImages.values(new GaussianBlur(sigma, b, GaussianKernel.DEFAULT_TRUNCATE, null, 1).apply(in));
			final double[] chunked = values(chunked(in, sigma, Boundary.NEAREST, radii(sigma), Padding.valueOf(b.name()), blockShape));
			assertArrayEquals(whole, chunked, 0.0, "boundary " + b);
		}
	}

	/** The float fast path (GaussianBlur.applyChunked) on array, planar and 16-bit images. */
	@ParameterizedTest
	@MethodSource("cases")
	void applyChunkedEqualsWhole(final long[] dims, final double[] sigma, final long[] blockShape) {
		final AxisType[] axes = Arrays.copyOf(XYZ, dims.length);
		final AxisImg<FloatType> planar = TestImages.randomFloats(23, dims, axes);
		final var array = net.imglib2.img.array.ArrayImgs.floats(dims);
		Blocks.copy(planar.data(), array);
		final var u16 = net.imglib2.img.array.ArrayImgs.unsignedShorts(dims);
		TestImages.fill(u16, 4, 5000);
		for (final Boundary b : Boundary.values()) {
			final GaussianBlur blur = new GaussianBlur(sigma, b, GaussianKernel.DEFAULT_TRUNCATE, null, 2);
			final double[] whole = TestImages.values(blur.apply(planar));
			final AxisImg<FloatType> out = AxisImg.of("out", net.imglib2.img.array.ArrayImgs.floats(dims), axes);
			blur.applyChunked(AxisImg.of("a", array, axes), out, blockShape, TaskMonitor.NONE);
			assertArrayEquals(whole, TestImages.values(out), 0.0, "array input, boundary " + b);
			final AxisImg<FloatType> out2 = AxisImg.of("out", PlanarImgs.floats(dims), axes);
			blur.applyChunked(planar, out2, blockShape, TaskMonitor.NONE);
			assertArrayEquals(whole, TestImages.values(out2), 0.0, "planar input, boundary " + b);
			final var u16in = AxisImg.of("u", u16, axes);
			final var u16out = AxisImg.of("uo", net.imglib2.img.array.ArrayImgs.unsignedShorts(dims), axes);
			blur.applyChunked(u16in, u16out, blockShape, TaskMonitor.NONE);
			assertArrayEquals(TestImages.values(blur.apply(u16in)), TestImages.values(u16out), 0.0, "16-bit, boundary " + b);
		}
	}

	@Test
	void paddingNoneLeavesTheEdgesToTheBlockFunction() {
		// dask's boundary='none': edge blocks see the image edge, and the filter's own mode applies there
		final AxisImg<FloatType> in = TestImages.randomFloats(5, new long[] { 40, 30 }, AxisType.X, AxisType.Y);
		final double[] sigma = { 2, 2 };
		final double[] whole = TestImages.values(GaussianBlur.of(sigma).withBoundary(Boundary.MIRROR).apply(in));
		assertArrayEquals(whole, values(chunked(in, sigma, Boundary.MIRROR, radii(sigma), Padding.NONE, 9, 11)), 0.0);
	}

	@Test
	void aHaloNarrowerThanTheKernelShowsAtTheSeams() {
		final AxisImg<FloatType> in = TestImages.randomFloats(5, new long[] { 40, 30 }, AxisType.X, AxisType.Y);
		final double[] sigma = { 2, 2 };
		final double[] whole = TestImages.values(GaussianBlur.of(sigma).apply(in));
		final double[] narrow = values(chunked(in, sigma, Boundary.NEAREST, new long[] { 3, 3 }, Padding.NEAREST, 10, 10));
		assertFalse(Arrays.equals(whole, narrow));
	}

	@Test
	void resumeSkipsFinishedBlocksAndCancellationStops() {
		final AxisImg<FloatType> in = TestImages.randomFloats(5, new long[] { 64, 64 }, AxisType.X, AxisType.Y);
		final var out = PlanarImgs.floats(64, 64);
		final Set<Integer> done = ConcurrentHashMap.newKeySet();
		final AtomicInteger calls = new AtomicInteger();
		final BlockSink<FloatType> sink = new BlockSink<>() {
			@Override
			public RandomAccessibleInterval<FloatType> open(final Block block) {
				return Views.interval(out, block.core());
			}

			@Override
			public void commit(final Block block, final RandomAccessibleInterval<FloatType> written) {
				done.add(block.index());
			}

			@Override
			public boolean isDone(final Block block) {
				return done.contains(block.index());
			}
		};
		final BlockFunction<FloatType, FloatType> f = (i, o) -> {
			calls.incrementAndGet();
			ChunkedGaussianTest.blur(new double[] { 1, 1 }, Boundary.NEAREST).apply(i, o);
		};
		final BlockProcessor p = BlockProcessor.of(4, 4).withBlockShape(16, 16).withPadding(Padding.NEAREST).withThreads(1);
		final AtomicInteger checks = new AtomicInteger();
		assertThrows(CancellationException.class, () -> p.process(in.data(), sink, f, TaskMonitor.cancelledBy(() -> checks
			.incrementAndGet() > 5)));
		assertEquals(5, done.size(), "blocks finished before the cancel");
		final BlockProcessor.Summary s = p.process(in.data(), sink, f, TaskMonitor.NONE);
		assertEquals(new BlockProcessor.Summary(16, 11, 5), s);
		assertEquals(16, calls.get(), "every block computed exactly once over both runs");
		assertArrayEquals(TestImages.values(GaussianBlur.of(1, 1).apply(in)), values(out), 0.0);
	}

	@Test
	void aFailingBlockStopsTheJobWithItsError() {
		final AxisImg<FloatType> in = TestImages.randomFloats(5, new long[] { 32, 32 }, AxisType.X, AxisType.Y);
		final var out = PlanarImgs.floats(32, 32);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> BlockProcessor.of(0, 0).withBlockShape(8, 8).process(
			in.data(), BlockSink.into(out), (i, o) -> {
				if (i.min(0) == 16) throw new IllegalStateException("bad block");
			}, TaskMonitor.NONE));
		assertEquals("bad block", e.getMessage(), "the block's own exception, not a wrapper");
	}
}
