package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.TaskMonitor;
import org.tessera.dl.Npy;
import org.tessera.dl.Rdf;
import org.tessera.imagej.ImageFiles;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * bioimage.io model packages: Tessera's export of its built-in model loads back and
 * segments exactly as the model itself, from the library and from the command line;
 * a description in the 0.4 format as StarDist's own export writes it loads too; a
 * package missing a field the loader needs is one line naming the field.
 */
class BioImageIoTest {

	@TempDir
	Path tmp;

	private static final Path TINY = Path.of("src/test/resources/org/tessera/stardist/tiny-model");

	private static float[] nuclei(final int w, final int h) {
		return TestImages.planeFloats(ImagePlusViews.toImagePlus(new SyntheticNuclei(w, h, 1, 40, 3, 7, 1, 120, 31_337).generate().image()));
	}

	@Test
	void anExportedBuiltInModelLoadsBackAndSegmentsTheSame() throws Exception {
		final int w = 200, h = 176;
		final float[] image = nuclei(w, h);
		final Path zip = tmp.resolve("fluorescence.zip");
		try (StarDistModel model = StarDistModel.builtIn()) {
			StarDistExport.export(model, image, w, h, new StarDistExport.Description("Tessera fluorescence", null, List.of("A. Author"),
				"BSD-2-Clause"), zip);
			try (StarDistModel back = StarDistModel.load(zip)) {
				assertEquals(model.config(), back.config());
				assertEquals(model.thresholds(), back.thresholds());
				assertEquals("weights.onnx", back.weightsFile());
				final StarDist a = new StarDist(model, null, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH), b = new StarDist(back, null, back
					.config().normalizeLow(), back.config().normalizeHigh());
				final int[] expected = a.segment(image, w, h, TaskMonitor.NONE).labels();
				assertTrue(java.util.Arrays.stream(expected).max().orElse(0) > 5, "some nuclei");
				assertArrayEquals(expected, b.segment(image, w, h, TaskMonitor.NONE).labels());
			}
			try (ZipFile z = new ZipFile(zip.toFile())) {
				final Rdf rdf = Rdf.parse(new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(), StandardCharsets.UTF_8), "rdf.yaml");
				final Map<String, Object> root = rdf.root();
				assertEquals(StarDistExport.FORMAT_VERSION, root.get("format_version"));
				assertEquals("model", root.get("type"));
				final Map<String, Object> onnx = rdf.map(rdf.map(root, "", "weights"), "weights", "onnx");
				assertEquals(StarDistExport.sha256(z.getInputStream(z.getEntry("weights.onnx")).readAllBytes()), onnx.get("sha256"));
				assertEquals(13, onnx.get("opset_version"));
				// the test input: the centre crop, raw, [1, 1, 176, 192]; its outputs are the network's on it
				final Npy.Array in = Npy.read(z.getInputStream(z.getEntry("test_input.npy")).readAllBytes());
				assertArrayEquals(new long[] { 1, 1, 176, 192 }, in.shape());
				assertEquals(image[4], in.data()[0]);
				final StarDistPrediction p = model.predict(Normalize.percentiles(in.data()), 176, 192);
				final Npy.Array prob = Npy.read(z.getInputStream(z.getEntry("test_output_0.npy")).readAllBytes());
				final Npy.Array dist = Npy.read(z.getInputStream(z.getEntry("test_output_1.npy")).readAllBytes());
				assertArrayEquals(new long[] { 1, 1, 88, 96 }, prob.shape());
				assertArrayEquals(new long[] { 1, 32, 88, 96 }, dist.shape());
				assertArrayEquals(p.prob(), prob.data());
				assertEquals(p.dist(7, 11, 5), dist.data()[(5 * 88 + 7) * 96 + 11]);
				final byte[] cover = z.getInputStream(z.getEntry("cover.png")).readAllBytes();
				final java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(cover));
				assertEquals(192, png.getWidth());
				assertEquals(176, png.getHeight());
				assertTrue(z.getEntry("README.md") != null);
			}
		}
	}

	@Test
	void theCommandsExportAndLoadAPackage() throws Exception {
		final Path in = tmp.resolve("nuclei.tif"), zip = tmp.resolve("model.zip"), fromZip = tmp.resolve("zip.tif"), builtIn = tmp.resolve(
			"builtin.tif");
		ImageFiles.writeTiff(ImagePlusViews.toImagePlus(new SyntheticNuclei(160, 128, 1, 30, 3, 7, 1, 120, 4_242).generate().image()), in);
		final CliRun.Result export = CliRun.tessera("stardist-export", "input=" + in, "output=" + zip, "authors=Ada, Grace");
		assertEquals(0, export.code(), export.err());
		assertEquals(0, CliRun.tessera("stardist", "input=" + in, "output=" + builtIn).code());
		final CliRun.Result r = CliRun.tessera("stardist", "input=" + in, "model=" + zip, "output=" + fromZip);
		assertEquals(0, r.code(), r.err());
		final double[] expected = TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(builtIn, "labels")));
		assertTrue(java.util.Arrays.stream(expected).max().orElse(0) > 3, "some nuclei");
		assertArrayEquals(expected, TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(ImageFiles.read(fromZip, "labels"))));
		try (ZipFile z = new ZipFile(zip.toFile())) {
			final String rdf = new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(rdf.contains("name: Ada") && rdf.contains("name: Grace"), rdf);
			assertTrue(rdf.contains("license: BSD-2-Clause"), rdf);
		}
		CliRun.assertBadInput(CliRun.tessera("stardist-export", "input=" + in, "model=he", "output=" + tmp.resolve("he.zip")), "model");
	}

	/** A package as StarDist's own export writes it (format 0.4), with the tiny ONNX network as its weights. */
	private Path package04(final String thresholds, final String weights) throws Exception {
		final Path dir = Files.createDirectories(tmp.resolve("pkg04"));
		Files.copy(TINY.resolve("model.onnx"), dir.resolve("tiny.onnx"));
		Files.writeString(dir.resolve("rdf.yaml"), String.join("\n", "type: model", "format_version: 0.4.10", "name: tiny", "inputs:",
			"  - name: input", "    axes: bcyx", "    data_type: float32", "    shape: {min: [1, 1, 16, 16], step: [0, 0, 16, 16]}",
			"    preprocessing:", "      - name: scale_range", "        kwargs: {mode: per_sample, axes: yx, min_percentile: 2.0, " +
				"max_percentile: 99.5}", "outputs:", "  - name: prob", "    axes: bcyx",
			"    shape: {reference_tensor: input, scale: [1, 0, 0.5, 0.5], offset: [0, 0.5, 0, 0]}", "  - name: dist", "    axes: bcyx",
			"    shape: {reference_tensor: input, scale: [1, 0, 0.5, 0.5], offset: [0, 16, 0, 0]}", "weights:", weights, "config:",
			"  stardist:", "    stardist_version: 0.9.1", thresholds, ""));
		return dir;
	}

	private static final String WEIGHTS = "  onnx: {source: tiny.onnx, sha256: 0}";
	private static final String THRESHOLDS = "    thresholds: {prob: 0.45, nms: 0.35}";

	@Test
	void aDescriptionOfFormat04LoadsWithRaysGridAndNormalisationFromIt() throws Exception {
		try (StarDistModel m = StarDistModel.load(package04(THRESHOLDS, WEIGHTS)); StarDistModel folder = StarDistModel.load(TINY)) {
			assertEquals(new StarDistConfig(32, 2, 2, 1, "YXC", 2.0, 99.5), m.config());
			assertEquals(new Thresholds(0.45, 0.35), m.thresholds());
			final float[] x = Normalize.percentiles(nuclei(64, 48));
			assertArrayEquals(folder.predict(x, 48, 64).prob(), m.predict(x, 48, 64).prob());
		}
	}

	@Test
	void aPackageMissingWhatTheLoaderNeedsIsOneLineNamingTheField() throws Exception {
		assertMessage(package04("", WEIGHTS), "rdf.yaml: config.stardist.thresholds: missing");
		Files.walk(tmp.resolve("pkg04")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		assertMessage(package04(THRESHOLDS, "  tensorflow_saved_model_bundle: {source: tf.zip}"),
			"rdf.yaml: weights: no onnx or torchscript weights (found tensorflow_saved_model_bundle)");
		Files.walk(tmp.resolve("pkg04")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		assertMessage(package04(THRESHOLDS, "  onnx: {source: other.onnx}"), "rdf.yaml: weights.onnx.source: other.onnx is not in the package");
		final Path dir = Files.createDirectories(tmp.resolve("bare"));
		Files.writeString(dir.resolve("rdf.yaml"), "type: model\nname: x\n");
		assertMessage(dir, "rdf.yaml: format_version: missing");
		Files.writeString(dir.resolve("rdf.yaml"), "format_version: 0.3.2\n");
		assertMessage(dir, "format_version: Tessera reads bioimage.io model descriptions 0.4 and 0.5, got 0.3.2");
	}

	private static void assertMessage(final Path model, final String expected) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StarDistModel.load(model).close());
		assertTrue(e.getMessage().contains(expected), e.getMessage());
		assertTrue(e.getMessage().startsWith("model " + model), e.getMessage());
		assertEquals(1, e.getMessage().lines().count(), e.getMessage());
	}
}
