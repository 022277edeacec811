package org.tessera.sam;

import org.tessera.core.TaskMonitor;

/**
 * FastSAM's "segment everything" on one 2D image: the image is letterboxed into the
 * network's input ({@link Letterbox}), the network runs once ({@link FastSamModel}),
 * and its output is decoded into masks in image pixels ({@link FastSamDecoder}).
 * Prompts then select from the result ({@link FastSamResult}, {@link FastSamPrompts}).
 * <pre>
 * try (FastSamModel model = FastSamModel.load(Path.of("FastSAM-s.onnx"))) {
 *     FastSamResult all = new FastSam(model).segment(FastSamImage.grey(pixels, width, height), TaskMonitor.NONE);
 *     int[] labels = all.points(FastSamPrompts.parsePoints("120,80")).labels();
 * }
 * </pre>
 */
public final class FastSam {

	private final FastSamModel model;
	private final FastSamDecoder decoder;

	/**
	 * FastSAM with the model's default decoding ({@link FastSamModel#decoder()}: confidence 0.4,
	 * IoU 0.9, 100 detections for a user's model; the tuned ones for the built-in model).
	 */
	public FastSam(final FastSamModel model) {
		this(model, model.decoder());
	}

	public FastSam(final FastSamModel model, final FastSamDecoder decoder) {
		this.model = model;
		this.decoder = decoder;
	}

	public FastSamModel model() {
		return model;
	}

	public FastSamDecoder decoder() {
		return decoder;
	}

	/** Segments everything in the image. */
	public FastSamResult segment(final FastSamImage image, final TaskMonitor monitor) {
		final Letterbox letterbox = model.letterbox(image.width(), image.height());
		monitor.status("FastSAM: running the network on " + letterbox.inputWidth() + " x " + letterbox.inputHeight());
		monitor.checkCancelled();
		final FastSamOutput out = model.predict(letterbox.apply(image), letterbox.inputWidth(), letterbox.inputHeight());
		monitor.checkCancelled();
		return new FastSamResult(image.width(), image.height(), decoder.decode(out, letterbox, monitor));
	}
}
