package org.tessera.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.tessera.dl.Djl;
import org.tessera.dl.PyTorch;
import org.tessera.train.Adam;
import org.tessera.train.UNet;
import org.tessera.train.UNet.Architecture;
import org.tessera.train.UNet.Head;
import org.tessera.train.UNet.HeadActivation;

/**
 * The time of one U-Net training step in the JVM (forward, cross-entropy,
 * backward, Adam) on a fixed random batch, the same step as
 * {@code scripts/bench/train_step.py} times in Python PyTorch: prints one JSON
 * line with the median and all times in milliseconds.
 * <p>
 * {@code java ... org.tessera.bench.TrainStepBench [grid] [batch] [patch] [steps]}
 */
public final class TrainStepBench {

	public static void main(final String[] args) {
		final int grid = args.length > 0 ? Integer.parseInt(args[0]) : 1;
		final int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
		final int patch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
		final int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
		final int classes = 3;
		final Architecture arch = new Architecture(1, grid, new int[] { 32, 64, 96 }, List.of(new Head("probabilities", classes, HeadActivation.SOFTMAX)));
		final SplittableRandom r = new SplittableRandom(1);
		final float[] x = new float[batch * patch * patch];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) r.nextDouble();
		final int g = patch / grid;
		final float[] target = new float[batch * classes * g * g];
		for (int b = 0; b < batch; b++)
			for (int o = 0; o < g * g; o++)
				target[(b * classes + r.nextInt(classes)) * g * g + o] = 1;
		final List<Double> ms = new ArrayList<>();
		try (NDManager root = Djl.newManager(PyTorch.ENGINE); UNet net = new UNet(arch, root, 1); Adam adam = new Adam(net.parameters(), 1e-3, 1000, 0.1)) {
			for (int s = 0; s < steps + 3; s++) {
				final long t0 = System.nanoTime();
				try (NDManager scratch = root.newSubManager()) {
					final NDArray input = scratch.create(x, new Shape(batch, 1, patch, patch));
					final NDArray oneHot = scratch.create(target, new Shape(batch, classes, g, g));
					final long a0 = System.nanoTime();
					long a1, a2;
					try (GradientCollector c = scratch.getEngine().newGradientCollector()) {
						final NDArray loss = net.forward(input, true, true).get(0).logSoftmax(1).mul(oneHot).sum().neg().div(batch * g * g);
						loss.getFloat();
						a1 = System.nanoTime();
						c.backward(loss);
						loss.getFloat();
						a2 = System.nanoTime();
					}
					adam.step(scratch);
					if (System.getenv("PHASES") != null)
						System.err.printf("forward %.0f backward %.0f adam %.0f ms%n", (a1 - a0) / 1e6, (a2 - a1) / 1e6, (System.nanoTime() - a2) / 1e6);
				}
				if (s >= 3)
					ms.add((System.nanoTime() - t0) / 1e6);
			}
		}
		final double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		System.out.println("{\"engine\": \"djl-pytorch\", \"grid\": " + grid + ", \"batch\": " + batch + ", \"patch\": " + patch + ", \"threads\": "
			+ System.getProperty("ai.djl.pytorch.num_threads") + ", \"median_ms\": " + String.format("%.1f", sorted[sorted.length / 2]) + ", \"ms\": "
			+ Arrays.toString(ms.stream().mapToLong(Math::round).toArray()) + "}");
	}
}
