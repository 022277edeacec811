package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.dl.Tiles;
import org.tessera.core.TaskMonitor;
import org.tessera.synthetic.SyntheticNuclei;
import org.tessera.testutil.TestImages;

/**
 * Tiled prediction gives the labels of an untiled run: the built-in model on
 * a synthetic field of nuclei, cut into tiles whose edges run through nuclei.
 */
class StarDistTilingTest {

	private static float[] pixels(final SyntheticNuclei.Result r) {
		final double[] v = TestImages.values(r.image());
		final float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
		return f;
	}

	@Test
	void tiledLabelsEqualUntiledLabels() {
		final int w = 400, h = 336;
		final SyntheticNuclei.Result field = new SyntheticNuclei(w, h, 1, 260, 3, 8, 1, 150, 31_415, 0.1, true).generate();
		final float[] image = pixels(field);
		try (StarDistModel model = StarDistModel.builtIn()) {
			final StarDist stardist = new StarDist(model, null, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH);
			final StarDistPostprocess.Result whole = stardist.withTiles(1).segment(image, w, h, TaskMonitor.NONE);
			assertTrue(whole.detections().size() > 100, "only " + whole.detections().size() + " nuclei found untiled");
			final int radius = model.receptiveFieldRadius();
			assertTrue(radius >= 16 && radius < 256, "receptive field radius " + radius);
			for (final int count : new int[] { 4, 6 }) {
				final StarDist tiled = stardist.withTiles(count);
				final Tiles layout = tiled.layout(h, w);
				assertEquals(count, layout.tiles(h, w).size(), layout.toString());
				assertTrue(layout.context() >= radius, layout + " has less context than the receptive field " + radius);
				final StarDistPostprocess.Result r = tiled.segment(image, w, h, TaskMonitor.NONE);
				assertEquals(whole.detections().size(), r.detections().size(), count + " tiles: number of nuclei");
				assertArrayEquals(whole.labels(), r.labels(), count + " tiles: labels differ from untiled");
			}
		}
	}

	@Test
	void withoutContextTileEdgesChangeTheResult() {
		// the check above can fail: predicting tiles without the context changes what the network sees
		final int w = 256, h = 256;
		final float[] image = pixels(new SyntheticNuclei(w, h, 1, 150, 3, 8, 1, 150, 2718, 0.1, true).generate());
		try (StarDistModel model = StarDistModel.builtIn()) {
			final StarDistPrediction whole = model.predict(Normalize.percentiles(image), h, w);
			final float[] left = new float[h * 128];
			final float[] normalized = Normalize.percentiles(image);
			for (int y = 0; y < h; y++) System.arraycopy(normalized, y * w, left, y * 128, 128);
			final StarDistPrediction part = model.predict(left, h, 128);
			// the last cell column of the left half, next to the cut
			int differ = 0;
			for (int iy = 0; iy < part.height(); iy++) if (part.prob(iy, part.width() - 1) != whole.prob(iy, part.width() - 1)) differ++;
			assertTrue(differ > part.height() / 2, "only " + differ + " cells at the cut differ");
			// and within the receptive field of the cut only: far from it the halves agree exactly
			final int far = (128 - model.receptiveFieldRadius() - 2) / whole.gridX();
			if (far > 0) for (int iy = 0; iy < part.height(); iy++)
				for (int ix = 0; ix < far; ix++)
					assertEquals(whole.prob(iy, ix), part.prob(iy, ix), "cell (" + iy + ", " + ix + ") far from the cut");
		}
	}
}
