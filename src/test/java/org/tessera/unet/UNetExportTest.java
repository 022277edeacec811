package org.tessera.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.TaskMonitor;
import org.tessera.dl.ModelPackage;
import org.tessera.dl.Npy;
import org.tessera.dl.OnnxRuntime;
import org.tessera.dl.Rdf;
import org.tessera.imagej.ImageFiles;
import org.tessera.stardist.StarDistExport;
import org.tessera.stardist.StarDistModel;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * {@code unet-export}: a U-Net trained here in seconds (bright discs, objects
 * with boundaries, through the Java API) and written as a model folder is
 * exported from the command line as a bioimage.io package; its rdf.yaml has
 * the fields the format asks for and Tessera's own description; its test
 * output is what the folder gives for its test input; {@code unet} with the
 * package (.zip or folder) gives exactly the classes and objects the folder
 * gives; bad input is one line with exit code 2.
 */
class UNetExportTest {

	@TempDir
	static Path tmp;

	static Path folder, image, zip;
	static CliRun.Result exported;

	/** Noisy bright discs on a dark background, and their objects (1..6). */
	@BeforeAll
	static void trainAndExport() throws IOException {
		folder = DiscsUNet.train(tmp.resolve("discs-unet"), 10);
		image = tmp.resolve("discs.tif");
		final int[] objects = new int[100 * 84];
		ImageFiles.writeTiff(new ImagePlus("discs", new FloatProcessor(100, 84, DiscsUNet.discs(100, 84, 6, 7, objects))), image);
		zip = tmp.resolve("out/discs.zip");
		exported = CliRun.tessera("unet-export", "input=" + image, "model=" + folder, "output=" + zip, "authors=Ada Lovelace, Grace Hopper",
			"description=Bright discs on a dark background");

	}

	private static byte[] entry(final ZipFile z, final String name) throws IOException {
		assertNotNull(z.getEntry(name), name + " in the package");
		return z.getInputStream(z.getEntry(name)).readAllBytes();
	}

	@Test
	void theDescriptionHasWhatTheFormatAndTesseraNeed() throws IOException {
		assertEquals(0, exported.code(), exported.err());
		assertTrue(exported.out().contains("wrote bioimage.io package " + zip), exported.out());
		try (UNetModel m = UNetModel.open(folder); ZipFile z = new ZipFile(zip.toFile())) {
			final UNetModel.Config c = m.config();
			final Rdf rdf = Rdf.parse(new String(entry(z, "rdf.yaml"), StandardCharsets.UTF_8), "rdf.yaml");
			final Map<String, Object> root = rdf.root();
			assertTrue(rdf.string(root, "", "format_version").startsWith("0.5."));
			assertEquals("model", root.get("type"));
			assertEquals("discs-unet", root.get("name"), "the folder's name");
			assertEquals("Bright discs on a dark background", root.get("description"));
			assertEquals(List.of(Map.of("name", "Ada Lovelace"), Map.of("name", "Grace Hopper")), root.get("authors"));
			assertEquals("CC-BY-4.0", root.get("license"));
			assertTrue(rdf.list(root, "", "cite").stream().anyMatch(e -> String.valueOf(e).contains("10.1007/978-3-319-24574-4_28")), root.get(
				"cite").toString());
			assertTrue(rdf.list(root, "", "tags").containsAll(List.of("unet", "semantic-segmentation", "instance-segmentation", "tessera")));
			assertTrue(new String(entry(z, rdf.string(root, "", "documentation")), StandardCharsets.UTF_8).contains("background, object, boundary"));
			assertTrue(rdf.string(root, "", "timestamp").matches("\\d{4}-\\d\\d-\\d\\dT.*"));

			final Map<String, Object> input = rdf.mapAt(rdf.list(root, "", "inputs"), "inputs", 0);
			final List<?> inAxes = rdf.list(input, "inputs[0]", "axes");
			assertEquals(List.of("batch", "channel", "space", "space"), inAxes.stream().map(a -> ((Map<?, ?>) a).get("type")).toList());
			assertEquals(List.of("channel0"), ((Map<?, ?>) inAxes.get(1)).get("channel_names"));
			assertEquals(Map.of("min", 2 * c.halo() + c.divisor(), "step", c.divisor()), ((Map<?, ?>) inAxes.get(2)).get("size"));
			assertEquals("y", ((Map<?, ?>) inAxes.get(2)).get("id"));
			assertEquals("x", ((Map<?, ?>) inAxes.get(3)).get("id"));
			final Map<String, Object> step = rdf.mapAt(rdf.list(input, "inputs[0]", "preprocessing"), "inputs[0].preprocessing", 0);
			assertEquals("scale_range", step.get("id"));
			final Map<String, Object> kwargs = rdf.map(step, "", "kwargs");
			assertEquals(List.of("y", "x"), kwargs.get("axes"), "each channel by its own percentiles");
			assertEquals(c.normalizeLow(), rdf.number(kwargs, "", "min_percentile"));
			assertEquals(c.normalizeHigh(), rdf.number(kwargs, "", "max_percentile"));

			final Map<String, Object> output = rdf.mapAt(rdf.list(root, "", "outputs"), "outputs", 0);
			final List<?> outAxes = rdf.list(output, "outputs[0]", "axes");
			assertEquals(List.of("background", "object", "boundary"), ((Map<?, ?>) outAxes.get(1)).get("channel_names"));
			for (final int a : new int[] { 2, 3 }) {
				final Map<?, ?> axis = (Map<?, ?>) outAxes.get(a);
				assertEquals(c.halo(), axis.get("halo"), "the receptive field, as unet's tiles overlap");
				assertEquals(Map.of("tensor_id", "input", "axis_id", a == 2 ? "y" : "x"), axis.get("size"));
			}
			assertEquals(32, c.halo());
			assertEquals(4, c.divisor());

			final Map<String, Object> onnx = rdf.map(rdf.map(root, "", "weights"), "weights", "onnx");
			final byte[] weights = entry(z, rdf.string(onnx, "weights.onnx", "source"));
			assertArrayEquals(Files.readAllBytes(folder.resolve(UNetModel.WEIGHTS)), weights);
			assertEquals(ModelPackage.sha256(weights), onnx.get("sha256"));
			assertEquals(OnnxRuntime.opsetVersion(weights), onnx.get("opset_version"));
			assertTrue(OnnxRuntime.opsetVersion(weights) > 0);
			for (final Map<String, Object> t : List.of(input, output)) {
				final Map<String, Object> test = rdf.map(t, "", "test_tensor");
				assertEquals(ModelPackage.sha256(entry(z, rdf.string(test, "", "source"))), test.get("sha256"));
			}
			final Map<String, Object> tessera = rdf.map(rdf.map(root, "", "config"), "config", "tessera");
			assertEquals(UNetModel.FORMAT, tessera.get("format"));
			assertEquals(c.classes(), tessera.get("classes"));
			assertEquals("object", tessera.get("instance_class"));
			assertEquals("boundary", tessera.get("boundary_class"));

			final java.awt.image.BufferedImage cover = javax.imageio.ImageIO.read(new ByteArrayInputStream(entry(z, String.valueOf(rdf.list(root, "",
				"covers").get(0)))));
			assertEquals(2 * 100, cover.getWidth(), "the crop beside its classes");
			assertEquals(84, cover.getHeight());
			assertTrue(z.getEntry(UNetModel.TRAINING) != null, "the training record goes along");
		}
		try (Stream<Path> left = Files.list(zip.getParent())) {
			assertEquals(List.of(zip), left.toList(), "nothing but the package (no temporary files)");
		}
	}

	@Test
	void theTestOutputIsWhatTheFolderGivesForTheTestInput() throws IOException {
		assertEquals(0, exported.code(), exported.err());
		try (UNetModel m = UNetModel.open(folder); ZipFile z = new ZipFile(zip.toFile())) {
			final Npy.Array in = Npy.read(entry(z, "test_input.npy")), out = Npy.read(entry(z, "test_output.npy"));
			assertArrayEquals(new long[] { 1, 1, 84, 100 }, in.shape(), "the whole image: both sides are multiples of 4 and below 256");
			assertArrayEquals(new long[] { 1, 3, 84, 100 }, out.shape());
			final float[] raw = TestImages.planeFloats(ImageFiles.read(image, "discs"));
			assertArrayEquals(raw, in.data(), "the test input is the image, raw");
			assertArrayEquals(UNetSegmentation.probabilities(m, in.data(), 100, 84, 1, 1, TaskMonitor.NONE), out.data());
			assertArrayEquals(out.data(), UNetSegmentation.probabilities(m, in.data(), 100, 84, 1, 4, TaskMonitor.NONE), 1e-5f,
				"four tiles give the untiled probabilities (up to the order of the sums)");
			final int[] classes = UNetSegmentation.classes(out.data(), 3, 84 * 100);
			assertTrue(java.util.Arrays.stream(classes).anyMatch(k -> k == 1) && java.util.Arrays.stream(classes).anyMatch(k -> k == 0),
				"the network has learnt to find discs");
		}
	}

	@Test
	void unetGivesTheSameClassesAndObjectsWithThePackage() throws IOException {
		assertEquals(0, exported.code(), exported.err());
		final Path unzipped = tmp.resolve("out/discs-package");
		final CliRun.Result asFolder = CliRun.tessera("unet-export", "input=" + image, "model=" + folder, "output=" + unzipped, "authors=Ada");
		assertEquals(0, asFolder.code(), asFolder.err());
		assertTrue(Files.isRegularFile(unzipped.resolve("rdf.yaml")));
		final int[][] expected = segment(folder, "folder");
		assertTrue(java.util.Arrays.stream(expected[1]).max().orElse(0) >= 2, "some discs");
		for (final Path model : List.of(zip, unzipped)) {
			final int[][] got = segment(model, model.getFileName().toString());
			assertArrayEquals(expected[0], got[0], "classes with " + model);
			assertArrayEquals(expected[1], got[1], "objects with " + model);
		}
		try (UNetModel a = UNetModel.open(folder); UNetModel b = UNetModel.load(zip)) {
			assertEquals(a.config(), b.config());
			assertArrayEquals(a.weights(), b.weights());
		}
	}

	@Test
	void aZippedModelFolderLoadsToo() throws IOException {
		final Path zipped = tmp.resolve("zipped/discs-unet.zip");
		ModelPackage.write(Map.of(UNetModel.WEIGHTS, Files.readAllBytes(folder.resolve(UNetModel.WEIGHTS)), UNetModel.CONFIG, Files.readAllBytes(
			folder.resolve(UNetModel.CONFIG))), zipped);
		try (UNetModel a = UNetModel.open(folder); UNetModel b = UNetModel.load(zipped)) {
			assertEquals(a.config(), b.config());
			assertArrayEquals(a.weights(), b.weights());
		}
	}

	/** Classes and objects of the image by {@code unet} with the model. */
	private static int[][] segment(final Path model, final String tag) {
		final Path classes = tmp.resolve(tag + "-classes.tif"), objects = tmp.resolve(tag + "-objects.tif");
		final CliRun.Result r = CliRun.tessera("unet", "input=" + image, "model=" + model, "output=" + classes, "object_labels=" + objects);
		assertEquals(0, r.code(), r.err());
		return new int[][] { TestImages.planeInts(ImageFiles.read(classes, "classes")), TestImages.planeInts(ImageFiles.read(objects, "objects")) };
	}

	@Test
	void badInputIsOneLine() throws IOException {
		assertEquals(0, exported.code(), exported.err());
		final Path nothing = tmp.resolve("no-such-model");
		CliRun.assertBadInput(CliRun.tessera("unet-export", "input=" + image, "model=" + nothing, "output=" + tmp.resolve("bad1.zip"), "authors=A"),
			"model " + nothing, "no such folder");
		final Path stardist = Path.of("src/test/resources/org/tessera/stardist/tiny-model");
		CliRun.assertBadInput(CliRun.tessera("unet-export", "input=" + image, "model=" + stardist, "output=" + tmp.resolve("bad2.zip"),
			"authors=A"), "model " + stardist, "no unet.json or rdf.yaml in it");
		final Path file = tmp.resolve("a-file");
		Files.writeString(file, "x");
		CliRun.assertBadInput(CliRun.tessera("unet-export", "input=" + image, "model=" + folder, "output=" + file.resolve("pkg.zip"), "authors=A"),
			"output: cannot write " + file.resolve("pkg.zip"));
		CliRun.assertBadInput(CliRun.tessera("unet-export", "input=" + image, "model=" + folder, "output=" + tmp.resolve("bad3.zip")), "authors");
		CliRun.assertBadInput(CliRun.tessera("unet-export", "input=" + image, "model=" + folder, "output=" + folder, "authors=A"), "output",
			"is the model folder");
		final Path rgb = tmp.resolve("rgb.tif");
		ImageFiles.writeTiff(new ImagePlus("rgb", new ij.process.ColorProcessor(96, 96)), rgb);
		CliRun.assertBadInput(CliRun.tessera("unet-export", "input=" + rgb, "model=" + folder, "output=" + tmp.resolve("bad4.zip"), "authors=A"),
			"input: image 'rgb", "has 3 channels; model " + folder + " takes 1");
		final Path small = tmp.resolve("small.tif");
		ImageFiles.writeTiff(new ImagePlus("small", new FloatProcessor(64, 100)), small);
		CliRun.assertBadInput(CliRun.tessera("unet-export", "input=" + small, "model=" + folder, "output=" + tmp.resolve("bad5.zip"), "authors=A"),
			"input: the test image must be at least 68 x 68 pixels");
		for (final String bad : List.of("bad1.zip", "bad2.zip", "bad3.zip", "bad4.zip", "bad5.zip"))
			assertTrue(!Files.exists(tmp.resolve(bad)), bad + " not written");
	}

	@Test
	void aPackageThatIsNotATesseraUNetIsRefusedInOneLine() throws IOException {
		final Path sd = tmp.resolve("stardist.zip");
		try (StarDistModel m = StarDistModel.load(Path.of("src/test/resources/org/tessera/stardist/tiny-model"))) {
			final int[] objects = new int[64 * 64];
			StarDistExport.export(m, DiscsUNet.discs(64, 64, 6, 1, objects), 64, 64, new StarDistExport.Description("tiny", null, List.of("A"), "CC-BY-4.0"), sd);
		}
		CliRun.assertBadInput(CliRun.tessera("unet", "input=" + image, "model=" + sd, "output=" + tmp.resolve("sd.tif")), "model " + sd
			+ ": rdf.yaml: config.tessera: missing", "StarDist");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNetModel.load(tmp.resolve("nowhere.zip")));
		assertEquals("model " + tmp.resolve("nowhere.zip") + ": no such folder or file", e.getMessage());
	}

	@Test
	void classNamesBecomeIdentifiersForTheChannelNames() {
		assertEquals(List.of("background", "class_1", "class_2", "cell_wall", "in_", "class_3d", "cell_wall_2"), UNetExport.channelNames(List.of(
			"background", "class 1", "class 2", "cell-wall", "in", "3d", "cell wall")));
	}
}
