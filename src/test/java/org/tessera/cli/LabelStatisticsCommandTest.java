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
	 * blocks; in a script or the menu (images in memory) too.
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
		final CliRun.Result script = CliRun.tessera("label-statistics", "input=" + IMAGE, "labels=" + LABELS, "execution=chunked", "chunk=40",
			"output=" + tmp.resolve("unknown.csv"), "colour=red");
		CliRun.assertBadInput(script, "unknown parameter 'colour'");
		// the command itself (menu, scripts) on images in memory
		final org.tessera.core.AxisImg<UnsignedShortType> image = ImagePlusViews.wrapReal(ImageFiles.read(Path.of(IMAGE), "i")), ids =
			ImagePlusViews.wrapReal(labels);
		assertEquals(LabelStatistics.cpu().measure(image, ids, org.tessera.core.TaskMonitor.NONE), LabelStatistics.cpu().measureBlocks(image,
			ids, new long[] { 20, 30, 5 }, org.tessera.core.TaskMonitor.NONE));
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
