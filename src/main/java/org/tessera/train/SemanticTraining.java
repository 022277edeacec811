package org.tessera.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.tessera.core.TaskMonitor;
import org.tessera.dl.Djl;
import org.tessera.dl.PyTorch;
import org.tessera.train.UNet.Architecture;
import org.tessera.train.UNet.Head;
import org.tessera.train.UNet.HeadActivation;

/**
 * Trains a {@link UNet} for semantic segmentation (one class per pixel) in the
 * JVM on DJL's PyTorch engine: random augmented crops ({@link Augmentation}),
 * cross-entropy over the labelled pixels (-1 = unlabelled), {@link Adam} with
 * a one-cycle schedule, and validation on whole images every few steps; the
 * network with the lowest validation loss is the result, as ONNX bytes that
 * ONNX Runtime runs.
 * <p>
 * Seeded: the same samples, settings and seed give the same network for a
 * given number of threads (PyTorch's kernels sum in an order that depends on
 * it).
 */
public final class SemanticTraining {

	/** The output head's name: softmax probabilities [N, classes, H, W]. */
	public static final String HEAD = "probabilities";

	/**
	 * @param steps training steps (batches)
	 * @param batch crops per step
	 * @param patch crop size in pixels (a multiple of 4)
	 * @param rate the one-cycle schedule's highest learning rate
	 * @param seed seeds the initial network (when not fine-tuning), the crops and their order
	 * @param validateEvery steps between validations (the last step is always validated)
	 * @param augmentation how crops are varied
	 * @param widths the U-Net's channels at its three levels
	 */
	public record Settings(int steps, int batch, int patch, double rate, long seed, int validateEvery, Augmentation augmentation, int[] widths) {

		public Settings {
			TrainingLoop.checkSchedule(steps, batch, rate, validateEvery);
			if (patch < 16 || patch % 4 != 0) throw new IllegalArgumentException("patch must be a multiple of 4 of at least 16, not " + patch);
			widths = checkWidths(widths);
		}

		/** Defaults for {@code steps} steps: batch 8, crops of 128, rate 1e-3, validation 20 times, widths 32, 64, 96. */
		public static Settings defaults(final int steps, final long seed) {
			return new Settings(steps, 8, 128, 1e-3, seed, Math.max(1, steps / 20), Augmentation.DEFAULT, new int[] { 32, 64, 96 });
		}

		@Override
		public int[] widths() {
			return widths.clone();
		}
	}

	/** {@link TrainingLoop.Listener} under this class's name, for scripts; a validation's score is the mean foreground IoU. */
	public interface Listener extends TrainingLoop.Listener {}

	/** One validation: after which step, mean loss and mean IoU of the foreground classes. */
	public record Validation(int step, double loss, double iou) {}

	/**
	 * What training gives.
	 *
	 * @param onnx the best network (lowest validation loss)
	 * @param best the validation of that network
	 * @param losses the training loss of each step taken
	 * @param validations all validations
	 * @param stopped whether it was cancelled before the last step
	 * @param seconds how long it took
	 */
	public record Result(byte[] onnx, Validation best, double[] losses, List<Validation> validations, boolean stopped, double seconds) {}

	/**
	 * The fewest channels a level may have. With 8 or 12 channels (decoder inputs
	 * of 20 to 40 channels), PyTorch 2's CPU convolutions gave whole NaN outputs
	 * for finite inputs in a few percent of runs, and kept giving them in that
	 * process; with 16 or more, never in hundreds of runs.
	 */
	static final int MIN_WIDTH = 16;

	/** A copy of the widths of a new U-Net's three levels, each at least {@link #MIN_WIDTH}. */
	static int[] checkWidths(final int[] widths) {
		if (widths.length != 3 || java.util.Arrays.stream(widths).anyMatch(w -> w < MIN_WIDTH))
			throw new IllegalArgumentException("widths must be at least " + MIN_WIDTH + " channels at each of the 3 levels, not " + java.util.Arrays
				.toString(widths) + " (narrower U-Nets gave NaN now and then on PyTorch's CPU kernels)");
		return widths.clone();
	}

	private SemanticTraining() {}

	/**
	 * Trains.
	 *
	 * @param train training images with class labels 0..classes-1 (-1: unlabelled)
	 * @param validation validation images, the same way
	 * @param classes the number of classes (at least 2)
	 * @param start a model to fine-tune (ONNX written by this class, with as many input channels and classes), or null to start anew
	 * @param metadata written into the ONNX model's metadata
	 * @param monitor progress; cancelling stops after the current step and keeps the best network so far
	 */
	public static Result train(final List<Sample> train, final List<Sample> validation, final int classes, final Settings settings,
		final byte[] start, final Map<String, String> metadata, final TrainingLoop.Listener listener, final TaskMonitor monitor)
	{
		if (train.isEmpty()) throw new IllegalArgumentException("no training images");
		if (validation.isEmpty()) throw new IllegalArgumentException("no validation images");
		if (classes < 2) throw new IllegalArgumentException("classes: at least 2 are needed, not " + classes);
		final int channels = train.get(0).channels();
		for (final Sample s : concat(train, validation)) {
			if (s.channels() != channels)
				throw new IllegalArgumentException(s.name() + ": " + s.channels() + " channels, but " + train.get(0).name() + " has " + channels);
			for (final int l : s.labels())
				if (l < -1 || l >= classes)
					throw new IllegalArgumentException(s.name() + ": label " + l + " is not a class (0.." + (classes - 1) + ", or -1 for unlabelled)");
		}
		final long t0 = System.nanoTime();
		try (NDManager root = Djl.newManager(PyTorch.ENGINE)) {
			final Architecture arch;
			final OnnxExport.Contents from = start == null ? null : OnnxExport.read("the model to fine-tune", start);
			if (from != null) {
				arch = ArchitectureJson.read("the model to fine-tune", from.metadata().getOrDefault(OnnxExport.ARCHITECTURE_KEY, ""));
				if (arch.inChannels() != channels || arch.heads().size() != 1 || arch.heads().get(0).channels() != classes)
					throw new IllegalArgumentException("the model to fine-tune takes " + arch.inChannels() + " channels and gives "
						+ arch.heads().get(0).channels() + " classes; the images have " + channels + " channels and " + classes + " classes");
			}
			else arch = new Architecture(channels, 1, settings.widths(), List.of(new Head(HEAD, classes, HeadActivation.SOFTMAX)));
			try (UNet net = new UNet(arch, root, settings.seed()); Adam adam = new Adam(net.parameters(), settings.rate(), settings.steps(), 0.1)) {
				if (from != null)
					net.load("the model to fine-tune", from.arrays());
				final SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
				final TrainingLoop.Objective<Batch> objective = new TrainingLoop.Objective<>() {

					@Override
					public Batch batch(final SplittableRandom r) {
						return SemanticTraining.batch(train, classes, settings, r);
					}

					@Override
					public NDArray loss(final UNet n, final NDManager scratch, final Batch b) {
						final NDArray input = scratch.create(b.x(), b.input());
						final NDArray oneHot = scratch.create(b.target(), b.targets());
						final NDArray logits = n.forward(input, true, true).get(0);
						return logits.logSoftmax(1).mul(oneHot).sum().neg().div(Math.max(1, b.labelled()));
					}

					@Override
					public TrainingLoop.Validation validate(final UNet n, final NDManager r, final int step) {
						final Validation v = SemanticTraining.validate(n, r, validation, classes, step);
						return new TrainingLoop.Validation(v.step(), v.loss(), v.iou());
					}

					@Override
					public String scoreName() {
						return "IoU";
					}
				};
				final TrainingLoop.Outcome o = TrainingLoop.run(net, adam, root, objective, settings.steps(), settings.validateEvery(), random, listener,
					monitor);
				net.load("the best network", o.best());
				final List<Validation> validations = o.validations().stream().map(v -> new Validation(v.step(), v.loss(), v.score())).toList();
				final Validation best = new Validation(o.bestValidation().step(), o.bestValidation().loss(), o.bestValidation().score());
				return new Result(OnnxExport.toOnnx(net, metadata), best, o.losses(), validations, o.stopped(), (System.nanoTime() - t0) / 1e9);
			}
		}
	}

	/** One batch of augmented crops: the image values, the one-hot targets (zero where unlabelled) and the labelled pixel count. */
	private record Batch(float[] x, float[] target, long labelled, Shape input, Shape targets) {}

	private static Batch batch(final List<Sample> train, final int classes, final Settings settings, final SplittableRandom random) {
		final int b = settings.batch(), p = settings.patch(), c = train.get(0).channels();
		final float[] x = new float[b * c * p * p];
		final float[] target = new float[b * classes * p * p];
		long labelled = 0;
		for (int i = 0; i < b; i++) {
			final Sample s = train.get(random.nextInt(train.size()));
			final Augmentation.Crop crop = settings.augmentation().crop(s, p, random);
			System.arraycopy(crop.image(), 0, x, i * c * p * p, c * p * p);
			for (int o = 0; o < p * p; o++) {
				final int l = crop.labels()[o];
				if (l >= 0) {
					target[(i * classes + l) * p * p + o] = 1;
					labelled++;
				}
			}
		}
		return new Batch(x, target, labelled, new Shape(b, c, p, p), new Shape(b, classes, p, p));
	}

	/** Mean cross-entropy and mean foreground IoU of the network on whole images (evaluation mode). */
	static Validation validate(final UNet net, final NDManager root, final List<Sample> images, final int classes, final int step) {
		double lossSum = 0;
		long labelled = 0;
		final long[] intersection = new long[classes], union = new long[classes];
		for (final Sample s : images)
			try (NDManager scratch = root.newSubManager()) {
				float[] probabilities = predict(net, scratch, s);
				for (int attempt = 2; attempt <= TrainingLoop.ATTEMPTS && !TrainingLoop.finite(Map.of(s.name(), probabilities)); attempt++)
					probabilities = predict(net, scratch, s);
				final int n = s.height() * s.width();
				for (int o = 0; o < n; o++) {
					final int truth = s.labels()[o];
					int predicted = 0;
					for (int k = 1; k < classes; k++)
						if (probabilities[k * n + o] > probabilities[predicted * n + o])
							predicted = k;
					if (truth < 0)
						continue;
					lossSum -= Math.log(Math.max(probabilities[truth * n + o], 1e-12));
					labelled++;
					for (int k = 0; k < classes; k++) {
						final boolean t = truth == k, q = predicted == k;
						if (t && q) intersection[k]++;
						if (t || q) union[k]++;
					}
				}
			}
		double iou = 0;
		int counted = 0;
		for (int k = 1; k < classes; k++)
			if (union[k] > 0) {
				iou += (double) intersection[k] / union[k];
				counted++;
			}
		return new Validation(step, lossSum / Math.max(1, labelled), counted == 0 ? 0 : iou / counted);
	}

	/** Class probabilities (classes × height × width) of one whole image, mirror-padded to the network's divisor. */
	static float[] predict(final UNet net, final NDManager scratch, final Sample s) {
		final int d = net.architecture().divisor(), h = s.height(), w = s.width(), c = s.channels();
		final int ph = (h + d - 1) / d * d, pw = (w + d - 1) / d * d;
		final NDArray out = net.forward(scratch.create(s.mirrorPadded(ph, pw), new Shape(1, c, ph, pw)), false, false).get(0);
		final int k = (int) out.getShape().get(1);
		final float[] all = out.toFloatArray(), cropped = new float[k * h * w];
		for (int ch = 0; ch < k; ch++)
			for (int y = 0; y < h; y++)
				System.arraycopy(all, (ch * ph + y) * pw, cropped, (ch * h + y) * w, w);
		return cropped;
	}

	private static List<Sample> concat(final List<Sample> a, final List<Sample> b) {
		final List<Sample> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}
}
