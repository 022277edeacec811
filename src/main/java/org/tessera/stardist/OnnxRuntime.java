package org.tessera.stardist;

import ai.djl.Model;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * DJL's ONNX Runtime engine, set up the way Tessera needs it: offline, and with
 * session options that keep memory in check.
 * <p>
 * DJL otherwise looks on the network for engine files and sends usage
 * tracking; {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} (DJL
 * reads both as system properties or environment variables) turn that off.
 * They are set here, before DJL's engine is first touched, unless the user set
 * them. The ONNX Runtime native library comes from the onnxruntime jar and is
 * unpacked to {@code java.io.tmpdir} (or {@code onnxruntime.native.path}).
 */
final class OnnxRuntime {

	/** DJL's name of the ONNX Runtime engine. */
	static final String ENGINE = "OnnxRuntime";

	static {
		if (System.getProperty("ai.djl.offline") == null)
			System.setProperty("ai.djl.offline", "true");
		if (System.getProperty("OPT_OUT_TRACKING") == null)
			System.setProperty("OPT_OUT_TRACKING", "true");
	}

	private OnnxRuntime() {}

	/** A new, empty DJL model on the ONNX Runtime engine. */
	static Model newModel(final String name) {
		return Model.newInstance(name, ENGINE);
	}

	/**
	 * ONNX Runtime session options with the CPU memory arena and memory pattern
	 * optimisation off: with ONNX Runtime's defaults a U-Net took 11.9 GB at
	 * 2048x2048, with these ~5 GB. (Through DJL's {@code Model.load} or
	 * {@code Criteria.optOption} the same is {@code cpuArenaAllocator=false},
	 * {@code memoryPatternOptimization=false}.) The caller closes them.
	 */
	static OrtSession.SessionOptions sessionOptions() throws OrtException {
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
	static OrtSession attachSession(final Model model, final byte[] onnx, final OrtSession.SessionOptions options) throws OrtException {
		final OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, options);
		model.setBlock(new OrtSymbolBlock(session, (OrtNDManager) model.getNDManager()));
		return session;
	}
}
