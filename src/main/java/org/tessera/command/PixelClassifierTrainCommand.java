package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.imagej.ImageFiles;
import org.tessera.pixel.FeatureSettings;
import org.tessera.pixel.PixelClassifier;
import org.tessera.pixel.RandomForest;

import ij.ImagePlus;

/**
 * Trains a pixel classifier (random forest on filter features) from images and
 * sparse label images; see {@link PixelClassifier}.
 */
@Plugin(type = Command.class, name = "pixel-classifier-train", label = "Train Pixel Classifier (Tessera)", headless = true,
	description = "Trains a pixel classifier (a random forest on multi-scale filter features) from an image and its scribbles: a label image " +
		"where 1, 2, ... mark pixels of each class and 0 is unlabelled; or from folders of images and label images with the same names")
public class PixelClassifierTrainCommand extends TesseraCommand {

	@Parameter(label = "input", persist = false, required = false, description = "the image to learn from (or give images and labels folders)")
	private ImagePlus input;

	@Parameter(label = "labels", persist = false, required = false, description = "its scribbles: 1, 2, ... per class, 0 unlabelled")
	private ImagePlus labels;

	@Parameter(label = "rois", style = "open", required = false, persist = false, description = "scribbles as ImageJ ROIs instead of labels: " +
		"a ROI set (.zip) or .roi file, each ROI named by its class (nucleus, nucleus-2, ...)")
	private File rois;

	@Parameter(label = "roi_manager", required = false, persist = false, description = "scribbles from the ROI Manager instead of labels, " +
		"each ROI named by its class")
	private boolean roi_manager;

	@Parameter(label = "images", style = "directory", required = false, persist = false, description = "a folder of training images (instead " +
		"of input)")
	private File images;

	@Parameter(label = "label_images", style = "directory", required = false, persist = false, description = "a folder of their label images, " +
		"with the same file names")
	private File label_images;

	@Parameter(label = "classes", required = false, persist = false, description = "the classes' names in label order, separated by commas " +
		"(e.g. background, nucleus); empty = class 1, class 2, ...")
	private String classes = "";

	@Parameter(label = "sigmas", required = false, persist = false, description = "the features' scales in pixels, separated by commas")
	private String sigmas = "0.7,1,1.6,3.5,5,10";

	@Parameter(label = "features", required = false, persist = false, description = "some of gaussian, gradient, dog, laplacian, hessian, " +
		"structure, separated by commas; all = every one")
	private String features = "all";

	@Parameter(label = "three_d", required = false, persist = false, description = "3D features for stacks (default: plane by plane)")
	private boolean three_d;

	@Parameter(label = "z_scale", required = false, persist = false, description = "with three_d: z spacing over pixel size (default: from " +
		"the calibration)")
	private double z_scale = 0;

	@Parameter(label = "trees", min = "1", required = false, persist = false, description = "trees in the random forest")
	private int trees = 100;

	@Parameter(label = "max_depth", min = "0", required = false, persist = false, description = "the trees' largest depth (0: no limit)")
	private int max_depth = 0;

	@Parameter(label = "seed", required = false, persist = false, description = "seeds the forest: the same seed gives the same classifier")
	private long seed = 1;

	@Parameter(label = "classifier", style = "save", persist = false, description = "the classifier file to write (.classifier)")
	private File classifier;

	@Parameter(label = "summary", type = ItemIO.OUTPUT, description = "what was trained")
	private String summary;

	@Override
	public void run() {
		if (classifier == null || classifier.getPath().isBlank()) throw new IllegalArgumentException("classifier: give the file to write");
		final List<PixelClassifier.TrainingImage<?, ?>> pairs = new ArrayList<>();
		double zScale = z_scale;
		if (images != null && !images.getPath().isBlank()) {
			if (label_images == null || label_images.getPath().isBlank()) throw new IllegalArgumentException(
				"label_images: give the folder of label images that goes with images=" + images);
			for (final Path image : list(images.toPath())) {
				final Path label = label_images.toPath().resolve(image.getFileName());
				if (!Files.isRegularFile(label)) throw new IllegalArgumentException("label_images: no " + label.getFileName() + " in " + label_images +
					" for the image " + image);
				final ImagePlus imp = ImageFiles.read(image, image.getFileName().toString());
				if (zScale == 0) zScale = PixelClassifierCommand.zScale(imp);
				pairs.add(PixelClassifierCommand.trainingImage(imp, ImageFiles.read(label, label.getFileName().toString())));
			}
		}
		else if (roi_manager || rois != null && !rois.getPath().isBlank()) {
			if (input == null) throw new IllegalArgumentException("input: give the image the ROIs are drawn on");
			final List<ij.gui.Roi> list = roi_manager ? List.of(RoiManagerOutput.manager("roi_manager").getRoisAsArray()) : ScribbleRois.read(rois
				.toPath());
			final ScribbleRois.Labels l = ScribbleRois.labels(list, input, PixelClassifierCommand.parseClasses(classes).stream().map(
				PixelClassifier.ClassInfo::name).toList());
			if (classes == null || classes.isBlank()) classes = String.join(", ", l.classes());
			zScale = zScale == 0 ? PixelClassifierCommand.zScale(input) : zScale;
			pairs.add(PixelClassifierCommand.trainingImage(input, l.image()));
		}
		else {
			if (input == null) throw new IllegalArgumentException("input: give an image (or images= and label_images= folders)");
			if (labels == null) throw new IllegalArgumentException("labels: give the label image of the scribbles on '" + input.getTitle() +
				"' (or rois= or roi_manager)");
			if (labels == input) throw new IllegalArgumentException("labels: the label image must not be the input image itself");
			zScale = zScale == 0 ? PixelClassifierCommand.zScale(input) : zScale;
			pairs.add(PixelClassifierCommand.trainingImage(input, labels));
		}
		FeatureSettings settings = new FeatureSettings(FeatureSettings.parseSigmas(sigmas), FeatureSettings.parseFeatures(features), false, 1);
		if (three_d) settings = settings.in3D(zScale > 0 ? zScale : 1);
		final List<PixelClassifier.ClassInfo> names = PixelClassifierCommand.parseClasses(classes);
		final PixelClassifier pc = PixelClassifier.train(pairs, settings, names, new RandomForest.Settings(trees, max_depth, seed, 0), monitor());
		try {
			pc.write(classifier.toPath());
		}
		catch (final IOException e) {
			throw new UncheckedIOException("classifier: cannot write " + classifier + ": " + e.getMessage(), e);
		}
		summary = "trained " + pc.classes().size() + " classes (" + String.join(", ", pc.classes().stream().map(PixelClassifier.ClassInfo::name)
			.toList()) + ") on " + pc.training().get("pixels").getAsLong() + " labelled pixels of " + pairs.size() + " image" + (pairs.size() == 1
				? "" : "s") + ", " + pc.settings().perChannel() * pc.channels() + " features; wrote " + classifier;
		status().showStatus(summary);
	}

	private static List<Path> list(final Path folder) {
		try (Stream<Path> s = Files.list(folder)) {
			final List<Path> out = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(
				".*\\.tiff?$")).sorted().toList();
			if (out.isEmpty()) throw new IllegalArgumentException("images: no TIFF files in " + folder);
			return out;
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("images: cannot list " + folder + " (" + e.getMessage() + ")");
		}
	}
}
