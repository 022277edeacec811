package org.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.segment.LabelStatistics;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;
import org.tessera.testutil.TestImages;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/** label-statistics from the command line on the shipped sample images. */
class LabelStatisticsCommandTest {

	private static final String IMAGE = "test-images/nuclei3d.tif", LABELS = "test-images/nuclei3d-labels.tif";

	private static final String HEADER = "label,volume,mean,min,max,sum,centroid_x,centroid_y,centroid_z,bbox_x0,bbox_y0,bbox_z0," +
		"bbox_x1,bbox_y1,bbox_z1,volume_um3,centroid_x_um,centroid_y_um,centroid_z_um,image";

	@TempDir
	Path tmp;

	private List<String> run(final String device) throws IOException {
		final Path csv = tmp.resolve("stats-" + device + ".csv");
		final CliRun.Result r = CliRun.tessera("label-statistics", "input=" + IMAGE, "labels=" + LABELS, "device=" + device, "output=" + csv);
		assertEquals(0, r.code(), r.err());
		return Files.readAllLines(csv);
	}

	private static double[] pixels(final String path) {
		return TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(Path.of(path), path)));
	}

	@Test
	void oneRowPerNucleusWithExactVolumesAndSums() throws IOException {
		final List<String> lines = run("CPU");
		assertEquals(HEADER, lines.get(0));
		// the reference: voxel counts and sums straight from the two TIFFs (16-bit, so the sums are exact)
		final double[] v = pixels(IMAGE), l = pixels(LABELS);
		final TreeMap<Integer, long[]> ref = new TreeMap<>();
		for (int i = 0; i < v.length; i++)
			if (l[i] != 0) {
				final long[] c = ref.computeIfAbsent((int) l[i], k -> new long[3]);
				c[0]++;
				c[1] += (long) v[i];
				c[2] = Math.max(c[2], (long) v[i]);
			}
		assertEquals(30, ref.size(), "the README's 30 nuclei");
		assertEquals(ref.size() + 1, lines.size(), "one row per label");
		int row = 1;
		for (final var e : ref.entrySet()) {
			final String[] f = lines.get(row++).split(",");
			assertEquals(20, f.length, String.join(",", f));
			assertEquals("nuclei3d.tif", f[19], "the image measured");
			// the sample's voxels are 0.5 x 0.5 x 1 µm: the volume and centroid in µm beside the pixel ones
			assertEquals(e.getValue()[0] * 0.25, Double.parseDouble(f[15]), 1e-9, "volume in µm³ of " + e.getKey());
			assertEquals(Double.parseDouble(f[6]) * 0.5, Double.parseDouble(f[16]), 1e-8, "centroid x in µm of " + e.getKey());
			assertEquals(Double.parseDouble(f[8]), Double.parseDouble(f[18]), 1e-8, "centroid z in µm of " + e.getKey());
			assertEquals(e.getKey(), Integer.parseInt(f[0]));
			assertEquals(e.getValue()[0], Long.parseLong(f[1]), "volume of " + e.getKey());
			assertEquals(e.getValue()[1], Long.parseLong(f[5]), "sum of " + e.getKey());
			assertEquals(e.getValue()[2], Long.parseLong(f[4]), "max of " + e.getKey());
			assertEquals((double) e.getValue()[1] / e.getValue()[0], Double.parseDouble(f[2]), 1e-9, "mean of " + e.getKey());
		}
	}

	/**
	 * Block by block from files (read chunk by chunk; a folder of TIFF planes for
	 * the labels) the table is the whole-image one, byte for byte, whatever the
	 * blocks; on Spark; in a script or the menu (images in memory) too.
	 */
	@Test
	void chunkedGivesTheWholeImagesTable() throws Exception {
		final List<String> whole = run("CPU");
		final Path planes = Files.createDirectories(tmp.resolve("label-planes"));
		final ij.ImagePlus labels = ImageFiles.read(Path.of(LABELS), "labels");
		for (int z = 1; z <= labels.getStackSize(); z++)
			ImageFiles.writeTiff(new ij.ImagePlus("z", labels.getStack().getProcessor(z)), planes.resolve(String.format("z%03d.tif", z)));
		for (final String chunk : new String[] { "32,32,8", "auto", "17,50,3" }) {
			final Path csv = tmp.resolve("chunked.csv");
			final CliRun.Result r = CliRun.tessera("label-statistics", "input=" + IMAGE, "labels=" + planes, "execution=chunked", "chunk=" + chunk,
				"output=" + csv);
			assertEquals(0, r.code(), r.err());
			assertEquals(whole, Files.readAllLines(csv), "chunk=" + chunk);
		}
		// on Spark (local): the same table, to the last digit
		final Path sparkCsv = tmp.resolve("spark.csv");
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
		assertEquals(0, org.tessera.spark.SparkMain.run(new String[] { "label-statistics", "input=" + IMAGE, "labels=" + planes, "chunk=17,50,3",
			"output=" + sparkCsv }, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(err,
				true, java.nio.charset.StandardCharsets.UTF_8)), err.toString(java.nio.charset.StandardCharsets.UTF_8));
		assertEquals(whole, Files.readAllLines(sparkCsv), "on Spark");
		final CliRun.Result script = CliRun.tessera("label-statistics", "input=" + IMAGE, "labels=" + LABELS, "execution=chunked", "chunk=40",
			"output=" + tmp.resolve("unknown.csv"), "colour=red");
		CliRun.assertBadInput(script, "unknown parameter 'colour'");
		// the command itself (menu, scripts) on images in memory
		final org.tessera.core.AxisImg<UnsignedShortType> image = ImagePlusViews.wrapReal(ImageFiles.read(Path.of(IMAGE), "i")), ids =
			ImagePlusViews.wrapReal(labels);
		assertEquals(LabelStatistics.cpu().measure(image, ids, org.tessera.core.TaskMonitor.NONE), LabelStatistics.cpu().measureBlocks(image,
			ids, new long[] { 20, 30, 5 }, org.tessera.core.TaskMonitor.NONE));
	}

	/**
	 * A 2-channel movie (3 frames) and its labels per frame, as StarDist writes them
	 * for a time series: one row per label, channel and frame, each with its
	 * channel and frame, sums as the pixels give them; labels without time points
	 * serve every frame; labels with channels are one line.
	 */
	@Test
	void channelsAndTimePointsGetARowEach() throws IOException {
		final int w = 20, h = 16, channels = 2, frames = 3;
		final ij.ImageStack movie = new ij.ImageStack(w, h), ids = new ij.ImageStack(w, h);
		for (int t = 0; t < frames; t++) {
			for (int c = 0; c < channels; c++) {
				final ij.process.ShortProcessor ip = new ij.process.ShortProcessor(w, h);
				for (int i = 0; i < w * h; i++) ip.set(i, 100 * (c + 1) + 10 * t + i % 7);
				movie.addSlice(ip);
			}
			final ij.process.ShortProcessor l = new ij.process.ShortProcessor(w, h);
			// frame t holds labels 1..t+1, each a band of rows
			for (int i = 0; i < w * h; i++) l.set(i, Math.min(i / w / 4 + 1, t + 1) * (i / w < 4 * (t + 1) ? 1 : 0));
			ids.addSlice(l);
		}
		final ij.ImagePlus m = new ij.ImagePlus("movie", movie), l = new ij.ImagePlus("movie-labels", ids);
		m.setDimensions(channels, 1, frames);
		l.setDimensions(1, 1, frames);
		final Path in = tmp.resolve("movie.tif"), labels = tmp.resolve("movie-labels.tif"), csv = tmp.resolve("movie.csv");
		ImageFiles.writeTiff(m, in);
		ImageFiles.writeTiff(l, labels);
		final CliRun.Result r = CliRun.tessera("label-statistics", "input=" + in, "labels=" + labels, "device=CPU", "output=" + csv);
		assertEquals(0, r.code(), r.err());
		final List<String> lines = Files.readAllLines(csv);
		assertTrue(lines.get(0).startsWith("channel,frame,label,area,mean,min,max,sum,"), lines.get(0));
		assertEquals(1 + channels * (1 + 2 + 3), lines.size(), "a row per label, channel and frame");
		for (final String line : lines.subList(1, lines.size())) {
			final String[] f = line.split(",");
			final int c = Integer.parseInt(f[0]), t = Integer.parseInt(f[1]), label = Integer.parseInt(f[2]);
			long area = 0, sum = 0;
			for (int i = 0; i < w * h; i++)
				if (ids.getProcessor(t).get(i) == label) {
					area++;
					sum += movie.getProcessor((t - 1) * channels + c).get(i);
				}
			assertEquals(area, Long.parseLong(f[3]), line);
			assertEquals(sum, Long.parseLong(f[7]), line);
		}
		// one label image for every frame
		final Path still = tmp.resolve("still-labels.tif");
		ImageFiles.writeTiff(new ij.ImagePlus("still", ids.getProcessor(3)), still);
		assertEquals(0, CliRun.tessera("label-statistics", "input=" + in, "labels=" + still, "output=" + tmp.resolve("s.csv")).code());
		assertEquals(1 + channels * frames * 3, Files.readAllLines(tmp.resolve("s.csv")).size());
		CliRun.assertBadInput(CliRun.tessera("label-statistics", "input=" + in, "labels=" + in, "output=" + tmp.resolve("x.csv")),
			"labels: 'movie.tif' is the intensity image itself");
		final Path twoChannelLabels = tmp.resolve("two-channel-labels.tif");
		ImageFiles.writeTiff(m, twoChannelLabels);
		CliRun.assertBadInput(CliRun.tessera("label-statistics", "input=" + in, "labels=" + twoChannelLabels, "output=" + tmp.resolve("y.csv")),
			"has 2 channels; a label image has one");
	}

	@Test
	void cpuAndOpenCLWriteIdenticalFiles() throws IOException {
		Requirements.requireOpenCL();
		assertEquals(run("CPU"), run("GPU"));
	}

	@Test
	void theTableIsTheRequiredOutput() {
		CliRun.assertBadInput(CliRun.tessera("label-statistics", "input=" + IMAGE, "labels=" + LABELS, "device=CPU"), "missing output=");
	}

	@Test
	void imagesOfDifferentSizesAreRejectedInOneLine() {
		final Path csv = tmp.resolve("x.csv");
		CliRun.assertBadInput(CliRun.tessera("label-statistics", "input=test-images/nuclei2d.tif", "labels=" + LABELS, "device=CPU",
			"output=" + csv), "input 'nuclei2d.tif' is 256x256", "labels 'nuclei3d-labels.tif' is 128x128x24", "same size");
		assertFalse(Files.exists(csv));
	}

	@Test
	void theIntensityImageAsItsOwnLabelsIsRejectedInOneLine() {
		final Path csv = tmp.resolve("self.csv");
		CliRun.assertBadInput(CliRun.tessera("label-statistics", "input=" + IMAGE, "labels=" + IMAGE, "device=CPU", "output=" + csv),
			"labels: '", "is the intensity image itself");
		assertFalse(Files.exists(csv));
	}

	@Test
	void aMissingFileIsRejectedInOneLine() {
		final CliRun.Result r = CliRun.tessera("label-statistics", "input=" + IMAGE, "labels=" + tmp.resolve("missing.tif"), "device=CPU",
			"output=" + tmp.resolve("x.csv"));
		CliRun.assertBadInput(r, "labels: file not found", "missing.tif");
	}

	@Test
	void helpListsBothImagesAndTheTable() {
		final CliRun.Result r = CliRun.tessera("help", "label-statistics");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("input=<image file>") && r.out().contains("labels=<image file>"), r.out());
		assertTrue(r.out().contains("output=<output CSV file>") && !r.out().contains("(optional)"), r.out());
	}
}
