package org.tessera.train;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Adam (Kingma and Ba, 2015) over a network's parameters, as PyTorch's
 * {@code torch.optim.Adam} computes it, with the one-cycle schedule of
 * PyTorch's {@code OneCycleLR} (Smith and Topin, 2018): the learning rate rises
 * from max/25 to max over the first {@code warmUp} share of the steps and falls
 * to max/25e4 by cosine annealing, while β1 falls from 0.95 to 0.85 and rises
 * back. The optimizer's moments live in its own manager; {@link #step} updates
 * the parameters in place from their gradients and zeroes the gradients.
 */
public final class Adam implements AutoCloseable {

	static final double BETA2 = 0.999, EPSILON = 1e-8, MAX_BETA1 = 0.95, MIN_BETA1 = 0.85, DIV = 25, FINAL_DIV = 1e4;

	/** Every element, for zeroing gradients (a fill: subtracting a gradient from itself leaves NaN where it was NaN). */
	private static final NDIndex ALL = new NDIndex("...");

	private final List<NDArray> parameters;
	private final NDManager manager;
	private final List<NDArray> m = new ArrayList<>(), v = new ArrayList<>();
	private final double maxRate, warmUp;
	private final int steps;
	private int t;

	/**
	 * @param parameters the arrays to train; their gradients are switched on
	 * @param maxRate the schedule's highest learning rate
	 * @param steps the schedule's length
	 * @param warmUp the share of the steps with a rising rate (PyTorch's {@code pct_start})
	 */
	public Adam(final List<NDArray> parameters, final double maxRate, final int steps, final double warmUp) {
		if (steps < 1)
			throw new IllegalArgumentException("steps must be at least 1, not " + steps);
		this.parameters = List.copyOf(parameters);
		this.manager = parameters.get(0).getManager().newSubManager();
		this.maxRate = maxRate;
		this.steps = steps;
		this.warmUp = warmUp;
		for (final NDArray p : parameters) {
			p.setRequiresGradient(true);
			m.add(manager.zeros(p.getShape()));
			v.add(manager.zeros(p.getShape()));
		}
	}

	/** The learning rate of step {@code i} (0-based), as OneCycleLR gives it. */
	public double rate(final int i) {
		final double initial = maxRate / DIV, last = initial / FINAL_DIV;
		return anneal(i, initial, maxRate, last);
	}

	/** β1 of step {@code i}, cycled against the rate. */
	double beta1(final int i) {
		return anneal(i, MAX_BETA1, MIN_BETA1, MAX_BETA1);
	}

	private double anneal(final int i, final double start, final double peak, final double end) {
		final double peakStep = warmUp * steps - 1, lastStep = steps - 1;
		if (i <= peakStep)
			return cos(start, peak, peakStep <= 0 ? 1 : i / peakStep);
		return cos(peak, end, lastStep - peakStep <= 0 ? 1 : Math.min(1, (i - peakStep) / (lastStep - peakStep)));
	}

	private static double cos(final double from, final double to, final double share) {
		return to + (from - to) / 2 * (1 + Math.cos(Math.PI * share));
	}

	/** The number of steps taken. */
	public int stepsTaken() {
		return t;
	}

	/**
	 * One update from the parameters' gradients, which are zeroed after it. Call it
	 * outside the gradient collector. Temporary arrays go to {@code scratch}.
	 */
	public void step(final NDManager scratch) {
		final double rate = rate(Math.min(t, steps - 1)), b1 = beta1(Math.min(t, steps - 1));
		t++;
		final double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(BETA2, t);
		for (int i = 0; i < parameters.size(); i++) {
			final NDArray p = parameters.get(i), mi = m.get(i), vi = v.get(i);
			p.tempAttach(scratch);
			mi.tempAttach(scratch);
			vi.tempAttach(scratch);
			final NDArray g = p.getGradient();
			mi.muli(b1).addi(g.mul(1 - b1));
			vi.muli(BETA2).addi(g.square().muli(1 - BETA2));
			final NDArray denominator = vi.sqrt().divi(Math.sqrt(bc2)).addi(EPSILON);
			p.subi(mi.div(denominator).muli(rate / bc1));
			g.set(ALL, 0);
		}
	}

	/** The moments and step count, copied out, for {@link #restore}. */
	public record State(int steps, List<float[]> m, List<float[]> v) {}

	/** A copy of the optimizer's state. */
	public State state() {
		return new State(t, m.stream().map(NDArray::toFloatArray).toList(), v.stream().map(NDArray::toFloatArray).toList());
	}

	/** Puts back a state taken by {@link #state}. */
	public void restore(final State s) {
		t = s.steps();
		for (int i = 0; i < m.size(); i++) {
			m.get(i).set(s.m().get(i));
			v.get(i).set(s.v().get(i));
		}
	}

	/** Frees the moments. */
	@Override
	public void close() {
		manager.close();
	}
}
