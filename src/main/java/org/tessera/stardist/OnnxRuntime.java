package org.tessera.stardist;

import java.util.Arrays;
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
final class OnnxRuntime {

	/** DJL's name of the ONNX Runtime engine. */
	static final String ENGINE = "OnnxRuntime";

	private OnnxRuntime() {}

	/** A new, empty DJL model on the ONNX Runtime engine. */
	static Model newModel(final String name) {
		return Djl.newModel(name, ENGINE);
	}

	/**
	 * Loads ONNX weights. The input layout is read from the ONNX input's shape:
	 * the axis whose size is {@code channels} is the channel axis (channels-last
	 * when both are, or when neither is but both are dynamic).
	 *
	 * @param files the model, for messages
	 * @param name the weights' file name, for messages
	 * @param onnx the weights
	 * @param channels the model's {@code n_channel_in}
	 * @throws IllegalArgumentException with one line naming the model, the file and the problem
	 */
	static Network load(final ModelFiles files, final String name, final byte[] onnx, final int channels) {
		final Model model = newModel("stardist");
		OrtSession.SessionOptions options = null;
		try {
			options = sessionOptions();
			final OrtSession session = attachSession(model, onnx, options);
			final Map<String, NodeInfo> inputs = session.getInputInfo();
			if (inputs.size() != 1)
				throw files.error(name + ": expected one input, found " + inputs.size() + " " + inputs.keySet());
			final Map.Entry<String, NodeInfo> input = inputs.entrySet().iterator().next();
			if (!(input.getValue().getInfo() instanceof TensorInfo info))
				throw files.error(name + ": input \"" + input.getKey() + "\" is not a tensor");
			final long[] shape = info.getShape();
			final Boolean first = shape.length == 4 ? channelsFirst(shape, channels) : null;
			if (first == null)
				throw files.error(name + ": input \"" + input.getKey() + "\" has shape " + Arrays.toString(shape) + ", expected [N, H, W, " + channels
					+ "] or [N, " + channels + ", H, W] for n_channel_in " + channels);
			return new Network("ONNX Runtime", model, options, first, shape);
		}
		catch (final OrtException e) {
			close(model, options);
			throw files.error(name + ": ONNX Runtime cannot load it (" + Network.oneLine(e) + ")");
		}
		catch (final RuntimeException e) {
			close(model, options);
			throw e;
		}
	}

	private static void close(final Model model, final OrtSession.SessionOptions options) {
		model.close();
		if (options != null)
			options.close();
	}

	/**
	 * Whether an [N, ?, ?, ?] input is channels-first: the axis of size {@code c} is the channel axis
	 * (channels-last when both are); failing that, a dynamic axis (-1) is (channels-last first); else null.
	 */
	static Boolean channelsFirst(final long[] shape, final int c) {
		if (shape[3] == c)
			return false;
		if (shape[1] == c)
			return true;
		if (shape[3] < 0)
			return false;
		if (shape[1] < 0)
			return true;
		return null;
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
