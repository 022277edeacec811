package org.tessera.annotate;

import org.tessera.sam.FastSamDecoder;
import org.tessera.sam.FastSamModel;

/** The model and decoding the labeling tool uses when the user chose no model file. */
final class FastSamModels {

	private FastSamModels() {}

	/** Tessera's built-in FastSAM model. */
	static FastSamModel builtIn() {
		throw new IllegalArgumentException("model: Tessera has no built-in FastSAM model yet; choose a FastSAM .onnx in the labeling options");
	}

	/** The decoding for a model: its own default thresholds. */
	static FastSamDecoder decoder(final FastSamModel model) {
		return new FastSamDecoder();
	}
}
