package org.tessera.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.tessera.core.TaskMonitor;
import org.tessera.dl.Djl;
import org.tessera.dl.PyTorch;
import org.tessera.stardist.StarDistPostprocess;
import org.tessera.stardist.Thresholds;
import org.tessera.train.UNet.Architecture;
import org.tessera.train.UNet.Head;
import org.tessera.train.UNet.HeadActivation;

/**
 * Trains a StarDist 2D network (Schmidt et al., MICCAI 2018) in the JVM on
 * DJL's PyTorch engine: the {@link UNet} on grid 2 with a sigmoid object
 * probability head and a softplus head of distances along 32 rays, the network
 * of the project's Python training ({@code scripts/stardist/}).
 * <p>
 * Each step takes random crops ({@link Augmentation}: zoom, flips and 90°
 * rotations, intensity and gamma) of images normalised by their percentiles,
 * and computes the targets of each crop from its object labels
 * ({@link StarDistTargets}), so that zoom and rotation need no special
 * handling of the rays. The loss is StarDist's: binary cross-entropy of the
 * probability plus 0.2 times the mean absolute error of the distances weighted
 * by the true probability. The network with the lowest validation loss is the
 * result; then the probability and overlap thresholds that maximise AP@0.5 on
 * the validation images are chosen with Tessera's own post-processing
 * ({@link StarDistPostprocess}), so that they fit how the model will be run.
 * <p>
 * Fine-tuning starts from a StarDist network in ONNX: one that this class
 * wrote, or a network exported from PyTorch with batch norm folded into its
 * convolutions (Tessera's built-in models), whose convolutions are taken in
 * graph order. Fine-tuning keeps batch norm's statistics ({@link UNet#freezeNorm}).
 * <p>
 * Seeded: the same samples, settings and seed give the same network for a
 * given number of threads.
 */
public final class StarDistTraining {

	/** The network's grid: outputs at every second pixel in y and x. */
	public static final int GRID = 2;
	/** The heads' names, as the StarDist model folders' ONNX outputs are named. */
	public static final String PROB = "prob", DIST = "dist";
	/** The weight of the distance loss against the probability's. */
	public static final double DIST_WEIGHT = 0.2;
	/** Probability thresholds searched on the validation images. */
	static final double[] PROB_GRID = { 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85 };
	/** Overlap (NMS) thresholds searched on the validation images. */
	static final double[] NMS_GRID = { 0.1, 0.2, 0.3, 0.4, 0.5 };
	/**
	 * An image with more candidates than this at a probability threshold is
	 * scored as finding nothing there, rather than suppressed: an untrained
	 * network puts a candidate in every cell, and non-maximum suppression of
	 * hundreds of thousands of polygons would take hours.
	 */
	static final int MAX_CANDIDATES = 20_000;

	/** Zoom 0.8–1.25, flips and 90° rotations, intensity and gamma: the range of the Python training's scales. */
	public static final Augmentation AUGMENTATION = new Augmentation(0.8, 1.25, true, true, true);

	private StarDistTraining() {}

	/**
	 * @param steps training steps (batches)
	 * @param batch crops per step
	 * @param patch crop size in pixels (a multiple of 16, at least 32)
	 * @param rate the one-cycle schedule's highest learning rate
	 * @param seed seeds the initial network (when not fine-tuning), the crops and their order
	 * @param validateEvery steps between validations (the last step is always validated)
	 * @param augmentation how crops are varied
	 * @param widths the U-Net's channels at its three levels (a new network only)
	 * @param rays rays per object (a new network only)
	 */
	public record Settings(int steps, int batch, int patch, double rate, long seed, int validateEvery, Augmentation augmentation, int[] widths,
			int rays) {

		public Settings {
			TrainingLoop.checkSchedule(steps, batch, rate, validateEvery);
			if (patch < 32 || patch % 16 != 0) throw new IllegalArgumentException("patch must be a multiple of 16 of at least 32, not " + patch);
			if (rays < 4 || rays % 4 != 0) throw new IllegalArgumentException("rays must be a multiple of 4 of at least 4, not " + rays);
			widths = SemanticTraining.checkWidths(widths);
		}

		/** Defaults for {@code steps} steps: batch 8, crops of 128, rate 1e-3, validation 10 times, widths 32, 64, 128, 32 rays. */
		public static Settings defaults(final int steps, final long seed) {
			return new Settings(steps, 8, 128, 1e-3, seed, Math.max(1, steps / 10), AUGMENTATION, new int[] { 32, 64, 128 }, 32);
		}

		@Override
		public int[] widths() {
			return widths.clone();
		}
	}

	/**
	 * What training gives.
	 *
	 * @param onnx the best network (lowest validation loss), outputs {@value #PROB} and {@value #DIST}
	 * @param thresholds the thresholds chosen on the validation images (with the training images when those hold few objects)
	 * @param validationAp AP@0.5 on the images the thresholds were chosen on, at those thresholds
	 * @param thresholdImages which images the thresholds were chosen on, in words
	 * @param best the validation of the best network
	 * @param losses the training loss of each step taken
	 * @param validations all validations
	 * @param stopped whether it was cancelled before the last step
	 * @param channels the network's input channels
	 * @param rays the network's rays
	 * @param architecture the network's shape
	 * @param seconds how long it took
	 */
	public record Result(byte[] onnx, Thresholds thresholds, double validationAp, String thresholdImages, TrainingLoop.Validation best, double[] losses,
			List<TrainingLoop.Validation> validations, boolean stopped, int channels, int rays, Architecture architecture, double seconds) {}

	/**
	 * Trains.
	 *
	 * @param train training images with object labels (0 background, each object its own value, -1 unknown: no loss)
	 * @param validation validation images, the same way
	 * @param start a StarDist network in ONNX to fine-tune (as many input channels), or null to start anew
	 * @param metadata written into the ONNX model's metadata
	 * @param listener told of every step and validation (a validation's score: AP@0.5 at probability 0.5 and overlap 0.4)
	 * @param monitor progress; cancelling stops after the current step and keeps the best network so far
	 */
	public static Result train(final List<Sample> train, final List<Sample> validation, final Settings settings, final byte[] start,
		final Map<String, String> metadata, final TrainingLoop.Listener listener, final TaskMonitor monitor)
	{
		if (train.isEmpty()) throw new IllegalArgumentException("no training images");
		if (validation.isEmpty()) throw new IllegalArgumentException("no validation images");
		final int channels = train.get(0).channels();
		final List<Sample> all = new ArrayList<>(train);
		all.addAll(validation);
		for (final Sample s : all) {
			if (s.channels() != channels)
				throw new IllegalArgumentException(s.name() + ": " + s.channels() + " channels, but " + train.get(0).name() + " has " + channels);
			for (final int l : s.labels())
				if (l < -1) throw new IllegalArgumentException(s.name() + ": label " + l + " (object labels are 0 for background, 1, 2, ... for objects)");
		}
		final long t0 = System.nanoTime();
		try (NDManager root = Djl.newManager(PyTorch.ENGINE)) {
			try (UNet net = start == null ? newNetwork(channels, settings, root) : startingNetwork("the model to fine-tune", start, root, settings.seed());
				Adam adam = new Adam(net.parameters(), settings.rate(), settings.steps(), 0.1))
			{
				if (net.architecture().inChannels() != channels)
					throw new IllegalArgumentException("the model to fine-tune takes " + net.architecture().inChannels() + " channel"
						+ (net.architecture().inChannels() == 1 ? "" : "s") + "; the images have " + channels);
				net.freezeNorm(start != null);
				final int rays = net.architecture().heads().get(1).channels();
				final List<Targets> valTargets = validation.stream().map(s -> Targets.of(s.labels(), s.width(), s.height(), rays)).toList();
				final TrainingLoop.Objective<Batch> objective = new TrainingLoop.Objective<>() {

					@Override
					public Batch batch(final SplittableRandom r) {
						return StarDistTraining.batch(train, settings, rays, r);
					}

					@Override
					public NDArray loss(final UNet n, final NDManager scratch, final Batch b) {
						final NDList out = n.forward(scratch.create(b.x(), b.input()), true, false);
						return StarDistTraining.loss(out.get(0), out.get(1), scratch.create(b.prob(), b.probShape()), scratch.create(b.dist(), b.distShape()),
							scratch.create(b.valid(), b.probShape()), rays);
					}

					@Override
					public TrainingLoop.Validation validate(final UNet n, final NDManager r, final int step) {
						return StarDistTraining.validate(n, r, validation, valTargets, step);
					}

					@Override
					public String scoreName() {
						return "AP@0.5";
					}
				};
				final TrainingLoop.Outcome o = TrainingLoop.run(net, adam, root, objective, settings.steps(), settings.validateEvery(),
					new SplittableRandom(settings.seed() ^ 0x5DEECE66DL), listener, monitor);
				net.load("the best network", o.best());
				// a few labelled objects (a part of one image) leave too few for validation alone to choose the thresholds by
				final int validationObjects = objects(validation);
				final boolean few = validationObjects < MIN_THRESHOLD_OBJECTS;
				final String on = few ? "the training and validation images (the validation images hold " + validationObjects + " object" + (
					validationObjects == 1 ? "" : "s") + ", fewer than " + MIN_THRESHOLD_OBJECTS + ")" : "the validation images";
				monitor.status("choosing the thresholds on " + on);
				final double[] chosen = chooseThresholds(net, root, few ? all : validation);
				return new Result(OnnxExport.toOnnx(net, metadata), new Thresholds(chosen[1], chosen[2]), chosen[0], on, o.bestValidation(), o.losses(),
					o.validations(), o.stopped(), channels, rays, net.architecture(), (System.nanoTime() - t0) / 1e9);
			}
		}
	}

	/** Validation images with fewer objects than this choose the thresholds together with the training images. */
	public static final int MIN_THRESHOLD_OBJECTS = 10;

	/** How many objects the samples hold (their distinct positive labels, counted per sample). */
	static int objects(final List<Sample> samples) {
		int n = 0;
		for (final Sample s : samples)
			n += (int) java.util.Arrays.stream(s.labels()).filter(l -> l > 0).distinct().count();
		return n;
	}

	/** The architecture of a new StarDist network. */
	public static Architecture architecture(final int channels, final int[] widths, final int rays) {
		return new Architecture(channels, GRID, widths, List.of(new Head(PROB, 1, HeadActivation.SIGMOID), new Head(DIST, rays,
			HeadActivation.SOFTPLUS)));
	}

	private static UNet newNetwork(final int channels, final Settings settings, final NDManager root) {
		return new UNet(architecture(channels, settings.widths(), settings.rays()), root, settings.seed());
	}

	/** The convolutions of the StarDist U-Net, in the order a traced export writes them. */
	private static final List<String> CONVOLUTIONS = List.of("stem.0", "stem.2", "enc1.0", "enc1.3", "enc2.0", "enc2.3", "enc3.0", "enc3.3", "dec2.0",
		"dec2.3", "dec1.0", "dec1.3", "features.0", PROB, DIST);
	private static final List<String> NORMS = List.of("stem.3", "enc1.1", "enc1.4", "enc2.1", "enc2.4", "enc3.1", "enc3.4", "dec2.1", "dec2.4",
		"dec1.1", "dec1.4");

	/**
	 * A StarDist network from ONNX bytes, to fine-tune: one written by this
	 * class (named arrays and the architecture in the metadata), or one exported
	 * from PyTorch with batch norm folded into the convolutions (15 convolutions
	 * in graph order; batch norm becomes the identity).
	 *
	 * @param what the model for messages
	 */
	public static UNet startingNetwork(final String what, final byte[] onnx, final NDManager root, final long seed) {
		final OnnxExport.Contents c = OnnxExport.read(what, onnx);
		final String json = c.metadata().get(OnnxExport.ARCHITECTURE_KEY);
		if (json != null) {
			final Architecture arch = ArchitectureJson.read(what, json);
			if (arch.grid() != GRID || arch.heads().size() != 2 || !arch.heads().get(0).name().equals(PROB) || !arch.heads().get(1).name().equals(DIST))
				throw new IllegalArgumentException(what + ": not a StarDist network (a U-Net with heads " + arch.heads().stream().map(Head::name).toList()
					+ ", grid " + arch.grid() + ")");
			final UNet net = new UNet(arch, root, seed);
			net.load(what, c.arrays());
			return net;
		}
		final List<OnnxExport.Node> convs = c.nodes().stream().filter(n -> n.op().equals("Conv")).toList();
		final List<String> ops = c.nodes().stream().map(OnnxExport.Node::op).toList();
		if (convs.size() != CONVOLUTIONS.size() || !ops.contains("Sigmoid") || !ops.contains("Softplus"))
			throw new IllegalArgumentException(what + ": not a StarDist network that Tessera can fine-tune (expected the U-Net of Tessera's models: "
				+ CONVOLUTIONS.size() + " convolutions, a sigmoid and a softplus head; found " + convs.size() + " convolutions)");
		final Map<String, float[]> values = new LinkedHashMap<>();
		final Map<String, long[]> shapes = new LinkedHashMap<>();
		for (int i = 0; i < convs.size(); i++) {
			final List<String> in = convs.get(i).inputs();
			if (in.size() < 3 || !c.arrays().containsKey(in.get(1)) || !c.arrays().containsKey(in.get(2)))
				throw new IllegalArgumentException(what + ": convolution " + (i + 1) + " has no stored weights and bias");
			values.put(CONVOLUTIONS.get(i) + ".weight", c.arrays().get(in.get(1)));
			values.put(CONVOLUTIONS.get(i) + ".bias", c.arrays().get(in.get(2)));
			shapes.put(CONVOLUTIONS.get(i), c.shapes().get(in.get(1)));
		}
		final int inChannels = (int) shapes.get("stem.0")[1];
		final int[] widths = { (int) shapes.get("stem.2")[0], (int) shapes.get("enc2.0")[0], (int) shapes.get("enc3.0")[0] };
		final int rays = (int) shapes.get(DIST)[0];
		if (shapes.get(PROB)[0] != 1)
			throw new IllegalArgumentException(what + ": its probability head has " + shapes.get(PROB)[0] + " channels, expected 1");
		final UNet net = new UNet(architecture(inChannels, widths, rays), root, seed);
		for (final String norm : NORMS) {
			final int n = (int) net.arrays().get(norm + ".weight").size();
			final float[] ones = new float[n], zeros = new float[n], variance = new float[n];
			Arrays.fill(ones, 1);
			// (x - 0) / sqrt(var + eps) = x exactly
			Arrays.fill(variance, 1 - OnnxExport.BATCH_NORM_EPSILON);
			values.put(norm + ".weight", ones);
			values.put(norm + ".bias", zeros);
			values.put(norm + ".running_mean", zeros);
			values.put(norm + ".running_var", variance);
		}
		net.load(what, values);
		return net;
	}

	/** StarDist's loss: BCE of the probability plus {@link #DIST_WEIGHT} × the probability-weighted mean absolute error of the distances. */
	static NDArray loss(final NDArray prob, final NDArray dist, final NDArray probTarget, final NDArray distTarget, final NDArray valid, final int rays) {
		final NDArray p = prob.clip(1e-6f, 1 - 1e-6f);
		final NDArray bce = probTarget.mul(p.log()).add(probTarget.neg().add(1f).mul(p.neg().add(1f).log())).neg().mul(valid).sum().div(Math.max(1f,
			valid.sum().getFloat()));
		final NDArray w = probTarget.mul(valid);
		final NDArray l1 = dist.sub(distTarget).abs().mul(w).sum().div(Math.max(1e-6f, w.sum().getFloat() * rays));
		return bce.add(l1.mul((float) DIST_WEIGHT));
	}

	/** A crop's or an image's targets on the grid: probability and validity (gh × gw), distances (rays × gh × gw). */
	record Targets(float[] prob, float[] dist, float[] valid, int gh, int gw) {

		static Targets of(final int[] labels, final int width, final int height, final int rays) {
			final int[] objects = labels.clone();
			for (int i = 0; i < objects.length; i++)
				if (objects[i] < 0) objects[i] = 0;
			final int gh = (height + GRID - 1) / GRID, gw = (width + GRID - 1) / GRID;
			final float[] prob = StarDistTargets.onGrid(StarDistTargets.objectProbability(objects, width, height), width, height, GRID);
			final float[] raysLast = StarDistTargets.starDistances(objects, width, height, rays, GRID);
			final float[] dist = new float[rays * gh * gw], valid = new float[gh * gw];
			for (int c = 0; c < gh * gw; c++) {
				for (int k = 0; k < rays; k++)
					dist[k * gh * gw + c] = raysLast[c * rays + k];
				valid[c] = labels[c / gw * GRID * width + c % gw * GRID] >= 0 ? 1 : 0;
			}
			return new Targets(prob, dist, valid, gh, gw);
		}
	}

	/** One batch: crops (batch × channels × patch²) and their targets on the grid. */
	private record Batch(float[] x, float[] prob, float[] dist, float[] valid, Shape input, Shape probShape, Shape distShape) {}

	private static Batch batch(final List<Sample> train, final Settings settings, final int rays, final SplittableRandom random) {
		final int b = settings.batch(), p = settings.patch(), c = train.get(0).channels(), g = p / GRID;
		final float[] x = new float[b * c * p * p], prob = new float[b * g * g], dist = new float[b * rays * g * g], valid = new float[b * g * g];
		for (int i = 0; i < b; i++) {
			final Sample s = train.get(random.nextInt(train.size()));
			final Augmentation.Crop crop = settings.augmentation().crop(s, p, random);
			System.arraycopy(crop.image(), 0, x, i * c * p * p, c * p * p);
			final Targets t = Targets.of(crop.labels(), p, p, rays);
			System.arraycopy(t.prob(), 0, prob, i * g * g, g * g);
			System.arraycopy(t.valid(), 0, valid, i * g * g, g * g);
			System.arraycopy(t.dist(), 0, dist, i * rays * g * g, rays * g * g);
		}
		return new Batch(x, prob, dist, valid, new Shape(b, c, p, p), new Shape(b, 1, g, g), new Shape(b, rays, g, g));
	}

	/** The network's probability (gh × gw) and distances (gh × gw × rays, rays fastest) for one whole image. */
	record Prediction(float[] prob, float[] dist, int gh, int gw) {

		StarDistPostprocess.Prediction forPostprocess(final int rays, final int height, final int width) {
			return new StarDistPostprocess.Prediction(prob, dist, gh, gw, rays, GRID, GRID, height, width);
		}
	}

	/** Runs the network (evaluation mode) on one whole image, mirror-padded to the network's divisor. */
	static Prediction predict(final UNet net, final NDManager root, final Sample s) {
		try (NDManager scratch = root.newSubManager()) {
			// padded as StarDistModel pads, so that validation sees what inference will
			final int d = org.tessera.stardist.StarDistModel.DEFAULT_DIVISOR, h = s.height(), w = s.width(), c = s.channels();
			final int ph = (h + d - 1) / d * d, pw = (w + d - 1) / d * d;
			final NDList out = net.forward(scratch.create(s.mirrorPadded(ph, pw), new Shape(1, c, ph, pw)), false, false);
			final float[] p = out.get(0).toFloatArray(), dAll = out.get(1).toFloatArray();
			final int rays = (int) out.get(1).getShape().get(1), oh = ph / GRID, ow = pw / GRID;
			final int gh = (h + GRID - 1) / GRID, gw = (w + GRID - 1) / GRID;
			final float[] prob = new float[gh * gw], dist = new float[gh * gw * rays];
			for (int y = 0; y < gh; y++)
				for (int x = 0; x < gw; x++) {
					prob[y * gw + x] = p[y * ow + x];
					for (int k = 0; k < rays; k++)
						dist[(y * gw + x) * rays + k] = dAll[(k * oh + y) * ow + x];
				}
			return new Prediction(prob, dist, gh, gw);
		}
	}

	/** Mean loss (as in training) and AP@0.5 at probability 0.5 and overlap 0.4 on whole validation images. */
	static TrainingLoop.Validation validate(final UNet net, final NDManager root, final List<Sample> images, final List<Targets> targets,
		final int step)
	{
		final int rays = net.architecture().heads().get(1).channels();
		double bce = 0, l1 = 0, weight = 0, valid = 0;
		final int[] counts = new int[3];
		final StarDistPostprocess post = new StarDistPostprocess().withProbThreshold(0.5).withNmsThreshold(0.4);
		for (int i = 0; i < images.size(); i++) {
			final Sample s = images.get(i);
			final Targets t = targets.get(i);
			final Prediction p = predict(net, root, s);
			final int cells = t.gh() * t.gw();
			for (int c = 0; c < cells; c++) {
				final double q = Math.min(Math.max(p.prob()[c], 1e-6), 1 - 1e-6), y = t.prob()[c], v = t.valid()[c];
				bce -= v * (y * Math.log(q) + (1 - y) * Math.log(1 - q));
				valid += v;
				final double wt = y * v;
				if (wt > 0) {
					for (int k = 0; k < rays; k++)
						l1 += wt * Math.abs(p.dist()[c * rays + k] - t.dist()[k * cells + c]);
					weight += wt;
				}
			}
			final List<StarDistPostprocess.Detection> candidates = post.candidates(p.forPostprocess(rays, s.height(), s.width()));
			add(counts, score(s, candidates.size() > MAX_CANDIDATES ? null : post.select(candidates, s.width(), s.height()).labels()));
		}
		final double loss = bce / Math.max(1, valid) + DIST_WEIGHT * l1 / Math.max(1e-6, weight * rays);
		return new TrainingLoop.Validation(step, loss, InstanceMatching.averagePrecision(counts));
	}

	/**
	 * The probability and overlap thresholds that maximise AP@0.5 (pooled) on the
	 * images, searched over {@link #PROB_GRID} × {@link #NMS_GRID}; ties go to
	 * the first found (lower overlap, then lower probability).
	 *
	 * @return {AP@0.5, probability threshold, overlap threshold}
	 */
	static double[] chooseThresholds(final UNet net, final NDManager root, final List<Sample> images) {
		final int rays = net.architecture().heads().get(1).channels();
		final StarDistPostprocess low = new StarDistPostprocess().withProbThreshold(PROB_GRID[0]);
		final List<List<StarDistPostprocess.Detection>> candidates = new ArrayList<>();
		for (final Sample s : images)
			candidates.add(low.candidates(predict(net, root, s).forPostprocess(rays, s.height(), s.width())));
		double[] best = { -1, PROB_GRID[0], NMS_GRID[0] };
		for (final double nms : NMS_GRID)
			for (final double prob : PROB_GRID) {
				final StarDistPostprocess post = new StarDistPostprocess().withProbThreshold(prob).withNmsThreshold(nms);
				final int[] counts = new int[3];
				for (int i = 0; i < images.size(); i++) {
					final Sample s = images.get(i);
					final List<StarDistPostprocess.Detection> kept = candidates.get(i).stream().filter(d -> d.score() > prob).toList();
					add(counts, score(s, kept.size() > MAX_CANDIDATES ? null : post.select(kept, s.width(), s.height()).labels()));
				}
				final double ap = InstanceMatching.averagePrecision(counts);
				if (ap > best[0] + 1e-12) best = new double[] { ap, prob, nms };
			}
		return best;
	}

	/**
	 * {TP, FP, FN} at IoU 0.5 of predicted objects (null: none) against a
	 * sample's objects. Where the sample's labels are unknown (-1), as in the
	 * part of a single image kept for training, predicted objects that lie
	 * there for the most part are left out rather than counted as false.
	 */
	static int[] score(final Sample s, final int[] predicted) {
		final int[] truth = s.labels().clone();
		boolean unknown = false;
		for (int i = 0; i < truth.length; i++)
			if (truth[i] < 0) {
				truth[i] = 0;
				unknown = true;
			}
		if (predicted == null) return InstanceMatching.counts(truth, new int[truth.length], 0.5);
		if (!unknown) return InstanceMatching.counts(truth, predicted, 0.5);
		final Map<Integer, int[]> area = new java.util.HashMap<>();
		for (int i = 0; i < predicted.length; i++)
			if (predicted[i] != 0) {
				final int[] a = area.computeIfAbsent(predicted[i], k -> new int[2]);
				a[0]++;
				if (s.labels()[i] < 0) a[1]++;
			}
		final int[] kept = predicted.clone();
		for (int i = 0; i < kept.length; i++)
			if (kept[i] != 0 && 2 * area.get(kept[i])[1] > area.get(kept[i])[0]) kept[i] = 0;
		return InstanceMatching.counts(truth, kept, 0.5);
	}

	private static void add(final int[] sum, final int[] c) {
		for (int i = 0; i < 3; i++)
			sum[i] += c[i];
	}
}
