package org.tessera.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The model folder that StarDist training writes, in the layout of StarDist's
 * own model folders that Tessera's {@code stardist} command (and the
 * bioimage.io export) loads: {@value #WEIGHTS} (outputs {@code prob} and
 * {@code dist}), {@value #CONFIG}, {@value #THRESHOLDS} and {@value #TRAINING}
 * (data, settings, loss history and results). Files are written atomically; a
 * folder that holds other files than a model's is refused rather than mixed with.
 */
public final class StarDistFolder {

	public static final String WEIGHTS = "model.onnx", CONFIG = "config.json", THRESHOLDS = "thresholds.json", TRAINING = "training.json";

	private final Path folder;

	private StarDistFolder(final Path folder) {
		this.folder = folder;
	}

	/**
	 * Checks before training that the folder can take a model: absent, empty, or a model folder already (replaced).
	 *
	 * @throws IllegalArgumentException naming the folder otherwise
	 */
	public static StarDistFolder prepare(final Path folder) {
		ModelFolders.checkWritable(folder, CONFIG);
		return new StarDistFolder(folder);
	}

	/** The folder. */
	public Path path() {
		return folder;
	}

	/**
	 * Writes the trained model and its record.
	 *
	 * @param fineTuned what training started from (a built-in model's name or a folder), or null for a new network
	 * @param split how the validation images were chosen
	 */
	public void write(final StarDistTraining.Result r, final List<Sample> train, final List<Sample> validation, final String split,
		final StarDistTraining.Settings s, final String fineTuned) throws IOException
	{
		Files.createDirectories(folder);
		ModelFolders.atomically(folder.resolve(WEIGHTS), r.onnx());
		final JsonObject config = new JsonObject();
		config.addProperty("n_dim", 2);
		config.addProperty("axes", "YXC");
		config.addProperty("n_channel_in", r.channels());
		config.addProperty("n_channel_out", 1 + r.rays());
		config.addProperty("n_rays", r.rays());
		config.add("grid", ints(StarDistTraining.GRID, StarDistTraining.GRID));
		config.addProperty("backbone", "unet");
		config.addProperty("unet_n_depth", 3);
		config.add("unet_widths", ints(r.architecture().widths()));
		config.add("train_patch_size", ints(s.patch(), s.patch()));
		config.addProperty("train_dist_loss", "mae");
		config.add("train_loss_weights", numbers(1, StarDistTraining.DIST_WEIGHT));
		config.add("normalize_percentiles", numbers(1.0, 99.8));
		write(CONFIG, config);
		final JsonObject thresholds = new JsonObject();
		thresholds.addProperty("prob", r.thresholds().prob());
		thresholds.addProperty("nms", r.thresholds().nms());
		write(THRESHOLDS, thresholds);

		final JsonObject t = ModelFolders.record("Tessera train-stardist (DJL PyTorch engine)", train, validation, split);
		t.addProperty("fine_tuned_from", fineTuned);
		final JsonObject settings = ModelFolders.settings(s.steps(), s.batch(), s.patch(), s.rate(), s.seed(), s.augmentation(), r.architecture());
		settings.addProperty("loss", "binary cross-entropy of the probability + " + StarDistTraining.DIST_WEIGHT
			+ " x mean absolute error of the distances weighted by the true probability");
		settings.addProperty("batch_norm", fineTuned == null ? "trained" : "frozen (fine-tuning)");
		t.add("settings", settings);
		final JsonObject result = ModelFolders.result(r.losses(), r.stopped(), r.seconds(), r.best().step(), r.best().loss());
		result.add("thresholds", thresholds);
		result.addProperty("thresholds_chosen_on", r.thresholdImages());
		result.addProperty("validation_ap50", r.validationAp());
		result.add("history", ModelFolders.history(r.validations(), r.losses(), "validation_ap50_at_0.5_0.4"));
		t.add("result", result);
		write(TRAINING, t);
	}

	private void write(final String name, final JsonObject json) throws IOException {
		ModelFolders.writeJson(folder.resolve(name), json);
	}

	private static JsonArray ints(final int... v) {
		final JsonArray a = new JsonArray();
		for (final int x : v)
			a.add(x);
		return a;
	}

	private static JsonArray numbers(final double... v) {
		final JsonArray a = new JsonArray();
		for (final double x : v)
			a.add(x);
		return a;
	}
}
