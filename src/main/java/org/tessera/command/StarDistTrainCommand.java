package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.stardist.StarDistModel;
import org.tessera.train.Augmentation;
import org.tessera.train.Sample;
import org.tessera.train.SemanticTargets;
import org.tessera.train.StarDistFolder;
import org.tessera.train.StarDistTraining;

/**
 * Trains or fine-tunes a StarDist 2D model in the JVM (DJL's PyTorch engine)
 * from images and their object label images, and writes a model folder that
 * {@code stardist} runs; see {@link StarDistTraining}.
 */
@Plugin(type = Command.class, name = "train-stardist", label = "Train StarDist (Tessera)", headless = true,
	description = "Trains a StarDist 2D model on your own images and object label images inside Fiji (no Python), by default starting from " +
		"the built-in model for the images' channels, and writes a model folder that StarDist 2D runs")
public class StarDistTrainCommand extends TrainingCommand {

	/** fine_tune values: the built-in model for the images' channels, or a new network. */
	static final String AUTO = "auto", NONE = "none";

	@Parameter(label = "fine_tune", required = false, persist = false, description = "the model to start from: auto (the built-in model for " +
		"the images' channels: fluorescence for one, he for three), a built-in model's name, a StarDist model folder written by this command, " +
		"or none (a new network)")
	private String fine_tune = AUTO;

	@Parameter(label = "steps", min = "1", required = false, persist = false, description = "training steps (batches of crops)")
	private int steps = 1000;

	@Parameter(label = "batch", min = "1", required = false, persist = false, description = "crops per step")
	private int batch = 8;

	@Parameter(label = "patch", min = "32", required = false, persist = false, description = "crop size in pixels (a multiple of 16)")
	private int patch = 128;

	@Parameter(label = "learning_rate", required = false, persist = false, description = "the highest learning rate of the one-cycle schedule")
	private double learning_rate = 1e-3;

	@Parameter(label = "augment", required = false, persist = false, description = "vary the crops: zoom, flips, 90° rotations, intensity and gamma")
	private boolean augment = true;

	@Parameter(label = "seed", required = false, persist = false, description = "seeds the network, the crops and the validation choice")
	private long seed = 1;

	@Parameter(label = "model", style = "directory", persist = false, description = "the model folder to write (model.onnx, config.json, " +
		"thresholds.json, training.json)")
	private File model;

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "what was trained")
	private String summary;

	@Override
	public void run() {
		if (model == null || model.getPath().isBlank()) throw new IllegalArgumentException("model: give the model folder to write");
		final TrainingImages.Given given = given();
		for (final TrainingImages.Pair p : given.train())
			if (java.util.Arrays.stream(p.labels()).noneMatch(l -> l > 0))
				throw new IllegalArgumentException("labels of " + p.name() + ": no objects labelled; StarDist learns from labelled objects");
		final TrainingImages.Samples samples = samples(given, StarDistTrainCommand::sample, seed);
		final List<Sample> train = samples.train(), val = samples.validation();
		final int channels = train.get(0).channels();
		final String from = startName(fine_tune, channels);
		final byte[] start = from == null ? null : startWeights(from);
		final StarDistFolder folder = StarDistFolder.prepare(model.toPath());
		final String split = samples.split();
		final StarDistTraining.Settings settings = new StarDistTraining.Settings(steps, batch, patch, learning_rate, seed, Math.max(1, Math.min(100,
			steps / 10)), augment ? StarDistTraining.AUGMENTATION : Augmentation.NONE, new int[] { 32, 64, 128 }, 32);
		final Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("tessera.family", "stardist");
		final TrainingPlot plot = TrainingPlot.ifInteractive("StarDist training: " + model.toPath().getFileName(), "AP@0.5");
		final StarDistTraining.Result r = StarDistTraining.train(train, val, settings, start, metadata, plot.listener(), monitor());
		try {
			folder.write(r, train, val, split, settings, from);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("model: cannot write " + model + ": " + e.getMessage(), e);
		}
		summary = String.format(Locale.ROOT, "trained StarDist (%s) on %d image%s for %d step%s%s in %.0f s; best validation loss %.4f (step %d); "
			+ "thresholds prob %.2f, nms %.2f give AP@0.5 %.3f on %s; wrote %s", from == null ? "new network" : "from " + from,
			train.size(), train.size() == 1 ? "" : "s", r.losses().length, r.losses().length == 1 ? "" : "s", r.stopped() ? " (stopped)" : "",
			r.seconds(), r.best().loss(), r.best().step(), r.thresholds().prob(), r.thresholds().nms(), r.validationAp(), r.thresholdImages(), model);
		status().showStatus(summary);
	}

	private static Sample sample(final TrainingImages.Pair p) {
		return SemanticTargets.sample(p.name(), p.pixels(), p.width(), p.height(), p.channels(), 1, 99.8, p.labels());
	}

	/** What fine_tune names: a built-in model's name or a folder, or null for a new network. */
	static String startName(final String fineTune, final int channels) {
		final String f = fineTune == null || fineTune.isBlank() ? AUTO : fineTune.strip();
		if (f.equalsIgnoreCase(NONE)) return null;
		if (f.equalsIgnoreCase(AUTO)) {
			if (channels == 1) return "fluorescence";
			if (channels == 3) return "he";
			throw new IllegalArgumentException("fine_tune: no built-in model takes " + channels + " channels; give fine_tune=none to train a new " +
				"network");
		}
		return f;
	}

	/** The ONNX bytes of a built-in model or of a model folder's model.onnx. */
	static byte[] startWeights(final String from) {
		if (StarDistModel.BUILT_IN_NAMES.contains(from)) {
			try {
				return StarDistModel.builtInOnnx(from);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("fine_tune: " + e.getMessage());
			}
		}
		final Path folder = Path.of(from);
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException("fine_tune: '" + from + "' is neither a built-in model (" + String.join(", ",
				StarDistModel.BUILT_IN_NAMES) + "), auto, none, nor a model folder");
		final Path onnx = folder.resolve(StarDistFolder.WEIGHTS);
		if (!Files.isRegularFile(onnx))
			throw new IllegalArgumentException("fine_tune: no " + StarDistFolder.WEIGHTS + " in " + folder + " (a StarDist model folder with ONNX " +
				"weights, as train-stardist writes)");
		try {
			return Files.readAllBytes(onnx);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("fine_tune: cannot read " + onnx + " (" + e.getMessage() + ")");
		}
	}

	public String getSummary() {
		return summary;
	}
}
