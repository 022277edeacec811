package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny test model (made by scripts/stardist/make_test_model.py with PyTorch),
 * run by ONNX Runtime through DJL, against PyTorch's own outputs.
 */
class StarDistModelTest {

	private static StarDistModel model;

	static Path tinyModel() {
		try {
			return Path.of(StarDistModelTest.class.getResource("tiny-model/config.json").toURI()).getParent();
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	@BeforeAll
	static void load() {
		model = StarDistModel.load(tinyModel());
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void loadsFromFolder() {
		assertEquals(new StarDistConfig(32, 2, 2, 1, "YXC"), model.config());
		assertEquals(new Thresholds(0.5, 0.4), model.thresholds());
		assertEquals("model.onnx", model.weightsFile());
		assertTrue(model.channelsFirst(), "the PyTorch export takes [N, C, H, W]");
	}

	@Test
	void loadsFromZipWithTheModelInAFolder(@TempDir final Path tmp) throws IOException {
		final Path zip = tmp.resolve("tiny.zip");
		ModelZips.zip(zip, tinyModel(), "tiny-model/", "config.json", "thresholds.json", "model.onnx");
		try (StarDistModel fromZip = StarDistModel.load(zip)) {
			assertEquals(model.config(), fromZip.config());
			assertEquals(model.thresholds(), fromZip.thresholds());
			final float[] image = ramp(32, 48);
			assertArrayEquals(model.predict(image, 32, 48).prob(), fromZip.predict(image, 32, 48).prob());
		}
	}

	@Test
	void predictionMatchesPyTorch() throws IOException {
		final ByteBuffer b;
		try (InputStream in = StarDistModelTest.class.getResourceAsStream("tiny-model/expected-ramp.bin")) {
			b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
		}
		final int h = b.getInt(), w = b.getInt(), oh = b.getInt(), ow = b.getInt(), rays = b.getInt();
		assertEquals(32, h);
		assertEquals(48, w);
		final StarDistPrediction p = model.predict(ramp(h, w), h, w);
		assertEquals(16, p.height());
		assertEquals(24, p.width());
		assertEquals(oh, p.height());
		assertEquals(ow, p.width());
		assertEquals(rays, p.nRays());
		assertEquals(oh * ow, p.prob().length);
		assertEquals(oh * ow * rays, p.dist().length);
		double maxDiff = 0;
		for (int i = 0; i < oh * ow; i++)
			maxDiff = Math.max(maxDiff, Math.abs(b.getFloat() - p.prob()[i]));
		for (int i = 0; i < oh * ow * rays; i++)
			maxDiff = Math.max(maxDiff, Math.abs(b.getFloat() - p.dist()[i]));
		assertTrue(maxDiff < 1e-4, "largest difference from PyTorch: " + maxDiff);
		assertEquals(0, b.remaining());
	}

	@Test
	void oddSizesArePaddedByMirroringAndCropped() {
		final int h = 37, w = 50;
		final float[] image = new float[h * w];
		final Random random = new Random(7);
		for (int i = 0; i < image.length; i++)
			image[i] = random.nextFloat();
		final StarDistPrediction p = model.predict(image, h, w);
		assertEquals(19, p.height());
		assertEquals(25, p.width());

		// the same image, padded by hand (numpy "reflect") to 48 x 64, needs no padding
		final float[] padded = new float[48 * 64];
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 64; x++)
				padded[y * 64 + x] = image[reflect(y, h) * w + reflect(x, w)];
		final StarDistPrediction full = model.predict(padded, 48, 64);
		assertEquals(24, full.height());
		assertEquals(32, full.width());
		for (int y = 0; y < p.height(); y++)
			for (int x = 0; x < p.width(); x++) {
				assertEquals(full.prob(y, x), p.prob(y, x), 0);
				for (int r = 0; r < 32; r++)
					assertEquals(full.dist(y, x, r), p.dist(y, x, r), 0);
			}
	}

	@Test
	void largerDivisorGivesTheSameCentre() {
		// padding to 64 x 64 instead of 32 x 48 changes only what the receptive field sees near the padded edges
		final float[] image = ramp(32, 48);
		final StarDistPrediction a = model.predict(image, 32, 48);
		final StarDistPrediction b = model.predict(image, 32, 48, 64);
		assertEquals(a.height(), b.height());
		assertEquals(a.width(), b.width());
		for (int y = 0; y < 10; y++)
			for (int x = 0; x < 18; x++)
				assertEquals(a.prob(y, x), b.prob(y, x), 1e-6);
	}

	@Test
	void mirrorIndexLikeNumpyReflect() {
		// np.pad([a, b, c], (0, 6), "reflect") -> a b c b a b c b a
		final int[] expected = { 0, 1, 2, 1, 0, 1, 2, 1, 0 };
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], StarDistModel.mirror(i, 3));
		assertEquals(0, StarDistModel.mirror(5, 1));
	}

	private static int reflect(final int i, final int n) {
		return i < n ? i : 2 * (n - 1) - i;
	}

	/** The fixture's input: x[y, x] = (y * w + x) / (h * w - 1). */
	static float[] ramp(final int h, final int w) {
		final float[] v = new float[h * w];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) i / (h * w - 1);
		return v;
	}

}
