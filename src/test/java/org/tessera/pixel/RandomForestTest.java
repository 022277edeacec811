package org.tessera.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;

/** The random forest on data with known answers: separable clusters, XOR, noise features; probabilities; determinism; its file form. */
class RandomForestTest {

	/** n samples of 3 classes around three centres in 2 informative features, plus 3 noise features. */
	private static Object[] clusters(final int n, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[][] x = new float[5][n];
		final int[] y = new int[n];
		final double[][] centres = { { 0, 0 }, { 4, 0 }, { 0, 4 } };
		for (int i = 0; i < n; i++) {
			y[i] = i % 3;
			x[0][i] = (float) (centres[y[i]][0] + r.nextGaussian());
			x[1][i] = (float) (centres[y[i]][1] + r.nextGaussian());
			for (int f = 2; f < 5; f++) x[f][i] = (float) r.nextGaussian();
		}
		return new Object[] { x, y };
	}

	private static double accuracy(final RandomForest rf, final float[][] x, final int[] y) {
		final float[][] p = new float[rf.classes()][y.length];
		rf.predict(x, 0, y.length, p);
		final int[] labels = PixelClassifier.labels(p);
		int right = 0;
		for (int i = 0; i < y.length; i++)
			if (labels[i] - 1 == y[i]) right++;
		return right / (double) y.length;
	}

	@Test
	void separatesClustersOnDataItDidNotSee() {
		final Object[] train = clusters(3000, 1), test = clusters(3000, 2);
		final RandomForest rf = RandomForest.train((float[][]) train[0], (int[]) train[1], 3, RandomForest.Settings.defaults(), TaskMonitor.NONE);
		assertEquals(100, rf.trees());
		// the Bayes rate of these overlapping Gaussians is about 0.95
		final double acc = accuracy(rf, (float[][]) test[0], (int[]) test[1]);
		assertTrue(acc > 0.9, "accuracy " + acc);
	}

	@Test
	void learnsXorWhichNoSingleSplitSeparates() {
		final int n = 2000;
		final SplittableRandom r = new SplittableRandom(3);
		final float[][] x = new float[2][n];
		final int[] y = new int[n];
		for (int i = 0; i < n; i++) {
			x[0][i] = (float) r.nextDouble(-1, 1);
			x[1][i] = (float) r.nextDouble(-1, 1);
			y[i] = (x[0][i] > 0) ^ (x[1][i] > 0) ? 1 : 0;
		}
		final RandomForest rf = RandomForest.train(x, y, 2, new RandomForest.Settings(20, 0, 5, 0), TaskMonitor.NONE);
		assertTrue(accuracy(rf, x, y) > 0.99, "training accuracy on XOR");
	}

	@Test
	void probabilitiesAreSharesThatSumToOne() {
		final Object[] d = clusters(600, 4);
		final float[][] x = (float[][]) d[0];
		final RandomForest rf = RandomForest.train(x, (int[]) d[1], 3, new RandomForest.Settings(10, 0, 1, 1), TaskMonitor.NONE);
		final float[][] p = new float[3][600];
		rf.predict(x, 0, 600, p);
		for (int i = 0; i < 600; i++) {
			assertEquals(1, p[0][i] + p[1][i] + p[2][i], 1e-5);
			for (int c = 0; c < 3; c++) assertEquals(0, p[c][i] * 10 - Math.rint(p[c][i] * 10), 1e-4, "pure leaves: tenths of 10 trees");
		}
	}

	@Test
	void theSeedDecidesNotTheThreads() {
		final Object[] d = clusters(1500, 5);
		final float[][] x = (float[][]) d[0];
		final int[] y = (int[]) d[1];
		final float[][] a = new float[3][1500], b = new float[3][1500], c = new float[3][1500];
		RandomForest.train(x, y, 3, new RandomForest.Settings(16, 0, 9, 1), TaskMonitor.NONE).predict(x, 0, 1500, a);
		RandomForest.train(x, y, 3, new RandomForest.Settings(16, 0, 9, 2), TaskMonitor.NONE).predict(x, 0, 1500, b);
		RandomForest.train(x, y, 3, new RandomForest.Settings(16, 0, 10, 2), TaskMonitor.NONE).predict(x, 0, 1500, c);
		for (int k = 0; k < 3; k++) assertArrayEquals(a[k], b[k]);
		assertTrue(!Arrays.equals(a[0], c[0]), "another seed, another forest");
	}

	@Test
	void maxDepthLimitsTheTrees() {
		final Object[] d = clusters(1500, 6);
		final RandomForest shallow = RandomForest.train((float[][]) d[0], (int[]) d[1], 3, new RandomForest.Settings(5, 2, 1, 0), TaskMonitor.NONE);
		assertTrue(shallow.nodes() <= 5 * 7, shallow.nodes() + " nodes in 5 trees of depth 2");
	}

	@Test
	void writesAndReadsItselfAndRefusesATruncatedStream() throws IOException {
		final Object[] d = clusters(900, 7);
		final float[][] x = (float[][]) d[0];
		final RandomForest rf = RandomForest.train(x, (int[]) d[1], 3, new RandomForest.Settings(8, 0, 1, 0), TaskMonitor.NONE);
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		rf.write(new DataOutputStream(bytes));
		final RandomForest back = RandomForest.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
		final float[][] a = new float[3][900], b = new float[3][900];
		rf.predict(x, 0, 900, a);
		back.predict(x, 0, 900, b);
		for (int k = 0; k < 3; k++) assertArrayEquals(a[k], b[k]);
		final byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
		assertThrows(IOException.class, () -> RandomForest.read(new DataInputStream(new ByteArrayInputStream(cut))));
	}

	@Test
	void badTrainingDataIsOneLine() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomForest.train(new float[][] { { 1, 2 } },
			new int[] { 0, 5 }, 2, RandomForest.Settings.defaults(), TaskMonitor.NONE));
		assertEquals("class 5 is not in 0..1", e.getMessage());
	}
}
