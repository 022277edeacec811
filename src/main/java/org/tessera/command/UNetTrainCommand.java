package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.train.Augmentation;
import org.tessera.train.Sample;
import org.tessera.train.SemanticTargets;
import org.tessera.train.SemanticTraining;
import org.tessera.train.UNetFolder;

/**
 * Trains a U-Net for semantic segmentation in the JVM (DJL's PyTorch engine)
 * from images and label images, and writes a model folder that {@code unet}
 * runs; see {@link SemanticTraining}.
 */
@Plugin(type = Command.class, name = "train-unet", label = "Train U-Net (Tessera)", headless = true,
	description = "Trains a U-Net for semantic segmentation from images and their label images (objects, or scribbles of classes), inside " +
		"Fiji on the CPU, and writes a model folder for U-Net Segment")
public class UNetTrainCommand extends TrainingCommand {

	static final String INSTANCES = "objects", CLASSES = "classes";

	@Parameter(label = "targets", choices = { INSTANCES, CLASSES }, required = false, persist = false, description = "objects: label images " +
		"number objects (0 background), learnt as background, object and boundary; classes: label images mark classes 1, 2, ... (0 unlabelled)")
	private String targets = INSTANCES;

	@Parameter(label = "classes", required = false, persist = false, description = "with targets=classes: the classes' names in label order, " +
		"separated by commas (default: class 1, class 2, ...)")
	private String classes = "";

	@Parameter(label = "steps", min = "1", required = false, persist = false, description = "training steps (batches of crops)")
	private int steps = 2000;

	@Parameter(label = "batch", min = "1", required = false, persist = false, description = "crops per step")
	private int batch = 8;

	@Parameter(label = "patch", min = "16", required = false, persist = false, description = "crop size in pixels (a multiple of 4)")
	private int patch = 128;

	@Parameter(label = "learning_rate", required = false, persist = false, description = "the highest learning rate of the one-cycle schedule")
	private double learning_rate = 1e-3;

	@Parameter(label = "augment", required = false, persist = false, description = "vary the crops: zoom, flips, 90° rotations, intensity and gamma")
	private boolean augment = true;

	@Parameter(label = "seed", required = false, persist = false, description = "seeds the network, the crops and the validation choice")
	private long seed = 1;

	@Parameter(label = "fine_tune", style = "directory", required = false, persist = false, description = "a U-Net model folder to start from " +
		"(same channels and classes); default: a new network")
	private File fine_tune;

	@Parameter(label = "model", style = "directory", persist = false, description = "the model folder to write (model.onnx, unet.json, " +
		"training.json)")
	private File model;

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "what was trained")
	private String summary;

	@Override
	public void run() {
		if (model == null || model.getPath().isBlank()) throw new IllegalArgumentException("model: give the model folder to write");
		final boolean instances = !CLASSES.equalsIgnoreCase(targets == null ? INSTANCES : targets.strip());
		if (!instances && !CLASSES.equalsIgnoreCase(targets.strip()) || instances && !INSTANCES.equalsIgnoreCase(targets.strip()))
			throw new IllegalArgumentException("targets: expected " + INSTANCES + " or " + CLASSES + ", got '" + targets + "'");
		final TrainingImages.Given given = given();
		final int channels = given.train().get(0).channels();
		final List<String> names = instances ? SemanticTargets.INSTANCE_CLASSES : classNames(classes, given.train());
		final TrainingImages.Samples samples = samples(given, p -> sample(p, instances, names.size()), seed);
		final List<Sample> train = samples.train(), val = samples.validation();
		final String split = samples.split();
		final SemanticTraining.Settings settings = new SemanticTraining.Settings(steps, batch, patch, learning_rate, seed, Math.max(1, Math.min(
			100, steps / 20)), augment ? Augmentation.DEFAULT : Augmentation.NONE, new int[] { 32, 64, 96 });
		final Path out = model.toPath();
		final UNetFolder folder = UNetFolder.prepare(out);
		final byte[] start = fine_tune == null || fine_tune.getPath().isBlank() ? null : UNetFolder.weights(fine_tune.toPath());
		final Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("tessera.classes", String.join(",", names));
		final TrainingPlot plot = TrainingPlot.ifInteractive("U-Net training: " + out.getFileName(), "IoU");
		final SemanticTraining.Result r = SemanticTraining.train(train, val, names.size(), settings, start, metadata, plot.listener(), monitor());
		try {
			folder.write(r, names, channels, instances, train, val, split, settings, start == null ? null : fine_tune.toPath());
		}
		catch (final IOException e) {
			throw new UncheckedIOException("model: cannot write " + out + ": " + e.getMessage(), e);
		}
		summary = String.format(java.util.Locale.ROOT, "trained a U-Net (%s) on %d image%s for %d step%s%s in %.0f s; best validation loss %.4f, "
			+ "IoU %.3f (step %d); wrote %s", String.join(", ", names), train.size(), train.size() == 1 ? "" : "s", r.losses().length,
			r.losses().length == 1 ? "" : "s", r.stopped() ? " (stopped)" : "", r.seconds(), r.best().loss(), r.best().iou(), r.best().step(), out);
		status().showStatus(summary);
	}

	private static Sample sample(final TrainingImages.Pair p, final boolean instances, final int classes) {
		final int[] targets = instances ? SemanticTargets.fromInstances(p.labels(), p.width(), p.height())
			: SemanticTargets.fromClassLabels(p.name() + " labels", p.labels(), classes);
		return SemanticTargets.sample(p.name(), p.pixels(), p.width(), p.height(), p.channels(), 1, 99.8, targets);
	}

	private static List<String> classNames(final String text, final List<TrainingImages.Pair> pairs) {
		if (text != null && !text.isBlank()) {
			final List<String> names = List.of(text.split(",")).stream().map(String::strip).toList();
			if (names.size() < 2 || names.stream().anyMatch(String::isEmpty))
				throw new IllegalArgumentException("classes: expected at least two names separated by commas, got '" + text + "'");
			return names;
		}
		int max = 0;
		for (final TrainingImages.Pair p : pairs)
			for (final int l : p.labels())
				max = Math.max(max, l);
		if (max < 2) throw new IllegalArgumentException("labels: they mark " + max + " class" + (max == 1 ? "" : "es") + "; training needs two or more");
		final List<String> names = new ArrayList<>();
		for (int k = 1; k <= max; k++)
			names.add("class " + k);
		return names;
	}

	public String getSummary() {
		return summary;
	}
}
