package org.tessera.dl;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.Model;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * DJL's ONNX Runtime engine, set up the way Tessera needs it: offline (see
 * {@link Djl}), and with session options that keep memory in check. The ONNX
 * Runtime native library comes from the onnxruntime jar and is unpacked to
 * {@code java.io.tmpdir} (or {@code onnxruntime.native.path}).
 */
public final class OnnxRuntime {

	/** DJL's name of the ONNX Runtime engine. */
	public static final String ENGINE = "OnnxRuntime";

	private OnnxRuntime() {}

	/** A new, empty DJL model on the ONNX Runtime engine. */
	public static Model newModel(final String name) {
		return Djl.newModel(name, ENGINE);
	}

	/**
	 * Loads ONNX weights into a {@link Network} whose inputs and outputs are
	 * described by the shapes the file declares (-1 for a dynamic axis); the caller
	 * checks them against its model family's contract.
	 *
	 * @param what the weights for messages, e.g. {@code "model /x/fastsam.onnx"}
	 * @param onnx the weights
	 * @throws IllegalArgumentException with one line {@code "<what>: ONNX Runtime cannot load it (<reason>)"},
	 *         or naming a non-tensor input or output
	 */
	public static Network load(final String what, final byte[] onnx) {
		final Model model = newModel("tessera");
		OrtSession.SessionOptions options = null;
		try {
			options = sessionOptions();
			final OrtSession session = attachSession(model, onnx, options);
			final Map<String, long[]> inputs = shapes(what, "input", session.getInputInfo());
			final Map<String, long[]> outputs = shapes(what, "output", session.getOutputInfo());
			return new Network("ONNX Runtime", model, options, inputs, outputs);
		}
		catch (final OrtException e) {
			close(model, options);
			throw new IllegalArgumentException(what + ": ONNX Runtime cannot load it (" + Network.oneLine(e) + ")");
		}
		catch (final RuntimeException e) {
			close(model, options);
			throw e;
		}
	}

	private static Map<String, long[]> shapes(final String what, final String kind, final Map<String, NodeInfo> nodes) {
		final Map<String, long[]> shapes = new LinkedHashMap<>();
		for (final Map.Entry<String, NodeInfo> e : nodes.entrySet()) {
			if (!(e.getValue().getInfo() instanceof TensorInfo info))
				throw new IllegalArgumentException(what + ": " + kind + " \"" + e.getKey() + "\" is not a tensor");
			shapes.put(e.getKey(), info.getShape());
		}
		return shapes;
	}

	private static void close(final Model model, final OrtSession.SessionOptions options) {
		model.close();
		if (options != null)
			options.close();
	}

	/**
	 * ONNX Runtime session options with the CPU memory arena and memory pattern
	 * optimisation off: with ONNX Runtime's defaults a U-Net took 11.9 GB at
	 * 2048x2048, with these ~5 GB. (Through DJL's {@code Model.load} or
	 * {@code Criteria.optOption} the same is {@code cpuArenaAllocator=false},
	 * {@code memoryPatternOptimization=false}.) The caller closes them.
	 */
	public static OrtSession.SessionOptions sessionOptions() throws OrtException {
		final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
		options.setCPUArenaAllocator(false);
		options.setMemoryPatternOptimization(false);
		return options;
	}

	/**
	 * Creates the ONNX Runtime session for {@code onnx} and makes it the block of
	 * {@code model}. (DJL's own {@code Model.load} would hide the session, whose input
	 * shapes Tessera needs, and unpacks the bytes to a temporary folder.) The session
	 * belongs to the model's manager: closing the model closes it.
	 */
	public static OrtSession attachSession(final Model model, final byte[] onnx, final OrtSession.SessionOptions options) throws OrtException {
		final OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, options);
		model.setBlock(new OrtSymbolBlock(session, (OrtNDManager) model.getNDManager()));
		return session;
	}
}
