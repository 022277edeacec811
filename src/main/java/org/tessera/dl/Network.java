package org.tessera.dl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * One network loaded on one of DJL's engines ({@link OnnxRuntime#load} for ONNX
 * weights, {@link PyTorch#load} for TorchScript), with the input and output
 * shapes its file declares where the format says them (ONNX does, TorchScript
 * does not). Whatever the engine, {@link #forward} takes the input tensor and
 * gives the outputs as an {@link NDList}, in the order the file declares them;
 * the model family (StarDist, FastSAM) checks and reads them.
 * <p>
 * A network holds the engine's native resources: {@link #close()} it.
 */
public final class Network implements AutoCloseable {

	private final String engine;
	private final Model model;
	private final AutoCloseable resources;
	private final Map<String, long[]> inputs;
	private final Map<String, long[]> outputs;

	/**
	 * @param engine the engine's name for messages ("ONNX Runtime", "PyTorch")
	 * @param model the DJL model, with its block set
	 * @param resources closed after the model (null: none)
	 * @param inputs input name to the shape the weights declare (-1 where any size goes), in order; empty when unknown
	 * @param outputs output name to declared shape, in order; empty when unknown
	 */
	public Network(final String engine, final Model model, final AutoCloseable resources, final Map<String, long[]> inputs,
		final Map<String, long[]> outputs)
	{
		this.engine = engine;
		this.model = model;
		this.resources = resources;
		this.inputs = copy(inputs);
		this.outputs = copy(outputs);
	}

	private static Map<String, long[]> copy(final Map<String, long[]> shapes) {
		final Map<String, long[]> c = new LinkedHashMap<>();
		shapes.forEach((k, v) -> c.put(k, v.clone()));
		return Collections.unmodifiableMap(c);
	}

	/** The engine's name, for messages. */
	public String engine() {
		return engine;
	}

	/** Input names and declared shapes (-1: dynamic), in the file's order; empty when the format does not say (TorchScript). */
	public Map<String, long[]> inputs() {
		return copy(inputs);
	}

	/** Output names and declared shapes (-1: dynamic), in the file's order; empty when the format does not say (TorchScript). */
	public Map<String, long[]> outputs() {
		return copy(outputs);
	}

	/** A manager for one call's arrays, on the network's engine; the caller closes it. */
	public NDManager newManager() {
		return model.getNDManager().newSubManager();
	}

	/**
	 * Runs the network on one input, for inference (no gradients, evaluation mode).
	 * The outputs belong to the input's manager.
	 *
	 * @throws ai.djl.engine.EngineException when the engine cannot run it
	 */
	public NDList forward(final NDArray input) {
		return model.getBlock().forward(new ParameterStore(input.getManager(), false), new NDList(input), false);
	}

	/** Whether the network runs on a float input of zeros of this shape (for probing a TorchScript network's layout). */
	public boolean runs(final Shape shape) {
		try (NDManager manager = newManager()) {
			forward(manager.zeros(shape, DataType.FLOAT32));
			return true;
		}
		catch (final RuntimeException e) {
			return false;
		}
	}

	/**
	 * The line of an engine's message that says what went wrong. Usually the
	 * first; TorchScript's interpreter puts a traceback first and the error
	 * ("RuntimeError: ...") last.
	 */
	public static String oneLine(final Throwable e) {
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
