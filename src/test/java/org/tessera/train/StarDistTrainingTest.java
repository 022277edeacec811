package org.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;
import org.tessera.dl.Djl;
import org.tessera.dl.PyTorch;
import org.tessera.imagej.ImageFiles;
import org.tessera.stardist.StarDistModel;
import org.tessera.stardist.StarDistPrediction;
import org.tessera.testutil.TestImages;

/**
 * StarDist training through the plain Java API: the built-in model's folded
 * ONNX is read into the trainable network and predicts what ONNX Runtime
 * predicts; on nuclei the loss falls and AP rises; the same seed gives the
 * same network; bad input is refused with the reason.
 */
class StarDistTrainingTest {

	private static final int[] SMALL = { 16, 16, 16 };

	/** The synthetic nuclei of test-images (256²) cut into four quadrants, with their object labels. */
	static List<Sample> quadrants() {
		final float[] image = TestImages.planeFloats(ImageFiles.read(Path.of("test-images/nuclei2d.tif"), "nuclei2d"));
		final int[] labels = TestImages.planeInts(ImageFiles.read(Path.of("test-images/nuclei2d-labels.tif"), "labels"));
		final int size = (int) Math.round(Math.sqrt(image.length)), half = size / 2;
		final List<Sample> out = new ArrayList<>();
		for (int q = 0; q < 4; q++) {
			final float[] im = new float[half * half];
			final int[] lab = new int[half * half];
			for (int y = 0; y < half; y++)
				for (int x = 0; x < half; x++) {
					final int src = (y + q / 2 * half) * size + x + q % 2 * half;
					im[y * half + x] = image[src];
					lab[y * half + x] = labels[src];
				}
			out.add(SemanticTargets.sample("quadrant " + q, im, half, half, 1, 1, 99.8, lab));
		}
		return out;
	}

	static byte[] builtInOnnx(final String name) {
		return StarDistModel.builtInOnnx(name);
	}

	@Test
	void theBuiltInModelIsReadForFineTuningAndPredictsAsOnnxRuntimeDoes() {
		final Sample s = quadrants().get(0);
		final StarDistPrediction expected;
		try (StarDistModel model = StarDistModel.builtIn()) {
			expected = model.predict(s.image(), s.height(), s.width());
		}
		try (NDManager root = Djl.newManager(PyTorch.ENGINE);
			UNet net = StarDistTraining.startingNetwork("built-in fluorescence", builtInOnnx("fluorescence"), root, 1))
		{
			assertEquals(1, net.architecture().inChannels());
			assertArrayEquals(new int[] { 32, 64, 128 }, net.architecture().widths());
			final StarDistTraining.Prediction p = StarDistTraining.predict(net, root, s);
			assertEquals(expected.prob().length, p.prob().length);
			double worst = 0;
			for (int i = 0; i < p.prob().length; i++)
				worst = Math.max(worst, Math.abs(p.prob()[i] - expected.prob()[i]));
			for (int i = 0; i < p.dist().length; i++)
				worst = Math.max(worst, Math.abs(p.dist()[i] - expected.dist()[i]) / 10);
			assertTrue(worst < 1e-3, "largest difference to ONNX Runtime " + worst);
		}
	}

	private static StarDistTraining.Settings settings(final int steps, final long seed) {
		return new StarDistTraining.Settings(steps, 4, 64, 3e-3, seed, 10, StarDistTraining.AUGMENTATION, SMALL, 16);
	}

	@Test
	void learnsNucleiAndIsReproducible() {
		final List<Sample> q = quadrants(), train = q.subList(0, 3), val = q.subList(3, 4);
		final List<Double> scores = new ArrayList<>();
		final TrainingLoop.Listener listener = new TrainingLoop.Listener() {
			@Override
			public void validated(final int step, final double loss, final double ap, final boolean best) {
				scores.add(ap);
			}
		};
		final StarDistTraining.Result a = StarDistTraining.train(train, val, settings(60, 3), null, Map.of(), listener, TaskMonitor.NONE);
		System.out.printf("StarDist from scratch, 60 steps: validation loss %.4f -> %.4f, AP@0.5 %s; chosen thresholds %s, AP %.3f%n", a
			.validations().get(0).loss(), a.best().loss(), scores, a.thresholds(), a.validationAp());
		assertEquals(60, a.losses().length);
		assertEquals(6, a.validations().size());
		assertTrue(a.best().loss() < 0.7 * a.validations().get(0).loss(), "validation loss " + a.validations());
		assertTrue(a.validationAp() > 0.3, "AP@0.5 at the chosen thresholds " + a.validationAp());
		assertEquals(16, a.rays());

		final StarDistTraining.Result b = StarDistTraining.train(train, val, settings(60, 3), null, Map.of(), new TrainingLoop.Listener() {},
			TaskMonitor.NONE);
		assertArrayEquals(a.losses(), b.losses(), "the same seed trains the same network");
		assertEquals(a.thresholds(), b.thresholds());
	}

	@Test
	void badInputIsRefusedWithTheReason() {
		final List<Sample> q = quadrants();
		final Sample rgb = new Sample("rgb", 3, 32, 32, new float[3 * 32 * 32], new int[32 * 32]);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StarDistTraining.train(List.of(q.get(0), rgb), q.subList(1, 2), settings(1, 1),
			null, Map.of(), new TrainingLoop.Listener() {}, TaskMonitor.NONE)).getMessage().contains("rgb: 3 channels"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new StarDistTraining.Settings(1, 1, 40, 1e-3, 1, 1, Augmentation.NONE, SMALL,
			32)).getMessage().contains("patch must be a multiple of 16"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StarDistTraining.train(List.of(rgb), List.of(rgb), settings(1, 1),
			builtInOnnx("fluorescence"), Map.of(), new TrainingLoop.Listener() {}, TaskMonitor.NONE)).getMessage().contains("takes 1 channel"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StarDistTraining.startingNetwork("x.onnx", new byte[] { 1, 2, 3 }, null, 1))
			.getMessage().startsWith("x.onnx: not a readable ONNX model"));
	}
}
