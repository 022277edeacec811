package org.tessera.stardist;

import java.util.Arrays;
import java.util.Map;

import org.tessera.dl.Network;
import org.tessera.dl.OnnxRuntime;
import org.tessera.dl.PyTorch;

import ai.djl.ndarray.types.Shape;

/**
 * A StarDist network loaded through {@link org.tessera.dl}, with its input layout:
 * whether it takes {@code [N, C, H, W]} (channels-first) or {@code [N, H, W, C]},
 * and the input shape the weights declare (-1 where any size goes).
 */
record StarDistNetwork(Network network, boolean channelsFirst, long[] inputShape) {

	/**
	 * Loads the model's weights. For ONNX the layout is read from the input's shape:
	 * the axis whose size is {@code channels} is the channel axis (channels-last when
	 * both are, or when neither is but both are dynamic). TorchScript does not declare
	 * its input's shape: PyTorch's convolutions take channels-first input, so that is
	 * tried first, on a small input of zeros; only when the network fails on it and
	 * runs on channels-last input (a network that permutes its input itself, say) is
	 * the input channels-last. When it runs on neither (a network that takes only one
	 * size, say), it is taken as channels-first, and running it on an image will say
	 * what is wrong. ({@code config.json}'s {@code axes} are no help: StarDist writes
	 * "YXC", in Keras's channels-last convention, for every model.)
	 *
	 * @throws IllegalArgumentException with one line naming the model, the file and the problem
	 */
	static StarDistNetwork load(final ModelFiles files, final ModelFiles.Weights weights, final int channels) {
		final String what = "model " + files.where + ": " + weights.name();
		return switch (weights.format()) {
			case ONNX -> onnx(files, weights.name(), OnnxRuntime.load(what, weights.bytes()), channels);
			case TORCHSCRIPT -> torchScript(PyTorch.load(what, weights.bytes()), channels);
		};
	}

	private static StarDistNetwork onnx(final ModelFiles files, final String name, final Network network, final int channels) {
		try {
			final Map<String, long[]> inputs = network.inputs();
			if (inputs.size() != 1)
				throw files.error(name + ": expected one input, found " + inputs.size() + " " + inputs.keySet());
			final Map.Entry<String, long[]> input = inputs.entrySet().iterator().next();
			final long[] shape = input.getValue();
			final Boolean first = shape.length == 4 ? channelsFirst(shape, channels) : null;
			if (first == null)
				throw files.error(name + ": input \"" + input.getKey() + "\" has shape " + Arrays.toString(shape) + ", expected [N, H, W, " + channels
					+ "] or [N, " + channels + ", H, W] for n_channel_in " + channels);
			return new StarDistNetwork(network, first, shape);
		}
		catch (final RuntimeException e) {
			network.close();
			throw e;
		}
	}

	private static StarDistNetwork torchScript(final Network network, final int channels) {
		// a size that is no channel count, and divisible by what U-Nets need
		final int size = channels == 64 ? 96 : 64;
		final boolean first = network.runs(new Shape(1, channels, size, size)) || !network.runs(new Shape(1, size, size, channels));
		return new StarDistNetwork(network, first, first ? new long[] { -1, channels, -1, -1 } : new long[] { -1, -1, -1, channels });
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
}
