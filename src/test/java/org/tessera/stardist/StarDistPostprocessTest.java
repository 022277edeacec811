package org.tessera.stardist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tessera.stardist.StarDistPostprocess.Detection;
import org.tessera.stardist.StarDistPostprocess.Prediction;
import org.tessera.stardist.StarDistPostprocess.Result;

/** Hand-made probability and distance maps with known answers. */
class StarDistPostprocessTest {

	private static final int RAYS = 32;

	/** An empty prediction to which cells are added. */
	private static final class Maps {
		final int gh, gw, grid, height, width;
		final float[] prob, dist;

		Maps(final int height, final int width, final int grid) {
			this.height = height;
			this.width = width;
			this.grid = grid;
			gh = height / grid;
			gw = width / grid;
			prob = new float[gh * gw];
			dist = new float[gh * gw * RAYS];
		}

		/** Cell (iy, ix) with this probability and every distance r. */
		Maps cell(final int iy, final int ix, final double p, final double r) {
			prob[iy * gw + ix] = (float) p;
			Arrays.fill(dist, (iy * gw + ix) * RAYS, (iy * gw + ix + 1) * RAYS, (float) r);
			return this;
		}

		Prediction prediction() {
			return new Prediction(prob, dist, gh, gw, RAYS, grid, grid, height, width);
		}
	}

	private static long count(final Result r, final int label) {
		return Arrays.stream(r.labels()).filter(v -> v == label).count();
	}

	/** Mean x and y of a label's pixels. */
	private static double[] centroid(final Result r, final int label) {
		double sx = 0, sy = 0;
		long n = 0;
		for (int y = 0; y < r.height(); y++)
			for (int x = 0; x < r.width(); x++)
				if (r.label(x, y) == label) {
					sx += x;
					sy += y;
					n++;
				}
		return new double[] { sx / n, sy / n };
	}

	private static int maxLabel(final Result r) {
		return Arrays.stream(r.labels()).max().orElse(0);
	}

	@Test
	void singleCellIsARoundObjectOfTheRightSize() {
		final double r = 12;
		final Result res = new StarDistPostprocess().process(new Maps(64, 80, 1).cell(32, 30, 0.9, r).prediction());
		assertEquals(1, res.detections().size());
		assertEquals(1, maxLabel(res));
		final long pixels = count(res, 1);
		final StarPolygon p = res.detections().get(0).polygon();
		assertEquals(p.area(), pixels);
		final double polygonArea = RAYS / 2.0 * r * r * Math.sin(2 * Math.PI / RAYS);
		final double bound = StarPolygonTest.discretisationBound(p);
		assertTrue(Math.abs(pixels - polygonArea) <= bound, pixels + " vs " + polygonArea);
		assertTrue(Math.abs(pixels - Math.PI * r * r) <= bound + Math.PI * r * r - polygonArea, pixels + " vs pi r^2");
		final double[] c = centroid(res, 1);
		assertEquals(30, c[0], 0.5);
		assertEquals(32, c[1], 0.5);
		assertEquals(30, p.centreX());
		assertEquals(32, p.centreY());
	}

	@Test
	void twoCellsFarApartAreTwoObjects() {
		final Result res = new StarDistPostprocess().process(new Maps(64, 128, 1).cell(30, 20, 0.9, 8).cell(30, 100, 0.7, 8).prediction());
		assertEquals(2, res.detections().size());
		assertEquals(2, maxLabel(res));
		// label 1 is the more probable one
		assertEquals(20, centroid(res, 1)[0], 0.5);
		assertEquals(100, centroid(res, 2)[0], 0.5);
		assertEquals(count(res, 1), count(res, 2));
	}

	@Test
	void heavilyOverlappingCandidatesKeepTheMoreProbable() {
		for (final boolean firstHigher : new boolean[] { true, false }) {
			final Result res = new StarDistPostprocess().process(
					new Maps(64, 64, 1).cell(30, 30, firstHigher ? 0.9 : 0.8, 10).cell(30, 33, firstHigher ? 0.8 : 0.9, 10).prediction());
			assertEquals(1, res.detections().size());
			final Detection d = res.detections().get(0);
			assertEquals(0.9, d.score(), 1e-6);
			assertEquals(firstHigher ? 30 : 33, d.cellX());
			assertEquals(1, maxLabel(res));
		}
	}

	@Test
	void barelyOverlappingCandidatesAreBothKept() {
		final Maps maps = new Maps(64, 96, 1).cell(30, 30, 0.9, 10).cell(30, 49, 0.8, 10);
		final StarDistPostprocess post = new StarDistPostprocess();
		final Result res = post.process(maps.prediction());
		assertEquals(2, res.detections().size());
		final StarPolygon a = res.detections().get(0).polygon(), b = res.detections().get(1).polygon();
		final long inter = a.intersectionArea(b);
		assertTrue(inter > 0, "the two must overlap a little");
		assertTrue(post.overlap().of(a.area(), b.area(), inter) < post.nmsThreshold());
		// the shared pixels go to the more probable object
		assertEquals(a.area(), count(res, 1));
		assertEquals(b.area() - inter, count(res, 2));
	}

	@Test
	void probabilityAtOrBelowThresholdGivesNothing() {
		final StarDistPostprocess post = new StarDistPostprocess().withProbThreshold(0.5);
		final Result res = post.process(new Maps(64, 64, 1).cell(30, 30, 0.4, 10).cell(10, 10, 0.5, 5).prediction());
		assertEquals(0, res.detections().size());
		assertEquals(0, maxLabel(res));
	}

	@Test
	void boundaryExclusionDropsCentresNearTheBorder() {
		final Maps maps = new Maps(64, 64, 1).cell(1, 30, 0.9, 3).cell(5, 50, 0.9, 3).cell(40, 62, 0.9, 3);
		final Result res = new StarDistPostprocess().withBoundary(2).process(maps.prediction());
		assertEquals(1, res.detections().size());
		assertEquals(5, res.detections().get(0).cellY());
		assertEquals(50, res.detections().get(0).cellX());
		// without exclusion all three are kept
		assertEquals(3, new StarDistPostprocess().withBoundary(0).process(maps.prediction()).detections().size());
	}

	@Test
	void gridTwoScalesCentres() {
		final Result res = new StarDistPostprocess().process(new Maps(64, 64, 2).cell(10, 7, 0.9, 6).prediction());
		assertEquals(1, res.detections().size());
		final StarPolygon p = res.detections().get(0).polygon();
		assertEquals(14, p.centreX());
		assertEquals(20, p.centreY());
		final double[] c = centroid(res, 1);
		assertEquals(14, c[0], 0.5);
		assertEquals(20, c[1], 0.5);
		// distances are full-resolution pixels: not scaled by the grid
		assertEquals(20, p.maxX(), 1e-5);
	}

	@Test
	void higherScoresWinOverlapsInTheLabelImage() {
		// overlap of about 0.25 of the smaller: below 0.4, both kept
		final StarDistPostprocess post = new StarDistPostprocess();
		final Result res = post.process(new Maps(64, 64, 1).cell(30, 25, 0.6, 10).cell(30, 40, 0.9, 10).prediction());
		assertEquals(2, res.detections().size());
		assertEquals(0.9, res.detections().get(0).score(), 1e-6);
		assertEquals(1, res.label(33, 30)); // inside both
		assertEquals(2, res.label(20, 30));
	}

	/** Timing only: a realistic 2048^2 prediction (grid 2) with about 100k candidates. */
	@Test
	void timingFullPipeline() {
		final int size = 2048, grid = 2;
		final Maps maps = new Maps(size, size, grid);
		final Random random = new Random(11);
		// disc-shaped objects; each cell inside one predicts the exact distances to its circle
		for (int o = 0; o < 1100; o++) {
			final double cx = size * random.nextDouble(), cy = size * random.nextDouble(), radius = 8 + 6 * random.nextDouble();
			for (int iy = (int) ((cy - radius) / grid); iy <= (cy + radius) / grid; iy++)
				for (int ix = (int) ((cx - radius) / grid); ix <= (cx + radius) / grid; ix++) {
					if (iy < 0 || ix < 0 || iy >= maps.gh || ix >= maps.gw) continue;
					final double px = ix * grid - cx, py = iy * grid - cy, rr = px * px + py * py;
					if (rr >= radius * radius) continue;
					final int cell = iy * maps.gw + ix;
					maps.prob[cell] = (float) Math.max(maps.prob[cell], 1 - 0.5 * Math.sqrt(rr) / radius);
					for (int k = 0; k < RAYS; k++) {
						final double phi = 2 * Math.PI * k / RAYS, b = px * Math.cos(phi) + py * Math.sin(phi);
						maps.dist[cell * RAYS + k] = (float) (-b + Math.sqrt(b * b - rr + radius * radius));
					}
				}
		}
		final StarDistPostprocess post = new StarDistPostprocess();
		final long t0 = System.nanoTime();
		final int candidates = post.candidates(maps.prediction()).size();
		final long t1 = System.nanoTime();
		final Result res = post.process(maps.prediction());
		final long t2 = System.nanoTime();
		System.out.printf(Locale.ROOT, "StarDist post-processing timing: %d^2, %d candidates (built in %.0f ms), full pipeline %.0f ms, %d objects%n",
				size, candidates, (t1 - t0) / 1e6, (t2 - t1) / 1e6, res.detections().size());
		assertTrue(res.detections().size() > 500);
	}
}
