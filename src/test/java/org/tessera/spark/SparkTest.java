package org.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.tessera.batch.FolderBatch;
import org.tessera.batch.OutputType;
import org.tessera.batch.Pipelines;
import org.tessera.chunk.BlockProcessor;
import org.tessera.chunk.ChunkedImages;
import org.tessera.chunk.ZarrArray;
import org.tessera.chunk.ZarrImages;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.Boundary;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.TestImages;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** Block jobs and folder batches on Spark in local[2] mode give the local executor's results. */
class SparkTest {

	private static JavaSparkContext sc;

	@TempDir
	Path tmp;

	@BeforeAll
	static void startSpark() {
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("tessera-test").set("spark.ui.enabled", "false").set(
			"spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
	}

	@AfterAll
	static void stopSpark() {
		sc.close();
	}

	private Path planes(final int n) throws IOException {
		final Path dir = Files.createDirectories(tmp.resolve("planes"));
		for (int z = 0; z < n; z++) {
			final var p = ArrayImgs.unsignedShorts(45, 38);
			TestImages.fill(p, 100 + z, 5000);
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(AxisImg.of("p", p, AxisType.X, AxisType.Y)), dir.resolve(String.format("z%03d.tif",
				z)));
		}
		return dir;
	}

	private static double[] zarr(final Path root) throws IOException {
		return TestImages.values(AxisImg.of("z", ZarrImages.<UnsignedShortType> open(ZarrArray.open(root.resolve("0")), 4), AxisType.X,
			AxisType.Y, AxisType.Z));
	}

	@Test
	void blockJobOnSparkEqualsTheLocalExecutor() throws IOException {
		final Path in = planes(10);
		final AxisImg<UnsignedShortType> img = ChunkedImages.open(in.toString(), 32);
		final GaussianBlur g = new GaussianBlur(new double[] { 1.2, 1.2, 1 }, Boundary.REFLECT, 4, null, 2);
		final long[] block = { 16, 16, 4 };
		final BlockProcessor.Summary s = SparkBlocks.run(sc, in.toString(), tmp.resolve("spark.zarr"), block, g.halo(img), g.padding(), g
			.blockFunction(img));
		assertEquals(new BlockProcessor.Summary(27, 27, 0), s);
		final ZarrArray local = ZarrArray.create(tmp.resolve("local.zarr/0"), img.data().dimensionsAsLongArray(), new int[] { 16, 16, 4 },
			ZarrArray.DType.U16, true);
		g.applyChunked(img, ZarrImages.sink(local), block, TaskMonitor.NONE);
		assertArrayEquals(zarr(tmp.resolve("local.zarr")), zarr(tmp.resolve("spark.zarr")), 0.0);
		assertArrayEquals(TestImages.values(g.apply(img)), zarr(tmp.resolve("spark.zarr")), 0.0);
		// resume: everything is there already
		assertEquals(new BlockProcessor.Summary(27, 0, 27), SparkBlocks.run(sc, in.toString(), tmp.resolve("spark.zarr"), block, g.halo(img), g
			.padding(), g.blockFunction(img)));
	}

	@Test
	void folderBatchOnSparkEqualsTheLocalBatch() throws IOException {
		final Path in = Files.createDirectories(tmp.resolve("in"));
		for (int i = 0; i < 5; i++)
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(64, 48, 5, i).generate().image()), in.resolve("n" + i + ".tif"));
		Files.writeString(in.resolve("zz-broken.tif"), "not a tiff");
		final List<Path> files = FolderBatch.resolveInputs(in.toString());
		final String pipeline = "gaussian sigma=2 device=CPU";
		final FolderBatch.Report spark = SparkBatch.run(sc, files, tmp.resolve("spark"), pipeline, false, OutputType.U16);
		final Context ctx = new Context();
		final FolderBatch.Report local;
		try {
			local = new FolderBatch(files, tmp.resolve("local"), 2, false, OutputType.U16).run(Pipelines.parse(ctx, pipeline, 1),
				TaskMonitor.NONE);
		}
		finally {
			ctx.dispose();
		}
		assertEquals("6 files: 5 ok, 0 skipped, 1 failed", spark.summary());
		for (int i = 0; i < files.size(); i++) {
			assertEquals(local.rows().get(i).status(), spark.rows().get(i).status());
			assertEquals(local.rows().get(i).outputVariance(), spark.rows().get(i).outputVariance(), 0.0);
		}
		for (int i = 0; i < 5; i++)
			assertArrayEquals(Files.readAllBytes(tmp.resolve("local/n" + i + ".tif")), Files.readAllBytes(tmp.resolve("spark/n" + i + ".tif")));
		assertTrue(Files.readString(tmp.resolve("spark/metrics.csv")).startsWith("file,status,input_variance,output_variance,seconds\n"));
	}

	@Test
	void sparkSubmitEntryPointRunsABatchAndRejectsBadInput() throws IOException {
		final Path in = Files.createDirectories(tmp.resolve("main-in"));
		for (int i = 0; i < 3; i++)
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(40, 40, 3, i).generate().image()), in.resolve("m" + i + ".tif"));
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		// the entry point makes its own context; stop the shared one meanwhile (one per JVM)
		sc.close();
		try {
			final int code = SparkMain.run(new String[] { "batch", "input=" + in, "output=" + tmp.resolve("main-out"), "pipeline=gaussian sigma=1",
				"output_type=32-bit", "spark.master=local[2]" }, new PrintStream(out), new PrintStream(err));
			assertEquals(2, code, "unknown key");
			final int ok = SparkMain.run(new String[] { "batch", "input=" + in, "output=" + tmp.resolve("main-out"), "pipeline=gaussian sigma=1",
				"output_type=32-bit" }, new PrintStream(out), new PrintStream(err));
			assertEquals(0, ok, err.toString());
			assertTrue(out.toString().contains("summary=3 files: 3 ok, 0 skipped, 0 failed"), out.toString());
			assertEquals(32, ImageFiles.read(tmp.resolve("main-out/m1.tif"), "o").getBitDepth());
		}
		finally {
			startSpark();
		}
	}
}
