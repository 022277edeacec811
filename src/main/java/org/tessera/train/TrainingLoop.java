package org.tessera.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.tessera.core.TaskMonitor;

/**
 * The loop that every network family trains with: draw a batch, take a step
 * of {@link Adam}, validate every few steps, keep the network with the lowest
 * validation loss. What differs between families (how a batch is made, the
 * loss, what validation measures) is an {@link Objective}.
 * <p>
 * A step that gives NaN or infinity is taken again from the last good network
 * and optimizer state with the same batch, up to {@link #ATTEMPTS} times, and
 * then training stops with an error that names the step: without this, one bad
 * step would make every later network NaN and the run would go on, silently
 * wasted. Cancelling stops after the current step; the last network is then
 * validated too, so that it can be the result.
 */
public final class TrainingLoop {

	/** How often a step that gives NaN or infinity is taken again before training stops. */
	static final int ATTEMPTS = 3;

	private TrainingLoop() {}

	/** Training's progress as it happens: for a live plot, a log, a progress bar. */
	public interface Listener {

		/** After each step: the batch's loss. */
		default void step(final int step, final int steps, final double loss) {}

		/**
		 * After each validation: loss and the family's quality measure on the
		 * validation images (U-Net: mean foreground IoU; StarDist: AP@0.5);
		 * {@code best} when the loss is the lowest so far.
		 */
		default void validated(final int step, final double loss, final double score, final boolean best) {}
	}

	/** One validation: after which step, the mean loss and the family's quality measure. */
	public record Validation(int step, double loss, double score) {}

	/**
	 * What a family trains for.
	 *
	 * @param <B> a batch, as made on the host
	 */
	interface Objective<B> {

		/** A new random batch. */
		B batch(SplittableRandom random);

		/** The loss of the network on the batch, with gradients recorded (a scalar array of {@code scratch}). */
		NDArray loss(UNet net, NDManager scratch, B batch);

		/** Loss and quality measure of the network on the validation images. */
		Validation validate(UNet net, NDManager root, int step);

		/** The quality measure's name, for the status line (as {@code "AP@0.5"}). */
		String scoreName();
	}

	/**
	 * What the loop gives.
	 *
	 * @param best the values of all arrays of the best network (lowest validation loss), to {@link UNet#load}
	 * @param bestValidation that network's validation
	 * @param losses the training loss of each step taken
	 * @param validations all validations
	 * @param stopped whether it was cancelled before the last step
	 */
	record Outcome(Map<String, float[]> best, Validation bestValidation, double[] losses, List<Validation> validations, boolean stopped) {}

	/**
	 * Trains {@code net} in place; it ends with its last values (load {@link Outcome#best} for the best).
	 *
	 * @param validateEvery steps between validations (the last step is always validated)
	 */
	static <B> Outcome run(final UNet net, final Adam adam, final NDManager root, final Objective<B> objective, final int steps,
		final int validateEvery, final SplittableRandom random, final Listener listener, final TaskMonitor monitor)
	{
		final double[] losses = new double[steps];
		final List<Validation> validations = new ArrayList<>();
		Validation best = null;
		Map<String, float[]> bestValues = null;
		int done = 0;
		boolean stopped = false;
		Map<String, float[]> good = values(net);
		Adam.State goodAdam = adam.state();
		// the next batch (crops, augmentation, targets: Java on the host) is made while the network learns from this one; one
		// thread draws every batch in order from the one random source, so training stays reproducible
		final ExecutorService maker = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "training batches");
			t.setDaemon(true);
			return t;
		});
		try {
			Future<B> next = maker.submit(() -> objective.batch(random));
			for (int step = 1; step <= steps; step++) {
				if (monitor.isCancelled()) {
					stopped = true;
					break;
				}
				final B batch = take(next);
				next = step < steps ? maker.submit(() -> objective.batch(random)) : null;
				double loss = Double.NaN;
				for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
					loss = step(net, adam, root, objective, batch);
					final Map<String, float[]> now = Double.isFinite(loss) ? values(net) : null;
					if (now != null && finite(now)) {
						good = now;
						goodAdam = adam.state();
						break;
					}
					// a step gave NaN or infinity: back to the last good network, and the same batch again
					net.load("the last good network", good);
					adam.restore(goodAdam);
					if (attempt == ATTEMPTS)
						throw new IllegalStateException("training diverged: step " + step + " gave a loss of " + loss + " " + ATTEMPTS
							+ " times; try a lower learning_rate");
					monitor.warn("step " + step + " gave a loss of " + loss + "; repeated from the last good network");
				}
				losses[step - 1] = loss;
				done = step;
				listener.step(step, steps, loss);
				monitor.progress(step, steps);
				if (step % validateEvery == 0 || step == steps) {
					final Validation v = objective.validate(net, root, step);
					validations.add(v);
					final boolean better = best == null || v.loss() < best.loss();
					if (better) {
						best = v;
						bestValues = good;
					}
					listener.validated(step, v.loss(), v.score(), better);
					monitor.status(String.format(java.util.Locale.ROOT, "step %d/%d: training loss %.4f, validation loss %.4f, %s %.3f", step,
						steps, loss, v.loss(), objective.scoreName(), v.score()));
				}
			}
		}
		finally {
			maker.shutdownNow();
		}
		if (best == null || validations.get(validations.size() - 1).step() != done && done > 0) {
			// stopped between validations (or before the first): the last network is validated too, so that it can be the best
			final Validation v = objective.validate(net, root, done);
			validations.add(v);
			if (best == null || v.loss() < best.loss()) {
				best = v;
				bestValues = good;
			}
			listener.validated(done, v.loss(), v.score(), best == v);
		}
		return new Outcome(bestValues, best, Arrays.copyOf(losses, done), validations, stopped);
	}

	/** A batch made on the batch thread; its failure is thrown here as it was thrown there. */
	private static <B> B take(final Future<B> batch) {
		try {
			return batch.get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("training was interrupted", e);
		}
		catch (final ExecutionException e) {
			if (e.getCause() instanceof RuntimeException r) throw r;
			if (e.getCause() instanceof Error r) throw r;
			throw new IllegalStateException(e.getCause());
		}
	}

	/** Checks what every family's settings have: steps, crops per batch, learning rate, steps between validations. */
	static void checkSchedule(final int steps, final int batch, final double rate, final int validateEvery) {
		if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, not " + steps);
		if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, not " + batch);
		if (!(rate > 0)) throw new IllegalArgumentException("rate must be positive, not " + rate);
		if (validateEvery < 1) throw new IllegalArgumentException("validate_every must be at least 1, not " + validateEvery);
	}

	/** One update from a batch; gives its loss. */
	private static <B> double step(final UNet net, final Adam adam, final NDManager root, final Objective<B> objective, final B batch) {
		try (NDManager scratch = root.newSubManager()) {
			final double loss;
			try (GradientCollector collector = scratch.getEngine().newGradientCollector()) {
				final NDArray l = objective.loss(net, scratch, batch);
				collector.backward(l);
				loss = l.getFloat();
			}
			adam.step(scratch);
			return loss;
		}
	}

	/** The values of all the network's arrays, running statistics included. */
	static Map<String, float[]> values(final UNet net) {
		final Map<String, float[]> out = new LinkedHashMap<>();
		net.arrays().forEach((name, a) -> out.put(name, a.toFloatArray()));
		return out;
	}

	static boolean finite(final Map<String, float[]> values) {
		for (final float[] v : values.values())
			for (final float x : v)
				if (!Float.isFinite(x))
					return false;
		return true;
	}
}
