package org.tessera.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.core.TaskMonitor;
import org.tessera.filter.GaussianBlur;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** The folder batch, as users run it: through the CLI command, with failures, resume, scripts and globs. */
class FolderBatchTest {

	@TempDir
	Path tmp;

	Path in, out;

	@BeforeEach
	void makeInputs() throws IOException {
		in = Files.createDirectories(tmp.resolve("in"));
		out = tmp.resolve("out");
		for (int i = 1; i <= 4; i++)
			ImageFiles.writeTiff(ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(96, 80, 6, i).generate().image()), in.resolve("img_" + i +
				".tif"));
		Files.writeString(in.resolve("broken.tif"), "not an image");
		Files.writeString(in.resolve("notes.txt"), "ignored: not a TIFF");
	}

	private static double[] pixels(final Path p) {
		return TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(p, "p")));
	}

	private List<List<String>> metrics() throws IOException {
		return Files.readAllLines(out.resolve("metrics.csv")).stream().map(FolderBatch::splitCsv).toList();
	}

	@Test
	void gaussianOnAFolderWritesResultsAndMetricsAndReportsTheBrokenFile() throws IOException {
		final CliRun.Result r = CliRun.tessera("batch", "input=" + in, "output=" + out, "pipeline=gaussian sigma=2 device=CPU", "threads=2");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("summary=5 files: 4 ok, 0 skipped, 1 failed"), r.out());
		final List<List<String>> m = metrics();
		assertEquals(List.of("file", "status", "input_variance", "output_variance", "seconds"), m.get(0));
		assertEquals(6, m.size());
		assertEquals("broken.tif", m.get(1).get(0));
		assertTrue(m.get(1).get(1).startsWith("error: input:") && m.get(1).get(1).contains("broken.tif") && m.get(1).get(1).contains(
			"not a TIFF"), m.get(1).get(1));
		for (int i = 1; i <= 4; i++) {
			final List<String> row = m.get(i + 1);
			assertEquals("img_" + i + ".tif", row.get(0));
			assertEquals("ok", row.get(1));
			final ImagePlus src = ImageFiles.read(in.resolve(row.get(0)), "in");
			final AxisImg<UnsignedShortType> source = ImagePlusViews.wrapReal(src);
			final AxisImg<UnsignedShortType> expected = GaussianBlur.of(2).apply(source);
			assertArrayEquals(TestImages.values(expected), pixels(out.resolve(row.get(0))));
			assertEquals(FolderBatch.variance(src), Double.parseDouble(row.get(2)), 1e-6 * FolderBatch.variance(src));
			final double outVar = FolderBatch.variance(ImagePlusViews.toImagePlus(expected));
			assertEquals(outVar, Double.parseDouble(row.get(3)), 1e-6 * outVar);
			assertTrue(Double.parseDouble(row.get(4)) >= 0);
		}
		assertFalse(Files.exists(out.resolve("broken.tif")));
		assertFalse(Files.exists(out.resolve("notes.txt")));
	}

	@Test
	void resumeSkipsFinishedOutputs() throws IOException {
		assertEquals(0, CliRun.tessera("batch", "input=" + in + "/img_*.tif", "output=" + out, "pipeline=gaussian sigma=1 device=CPU").code());
		Files.delete(out.resolve("img_3.tif"));
		final long before = Files.getLastModifiedTime(out.resolve("img_1.tif")).toMillis();
		final CliRun.Result r = CliRun.tessera("batch", "input=" + in + "/img_*.tif", "output=" + out, "pipeline=gaussian sigma=1 device=CPU",
			"resume=true");
		assertEquals(0, r.code(), r.err());
		final List<List<String>> m = metrics();
		assertEquals(5, m.size(), "the glob leaves out broken.tif");
		assertEquals(List.of("skipped", "skipped", "ok", "skipped"), m.subList(1, 5).stream().map(row -> row.get(1)).toList());
		assertTrue(Double.parseDouble(m.get(1).get(2)) > 0, "skipped rows keep the variances of the run that made them");
		assertEquals(before, Files.getLastModifiedTime(out.resolve("img_1.tif")).toMillis());
		assertTrue(Files.exists(out.resolve("img_3.tif")));
	}

	@Test
	void scriptPipelinesRunAndTheirFailuresAreRecorded() throws IOException {
		final Path script = Files.writeString(tmp.resolve("brighter.groovy"), """
			#@ ImagePlus input
			#@output ImagePlus output
			if (input.getTitle().contains("img_2")) throw new IllegalStateException("img_2 is not wanted")
			output = input.duplicate()
			output.getProcessor().add(1000)
			""");
		final CliRun.Result r = CliRun.tessera("batch", "input=" + in + "/img_?.tif", "output=" + out, "pipeline=" + script,
			"output_type=32-bit");
		assertEquals(0, r.code(), r.err());
		final List<List<String>> m = metrics();
		assertEquals("ok", m.get(1).get(1));
		assertTrue(m.get(2).get(1).startsWith("error: ") && m.get(2).get(1).contains("img_2 is not wanted"), m.get(2).get(1));
		final ImagePlus written = ImageFiles.read(out.resolve("img_1.tif"), "out");
		assertEquals(32, written.getBitDepth(), "output_type=32-bit");
		final ImagePlus src = ImageFiles.read(in.resolve("img_1.tif"), "in");
		// 16-bit full range maps to [0, 1]
		final float expected = (src.getProcessor().getf(10, 10) + 1000) / 65535f;
		assertEquals(expected, written.getProcessor().getf(10, 10), 1e-6);
	}

	/**
	 * An ImageJ macro as the recorder writes it, as Process &gt; Batch &gt; Macro
	 * users have them: each image gets exactly what ImageJ's command gives it, and
	 * a macro that stops on one image (exit) marks that file and goes on.
	 */
	@Test
	void aRecordedImageJMacroRunsOnEveryImage() throws IOException {
		Requirements.requireDisplay();
		final Path macro = Files.writeString(tmp.resolve("smooth.ijm"), """
			if (getTitle() == "img_2.tif") exit("img_2 is out of focus");
			run("Gaussian Blur...", "sigma=2");
			""");
		final CliRun.Result r = CliRun.tessera("batch", "input=" + in + "/img_?.tif", "output=" + out, "pipeline=" + macro);
		assertEquals(0, r.code(), r.err());
		final List<List<String>> m = metrics();
		assertEquals(List.of("ok", "ok", "ok"), List.of(m.get(1).get(1), m.get(3).get(1), m.get(4).get(1)), m.toString());
		assertTrue(m.get(2).get(1).startsWith("error: macro smooth.ijm stopped"), m.get(2).get(1));
		assertFalse(Files.exists(out.resolve("img_2.tif")));
		for (final String name : new String[] { "img_1.tif", "img_4.tif" }) {
			final ImagePlus expected = ImageFiles.read(in.resolve(name), "in");
			IJ.run(expected, "Gaussian Blur...", "sigma=2");
			assertArrayEquals(TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(expected)), pixels(out.resolve(name)), name);
		}
	}

	@Test
	void anEmptyOrMissingMacroIsBadInput() throws IOException {
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + in, "output=" + out, "pipeline=" + tmp.resolve("none.ijm")),
			"pipeline: macro not found: ");
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + in, "output=" + out, "pipeline=" + Files.writeString(tmp.resolve(
			"empty.ijm"), "\n")), "is empty");
		assertFalse(Files.exists(out));
	}

	@Test
	void badPipelinesAreBadInputBeforeAnyFileIsTouched() {
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + in, "output=" + out, "pipeline=gausian sigma=2"),
			"pipeline: unknown command 'gausian'");
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + in, "output=" + out, "pipeline=gaussian sigmaa=2"),
			"pipeline: unknown parameter 'sigmaa' for gaussian");
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + tmp.resolve("nothing"), "output=" + out), "input: folder not found");
		CliRun.assertBadInput(CliRun.tessera("batch", "input=" + in + "/*.png", "output=" + out), "input: no TIFF files");
		assertFalse(Files.exists(out));
	}

	@Test
	void cancellingKeepsWhatIsFinished() throws IOException {
		final List<Path> files = FolderBatch.resolveInputs(in + "/img_*.tif");
		final AtomicInteger calls = new AtomicInteger();
		final Pipeline copy = new Pipeline() {
			@Override
			public ImagePlus apply(final ImagePlus input) {
				calls.incrementAndGet();
				return input;
			}

			@Override
			public String describe() {
				return "copy";
			}
		};
		final AtomicInteger checks = new AtomicInteger();
		final FolderBatch batch = new FolderBatch(files, out, 1, false, OutputType.SAME);
		assertThrows(CancellationException.class, () -> batch.run(copy, TaskMonitor.cancelledBy(() -> checks.incrementAndGet() > 2)));
		assertEquals(2, calls.get());
		assertEquals(3, metrics().size(), "header and the two finished files");
		final FolderBatch.Report report = new FolderBatch(files, out, 1, true, OutputType.SAME).run(copy, TaskMonitor.NONE);
		assertEquals("4 files: 2 ok, 2 skipped, 0 failed", report.summary());
		assertEquals(4, calls.get());
	}

	@Test
	void eightBitOutputsScaleTheUnitRangeLikeImgAsUbyte() {
		final ImagePlus f = ImagePlusViews.toImagePlus(AxisImg.of("f", net.imglib2.img.array.ArrayImgs.floats(new float[] { 0f, 0.5f, 1f, 1.2f,
			-0.1f, 0.998f }, 6, 1), org.tessera.core.AxisType.X, org.tessera.core.AxisType.Y));
		final ImagePlus u8 = OutputType.U8.convert(f);
		assertEquals(8, u8.getBitDepth());
		assertArrayEquals(new byte[] { 0, (byte) 128, (byte) 255, (byte) 255, 0, (byte) 254 }, (byte[]) u8.getProcessor().getPixels());
		assertEquals(FloatType.class, ImagePlusViews.wrap(OutputType.F32.convert(u8)).data().getType().getClass());
	}
}
