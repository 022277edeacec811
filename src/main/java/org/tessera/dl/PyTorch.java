package org.tessera.dl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import ai.djl.MalformedModelException;
import ai.djl.Model;

/**
 * DJL's PyTorch engine for TorchScript weights, offline and set up as {@link Djl}
 * says (threads, no graph re-optimisation per input size). Networks run in
 * evaluation mode without gradients.
 * <p>
 * The engine needs DJL's {@code pytorch-engine}, {@code pytorch-jni} and
 * {@code pytorch-native-cpu} jars on the class path; on first use it unpacks
 * libtorch (~430 MB) into DJL's cache ({@code ~/.djl.ai/pytorch}).
 */
public final class PyTorch {

	/** DJL's name of the PyTorch engine. */
	public static final String ENGINE = "PyTorch";

	private PyTorch() {}

	/**
	 * Loads TorchScript weights. A TorchScript file does not declare its inputs'
	 * and outputs' shapes, so the network's {@link Network#inputs()} and
	 * {@link Network#outputs()} are empty; {@link Network#runs} probes it.
	 *
	 * @param what the weights for messages, e.g. {@code "model /x/model: model.pt"}
	 * @param torchScript the weights, a file written by {@code torch.jit.save}
	 * @throws IllegalArgumentException with one line starting with {@code what} naming the problem
	 */
	public static Network load(final String what, final byte[] torchScript) {
		// libtorch reading from a stream says only "istream reader failed" about a file that is no zip
		if (!isZip(torchScript))
			throw new IllegalArgumentException(what + ": PyTorch cannot load it (not TorchScript, which is a zip archive as torch.jit.save writes it)");
		final Model model;
		try {
			model = Djl.newModel("tessera", ENGINE);
		}
		catch (final RuntimeException | UnsatisfiedLinkError e) {
			throw new IllegalArgumentException(what + ": TorchScript weights need DJL's PyTorch engine, which cannot start here (" + Network.oneLine(e)
				+ ")");
		}
		try {
			model.load(new ByteArrayInputStream(torchScript), Map.of());
		}
		catch (final IOException | MalformedModelException | RuntimeException e) {
			model.close();
			final String reason = Network.oneLine(e);
			// what libtorch says about a zip from torch.save (a state_dict, say), which only Python can run
			final String hint = reason.contains("constants.pkl") ? "not TorchScript: saved with torch.save rather than torch.jit.save? " : "";
			throw new IllegalArgumentException(what + ": PyTorch cannot load it (" + hint + reason + ")");
		}
		return new Network("PyTorch", model, null, Map.of(), Map.of());
	}

	private static boolean isZip(final byte[] b) {
		return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
	}
}
