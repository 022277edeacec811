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

	/**
	 * The operator-set version of the default ONNX domain that an ONNX file imports
	 * (the {@code opset_import} of its ModelProto), read from the protobuf without
	 * loading the model, or -1 when the file declares none or is not readable as one.
	 */
	public static int opsetVersion(final byte[] onnx) {
		try {
			final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(onnx);
			int version = -1;
			while (b.hasRemaining()) {
				final long key = varint(b);
				final int field = (int) (key >>> 3), wire = (int) (key & 7);
				if (field == 8 && wire == 2) { // OperatorSetIdProto: 1 domain (text), 2 version
					final int length = (int) varint(b);
					final java.nio.ByteBuffer m = b.slice(b.position(), length);
					b.position(b.position() + m.remaining());
					String domain = "";
					long v = -1;
					while (m.hasRemaining()) {
						final long k = varint(m);
						if (k >>> 3 == 1 && (k & 7) == 2) {
							final byte[] text = new byte[(int) varint(m)];
							m.get(text);
							domain = new String(text, java.nio.charset.StandardCharsets.UTF_8);
						}
						else if (k >>> 3 == 2 && (k & 7) == 0) v = varint(m);
						else skip(m, (int) (k & 7));
					}
					if (domain.isEmpty() || domain.equals("ai.onnx")) version = (int) v;
				}
				else skip(b, wire);
			}
			return version;
		}
		catch (final RuntimeException e) {
			return -1;
		}
	}

	private static long varint(final java.nio.ByteBuffer b) {
		long v = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			final byte x = b.get();
			v |= (long) (x & 0x7f) << shift;
			if (x >= 0) return v;
		}
		throw new IllegalArgumentException("varint too long");
	}

	private static void skip(final java.nio.ByteBuffer b, final int wire) {
		switch (wire) {
			case 0 -> varint(b);
			case 1 -> b.position(b.position() + 8);
			case 2 -> {
				final long n = varint(b);
				b.position(Math.addExact(b.position(), (int) n));
			}
			case 5 -> b.position(b.position() + 4);
			default -> throw new IllegalArgumentException("wire type " + wire);
		}
	}

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
