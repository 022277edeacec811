package org.tessera.annotate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.TaskMonitor;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.pixel.FeatureSettings;
import org.tessera.pixel.PixelClassifier;
import org.tessera.pixel.RandomForest;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.Matching;
import org.tessera.testutil.TestImages;

/**
 * Interactive pixel classification without the UI: brush strokes of two classes
 * on a canvas train a classifier that finds the nuclei of a two-plane stack; a
 * new stroke makes it stale; undo too; the saved classifier classifies the same.
 */
class PixelClassificationSessionTest {

	@TempDir
	Path tmp;

	private static final int W = 128, H = 112;

	@Test
	void strokesTrainAClassifierThatFindsTheNucleiOnEveryPlane() throws Exception {
		final var a = new SyntheticNuclei(W, H, 1, 16, 4, 8, 1, 120, 11).generate();
		final var b = new SyntheticNuclei(W, H, 1, 16, 4, 8, 1, 120, 12).generate();
		final float[][] planes = { TestImages.planeFloats(ImagePlusViews.toImagePlus(a.image())), TestImages.planeFloats(ImagePlusViews.toImagePlus(b
			.image())) };
		final int[][] truth = { TestImages.planeInts(ImagePlusViews.toImagePlus(a.labels())), TestImages.planeInts(ImagePlusViews.toImagePlus(b
			.labels())) };
		final LabelCanvas canvas = new LabelCanvas(W, H, 2);
		canvas.setClass(0, new LabelCanvas.LabelClass("background", 0x808080));
		canvas.addClass("nucleus", 0x00ff00);
		final PixelClassificationSession s = new PixelClassificationSession(canvas, plane -> java.util.Collections.singletonList(rows(planes[plane])), 1, new FeatureSettings(
			new double[] { 1, 2, 4 }, FeatureSettings.parseFeatures("all"), false, 1), new RandomForest.Settings(30, 0, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> s.train(TaskMonitor.NONE), "nothing scribbled");
		// on plane 0: dabs inside four nuclei (class 2) and around them in the background (class 1)
		int nuclei = 0;
		for (int y = 6; y < H - 6 && nuclei < 4; y += 3)
			for (int x = 6; x < W - 6 && nuclei < 4; x += 3)
				if (inside(truth[0], x, y, 3) && canvas.label(x, y, 0) == 0) {
					final int label = canvas.beginObjectStroke(1);
					canvas.dab(0, x, y, 2, label);
					canvas.finishStroke();
					nuclei++;
				}
		int background = 0;
		for (int y = 4; y < H - 4 && background < 12; y += 7)
			for (int x = 4; x < W - 4 && background < 12; x += 7)
				if (outside(truth[0], x, y, 2) && near(truth[0], x, y, 5)) {
					final int label = canvas.beginObjectStroke(0);
					canvas.dab(0, x, y, 1, label);
					canvas.finishStroke();
					background++;
				}
		assertEquals(4, nuclei);
		assertEquals(12, background);
		assertTrue(s.stale());
		final PixelClassifier pc = s.train(TaskMonitor.NONE);
		assertFalse(s.stale());
		assertEquals(List.of("background", "nucleus"), pc.classes().stream().map(PixelClassifier.ClassInfo::name).toList());
		// the other plane, never scribbled on, is classified too
		for (int plane = 0; plane < 2; plane++) {
			final double f1 = Matching.pixelF1(s.classify(plane, 0, TaskMonitor.NONE), 2, truth[plane]);
			assertTrue(f1 > 0.85, "plane " + plane + ": pixel F1 " + f1);
		}
		assertTrue(s.hasFeatures(0) && s.hasFeatures(1));
		// the file form classifies as the session does
		pc.write(tmp.resolve("s.classifier"));
		final PixelClassifier back = PixelClassifier.read(tmp.resolve("s.classifier"));
		assertArrayEquals(s.classify(1, 0, TaskMonitor.NONE), PixelClassifier.labels(back.predictFeatures(s.features(1, TaskMonitor.NONE), 1)));
		// a classifier from a file: used until the next training; one of other channels is refused
		final PixelClassificationSession other = new PixelClassificationSession(new LabelCanvas(W, H, 2), plane -> java.util.Collections
			.singletonList(rows(planes[plane])), 1, FeatureSettings.defaults(), RandomForest.Settings.defaults());
		other.useClassifier(back);
		assertArrayEquals(s.classify(1, 0, TaskMonitor.NONE), other.classify(1, 0, TaskMonitor.NONE));
		final PixelClassificationSession twoChannels = new PixelClassificationSession(new LabelCanvas(W, H, 1), plane -> List.of(rows(planes[0]),
			rows(planes[1])), 2, FeatureSettings.defaults(), RandomForest.Settings.defaults());
		assertEquals("classifier: trained on images with 1 channel, this image has 2", assertThrows(IllegalArgumentException.class,
			() -> twoChannels.useClassifier(back)).getMessage());
		// a new stroke, and its undo, make the classifier stale
		final int label = canvas.beginObjectStroke(1);
		canvas.dab(1, 10, 10, 1, label);
		canvas.finishStroke();
		assertTrue(s.stale());
		s.train(TaskMonitor.NONE);
		canvas.undo();
		assertTrue(s.stale());
	}

	private static float[][] rows(final float[] px) {
		final float[][] r = new float[H][W];
		for (int y = 0; y < H; y++) System.arraycopy(px, y * W, r[y], 0, W);
		return r;
	}

	private static boolean inside(final int[] t, final int x, final int y, final int d) {
		for (int v = y - d; v <= y + d; v++)
			for (int u = x - d; u <= x + d; u++)
				if (t[v * W + u] == 0) return false;
		return true;
	}

	private static boolean outside(final int[] t, final int x, final int y, final int d) {
		for (int v = y - d; v <= y + d; v++)
			for (int u = x - d; u <= x + d; u++)
				if (t[v * W + u] != 0) return false;
		return true;
	}

	private static boolean near(final int[] t, final int x, final int y, final int d) {
		for (int v = Math.max(0, y - d); v <= Math.min(H - 1, y + d); v++)
			for (int u = Math.max(0, x - d); u <= Math.min(W - 1, x + d); u++)
				if (t[v * W + u] != 0) return true;
		return false;
	}
}
