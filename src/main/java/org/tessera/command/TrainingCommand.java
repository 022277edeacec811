package org.tessera.command;

import java.io.File;
import java.util.function.Function;

import org.scijava.plugin.Parameter;
import org.tessera.train.Sample;

import ij.ImagePlus;

/**
 * What the network training commands ({@code train-stardist}, {@code train-unet})
 * learn from, declared once: an open image and its label image, or folders of
 * them, and the validation images or the share kept for validation. The
 * parameters come first in the commands' dialogs and help, in this order.
 */
abstract class TrainingCommand extends TesseraCommand {

	@Parameter(label = "input", persist = false, required = false, description = "an image to learn from (or give images and label_images folders); " +
		"with an area selection on it, only the selected part: unlabelled pixels count as background there and as unknown elsewhere")
	private ImagePlus input;

	@Parameter(label = "labels", persist = false, required = false, description = "its label image, as the labeling tool saves them: objects " +
		"numbered 1, 2, ... on 0 (every object of the image, or of the selected part, labelled), or for the U-Net classes")
	private ImagePlus labels;

	@Parameter(label = "images", style = "directory", required = false, persist = false, description = "a folder of training images (TIFF)")
	private File images;

	@Parameter(label = "label_images", style = "directory", required = false, persist = false, description = "a folder of their label images, " +
		"with the same file names (TIFFs, or Labkit .labeling files), or the labeling tool's autosaves (<image>.tessera-labels.tif; the " +
		"images' own folder then serves); every object of an image labelled")
	private File label_images;

	@Parameter(label = "validation_images", style = "directory", required = false, persist = false, description = "a folder of validation " +
		"images (default: validation_share of the images, chosen by the seed; with one image, its bottom part)")
	private File validation_images;

	@Parameter(label = "validation_labels", style = "directory", required = false, persist = false, description = "their label images")
	private File validation_labels;

	@Parameter(label = "validation_share", min = "0.01", max = "0.9", required = false, persist = false, description = "share of the images " +
		"kept for validation when no validation folder is given")
	private double validation_share = 0.15;

	/** The pairs given (image and labels, or folders) and the validation images, if given. */
	TrainingImages.Given given() {
		return TrainingImages.given(input, labels, images, label_images, validation_images, validation_labels);
	}

	/** The training and validation samples of {@code given}; without validation images, a share chosen by {@code seed}. */
	TrainingImages.Samples samples(final TrainingImages.Given given, final Function<TrainingImages.Pair, Sample> sample, final long seed) {
		return given.samples(sample, validation_share, seed);
	}
}
