package org.tessera.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.train.Sample;
import org.tessera.train.SemanticTargets;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.FloatProcessor;

/**
 * What the training commands learn from an open image and its label image when
 * the person labelled only a part of it and selected that part: unlabelled
 * pixels are background inside the selection and unknown outside it, labelled
 * objects stay whole, and the samples are that part of the image, normalised
 * as the whole image is at inference.
 */
class TrainingImagesTest {

	private static final int W = 40, H = 30;

	/** An image whose value is x + 100 y, and objects: 1 inside the selection, 2 across its right edge, 3 far outside it. */
	private static ImagePlus[] imageAndLabels() {
		final FloatProcessor image = new FloatProcessor(W, H), labels = new FloatProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				image.setf(x, y, x + 100 * y);
		fill(labels, 4, 4, 3, 3, 1);
		fill(labels, 13, 6, 6, 3, 2);
		fill(labels, 34, 25, 3, 3, 3);
		return new ImagePlus[] { new ImagePlus("cells", image), new ImagePlus("cells-labels", labels) };
	}

	private static void fill(final FloatProcessor fp, final int x, final int y, final int w, final int h, final int v) {
		for (int yy = y; yy < y + h; yy++)
			for (int xx = x; xx < x + w; xx++)
				fp.setf(xx, yy, v);
	}

	@Test
	void withoutASelectionEveryUnlabelledPixelIsBackground() {
		final ImagePlus[] il = imageAndLabels();
		final TrainingImages.Pair p = TrainingImages.pair(il[0], il[1]);
		assertSame(p, TrainingImages.selected(p, null));
		assertEquals(null, p.area());
		assertTrue(java.util.Arrays.stream(p.labels()).allMatch(l -> l >= 0));
	}

	@Test
	void aRectangleMakesUnlabelledPixelsOutsideItUnknownAndKeepsObjectsWhole() {
		final ImagePlus[] il = imageAndLabels();
		final TrainingImages.Pair p = TrainingImages.selected(TrainingImages.pair(il[0], il[1]), new Roi(2, 2, 14, 10));
		assertEquals(0, p.labels()[3 * W + 3], "unlabelled inside the selection: background");
		assertEquals(-1, p.labels()[3 * W + 20], "unlabelled outside: unknown");
		assertEquals(2, p.labels()[7 * W + 18], "the object across the edge is kept whole");
		assertEquals(3, p.labels()[26 * W + 35], "an object outside the selection stays an object");
		// the selection and the objects: x 2..36, y 2..27
		assertArrayEquals(new int[] { 2, 2, 35, 26 }, p.area());
		assertTrue(p.name().startsWith("cells (selection 2,2 14x10)"), p.name());
	}

	@Test
	void anOvalSelectionLeavesItsBoundsCornersUnknown() {
		final ImagePlus[] il = imageAndLabels();
		final TrainingImages.Pair p = TrainingImages.selected(TrainingImages.pair(il[0], il[1]), new OvalRoi(0, 0, 12, 12));
		assertEquals(-1, p.labels()[0], "the corner of the oval's bounds");
		assertEquals(0, p.labels()[6 * W + 6 - 3], "inside the oval");
	}

	@Test
	void theSamplesAreThePartNormalisedAsTheWholeImage() {
		final ImagePlus[] il = imageAndLabels();
		final ImagePlus input = il[0];
		input.setRoi(new Roi(2, 2, 14, 10));
		final TrainingImages.Given given = TrainingImages.given(input, il[1], null, null, null, null);
		final TrainingImages.Pair p = given.train().get(0);
		final java.util.function.Function<TrainingImages.Pair, Sample> sample = q -> SemanticTargets.sample(q.name(), q.pixels(), q.width(), q
			.height(), q.channels(), 1, 99.8, q.labels());
		final Sample whole = sample.apply(p);
		final TrainingImages.Samples samples = given.samples(sample, 0.2, 1);
		final List<Sample> train = samples.train(), val = samples.validation();
		assertEquals(1, train.size());
		assertEquals(1, val.size());
		final Sample s = train.get(0);
		assertEquals(35, s.width());
		assertEquals(26, s.height());
		assertEquals(whole.image()[2 * W + 2], s.image()[0], "pixels normalised over the whole image, then cut");
		assertEquals(whole.image()[(2 + 25) * W + 2 + 34], s.image()[s.image().length - 1]);
		// one image: its bottom rows validate, as without a selection
		assertEquals(-1, s.labels()[25 * 35], "validation rows are unknown in training");
		assertEquals(3, val.get(0).labels()[24 * 35 + 33], "and the object there is validated");
	}

	/** A folder the labeling tool labelled (its autosaves beside the images) is both the images and the labels. */
	@Test
	void aFolderWithTheLabelingToolsAutosavesIsImagesAndLabels(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception {
		final ImagePlus[] il = imageAndLabels();
		for (final String name : new String[] { "cell a", "cell b" }) {
			org.tessera.imagej.ImageFiles.writeTiff(il[0], dir.resolve(name + ".tif"));
			org.tessera.imagej.ImageFiles.writeTiff(il[1], dir.resolve(org.tessera.labeltool.FastSamTool.autosaveName(name)));
		}
		final List<TrainingImages.Pair> pairs = TrainingImages.folders("images", dir.toFile(), "label_images", dir.toFile());
		assertEquals(2, pairs.size(), "the autosaved files are not images");
		assertTrue(pairs.get(0).name().endsWith("cell a.tif"), pairs.get(0).name());
		assertEquals(2, pairs.get(1).labels()[7 * W + 18]);
		org.tessera.imagej.ImageFiles.writeTiff(il[0], dir.resolve("cell c.tif"));
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TrainingImages
			.folders("images", dir.toFile(), "label_images", dir.toFile()));
		assertTrue(e.getMessage().startsWith("label_images: no cell c.labeling or cell_c.tessera-labels.tif in "), e.getMessage());
	}

	@Test
	void unknownPixelsStayUnknownInTheUNetsClasses() {
		final int[] classes = SemanticTargets.fromInstances(new int[] { -1, 0, 5, 5, 5, -1 }, 6, 1);
		assertArrayEquals(new int[] { -1, 0, 2, 1, 2, -1 }, classes);
		assertArrayEquals(new int[] { -1, -1, 0, 1 }, SemanticTargets.fromClassLabels("scribbles", new int[] { -1, 0, 1, 2 }, 2));
	}
}
