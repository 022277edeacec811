package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.imagej.LabelImagePlus;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/**
 * What a dialog of a command with several image inputs offers first: Label
 * Statistics' labels are the newest label image, not the intensity image;
 * Richardson-Lucy's PSF is an image titled as a PSF, else another image than
 * the one to deconvolve; other inputs the current image.
 */
class DefaultImageChoiceTest {

	private static ImagePlus image(final String title) {
		return new ImagePlus(title, new ByteProcessor(8, 8));
	}

	private static ImagePlus labels(final String title) {
		final ImagePlus l = new ImagePlus(title, new ShortProcessor(8, 8));
		LabelImagePlus.showAsLabels(l, 3);
		return l;
	}

	@Test
	void labelsDefaultToTheNewestLabelImage() {
		final ImagePlus nuclei = image("nuclei"), old = labels("nuclei-voronoi-otsu-labels"), other = image("cells"), newest = labels("result");
		final ImagePlus chosen = TesseraPlugIn.defaultImage("labels", nuclei, List.of(nuclei, newest, other, old));
		assertSame(newest, chosen, "shown with the label colours, and the newest");
		assertSame(old, TesseraPlugIn.defaultImage("labels", nuclei, List.of(nuclei, other, old)), "titled as labels");
		assertSame(nuclei, TesseraPlugIn.defaultImage("labels", nuclei, List.of(nuclei, other)), "none: the current image (refused on OK)");
		assertSame(nuclei, TesseraPlugIn.defaultImage("input", nuclei, List.of(nuclei, other, newest)), "other inputs: the current image");
	}

	@Test
	void thePsfDefaultsToAPsfOrAnotherImage() {
		final ImagePlus stack = image("stack"), psf = image("PSF Born-Wolf"), other = image("other");
		assertSame(psf, TesseraPlugIn.defaultImage("psf", stack, List.of(stack, other, psf)));
		assertSame(other, TesseraPlugIn.defaultImage("psf", stack, List.of(stack, other)));
		assertSame(stack, TesseraPlugIn.defaultImage("psf", stack, List.of(stack)), "alone: the current image (refused on OK)");
	}
}
