package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * {@code scripts/tessera stardist ...} with a real (tiny, untrained) ONNX
 * model: the label image, the table and the ROI set describe the same
 * objects; 2D + time runs frame by frame; the same network as TorchScript
 * gives the same labels; bad input is one line.
 */
class StarDistCommandTest {

	@TempDir
	Path tmp;

	private static final Path MODEL = Path.of("src/test/resources/org/tessera/stardist/tiny-model");

	/** A threshold that some cells of this untrained model pass: its 97th percentile of probabilities on the image. */
	private static double threshold(final ImagePlus imp) {
		try (StarDistModel m = StarDistModel.load(MODEL)) {
			final float[] img = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
			final StarDistPrediction p = m.predict(Normalize.percentiles(img), imp.getHeight(), imp.getWidth());
			final float[] prob = p.prob().clone();
			Arrays.sort(prob);
			return prob[(int) (0.97 * prob.length)];
		}
	}

	@Test
	void labelsTableAndRoisAgree() throws Exception {
		final ImagePlus imp = ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(96, 80, 12, 3).generate().image());
		final Path in = tmp.resolve("nuclei.tif"), out = tmp.resolve("labels.tif"), csv = tmp.resolve("objects.csv"), zip = tmp.resolve(
			"rois.zip");
		ImageFiles.writeTiff(imp, in);
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, "prob_thresh=" + threshold(imp), "output=" + out,
			"results=" + csv, "rois=" + zip);
		assertEquals(0, r.code(), r.err());
		final ImagePlus labels = ImageFiles.read(out, "labels");
		assertEquals(96, labels.getWidth());
		assertEquals(80, labels.getHeight());
		final double[] v = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(labels));
		final List<String> rows = Files.readAllLines(csv);
		assertTrue(rows.get(0).startsWith("label,area,score,centroid_x,centroid_y"), rows.get(0));
		assertTrue(rows.size() > 1, "some objects: " + rows.size());
		// every row's area is its label's pixel count in the image; every label in the image has a row
		long labelled = 0;
		for (final String row : rows.subList(1, rows.size())) {
			final String[] c = row.split(",");
			final int label = Integer.parseInt(c[0]);
			final long area = Long.parseLong(c[1]);
			assertEquals(area, Arrays.stream(v).filter(x -> x == label).count(), "label " + label);
			labelled += area;
		}
		assertEquals(Arrays.stream(v).filter(x -> x != 0).count(), labelled, "labelled pixels");
		try (ZipFile z = new ZipFile(zip.toFile())) {
			assertTrue(z.size() >= rows.size() - 1, z.size() + " ROIs for " + (rows.size() - 1) + " objects");
			assertTrue(z.entries().nextElement().getName().endsWith(".roi"));
		}
	}

	@Test
	void aTorchScriptModelGivesTheOnnxModelsLabels() throws Exception {
		final ImagePlus imp = ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(96, 80, 12, 3).generate().image());
		final Path in = tmp.resolve("nuclei.tif"), fromOnnx = tmp.resolve("onnx.tif"), fromTorch = tmp.resolve("torchscript.tif");
		ImageFiles.writeTiff(imp, in);
		final double t = threshold(imp);
		final CliRun.Result onnx = CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, "prob_thresh=" + t, "output=" + fromOnnx);
		assertEquals(0, onnx.code(), onnx.err());
		final CliRun.Result torch = CliRun.tessera("stardist", "input=" + in, "model=" + StarDistTorchScriptTest.MODEL, "prob_thresh=" + t,
			"output=" + fromTorch);
		assertEquals(0, torch.code(), torch.err());
		final double[] expected = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(fromOnnx, "labels")));
		final double[] actual = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(fromTorch, "labels")));
		assertTrue(Arrays.stream(expected).max().orElse(0) > 1, "some objects");
		assertArrayEquals(expected, actual);
	}

	@Test
	void aCorruptTorchScriptModelIsOneLine() throws Exception {
		final Path in = tmp.resolve("n.tif"), model = Files.createDirectories(tmp.resolve("broken"));
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(32, 32, 2, 1).generate().image()), in);
		for (final String f : new String[] { "config.json", "thresholds.json" })
			Files.copy(StarDistTorchScriptTest.MODEL.resolve(f), model.resolve(f));
		Files.writeString(model.resolve("model.pt"), "not TorchScript");
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + model, "output=" + tmp.resolve("o.tif"));
		CliRun.assertBadInput(r, "model " + model + ": model.pt: PyTorch cannot load it (");
	}

	@Test
	void anRgbImageForAGreyModelIsOneLine() throws Exception {
		final Path in = tmp.resolve("rgb.tif");
		ImageFiles.writeTiff(new ImagePlus("rgb", new ij.process.ColorProcessor(32, 32)), in);
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, "output=" + tmp.resolve("o.tif"));
		CliRun.assertBadInput(r, "is RGB (3 channels); model " + MODEL + " takes 1 (n_channel_in)", "convert it to 8-bit");
	}

	@Test
	void theHeModelSegmentsAnRgbImageAndRefusesAGreyOne() throws Exception {
		final Path folder = org.tessera.testutil.Datasets.require("nuclei2d-brightfield");
		String rgb = null;
		for (final String name : org.tessera.testutil.Datasets.brightfieldVal(folder))
			if (ImageFiles.read(folder.resolve("images").resolve(name + ".tif"), name).getType() == ImagePlus.COLOR_RGB) {
				rgb = name;
				break;
			}
		final Path in = folder.resolve("images").resolve(rgb + ".tif"), out = tmp.resolve("he-labels.tif");
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=he", "output=" + out);
		assertEquals(0, r.code(), r.err());
		final int[] truth = TestImages.planeInts(ImageFiles.read(folder.resolve("masks").resolve(rgb + ".tif"), "mask"));
		final double ap = org.tessera.testutil.Matching.ap(truth, TestImages.planeInts(ImageFiles.read(out, "labels")));
		assertTrue(ap > 0.4, "AP@0.5 " + ap + " of the he model on " + rgb);
		final Path grey = tmp.resolve("grey.tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(64, 64, 5, 1).generate().image()), grey);
		CliRun.assertBadInput(CliRun.tessera("stardist", "input=" + grey, "model=he", "output=" + tmp.resolve("x.tif")),
			"has 1 channel; model he takes 3 (n_channel_in): the he model takes RGB images");
	}

	@Test
	void aModelFromFileIsTheModelFilesModel() throws Exception {
		final ImagePlus imp = ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(96, 80, 12, 3).generate().image());
		final Path in = tmp.resolve("nuclei.tif"), byPath = tmp.resolve("path.tif"), fromFile = tmp.resolve("file.tif");
		ImageFiles.writeTiff(imp, in);
		final String t = "prob_thresh=" + threshold(imp);
		assertEquals(0, CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, t, "output=" + byPath).code());
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=from file", "model_file=" + MODEL, t, "output=" + fromFile);
		assertEquals(0, r.code(), r.err());
		final double[] expected = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(byPath, "labels")));
		assertTrue(Arrays.stream(expected).max().orElse(0) > 1, "some objects");
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(fromFile, "labels"))));
		CliRun.assertBadInput(CliRun.tessera("stardist", "input=" + in, "model=from file", "output=" + tmp.resolve("x.tif")),
			"model_file: model is 'from file' but no model file is given");
		CliRun.assertBadInput(CliRun.tessera("stardist", "input=" + in, "model=versatile", "output=" + tmp.resolve("x.tif")),
			"model versatile: no such folder or file");
	}

	@Test
	void excludeBorderLeavesOutObjectsCentredNearTheBorder() throws Exception {
		final ImagePlus imp = ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(96, 80, 12, 3).generate().image());
		final Path in = tmp.resolve("nuclei.tif");
		ImageFiles.writeTiff(imp, in);
		final String t = "prob_thresh=" + threshold(imp);
		long previous = Long.MAX_VALUE;
		for (final int border : new int[] { 0, 2, 20 }) {
			final Path csv = tmp.resolve("objects-" + border + ".csv");
			final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, t, "exclude_border=" + border, "output=" + tmp
				.resolve("l" + border + ".tif"), "results=" + csv);
			assertEquals(0, r.code(), r.err());
			final List<String> rows = Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size());
			for (final String row : rows) {
				final String[] c = row.split(",");
				final double x = Double.parseDouble(c[3]), y = Double.parseDouble(c[4]);
				// a centroid lies within a few pixels of its polygon's centre
				assertTrue(Math.min(Math.min(x, y), Math.min(95 - x, 79 - y)) > border - 6, "object at " + x + ", " + y + " with border " + border);
			}
			assertTrue(rows.size() <= previous, rows.size() + " objects with exclude_border " + border + ", " + previous + " with less");
			previous = rows.size();
		}
		assertTrue(previous < 200, "some left out");
		CliRun.assertBadInput(CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, "exclude_border=-1", "output=" + tmp.resolve("x.tif")),
			"exclude_border");
	}

	@Test
	void aTimeSeriesRunsFrameByFrame() throws Exception {
		final ij.ImageStack stack = new ij.ImageStack(64, 48);
		for (int t = 0; t < 3; t++)
			stack.addSlice(ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(64, 48, 6, 10 + t).generate().image()).getProcessor());
		final ImagePlus movie = new ImagePlus("movie", stack);
		movie.setDimensions(1, 1, 3);
		final Path in = tmp.resolve("movie.tif"), out = tmp.resolve("labels.tif"), csv = tmp.resolve("objects.csv");
		ImageFiles.writeTiff(movie, in);
		final Path zip = tmp.resolve("movie-rois.zip");
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, "prob_thresh=0", "output=" + out, "results=" + csv,
			"rois=" + zip);
		assertEquals(0, r.code(), r.err());
		assertEquals(3, ImageFiles.read(out, "labels").getNFrames());
		final List<String> rows = Files.readAllLines(csv);
		// as every segmenter's table of a stack: the object's plane, slice and frame first
		assertTrue(rows.get(0).startsWith("plane,slice,frame,label,area,score,centroid_x,centroid_y"), rows.get(0));
		assertTrue(rows.stream().skip(1).anyMatch(row -> row.startsWith("3,1,3,")), "objects in frame 3");
		// frame 2's labels are those of frame 2 alone
		final Path second = tmp.resolve("second.tif"), secondOut = tmp.resolve("second-labels.tif");
		ImageFiles.writeTiff(new ImagePlus("second", stack.getProcessor(2)), second);
		assertEquals(0, CliRun.tessera("stardist", "input=" + second, "model=" + MODEL, "prob_thresh=0", "output=" + secondOut).code());
		assertArrayEquals(TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(secondOut, "labels"))), TestImages
			.values(ImagePlusViews.<UnsignedShortType> wrapReal(new ImagePlus("f2", ImageFiles.read(out, "labels").getStack().getProcessor(2)))));
		// each outline on its frame as a hyperstack position (any channel), as the ROI Manager shows it
		int outlines = 0;
		try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
			for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; outlines++) {
				final ij.gui.Roi roi = new ij.io.RoiDecoder(z.readAllBytes(), e.getName()).getRoi();
				assertEquals(Integer.parseInt(roi.getName().substring(0, 4)), roi.getTPosition(), roi.getName());
				assertEquals(0, roi.getCPosition(), roi.getName());
				assertEquals(1, roi.getZPosition(), roi.getName());
			}
		}
		assertEquals(rows.size() - 1, outlines, "one outline per row");
	}

	@Test
	void theBuiltInModelNeedsNoModelKey() throws Exception {
		final var n = new SyntheticNuclei(128, 112, 1, 20, 3, 7, 1, 120, 424_242).generate();
		final Path in = tmp.resolve("nuclei.tif"), out = tmp.resolve("labels.tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(n.image()), in);
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "output=" + out);
		assertEquals(0, r.code(), r.err());
		final double[] v = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(out, "labels")));
		final long objects = Arrays.stream(v).filter(x -> x != 0).distinct().count();
		// the nuclei placed, within a few (touching pairs, border exclusion)
		assertTrue(Math.abs(objects - n.nuclei()) <= Math.max(2, n.nuclei() / 10), objects + " objects for " + n.nuclei() + " nuclei");
	}

	@Test
	void aMissingModelIsOneLine() throws Exception {
		final Path in = tmp.resolve("n.tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(32, 32, 2, 1).generate().image()), in);
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + tmp.resolve("nothing-here"), "output=" + tmp.resolve(
			"o.tif"));
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
	}

	private static final Path TWO_CHANNELS = Path.of("src/test/resources/org/tessera/stardist/tiny-model-2ch");

	/** Channels 1 and 2 of a hyperstack. */
	private static ImagePlus twoChannels(final ImagePlus first, final ImagePlus second) {
		final ij.ImageStack stack = new ij.ImageStack(first.getWidth(), first.getHeight());
		stack.addSlice(first.getProcessor());
		stack.addSlice(second.getProcessor());
		final ImagePlus imp = new ImagePlus("two", stack);
		imp.setDimensions(2, 1, 1);
		return new ij.CompositeImage(imp, ij.CompositeImage.COMPOSITE);
	}

	@Test
	void aTwoChannelModelSeesTheChannelsInTheirOrder() throws Exception {
		final ImagePlus nuclei = ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(96, 80, 12, 3).generate().image());
		final ImagePlus other = ImagePlusViews.toImagePlus(new SyntheticNuclei(96, 80, 1, 20, 3, 6, 1, 5, 77).generate().image());
		final Path one = tmp.resolve("one.tif"), both = tmp.resolve("both.tif"), swapped = tmp.resolve("swapped.tif");
		ImageFiles.writeTiff(nuclei, one);
		ImageFiles.writeTiff(twoChannels(nuclei, other), both);
		ImageFiles.writeTiff(twoChannels(other, nuclei), swapped);
		final String t = "prob_thresh=" + threshold(nuclei);
		final Path ref = tmp.resolve("ref.tif"), out = tmp.resolve("out.tif"), outSwapped = tmp.resolve("out-swapped.tif");
		assertEquals(0, CliRun.tessera("stardist", "input=" + one, "model=" + MODEL, t, "output=" + ref).code());
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + both, "model=" + TWO_CHANNELS, t, "output=" + out);
		assertEquals(0, r.code(), r.err());
		final double[] expected = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(ref, "ref")));
		final ImagePlus labels = ImageFiles.read(out, "out");
		assertEquals(1, labels.getNChannels(), "the label image has no channels");
		assertTrue(Arrays.stream(expected).max().orElse(0) > 0, "no objects in the reference");
		// the model reads channel 1 only, each channel normalised by its own percentiles
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(labels)));
		assertEquals(0, CliRun.tessera("stardist", "input=" + swapped, "model=" + TWO_CHANNELS, t, "output=" + outSwapped).code());
		assertTrue(!Arrays.equals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(outSwapped, "s")))),
			"swapping the channels changed nothing");
		// a 1-channel image for the 2-channel model: one line naming both counts
		final CliRun.Result bad = CliRun.tessera("stardist", "input=" + one, "model=" + TWO_CHANNELS, "output=" + tmp.resolve("x.tif"));
		assertEquals(2, bad.code());
		assertTrue(bad.err().contains("has 1 channel; model " + TWO_CHANNELS + " takes 2 (n_channel_in)"), bad.err());
		assertEquals(1, bad.err().strip().lines().count(), bad.err());
	}

	@Test
	void tilesGiveTheUntiledLabels() throws Exception {
		final ImagePlus imp = ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(200, 150, 40, 9).generate().image());
		final Path in = tmp.resolve("in.tif");
		ImageFiles.writeTiff(imp, in);
		final String t = "prob_thresh=" + threshold(imp);
		double[] untiled = null;
		for (final String tiles : new String[] { "1", "4", "auto", "" }) {
			final Path out = tmp.resolve("out-" + tiles + ".tif");
			final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + MODEL, t, "tiles=" + tiles, "output=" + out);
			assertEquals(0, r.code(), r.err());
			final double[] v = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(out, "out")));
			if (untiled == null) {
				untiled = v;
				assertTrue(Arrays.stream(v).max().orElse(0) > 1, "too few objects to compare");
			}
			else assertArrayEquals(untiled, v, "tiles=" + tiles);
		}
		final CliRun.Result bad = CliRun.tessera("stardist", "input=" + in, "tiles=2x2", "output=" + tmp.resolve("x.tif"));
		assertEquals(2, bad.code());
		assertTrue(bad.err().contains("tiles: expected a positive whole number of tiles or 'auto', got '2x2'"), bad.err());
	}
}
