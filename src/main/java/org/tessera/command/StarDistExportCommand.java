package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.stardist.StarDistSegmenter;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.scijava.TesseraCommands;
import org.tessera.stardist.StarDistExport;
import org.tessera.stardist.StarDistModel;

import ij.ImagePlus;

/** Exports a StarDist 2D model as a bioimage.io model package; see {@link StarDistExport}. */
@Plugin(type = Command.class, name = "stardist-export", label = "Export StarDist Model to bioimage.io (Tessera)", headless = true,
	description = "Writes a StarDist 2D model (built-in or from a file) as a bioimage.io model package (.zip or folder) that deepImageJ, QuPath, " +
		"ilastik, napari and Tessera load: weights, rdf.yaml, test input and outputs from a crop of the image, a cover image")
public class StarDistExportCommand extends TesseraCommand {

	@Parameter(label = "input", persist = false, description = "a typical image for the model (2D; grey for fluorescence models, RGB for he): " +
		"a crop of up to 256 x 256 pixels becomes the package's test input and cover")
	private ImagePlus input;

	@Parameter(label = "model", choices = { "fluorescence", "he", StarDistCommand.FROM_FILE }, style = TesseraCommands.OPEN_CHOICES,
		required = false, persist = false, description = "the model to export: a built-in one, or from file: the model in model_file")
	private String model = "fluorescence";

	@Parameter(label = "model_file", style = "open", required = false, persist = false, description = "with model 'from file': a StarDist " +
		"2D model folder or .zip")
	private File model_file;

	@Parameter(label = "output", style = "save", persist = false, description = "where to write the package: a .zip, or a folder")
	private File output;

	@Parameter(label = "name", required = false, persist = false, description = "the model's name in the package (default: from the model)")
	private String name = "";

	@Parameter(label = "description", required = false, persist = false, description = "one or two sentences on what the model segments")
	private String description = "";

	@Parameter(label = "authors", required = false, persist = false, description = "the authors' names, separated by commas")
	private String authors = "Tessera";

	@Parameter(label = "license", required = false, persist = false, description = "the weights' licence as an SPDX identifier (default: " +
		"BSD-2-Clause, Tessera's, for the built-in models; CC-BY-4.0 for others)")
	private String license = "";

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "what was written")
	private String summary;

	@Override
	public void run() {
		if (output == null || output.getPath().isBlank()) throw new IllegalArgumentException("output: give the .zip or folder to " +
			"write");
		final ImagePlusPlanes planes = ImagePlusPlanes.of(input);
		if (planes.count() > 1) throw new IllegalArgumentException("input: image '" + input.getTitle() +
			"' has z slices or frames; give one 2D image for the test input");
		final String which = StarDistCommand.modelName(model, model_file);
		final boolean builtIn = StarDistModel.isBuiltIn(which);
		final String shown = which.isBlank() ? StarDistModel.BUILT_IN_NAMES.get(0) : which;
		try (StarDistModel m = StarDistModel.open(which)) {
			StarDistSegmenter.checkChannels(input.getTitle(), planes, m.config().channelsIn(), which);
			final String title = !name.isBlank() ? name : builtIn ? "Tessera StarDist " + shown : new File(shown).getName().replaceFirst(
				"\\.zip$", "");
			final String text = !description.isBlank() ? description : builtIn ? (shown.equals("he")
				? "Tessera's built-in StarDist 2D model for nuclei in brightfield and H&E-stained images (RGB)"
				: "Tessera's built-in StarDist 2D model for fluorescent nuclei") : "";
			final List<String> names = Arrays.stream(authors.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList();
			final String licence = !license.isBlank() ? license.strip() : builtIn ? "BSD-2-Clause" : "CC-BY-4.0";
			StarDistExport.export(m, planes.plane(0).pixels(), planes.width(), planes.height(), new StarDistExport.Description(title, text, names, licence),
				output.toPath());
		}
		catch (final IOException e) {
			throw new UncheckedIOException("output: cannot write " + output + ": " + e.getMessage(), e);
		}
		summary = "wrote bioimage.io package " + output + " of StarDist model " + shown;
		status().showStatus(summary);
	}
}
