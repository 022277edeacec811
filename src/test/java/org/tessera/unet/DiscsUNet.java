package org.tessera.unet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tessera.core.TaskMonitor;
import org.tessera.train.Augmentation;
import org.tessera.train.Sample;
import org.tessera.train.SemanticTargets;
import org.tessera.train.SemanticTraining;
import org.tessera.train.UNetFolder;

/**
 * A tiny real U-Net for the tests that run one: bright discs on a dark, noisy
 * background with a slow ramp across x, trained in the JVM for 30 steps
 * (seconds on the CPU) into a model folder with object classes.
 */
final class DiscsUNet {

	private DiscsUNet() {
		// static utility
	}

	/** A w x h image of {@code count} discs (seeded); their labels 1..count go into {@code objects}. */
	static float[] discs(final int w, final int h, final int count, final long seed, final int[] objects) {
		final SplittableRandom r = new SplittableRandom(seed);
		for (int k = 1; k <= count; k++) {
			final double cx = r.nextDouble() * w, cy = r.nextDouble() * h, rad = 4 + 4 * r.nextDouble();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad) objects[y * w + x] = k;
		}
		final float[] image = new float[w * h];
		for (int i = 0; i < image.length; i++)
			image[i] = (objects[i] > 0 ? 150 : 40) + 10 * (float) Math.sin(i % w / 37.0) + (float) (25 * r.nextGaussian());
		return image;
	}

	private static List<Sample> samples(final int n, final long seed) {
		final List<Sample> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			final int[] objects = new int[64 * 64];
			final float[] pixels = discs(64, 64, 6, seed + i, objects);
			out.add(SemanticTargets.sample("discs " + i, pixels, 64, 64, 1, 1, 99.8, SemanticTargets.fromInstances(objects, 64, 64)));
		}
		return out;
	}

	/** Trains the model on 4 images (seeds from {@code seed}) with one for validation, into {@code folder}. */
	static Path train(final Path folder, final long seed) throws IOException {
		final List<Sample> train = samples(4, seed), val = samples(1, 10 * seed);
		final SemanticTraining.Settings settings = new SemanticTraining.Settings(30, 4, 32, 1e-2, 3, 10, Augmentation.DEFAULT, new int[] { 16, 16,
			16 });
		final SemanticTraining.Result r = SemanticTraining.train(train, val, 3, settings, null, Map.of(), new SemanticTraining.Listener() {},
			TaskMonitor.NONE);
		UNetFolder.prepare(folder).write(r, SemanticTargets.INSTANCE_CLASSES, 1, true, train, val, "1 of 5 images", settings, null);
		return folder;
	}
}
