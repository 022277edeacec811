package org.tessera.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.FloatBlockSink;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.DifferenceOfGaussians;
import org.tessera.filter.GaussianBlur;
import org.tessera.filter.GaussianKernel;
import org.tessera.filter.Neighborhood.Shape;
import org.tessera.filter.NeighborhoodFilter;
import org.tessera.filter.RankFilters;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.OpenCL;
import org.tessera.pixel.FeatureSettings;
import org.tessera.pixel.PixelClassifier;
import org.tessera.pixel.PixelClassifierOp;
import org.tessera.segment.AutoThreshold;
import org.tessera.segment.ThresholdOp;
import org.tessera.pixel.RandomForest;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.spark.SparkBlocks;
import org.tessera.testutil.TestImages;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Every operation, every way the executor runs it, one result: the whole image
 * on the CPU is the reference; blocks on the CPU and on Spark equal it exactly;
 * OpenCL (pocl where there is no GPU) whole, in device tiles under half the
 * memory the volume needs, and in blocks agrees to float rounding. A new operation joins
 * by adding one line to {@link #operations()}.
 */
class OpEquivalenceTest {

	/** An operation as its parameter record makes it for an image. */
	private record Case(String name, Function<AxisImg<?>, ImageOp> op) {

		@Override
		public String toString() {
			return name;
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static double[] otsu(final AxisImg img) {
		return new AutoThreshold("Otsu", true, null).range(img);
	}

	static List<Case> operations() {
		return List.of( //
			new Case("gaussian 1.5 nearest", img -> GaussianBlur.of(1.5).op(img)), //
			new Case("gaussian 2,1,0.7 reflect", img -> GaussianBlur.of(img.numDimensions() > 2 ? new double[] { 2, 1, 0.7 } : new double[] { 2,
				1 }).withBoundary(Boundary.REFLECT).op(img)), //
			new Case("gaussian 1.2 wrap", img -> GaussianBlur.of(1.2).withBoundary(Boundary.WRAP).op(img)), //
			new Case("gaussian 1 constant", img -> GaussianBlur.of(1).withBoundary(Boundary.CONSTANT).op(img)), //
			new Case("minimum 2 ellipse", img -> NeighborhoodFilter.of(RankFilters.Op.MIN, 2).op(img)), //
			new Case("maximum 1 box", img -> NeighborhoodFilter.of(RankFilters.Op.MAX, 1).withShape(Shape.BOX).op(img)), //
			new Case("mean 2 box mirror", img -> NeighborhoodFilter.of(RankFilters.Op.MEAN, 2).withShape(Shape.BOX).withBoundary(Boundary.MIRROR)
				.op(img)), //
			new Case("median 1 ellipse", img -> NeighborhoodFilter.of(RankFilters.Op.MEDIAN, 1).op(img)), //
			new Case("top-hat 2", img -> NeighborhoodFilter.of(RankFilters.Op.MAX, 2).topHatOp(img)), //
			new Case("difference of Gaussians 1 - 2.5", img -> new DifferenceOfGaussians(new double[] { 1 }, new double[] { 2.5 }, null, null, 0)
				.op(img)), //
			new Case("gaussian then median", img -> GaussianBlur.of(1).op(img).andThen(NeighborhoodFilter.of(RankFilters.Op.MEDIAN, 1).op(
				img))), //
			new Case("Otsu mask", img -> ThresholdOp.of(otsu(img))), //
			new Case("gaussian then a mask", img -> GaussianBlur.of(1).op(img).andThen(ThresholdOp.of(otsu(img)))), //
			new Case("pixel classifier, 2D features", img -> new PixelClassifierOp(classifier(false))), //
			new Case("pixel classifier, 3D features", img -> new PixelClassifierOp(classifier(img.numDimensions() > 2))));
	}

	/** A small classifier trained on the 3D test image thresholded at its mean, from a few labelled pixels. */
	private static PixelClassifier classifier(final boolean threeD) {
		final AxisImg<FloatType> img = IMAGE_3D;
		final double[] v = TestImages.values(img);
		final short[] labels = new short[v.length];
		for (int i = 0; i < v.length; i += 7) labels[i] = (short) (v[i] > 0.5 ? 2 : 1);
		final AxisImg<UnsignedShortType> lab = img.withData(ArrayImgs.unsignedShorts(labels, img.data().dimensionsAsLongArray()));
		final FeatureSettings settings = new FeatureSettings(new double[] { 0.7, 1.6 }, EnumSet.allOf(FeatureSettings.Feature.class), threeD, 1);
		return PixelClassifier.train(List.of(new PixelClassifier.TrainingImage<>(img, lab)), settings, null, new RandomForest.Settings(8, 0, 3,
			1), TaskMonitor.NONE);
	}

	private static final AxisImg<FloatType> IMAGE_2D = TestImages.randomFloats(3, new long[] { 53, 41 }, AxisType.X, AxisType.Y);

	private static final AxisImg<FloatType> IMAGE_3D = TestImages.randomFloats(4, new long[] { 29, 23, 11 }, AxisType.X, AxisType.Y,
		AxisType.Z);

	static Stream<Arguments> cases() {
		final List<Arguments> a = new ArrayList<>();
		for (final Case c : operations()) {
			a.add(Arguments.of(c, IMAGE_2D));
			a.add(Arguments.of(c, IMAGE_3D));
		}
		return a.stream();
	}

	private static JavaSparkContext sc;

	@TempDir
	Path tmp;

	@BeforeAll
	static void startSpark() {
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("tessera-ops").set("spark.ui.enabled", "false").set(
			"spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
	}

	@AfterAll
	static void stopSpark() {
		sc.close();
	}

	private static AxisImg<FloatType> whole(final Execution e, final ImageOp op, final AxisImg<FloatType> in) {
		final AxisImg<FloatType> out = in.withData(PlanarImgs.floats(in.data().dimensionsAsLongArray()));
		e.apply(op, in, out);
		return out;
	}

	private static AxisImg<FloatType> blocks(final Execution e, final ImageOp op, final AxisImg<FloatType> in) {
		final AxisImg<FloatType> out = in.withData(PlanarImgs.floats(in.data().dimensionsAsLongArray()));
		final long[] block = in.numDimensions() > 2 ? new long[] { 12, 9, 4 } : new long[] { 16, 13 };
		final BlockProcessor.Summary s = e.blocks(op, in, FloatBlockSink.into(out.data()), block);
		assertTrue(s.blocks() > 4, s.toString());
		return out;
	}

	private AxisImg<FloatType> spark(final ImageOp op, final AxisImg<FloatType> in) throws IOException {
		final Path tif = tmp.resolve("in.tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(in), tif);
		final long[] block = in.numDimensions() > 2 ? new long[] { 12, 9, 4 } : new long[] { 16, 13 };
		final BlockProcessor.Summary s = SparkBlocks.run(sc, tif.toString(), tmp.resolve("out.zarr"), block, op);
		assertEquals(0, s.skipped(), s.toString());
		return in.withData(ZarrImages.<FloatType> open(ZarrArray.open(tmp.resolve("out.zarr/0")), 64));
	}

	private static void assertSame(final String what, final AxisImg<FloatType> expected, final AxisImg<FloatType> actual, final double rel) {
		final double[] e = TestImages.values(expected), a = TestImages.values(actual);
		assertEquals(e.length, a.length, what);
		for (int i = 0; i < e.length; i++)
			if (!(Math.abs(e[i] - a[i]) <= rel * Math.max(1, Math.abs(e[i]))))
				throw new AssertionError(what + ": pixel " + i + " is " + a[i] + ", expected " + e[i]);
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("cases")
	void everyWayGivesTheWholeImageResult(final Case c, final AxisImg<FloatType> in) throws IOException {
		final ImageOp op = c.op().apply(in);
		final String what = c.name() + " " + in.axesLabel();
		final AxisImg<FloatType> reference = whole(Execution.cpu(), op, in);
		assertSame(what + ", CPU blocks", reference, blocks(Execution.cpu(), op, in), 0);
		assertSame(what + ", Spark", reference, spark(op, in), 0);
		if (OpenCL.whyUnavailable() != null) return; // the OpenCL half needs a device (pocl in CI)
		// an operation without an OpenCL kernel runs on the CPU instead, with the same result
		final Execution gpu = new Execution(DeviceChoice.GPU, 0, TaskMonitor.NONE);
		assertSame(what + ", OpenCL", reference, whole(gpu, op, in), 1e-5);
		assertSame(what + ", OpenCL blocks", reference, blocks(gpu, op, in), 1e-5);
		// a memory budget of half what the whole volume needs: the executor goes to tiles
		final long need = 4L * in.data().size() * op.deviceBuffers();
		final String before = System.getProperty(GpuDevice.BUDGET_PROPERTY);
		System.setProperty(GpuDevice.BUDGET_PROPERTY, Long.toString(need / 2));
		try {
			assertSame(what + ", OpenCL tiles", reference, whole(gpu, op, in), 1e-5);
		}
		catch (final IllegalArgumentException e) {
			// only an image less than about twice the haloed reach along every axis cannot be cut into tiles that save memory
			final long[] halo = op.halo();
			for (int d = 0; d < in.numDimensions(); d++)
				assertTrue(in.data().dimension(d) < 4 * halo[d] + 4, what + ": no tiles, " + e.getMessage());
		}
		finally {
			if (before == null) System.clearProperty(GpuDevice.BUDGET_PROPERTY);
			else System.setProperty(GpuDevice.BUDGET_PROPERTY, before);
		}
	}

	/** The reference is right: the Gaussian op on the CPU is the separable sampled-kernel blur, checked at one pixel by hand. */
	@Test
	void theReferenceIsTheFilterItself() {
		final AxisImg<FloatType> in = IMAGE_2D;
		final AxisImg<FloatType> out = whole(Execution.cpu(), GaussianBlur.of(1.5).op(in), in);
		final double[] k = GaussianKernel.halfKernel(1.5, GaussianKernel.DEFAULT_TRUNCATE);
		final int r = k.length - 1, x0 = 20, y0 = 17;
		final double[] v = TestImages.values(in);
		double sum = 0;
		for (int dy = -r; dy <= r; dy++)
			for (int dx = -r; dx <= r; dx++) sum += k[Math.abs(dx)] * k[Math.abs(dy)] * v[x0 + dx + 53 * (y0 + dy)];
		assertEquals(sum, TestImages.values(out)[x0 + 53 * y0], 1e-4 * Math.abs(sum) + 1e-5);
	}

	/** Operations that read their neighbours differently past the edges cannot be chained blockwise, and say so. */
	@Test
	void incompatiblePaddingIsRefused() {
		final ImageOp wrap = GaussianBlur.of(1).withBoundary(Boundary.WRAP).op(IMAGE_2D);
		final ImageOp nearest = GaussianBlur.of(1).op(IMAGE_2D);
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> wrap.andThen(
			nearest));
		assertTrue(e.getMessage().contains("wrap"), e.getMessage());
	}
}
