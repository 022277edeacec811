package org.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;

/**
 * Training through the plain Java API, as a script calls it: on bright discs
 * the loss falls and validation IoU rises; the same seed gives the same
 * network; cancelling keeps the best network so far; fine-tuning starts
 * where the given network left off.
 */
class SemanticTrainingTest {

	private static final int[] SMALL = { 16, 16, 16 };

	/** Noisy bright discs on a dark background, labelled as objects (with boundaries). */
	static Sample discs(final String name, final int size, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] image = new float[size * size];
		final int[] objects = new int[size * size];
		for (int k = 1; k <= 6; k++) {
			final double cx = r.nextDouble() * size, cy = r.nextDouble() * size, rad = 4 + 4 * r.nextDouble();
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad) objects[y * size + x] = k;
		}
		final float[] interleaved = new float[size * size];
		for (int i = 0; i < image.length; i++)
			interleaved[i] = (objects[i] > 0 ? 150 : 40) + (float) (25 * r.nextGaussian());
		return SemanticTargets.sample(name, interleaved, size, size, 1, 1, 99.8, SemanticTargets.fromInstances(objects, size, size));
	}

	static List<Sample> discs(final int n, final long seed) {
		final List<Sample> out = new ArrayList<>();
		for (int i = 0; i < n; i++)
			out.add(discs("discs " + i, 64, seed + i));
		return out;
	}

	private static SemanticTraining.Settings settings(final int steps, final long seed) {
		return new SemanticTraining.Settings(steps, 4, 32, 1e-2, seed, 5, Augmentation.DEFAULT, SMALL);
	}

	@Test
	void learnsDiscsAndIsReproducible() {
		final List<Sample> train = discs(4, 10), val = discs(2, 100);
		final List<Integer> bests = new ArrayList<>();
		final SemanticTraining.Listener listener = new SemanticTraining.Listener() {
			@Override
			public void validated(final int step, final double loss, final double iou, final boolean best) {
				if (best) bests.add(step);
			}
		};
		final SemanticTraining.Result a = SemanticTraining.train(train, val, 3, settings(40, 7), null, Map.of(), listener, TaskMonitor.NONE);
		assertEquals(40, a.losses().length);
		assertEquals(8, a.validations().size(), "every 5 steps");
		final double first = a.validations().get(0).loss();
		assertTrue(a.best().loss() < 0.7 * first, "validation loss " + first + " -> " + a.best().loss());
		final double firstIou = a.validations().get(0).iou();
		assertTrue(a.best().iou() > 0.3 && a.best().iou() > 2 * firstIou, "validation IoU of objects and boundaries " + firstIou + " -> " + a
			.best().iou());
		assertEquals(a.best().step(), (int) bests.get(bests.size() - 1), "the listener hears which validation is the best");
		assertTrue(!a.stopped());
		final SemanticTraining.Result b = SemanticTraining.train(train, val, 3, settings(40, 7), null, Map.of(), new SemanticTraining.Listener() {},
			TaskMonitor.NONE);
		assertArrayEquals(a.losses(), b.losses(), "same seed, same thread count: the same losses");
		assertArrayEquals(a.onnx(), b.onnx(), "and the same network");

		// fine-tuning starts where a left off: its first validation is far better than a fresh start's
		final SemanticTraining.Result tuned = SemanticTraining.train(train, val, 3, new SemanticTraining.Settings(1, 4, 32, 1e-4, 9, 1,
			Augmentation.NONE, SMALL), a.onnx(), Map.of(), new SemanticTraining.Listener() {}, TaskMonitor.NONE);
		assertTrue(tuned.best().loss() < 0.5 * (first + a.best().loss()), "fine-tuned " + tuned.best().loss() + ", fresh " + first);
		final List<Sample> twoClasses = train.stream().map(s -> s.withLabels(java.util.Arrays.stream(s.labels()).map(l -> Math.min(l, 1))
			.toArray())).toList();
		final IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> SemanticTraining.train(twoClasses, twoClasses, 2,
			settings(1, 1), a.onnx(), Map.of(), new SemanticTraining.Listener() {}, TaskMonitor.NONE));
		assertTrue(other.getMessage().contains("gives 3 classes") && other.getMessage().contains("2 classes"), other.getMessage());
	}

	@Test
	void cancellingKeepsTheBestNetworkSoFar() {
		final AtomicInteger steps = new AtomicInteger();
		final TaskMonitor esc = new TaskMonitor() {
			@Override
			public void progress(final long done, final long total) {}

			@Override
			public boolean isCancelled() {
				return steps.get() >= 7;
			}
		};
		final SemanticTraining.Result r = SemanticTraining.train(discs(2, 3), discs(1, 50), 3, settings(100, 1), null, Map.of(),
			new SemanticTraining.Listener() {
				@Override
				public void step(final int step, final int total, final double loss) {
					steps.set(step);
				}
			}, esc);
		assertTrue(r.stopped());
		assertEquals(7, r.losses().length);
		assertEquals(7, r.validations().get(r.validations().size() - 1).step(), "the last network is validated when training stops");
		assertTrue(r.best().step() <= 7);
		assertTrue(r.onnx().length > 1000);
		OnnxExport.read("kept", r.onnx());
	}

	@Test
	void narrowNetworksAreRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SemanticTraining.Settings(1, 1, 32, 1e-3, 1, 1,
			Augmentation.NONE, new int[] { 8, 12, 16 }));
		assertTrue(e.getMessage().startsWith("widths must be at least 16"), e.getMessage());
	}

	@Test
	void badTrainingDataIsNamed() {
		final List<Sample> rgb = List.of(new Sample("rgb", 3, 32, 32, new float[3 * 32 * 32], new int[32 * 32]));
		final IllegalArgumentException channels = assertThrows(IllegalArgumentException.class, () -> SemanticTraining.train(discs(1, 1), rgb, 3,
			settings(1, 1), null, Map.of(), new SemanticTraining.Listener() {}, TaskMonitor.NONE));
		assertEquals("rgb: 3 channels, but discs 0 has 1", channels.getMessage());
		final int[] bad = new int[32 * 32];
		bad[5] = 3;
		final IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> SemanticTraining.train(List.of(new Sample("s", 1,
			32, 32, new float[32 * 32], bad)), discs(1, 1), 3, settings(1, 1), null, Map.of(), new SemanticTraining.Listener() {}, TaskMonitor.NONE));
		assertEquals("s: label 3 is not a class (0..2, or -1 for unlabelled)", label.getMessage());
	}
}
