package org.tessera.stardist;

import java.util.List;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * A StarDist network loaded on one of DJL's engines ({@link OnnxRuntime} for
 * ONNX weights, {@link PyTorch} for TorchScript), with what
 * {@link StarDistModel} needs to feed it: the input layout and the input shape
 * the weights declare. Whatever the engine, the network takes one
 * {@code [1, C, H, W]} or {@code [1, H, W, C]} float tensor and gives its
 * outputs as an {@link NDList}; {@link StarDistModel} reads them.
 */
final class Network implements AutoCloseable {

	private final String engine;
	private final Model model;
	private final AutoCloseable resources;
	private final boolean channelsFirst;
	private final long[] inputShape;

	/**
	 * @param engine the engine's name for messages ("ONNX Runtime", "PyTorch")
	 * @param model the DJL model, with its block set
	 * @param resources closed after the model (null: none)
	 * @param channelsFirst whether the input is {@code [N, C, H, W]} rather than {@code [N, H, W, C]}
	 * @param inputShape the input shape the weights declare, -1 where any size goes
	 */
	Network(final String engine, final Model model, final AutoCloseable resources, final boolean channelsFirst, final long[] inputShape) {
		this.engine = engine;
		this.model = model;
		this.resources = resources;
		this.channelsFirst = channelsFirst;
		this.inputShape = inputShape.clone();
	}

	/** The engine's name, for messages. */
	String engine() {
		return engine;
	}

	boolean channelsFirst() {
		return channelsFirst;
	}

	long[] inputShape() {
		return inputShape.clone();
	}

	/** A manager for one call's arrays, on the network's engine; the caller closes it. */
	NDManager newManager() {
		return model.getNDManager().newSubManager();
	}

	/**
	 * Runs the network on one input, for inference (no gradients, evaluation mode).
	 * The outputs belong to the input's manager.
	 *
	 * @throws ai.djl.engine.EngineException when the engine cannot run it
	 */
	NDList forward(final NDArray input) {
		return model.getBlock().forward(new ParameterStore(input.getManager(), false), new NDList(input), false);
	}

	/**
	 * The line of an engine's message that says what went wrong. Usually the
	 * first; TorchScript's interpreter puts a traceback first and the error
	 * ("RuntimeError: ...") last.
	 */
	static String oneLine(final Throwable e) {
		final String m = String.valueOf(e.getMessage());
		final List<String> lines = m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
		if (lines.isEmpty())
			return m;
		if (lines.get(0).startsWith("The following operation failed in the TorchScript interpreter"))
			for (int i = lines.size() - 1; i > 0; i--)
				if (lines.get(i).matches("[A-Za-z_.]*(Error|Exception): .*"))
					return lines.get(i);
		return lines.get(0);
	}

	/** Frees the engine's native resources. */
	@Override
	public void close() {
		try {
			model.close();
		}
		finally {
			if (resources != null)
				try {
					resources.close();
				}
				catch (final Exception e) {
					throw new IllegalStateException("cannot free the " + engine + " resources: " + e.getMessage(), e);
				}
		}
	}
}
