package org.tessera.dl;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;

/**
 * DJL, set up once for all of Tessera's engines before any of them loads. The
 * settings are system properties that DJL reads when an engine starts; each is
 * set here only if the user has not set it as a {@code -D} option (and the
 * environment variables DJL also reads, {@code DJL_OFFLINE} and
 * {@code OPT_OUT_TRACKING}, win over the properties):
 * <ul>
 * <li>{@code ai.djl.offline=true}, {@code OPT_OUT_TRACKING=true}: DJL otherwise
 * looks on the network for engine files and sends usage tracking. Everything
 * Tessera runs is on the class path.</li>
 * <li>{@code ai.djl.onnx.disable_alternative=true}: DJL's ONNX Runtime engine
 * otherwise starts the PyTorch engine (when it is on the class path) as helper
 * for array operations, unpacking ~430 MB of libtorch just to run an ONNX model.
 * Tessera runs only ONNX Runtime's own operations.</li>
 * <li>{@code ai.djl.pytorch.num_threads}: the number of cores (what the rest of
 * Tessera uses); {@code ai.djl.pytorch.num_interop_threads=1}: Tessera runs one
 * network call at a time.</li>
 * <li>{@code ai.djl.pytorch.graph_optimizer=false}: TorchScript's profiling
 * executor profiles and re-optimises the graph for new input sizes (DJL's
 * advice is to turn it off when sizes vary), and StarDist sees a new size
 * with most images.</li>
 * </ul>
 * DJL PyTorch unpacks libtorch (~430 MB) from the {@code pytorch-native-cpu} jar
 * into its cache on first use and loads it from there afterwards:
 * {@code ~/.djl.ai/pytorch} ({@code java.io.tmpdir} when the home folder is not
 * writable), or {@code pytorch} under {@code ENGINE_CACHE_DIR} or
 * {@code DJL_CACHE_DIR} (environment variable or system property).
 */
public final class Djl {

	static {
		setIfAbsent("ai.djl.offline", "true");
		setIfAbsent("OPT_OUT_TRACKING", "true");
		setIfAbsent("ai.djl.onnx.disable_alternative", "true");
		setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
		setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
		setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
	}

	private Djl() {}

	private static void setIfAbsent(final String key, final String value) {
		if (System.getProperty(key) == null)
			System.setProperty(key, value);
	}

	/**
	 * A new, empty DJL model on the named engine ({@link OnnxRuntime#ENGINE},
	 * {@link PyTorch#ENGINE}), with DJL set up as above.
	 *
	 * @param name the model's name (DJL's, for its logs)
	 * @param engine DJL's name of the engine
	 * @throws ai.djl.engine.EngineException or IllegalArgumentException when the engine is missing or cannot start
	 */
	public static Model newModel(final String name, final String engine) {
		return Model.newInstance(name, engine);
	}

	/**
	 * A new base manager of arrays on the named engine's CPU, with DJL set up as
	 * above (for computing with arrays outside a model, such as training).
	 *
	 * @throws ai.djl.engine.EngineException or IllegalArgumentException when the engine is missing or cannot start
	 */
	public static NDManager newManager(final String engine) {
		return NDManager.newBaseManager(ai.djl.Device.cpu(), engine);
	}
}
