package org.tessera.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What the model folders that training writes have in common: checked before
 * training, written file by file atomically, and the parts of the training
 * record ({@code training.json}) that every network family writes.
 */
final class ModelFolders {

	private ModelFolders() {}

	/**
	 * Checks before training that a folder can take a model: absent, empty, or
	 * a model folder already (it has {@code marker}; its files are replaced).
	 *
	 * @throws IllegalArgumentException naming the folder otherwise
	 */
	static void checkWritable(final Path folder, final String marker) {
		if (!Files.exists(folder)) return;
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException("model: " + folder + " is a file, not a folder");
		try (Stream<Path> s = Files.list(folder)) {
			final List<String> names = s.map(p -> p.getFileName().toString()).toList();
			if (!names.isEmpty() && !names.contains(marker))
				throw new IllegalArgumentException("model: " + folder + " holds other files (" + names.get(0) + ", ...); give a new or empty folder");
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("model: cannot list " + folder + " (" + e.getMessage() + ")");
		}
	}

	/** Writes a file under a temporary name in its folder and moves it into place. */
	static void atomically(final Path target, final byte[] bytes) throws IOException {
		final Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
		Files.write(tmp, bytes);
		Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** A JSON file, pretty-printed, written atomically. */
	static void writeJson(final Path target, final JsonObject json) throws IOException {
		atomically(target, (new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json) + "\n").getBytes(StandardCharsets.UTF_8));
	}

	/** The start of a training record: the trainer, the images and how the validation ones were chosen. */
	static JsonObject record(final String trainer, final List<Sample> train, final List<Sample> validation, final String split) {
		final JsonObject t = new JsonObject();
		t.addProperty("trainer", trainer);
		t.add("training_images", names(train));
		t.add("validation_images", names(validation));
		t.addProperty("validation_split", split);
		return t;
	}

	/** The settings every family records (a family adds its own). */
	static JsonObject settings(final int steps, final int batch, final int patch, final double rate, final long seed, final Augmentation augmentation,
		final UNet.Architecture architecture)
	{
		final JsonObject settings = new JsonObject();
		settings.addProperty("steps", steps);
		settings.addProperty("batch", batch);
		settings.addProperty("patch", patch);
		settings.addProperty("learning_rate", rate);
		settings.addProperty("schedule", "one-cycle (PyTorch OneCycleLR, pct_start 0.1), Adam");
		settings.addProperty("seed", seed);
		settings.addProperty("augmentation", augmentation.describe());
		settings.addProperty("architecture", ArchitectureJson.write(architecture));
		settings.addProperty("threads", System.getProperty("ai.djl.pytorch.num_threads"));
		return settings;
	}

	/** The results every family records (a family adds its own, then {@link #history}). */
	static JsonObject result(final double[] losses, final boolean stopped, final double seconds, final int bestStep, final double bestLoss) {
		final JsonObject result = new JsonObject();
		result.addProperty("steps_done", losses.length);
		result.addProperty("stopped", stopped);
		result.addProperty("seconds", Math.round(seconds * 10) / 10.0);
		result.addProperty("best_step", bestStep);
		result.addProperty("best_validation_loss", bestLoss);
		return result;
	}

	/** Every validation: its step, loss, score under {@code scoreKey}, and the mean training loss of the 20 steps before it. */
	static JsonArray history(final List<TrainingLoop.Validation> validations, final double[] losses, final String scoreKey) {
		final JsonArray history = new JsonArray();
		for (final TrainingLoop.Validation v : validations) {
			final JsonObject o = new JsonObject();
			o.addProperty("step", v.step());
			o.addProperty("validation_loss", v.loss());
			o.addProperty(scoreKey, v.score());
			o.addProperty("training_loss", mean(losses, v.step()));
			history.add(o);
		}
		return history;
	}

	/** The mean training loss of the (up to) 20 steps that end at {@code step}. */
	static double mean(final double[] losses, final int step) {
		double sum = 0;
		int n = 0;
		for (int i = Math.max(0, step - 20); i < Math.min(step, losses.length); i++, n++)
			sum += losses[i];
		return n == 0 ? Double.NaN : sum / n;
	}

	private static JsonArray names(final List<Sample> samples) {
		final JsonArray a = new JsonArray();
		for (final Sample s : samples)
			a.add(s.name());
		return a;
	}
}
