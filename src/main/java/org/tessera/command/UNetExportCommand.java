package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.unet.UNetExport;
import org.tessera.unet.UNetModel;

import ij.ImagePlus;

/** Exports a U-Net model folder as a bioimage.io model package; see {@link UNetExport}. */
@Plugin(type = Command.class, name = "unet-export", label = "Export U-Net Model to bioimage.io (Tessera)", headless = true,
	description = "Writes a U-Net model folder (from Train U-Net) as a bioimage.io model package (.zip or folder) that deepImageJ, ilastik, " +
		"napari, QuPath and Tessera's U-Net Segment load: weights, rdf.yaml, test input and output from a crop of the image, a cover image")
public class UNetExportCommand extends TesseraCommand {

	@Parameter(label = "input", persist = false, description = "a typical image for the model (2D, with the channels it was trained on; RGB " +
		"counts as 3): a crop of up to 256 x 256 pixels becomes the package's test input and cover")
	private ImagePlus input;

	@Parameter(label = "model", style = "directory", persist = false, description = "the U-Net model folder to export (model.onnx and " +
		"unet.json), as Train U-Net writes it")
	private File model;

	@Parameter(label = "output", style = "save", persist = false, description = "where to write the package: a .zip, or a folder")
	private File output;

	@Parameter(label = "name", required = false, persist = false, description = "the model's name in the package (default: the model " +
		"folder's name)")
	private String name = "";

	@Parameter(label = "description", required = false, persist = false, description = "one or two sentences on what the model segments " +
		"(default: one naming its classes)")
	private String description = "";

	@Parameter(label = "authors", required = false, persist = false, description = "the authors' names, separated by commas")
	private String authors = "";

	@Parameter(label = "license", required = false, persist = false, description = "the weights' licence as an SPDX identifier")
	private String license = "CC-BY-4.0";

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "what was written")
	private String summary;

	@Override
	public void run() {
		if (model == null || model.getPath().isBlank()) throw new IllegalArgumentException("model: give the U-Net model folder to export");
		if (output == null || output.getPath().isBlank()) throw new IllegalArgumentException("output: give the .zip or folder to write");
		final Path out = output.toPath().toAbsolutePath().normalize(), from = model.toPath().toAbsolutePath().normalize();
		if (out.equals(from)) throw new IllegalArgumentException("output: " + output + " is the model folder itself; give a .zip or another " +
			"folder");
		if (Files.isRegularFile(out) && !out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip"))
			throw new IllegalArgumentException("output: " + output + " is a file; give a .zip or a folder");
		final List<String> names = Arrays.stream(authors == null ? new String[0] : authors.split(",")).map(String::strip).filter(a -> !a
			.isEmpty()).toList();
		if (names.isEmpty()) throw new IllegalArgumentException("authors: give the authors' names, separated by commas");
		final ImagePlusPlanes planes = ImagePlusPlanes.of(input);
		if (planes.count() > 1) throw new IllegalArgumentException("input: image '" + input.getTitle() +
			"' has z slices or frames; give one 2D image for the test input");
		try (UNetModel m = UNetModel.load(model.toPath())) {
			final int channels = planes.channels();
			if (channels != m.config().inputChannels()) throw new IllegalArgumentException("input: image '" + input.getTitle() + "' has " +
				channels + " channel" + (channels == 1 ? "" : "s") + "; model " + model + " takes " + m.config().inputChannels());
			final String title = name != null && !name.isBlank() ? name.strip() : from.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
			UNetExport.export(m, planes.plane(0).pixels(), planes.width(), planes.height(), new UNetExport.Description(title, description, names,
				license == null ? "" : license.strip()), output.toPath());
			summary = "wrote bioimage.io package " + output + " of U-Net model " + model + " (" + String.join(", ", m.config().classes()) + ")";
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("output: cannot write " + output + " (" + reason(e) + ")");
		}
		status().showStatus(summary);
	}

	/** Why a file could not be written, in words. */
	private static String reason(final IOException e) {
		if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file is in the way: " + e.getMessage();
		if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + e.getMessage();
		if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder: " + e.getMessage();
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}

	public String getSummary() {
		return summary;
	}
}
