package org.tessera.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
		ModelFolders.atomically(folder.resolve(UNetModel.WEIGHTS), r.onnx());
		ModelFolders.atomically(folder.resolve(UNetModel.CONFIG), config.toJson().getBytes(StandardCharsets.UTF_8));
		final JsonObject t = ModelFolders.record("Tessera train-unet (DJL PyTorch engine)", train, validation, split);
		t.addProperty("targets", instances ? "objects (background, object, boundary)" : "classes");
		t.addProperty("fine_tuned_from", fineTuned == null ? null : fineTuned.toString());
		t.add("settings", ModelFolders.settings(s.steps(), s.batch(), s.patch(), s.rate(), s.seed(), s.augmentation(), arch));
		final JsonObject result = ModelFolders.result(r.losses(), r.stopped(), r.seconds(), r.best().step(), r.best().loss());
		result.addProperty("best_validation_iou", r.best().iou());
		result.add("history", ModelFolders.history(r.validations().stream().map(v -> new TrainingLoop.Validation(v.step(), v.loss(), v.iou()))
			.toList(), r.losses(), "validation_iou"));
		t.add("result", result);
		ModelFolders.writeJson(folder.resolve(UNetModel.TRAINING), t);
	}
}
