package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.TaskMonitor;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.synthetic.SyntheticNuclei;

/**
 * The tiny test model as TorchScript (made with its ONNX twin by
 * scripts/stardist/make_test_model.py: the same weights), run by PyTorch
 * through DJL: it loads from a folder and a zip, and predicts and segments
 * what the ONNX model does.
 */
class StarDistTorchScriptTest {

	/** The TorchScript model, channels-first, two outputs (prob, dist). */
	static final Path MODEL = Path.of("src/test/resources/org/tessera/stardist/tiny-model-torchscript");
	/** The same network taking [N, H, W, C] and giving channels-last outputs. */
	static final Path CHANNELS_LAST = Path.of("src/test/resources/org/tessera/stardist/tiny-model-torchscript-nhwc");

	private static StarDistModel onnx, torch;

	@BeforeAll
	static void load() {
		onnx = StarDistModel.load(StarDistModelTest.tinyModel());
		torch = StarDistModel.load(MODEL);
	}

	@AfterAll
	static void close() {
		onnx.close();
		torch.close();
	}

	@Test
	void loadsFromFolder() {
		assertEquals(new StarDistConfig(32, 2, 2, 1, "YXC"), torch.config());
		assertEquals(new Thresholds(0.5, 0.4), torch.thresholds());
		assertEquals("model.pt", torch.weightsFile());
		assertTrue(torch.channelsFirst(), "a PyTorch network takes [N, C, H, W]");
	}

	@Test
	void loadsFromZip(@TempDir final Path tmp) throws IOException {
		final Path zip = tmp.resolve("tiny-torchscript.zip");
		ModelZips.zip(zip, MODEL, "", "config.json", "thresholds.json", "model.pt");
		try (StarDistModel fromZip = StarDistModel.load(zip)) {
			assertEquals("model.pt", fromZip.weightsFile());
			final float[] image = StarDistModelTest.ramp(32, 48);
			assertArrayEquals(torch.predict(image, 32, 48).prob(), fromZip.predict(image, 32, 48).prob());
			assertArrayEquals(torch.predict(image, 32, 48).dist(), fromZip.predict(image, 32, 48).dist());
		}
	}

	@Test
	void anyTorchScriptNameWorks(@TempDir final Path tmp) throws IOException {
		final Path dir = copy(MODEL, tmp.resolve("m"));
		Files.move(dir.resolve("model.pt"), dir.resolve("weights.torchscript"));
		try (StarDistModel m = StarDistModel.load(dir)) {
			assertEquals("weights.torchscript", m.weightsFile());
		}
	}

	@Test
	void onnxWinsWhenBothArePresent(@TempDir final Path tmp) throws IOException {
		final Path dir = copy(MODEL, tmp.resolve("m"));
		Files.copy(StarDistModelTest.tinyModel().resolve("model.onnx"), dir.resolve("model.onnx"));
		try (StarDistModel m = StarDistModel.load(dir)) {
			assertEquals("model.onnx", m.weightsFile());
		}
	}

	@Test
	void predictionMatchesOnnx() {
		assertClose(onnx.predict(StarDistModelTest.ramp(32, 48), 32, 48), torch.predict(StarDistModelTest.ramp(32, 48), 32, 48));
		// an odd size: padded and cropped alike
		final float[] image = random(37, 50, 11);
		assertClose(onnx.predict(image, 37, 50), torch.predict(image, 37, 50));
	}

	@Test
	void predictionMatchesPyTorchInPython() throws IOException {
		final ByteBuffer b;
		try (InputStream in = StarDistModelTest.class.getResourceAsStream("tiny-model/expected-ramp.bin")) {
			b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
		}
		final int h = b.getInt(), w = b.getInt(), oh = b.getInt(), ow = b.getInt(), rays = b.getInt();
		final StarDistPrediction p = torch.predict(StarDistModelTest.ramp(h, w), h, w);
		assertEquals(oh * ow, p.prob().length);
		assertEquals(oh * ow * rays, p.dist().length);
		double maxDiff = 0;
		for (int i = 0; i < oh * ow; i++)
			maxDiff = Math.max(maxDiff, Math.abs(b.getFloat() - p.prob()[i]));
		for (int i = 0; i < oh * ow * rays; i++)
			maxDiff = Math.max(maxDiff, Math.abs(b.getFloat() - p.dist()[i]));
		assertTrue(maxDiff < 1e-4, "largest difference from PyTorch in Python: " + maxDiff);
	}

	@Test
	void aChannelsLastNetworkIsRecognisedAndItsOutputsRead() {
		try (StarDistModel nhwc = StarDistModel.load(CHANNELS_LAST)) {
			assertFalse(nhwc.channelsFirst(), "the network fails on [1, 1, H, W] and runs on [1, H, W, 1]");
			final float[] image = random(37, 50, 12);
			assertClose(onnx.predict(image, 37, 50), nhwc.predict(image, 37, 50));
		}
	}

	@Test
	void segmentationGivesTheOnnxModelsLabels() {
		final float[] image = (float[]) ImagePlusViews.toImagePlus(SyntheticNuclei.of2D(96, 80, 12, 3).generate().image()).getProcessor()
			.convertToFloatProcessor().getPixels();
		// the untrained model's probabilities are low: a threshold that a few percent of the pixels pass
		final float[] prob = onnx.predict(Normalize.percentiles(image), 80, 96).prob().clone();
		Arrays.sort(prob);
		final StarDistPostprocess post = new StarDistPostprocess().withProbThreshold(prob[(int) (0.97 * prob.length)]).withNmsThreshold(0.4);
		final StarDistPostprocess.Result a = new StarDist(onnx, post, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH).segment(image, 96, 80,
			TaskMonitor.NONE);
		final StarDistPostprocess.Result b = new StarDist(torch, post, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH).segment(image, 96, 80,
			TaskMonitor.NONE);
		assertTrue(a.detections().size() > 1, "some objects: " + a.detections().size());
		assertEquals(a.detections().size(), b.detections().size());
		assertArrayEquals(a.labels(), b.labels());
		for (int i = 0; i < a.detections().size(); i++)
			assertEquals(a.detections().get(i).score(), b.detections().get(i).score(), 1e-4);
	}

	private static void assertClose(final StarDistPrediction expected, final StarDistPrediction actual) {
		assertEquals(expected.height(), actual.height());
		assertEquals(expected.width(), actual.width());
		assertEquals(expected.nRays(), actual.nRays());
		assertEquals(expected.prob().length, actual.prob().length);
		assertEquals(expected.dist().length, actual.dist().length);
		double maxDiff = 0;
		for (int i = 0; i < expected.prob().length; i++)
			maxDiff = Math.max(maxDiff, Math.abs(expected.prob()[i] - actual.prob()[i]));
		for (int i = 0; i < expected.dist().length; i++)
			maxDiff = Math.max(maxDiff, Math.abs(expected.dist()[i] - actual.dist()[i]));
		assertTrue(maxDiff < 1e-4, "largest difference between the engines: " + maxDiff);
	}

	private static float[] random(final int h, final int w, final long seed) {
		final float[] v = new float[h * w];
		final Random random = new Random(seed);
		for (int i = 0; i < v.length; i++)
			v[i] = random.nextFloat();
		return v;
	}

	private static Path copy(final Path from, final Path to) throws IOException {
		Files.createDirectories(to);
		try (var files = Files.list(from)) {
			for (final Path f : (Iterable<Path>) files::iterator)
				Files.copy(f, to.resolve(f.getFileName()));
		}
		return to;
	}
}
