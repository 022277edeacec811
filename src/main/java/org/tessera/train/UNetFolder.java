package org.tessera.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.tessera.unet.UNetModel;

/**
 * The model folder that U-Net training writes and {@link UNetModel} reads:
 * {@value UNetModel#WEIGHTS}, {@value UNetModel#CONFIG} and
 * {@value UNetModel#TRAINING} (data, settings, loss history and results). Each
 * file is written to a temporary name and moved into place; a folder that holds
 * other files than a model's is refused rather than mixed with.
 */
public final class UNetFolder {

	private final Path folder;

	private UNetFolder(final Path folder) {
		this.folder = folder;
	}

	/**
	 * Checks before training that the folder can take a model: absent, empty, or a U-Net model folder already (replaced).
	 *
	 * @throws IllegalArgumentException naming the folder otherwise
	 */
	public static UNetFolder prepare(final Path folder) {
		ModelFolders.checkWritable(folder, UNetModel.CONFIG);
		return new UNetFolder(folder);
	}

	/** The network of a model folder, to fine-tune. */
	public static byte[] weights(final Path modelFolder) {
		final Path w = modelFolder.resolve(UNetModel.WEIGHTS);
		if (!Files.isRegularFile(w))
			throw new IllegalArgumentException("fine_tune: no " + UNetModel.WEIGHTS + " in " + modelFolder + " (a U-Net model folder written by train-unet)");
		try {
			return Files.readAllBytes(w);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("fine_tune: cannot read " + w + " (" + e.getMessage() + ")");
		}
	}

	/** Writes the trained model and its record. */
	public void write(final SemanticTraining.Result r, final List<String> classes, final int channels, final boolean instances,
		final List<Sample> train, final List<Sample> validation, final String split, final SemanticTraining.Settings s, final Path fineTuned)
		throws IOException
	{
		final UNet.Architecture arch = ArchitectureJson.read("the trained network",
			OnnxExport.read("the trained network", r.onnx()).metadata().get(OnnxExport.ARCHITECTURE_KEY));
		final UNetModel.Config config = new UNetModel.Config(classes, channels, 1, 99.8, arch.divisor(), arch.halo(), instances ? 1 : -1,
			instances ? 2 : -1);
		Files.createDirectories(folder);
		atomically(folder.resolve(UNetModel.WEIGHTS), r.onnx());
		atomically(folder.resolve(UNetModel.CONFIG), config.toJson().getBytes(StandardCharsets.UTF_8));
		final JsonObject t = new JsonObject();
		t.addProperty("trainer", "Tessera train-unet (DJL PyTorch engine)");
		t.add("training_images", names(train));
		t.add("validation_images", names(validation));
		t.addProperty("validation_split", split);
		t.addProperty("targets", instances ? "objects (background, object, boundary)" : "classes");
		t.addProperty("fine_tuned_from", fineTuned == null ? null : fineTuned.toString());
		final JsonObject settings = new JsonObject();
		settings.addProperty("steps", s.steps());
		settings.addProperty("batch", s.batch());
		settings.addProperty("patch", s.patch());
		settings.addProperty("learning_rate", s.rate());
		settings.addProperty("schedule", "one-cycle (PyTorch OneCycleLR, pct_start 0.1), Adam");
		settings.addProperty("seed", s.seed());
		settings.addProperty("augmentation", s.augmentation().describe());
		settings.addProperty("architecture", ArchitectureJson.write(arch));
		settings.addProperty("threads", System.getProperty("ai.djl.pytorch.num_threads"));
		t.add("settings", settings);
		final JsonObject result = new JsonObject();
		result.addProperty("steps_done", r.losses().length);
		result.addProperty("stopped", r.stopped());
		result.addProperty("seconds", Math.round(r.seconds() * 10) / 10.0);
		result.addProperty("best_step", r.best().step());
		result.addProperty("best_validation_loss", r.best().loss());
		result.addProperty("best_validation_iou", r.best().iou());
		final JsonArray history = new JsonArray();
		for (final SemanticTraining.Validation v : r.validations()) {
			final JsonObject o = new JsonObject();
			o.addProperty("step", v.step());
			o.addProperty("validation_loss", v.loss());
			o.addProperty("validation_iou", v.iou());
			o.addProperty("training_loss", mean(r.losses(), v.step()));
			history.add(o);
		}
		result.add("history", history);
		t.add("result", result);
		atomically(folder.resolve(UNetModel.TRAINING), (new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(t) + "\n").getBytes(
			StandardCharsets.UTF_8));
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

	private static void atomically(final Path target, final byte[] bytes) throws IOException {
		ModelFolders.atomically(target, bytes);
	}
}
