package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every missing or malformed part of a model gives one line naming the file and the problem. */
class StarDistModelErrorsTest {

	private static final String CONFIG = "{\"n_dim\": 2, \"axes\": \"YXC\", \"n_channel_in\": 1, \"n_rays\": 32, \"grid\": [2, 2]}";
	private static final String THRESHOLDS = "{\"prob\": 0.5, \"nms\": 0.4}";

	@TempDir
	Path tmp;

	/** A model folder with the tiny model's weights and the given JSON texts (null: left out). */
	private Path folder(final String config, final String thresholds) throws IOException {
		final Path dir = Files.createDirectories(tmp.resolve("model"));
		if (config != null)
			Files.writeString(dir.resolve("config.json"), config);
		if (thresholds != null)
			Files.writeString(dir.resolve("thresholds.json"), thresholds);
		Files.copy(StarDistModelTest.tinyModel().resolve("model.onnx"), dir.resolve("model.onnx"));
		return dir;
	}

	private static String error(final Path source) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StarDistModel.load(source).close());
		assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
		return e.getMessage();
	}

	private String configError(final String config) throws IOException {
		final Path dir = folder(config, THRESHOLDS);
		final String m = error(dir);
		assertTrue(m.startsWith("model " + dir + ": config.json: "), m);
		return m.substring(("model " + dir + ": config.json: ").length());
	}

	private String thresholdsError(final String thresholds) throws IOException {
		final Path dir = folder(CONFIG, thresholds);
		final String m = error(dir);
		assertTrue(m.startsWith("model " + dir + ": thresholds.json: "), m);
		return m.substring(("model " + dir + ": thresholds.json: ").length());
	}

	@Test
	void theValidFolderLoads() throws IOException {
		try (StarDistModel m = StarDistModel.load(folder(CONFIG, THRESHOLDS))) {
			assertEquals(32, m.config().nRays());
		}
	}

	@Test
	void defaultsForOptionalConfigFields() {
		// like the paper's dsb2018 model: no grid, axes or n_dim
		assertEquals(new StarDistConfig(32, 1, 1, 1, "YXC"), StarDistConfig.parse("{\"n_channel_in\": 1, \"n_rays\": 32}"));
	}

	@Test
	void missingConfig() throws IOException {
		final Path dir = folder(null, THRESHOLDS);
		assertEquals("model " + dir + ": missing config.json", error(dir));
	}

	@Test
	void missingThresholds() throws IOException {
		final Path dir = folder(CONFIG, null);
		assertEquals("model " + dir + ": missing thresholds.json", error(dir));
	}

	@Test
	void badConfigFields() throws IOException {
		assertEquals("n_rays must be a positive integer, got \"abc\"", configError("{\"n_rays\": \"abc\"}"));
	}

	@Test
	void missingRays() throws IOException {
		assertEquals("missing \"n_rays\"", configError("{\"grid\": [2, 2]}"));
	}

	@Test
	void fractionalRays() throws IOException {
		assertEquals("n_rays must be a positive integer, got 2.5", configError("{\"n_rays\": 2.5}"));
	}

	@Test
	void badGrid() throws IOException {
		assertEquals("grid must be a list of 2 positive integers, got [2]", configError("{\"n_rays\": 32, \"grid\": [2]}"));
	}

	@Test
	void zeroInGrid() throws IOException {
		assertEquals("grid must be a positive integer, got 0", configError("{\"n_rays\": 32, \"grid\": [2, 0]}"));
	}

	@Test
	void threeDimensionalModel() throws IOException {
		assertEquals("only 2D models are supported, got n_dim 3", configError("{\"n_dim\": 3, \"n_rays\": 96}"));
	}

	@Test
	void badAxes() throws IOException {
		assertEquals("axes must hold Y, X and optionally C, got \"YC\"", configError("{\"n_rays\": 32, \"axes\": \"YC\"}"));
	}

	@Test
	void badChannels() throws IOException {
		assertEquals("n_channel_in must be a positive integer, got -1", configError("{\"n_rays\": 32, \"n_channel_in\": -1}"));
	}

	@Test
	void configNotJson() throws IOException {
		assertTrue(configError("{\"n_rays\": 32,,").startsWith("not valid JSON ("));
	}

	@Test
	void configNotAnObject() throws IOException {
		assertEquals("expected a JSON object, got [1,2]", configError("[1, 2]"));
	}

	@Test
	void missingNms() throws IOException {
		assertEquals("missing \"nms\"", thresholdsError("{\"prob\": 0.5}"));
	}

	@Test
	void probNotANumber() throws IOException {
		assertEquals("prob must be a number between 0 and 1, got \"high\"", thresholdsError("{\"prob\": \"high\", \"nms\": 0.4}"));
	}

	@Test
	void noWeights() throws IOException {
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.delete(dir.resolve("model.onnx"));
		assertEquals("no weights: expected model.onnx (ONNX) or model.pt (TorchScript) in " + dir, error(dir));
	}

	@Test
	void corruptTorchScript() throws IOException {
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.delete(dir.resolve("model.onnx"));
		Files.writeString(dir.resolve("model.pt"), "not a model");
		assertEquals("model " + dir + ": model.pt: PyTorch cannot load it (not TorchScript, which is a zip archive as torch.jit.save writes it)",
			error(dir));
	}

	@Test
	void aZipThatIsNotTorchScript() throws IOException {
		// torch.save writes a zip too, but without TorchScript's code and constants
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.delete(dir.resolve("model.onnx"));
		ModelZips.ofEntries(dir.resolve("model.pt"), Map.of("model/data.pkl", new byte[] { (byte) 0x80, 2, '}', 'q', 0, '.' }));
		final String m = error(dir);
		assertTrue(m.startsWith("model " + dir + ": model.pt: PyTorch cannot load it ("), m);
	}

	@Test
	void torchScriptChannelsDoNotMatchTheNetwork() throws IOException {
		final Path dir = folder(CONFIG.replace("\"n_channel_in\": 1", "\"n_channel_in\": 3"), THRESHOLDS);
		Files.delete(dir.resolve("model.onnx"));
		Files.copy(StarDistTorchScriptTest.MODEL.resolve("model.pt"), dir.resolve("model.pt"));
		// the network runs on neither layout with 3 channels: channels-first, and running it says why not
		try (StarDistModel m = StarDistModel.load(dir)) {
			assertTrue(m.channelsFirst());
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[16 * 16 * 3], 16, 16));
			assertTrue(e.getMessage().startsWith("model " + dir + ": model.pt: PyTorch cannot run it on a (1, 3, 16, 16) input (RuntimeError: "),
				e.getMessage());
			assertFalse(e.getMessage().contains("\n"), e.getMessage());
		}
	}

	@Test
	void onnxWeightsNamedLikeTorchScript() throws IOException {
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.move(dir.resolve("model.onnx"), dir.resolve("model.pt"));
		assertTrue(error(dir).startsWith("model " + dir + ": model.pt: PyTorch cannot load it ("), error(dir));
	}

	@Test
	void severalTorchScriptFilesNeedOneNamedModel() throws IOException {
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.delete(dir.resolve("model.onnx"));
		Files.copy(StarDistTorchScriptTest.MODEL.resolve("model.pt"), dir.resolve("a.pt"));
		Files.copy(StarDistTorchScriptTest.MODEL.resolve("model.pt"), dir.resolve("b.torchscript"));
		assertEquals("model " + dir + ": several TorchScript weights and none named model.pt: a.pt, b.torchscript", error(dir));
	}

	@Test
	void anyOnnxNameWorks() throws IOException {
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.move(dir.resolve("model.onnx"), dir.resolve("stardist.onnx"));
		try (StarDistModel m = StarDistModel.load(dir)) {
			assertEquals("stardist.onnx", m.weightsFile());
		}
	}

	@Test
	void severalOnnxFilesNeedOneNamedModel() throws IOException {
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.move(dir.resolve("model.onnx"), dir.resolve("a.onnx"));
		Files.copy(dir.resolve("a.onnx"), dir.resolve("b.onnx"));
		assertEquals("model " + dir + ": several ONNX weights and none named model.onnx: a.onnx, b.onnx", error(dir));
	}

	@Test
	void corruptWeights() throws IOException {
		final Path dir = folder(CONFIG, THRESHOLDS);
		Files.writeString(dir.resolve("model.onnx"), "not a model");
		assertTrue(error(dir).startsWith("model " + dir + ": model.onnx: ONNX Runtime cannot load it ("));
	}

	@Test
	void channelsDoNotMatchTheNetwork() throws IOException {
		final Path dir = folder(CONFIG.replace("\"n_channel_in\": 1", "\"n_channel_in\": 3"), THRESHOLDS);
		// the tiny model's input is [-1, 1, -1, -1]: a dynamic last axis could hold 3 channels, so loading works,
		// but running it does not, with a message that shows both shapes
		try (StarDistModel m = StarDistModel.load(dir)) {
			assertFalse(m.channelsFirst());
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[16 * 16 * 3], 16, 16));
			assertEquals("model " + dir + ": model.onnx takes input shape [-1, 1, -1, -1], the image (padded, channels-last) gives [1, 16, 16, 3]", e.getMessage());
		}
	}

	@Test
	void raysDoNotMatchTheNetwork() throws IOException {
		final Path dir = folder(CONFIG.replace("\"n_rays\": 32", "\"n_rays\": 16"), THRESHOLDS);
		try (StarDistModel m = StarDistModel.load(dir)) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[32 * 32], 32, 32));
			assertEquals("model " + dir + ": model.onnx: the distance output has shape [1, 32, 16, 16], expected [1, 16, 16, 16] or [1, 16, 16, 16] (16 channels on grid 2x2)", e.getMessage());
		}
	}

	@Test
	void gridDoesNotMatchTheNetwork() throws IOException {
		final Path dir = folder(CONFIG.replace("[2, 2]", "[1, 1]"), THRESHOLDS);
		try (StarDistModel m = StarDistModel.load(dir)) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[32 * 32], 32, 32));
			assertEquals("model " + dir + ": model.onnx: the probability output has shape [1, 1, 16, 16], expected [1, 32, 32, 1] or [1, 1, 32, 32] (1 channels on grid 1x1)", e.getMessage());
		}
	}

	@Test
	void zipWithoutThresholds() throws IOException {
		final Path zip = ModelZips.ofEntries(tmp.resolve("m.zip"), Map.of("config.json", CONFIG.getBytes(StandardCharsets.UTF_8)));
		assertEquals("model " + zip + ": missing thresholds.json", error(zip));
	}

	@Test
	void zipWithAFolderNamesIt() throws IOException {
		final Path zip = ModelZips.ofEntries(tmp.resolve("m.zip"), Map.of("stardist/config.json", CONFIG.getBytes(StandardCharsets.UTF_8),
			"stardist/thresholds.json", "{\"nms\": 0.4}".getBytes(StandardCharsets.UTF_8)));
		assertEquals("model " + zip + "!/stardist: thresholds.json: missing \"prob\"", error(zip));
	}

	@Test
	void notAZip() throws IOException {
		final Path f = Files.writeString(tmp.resolve("model.txt"), "x");
		assertEquals("model " + f + ": expected a folder or a .zip file", error(f));
	}

	@Test
	void brokenZip() throws IOException {
		final Path f = Files.writeString(tmp.resolve("model.zip"), "x");
		assertTrue(error(f).startsWith("model " + f + ": cannot read the zip ("));
	}

	@Test
	void nothingThere() {
		final Path p = tmp.resolve("nope");
		assertEquals("model " + p + ": no such folder or file", error(p));
	}
}
