package org.tessera.stardist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * DJL's PyTorch engine for TorchScript weights, offline and set up as {@link Djl}
 * says (threads, no graph re-optimisation per input size). Networks run in
 * evaluation mode without gradients.
 * <p>
 * The engine needs DJL's {@code pytorch-engine}, {@code pytorch-jni} and
 * {@code pytorch-native-cpu} jars on the class path; on first use it unpacks
 * libtorch (~430 MB) into DJL's cache ({@code ~/.djl.ai/pytorch}).
 */
final class PyTorch {

	/** DJL's name of the PyTorch engine. */
	static final String ENGINE = "PyTorch";

	private PyTorch() {}

	/**
	 * Loads TorchScript weights.
	 * <p>
	 * A TorchScript file does not declare its input's shape. PyTorch's convolutions
	 * take channels-first input, so networks exported from PyTorch take
	 * {@code [N, C, H, W]}; that is tried first, on a small input of zeros. Only
	 * when the network fails on it and runs on channels-last {@code [N, H, W, C]}
	 * (a network that permutes its input itself, say) is the input channels-last.
	 * When it runs on neither (a network that takes only one size, say), it is
	 * taken as channels-first, and running it on an image will say what is wrong.
	 * ({@code config.json}'s {@code axes} are no help: StarDist writes "YXC", in
	 * Keras's channels-last convention, for every model.)
	 *
	 * @param files the model, for messages
	 * @param name the weights' file name, for messages
	 * @param torchScript the weights, a file written by {@code torch.jit.save}
	 * @param channels the model's {@code n_channel_in}
	 * @throws IllegalArgumentException with one line naming the model, the file and the problem
	 */
	static Network load(final ModelFiles files, final String name, final byte[] torchScript, final int channels) {
		// libtorch reading from a stream says only "istream reader failed" about a file that is no zip
		if (!isZip(torchScript))
			throw files.error(name + ": PyTorch cannot load it (not TorchScript, which is a zip archive as torch.jit.save writes it)");
		final Model model;
		try {
			model = Djl.newModel("stardist", ENGINE);
		}
		catch (final RuntimeException | UnsatisfiedLinkError e) {
			throw files.error(name + ": TorchScript weights need DJL's PyTorch engine, which cannot start here (" + Network.oneLine(e) + ")");
		}
		try {
			model.load(new ByteArrayInputStream(torchScript), Map.of());
		}
		catch (final IOException | MalformedModelException | RuntimeException e) {
			model.close();
			final String reason = Network.oneLine(e);
			// what libtorch says about a zip from torch.save (a state_dict, say), which only Python can run
			final String hint = reason.contains("constants.pkl") ? "not TorchScript: saved with torch.save rather than torch.jit.save? " : "";
			throw files.error(name + ": PyTorch cannot load it (" + hint + reason + ")");
		}
		final boolean first = runs(model, channels, true) || !runs(model, channels, false);
		return new Network("PyTorch", model, null, first, first ? new long[] { -1, channels, -1, -1 } : new long[] { -1, -1, -1, channels });
	}

	private static boolean isZip(final byte[] b) {
		return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
	}

	/** Whether the network runs on a small input of zeros in the given layout. */
	private static boolean runs(final Model model, final int channels, final boolean channelsFirst) {
		// a size that is no channel count, and divisible by what U-Nets need
		final int size = channels == 64 ? 96 : 64;
		try (NDManager manager = model.getNDManager().newSubManager()) {
			final Shape shape = channelsFirst ? new Shape(1, channels, size, size) : new Shape(1, size, size, channels);
			model.getBlock().forward(new ParameterStore(manager, false), new NDList(manager.zeros(shape, DataType.FLOAT32)), false);
			return true;
		}
		catch (final RuntimeException e) {
			return false;
		}
	}
}
