package org.tessera.pixel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;

/**
 * A random forest classifier (Breiman 2001) with class probabilities, as
 * scikit-learn's {@code RandomForestClassifier} defines it: every tree grows on
 * a bootstrap sample of the training samples, each split chooses the best Gini
 * decrease among {@code sqrt(features)} features drawn at random, trees grow
 * until their leaves are pure (or hold one sample), and the probabilities are
 * the mean over the trees of each leaf's class shares.
 * <p>
 * Splits are searched on feature values binned into at most 256 quantiles of
 * the training samples (as LightGBM and scikit-learn's histogram gradient
 * boosting do), which makes training linear in the samples per tree level;
 * the thresholds are values of the features, so prediction compares the raw
 * features. The trees are stored flattened into arrays for prediction.
 * Training is multi-threaded over trees and deterministic for a seed, whatever
 * the number of threads.
 */
public final class RandomForest {

	/** Format version of {@link #write}. */
	static final int FORMAT = 1;
	/** The most bins a feature's values are put into for the split search. */
	static final int MAX_BINS = 256;

	private final int classes;
	private final int features;
	/** Per tree: node arrays. A leaf has feature -1; its class shares are at {@code leafProb[tree][node * classes + c]}. */
	private final int[][] feature;
	private final float[][] threshold;
	private final int[][] left;
	private final int[][] right;
	private final float[][] leafProb;

	/**
	 * The trees packed for prediction: per tree, four ints per node (the feature, or
	 * -1 - leaf for a leaf; the threshold's bits; the left and right child's offsets), so
	 * that a step of a walk reads one cache line; and the leaves' class shares in order.
	 */
	private final int[][] packed;
	private final float[][] leafShares;

	private RandomForest(final int classes, final int features, final int[][] feature, final float[][] threshold, final int[][] left,
		final int[][] right, final float[][] leafProb)
	{
		this.classes = classes;
		this.features = features;
		this.feature = feature;
		this.threshold = threshold;
		this.left = left;
		this.right = right;
		this.leafProb = leafProb;
		packed = new int[feature.length][];
		leafShares = new float[feature.length][];
		for (int t = 0; t < feature.length; t++) {
			final int n = feature[t].length;
			final int[] p = new int[4 * n];
			int leaves = 0;
			for (int i = 0; i < n; i++)
				if (feature[t][i] < 0) leaves++;
			final float[] shares = new float[leaves * classes];
			int leaf = 0;
			for (int i = 0; i < n; i++) {
				if (feature[t][i] >= 0) {
					p[4 * i] = feature[t][i];
					p[4 * i + 1] = Float.floatToRawIntBits(threshold[t][i]);
					p[4 * i + 2] = 4 * left[t][i];
					p[4 * i + 3] = 4 * right[t][i];
				}
				else {
					p[4 * i] = -1 - leaf;
					System.arraycopy(leafProb[t], i * classes, shares, leaf * classes, classes);
					leaf++;
				}
			}
			packed[t] = p;
			leafShares[t] = shares;
		}
	}

	/** Training settings: the number of trees, the largest depth (0: none), the seed, the threads (0: all cores). */
	public record Settings(int trees, int maxDepth, long seed, int threads) {

		/** Checks the values. */
		public Settings {
			if (trees < 1) throw new IllegalArgumentException("trees: need at least one tree, got " + trees);
			if (maxDepth < 0) throw new IllegalArgumentException("max_depth: 0 (no limit) or more, got " + maxDepth);
			if (threads < 0) throw new IllegalArgumentException("threads: 0 (all cores) or more, got " + threads);
		}

		/** 100 trees (scikit-learn's default), no depth limit, seed 1, all cores. */
		public static Settings defaults() {
			return new Settings(100, 0, 1, 0);
		}
	}

	/**
	 * Trains a forest.
	 *
	 * @param x the samples' features, {@code x[feature][sample]}
	 * @param y the samples' classes, 0 .. classes - 1
	 * @param classes the number of classes (at least 2)
	 */
	public static RandomForest train(final float[][] x, final int[] y, final int classes, final Settings settings, final TaskMonitor monitor) {
		final int nf = x.length, n = y.length;
		if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
		if (nf < 1) throw new IllegalArgumentException("no features");
		if (n < 1) throw new IllegalArgumentException("no training samples");
		for (final float[] f : x)
			if (f.length != n) throw new IllegalArgumentException("features have " + f.length + " samples, the classes " + n);
		for (final int c : y)
			if (c < 0 || c >= classes) throw new IllegalArgumentException("class " + c + " is not in 0.." + (classes - 1));
		final Binned binned = Binned.of(x);
		final int mtry = Math.max(1, (int) Math.sqrt(nf));
		final int t = settings.trees();
		final int[][] feature = new int[t][], left = new int[t][], right = new int[t][];
		final float[][] threshold = new float[t][], prob = new float[t][];
		final List<Integer> ids = new ArrayList<>();
		for (int i = 0; i < t; i++) ids.add(i);
		final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
		Threads.forEach(Threads.executor(settings.threads()), ids, i -> {
			monitor.checkCancelled();
			// each tree has its own stream of random numbers, so threads do not change the result
			final Tree tree = new TreeBuilder(binned, y, classes, mtry, settings.maxDepth(), new SplittableRandom(settings.seed() * 1_000_003L + i))
				.build();
			feature[i] = tree.feature;
			threshold[i] = tree.threshold;
			left[i] = tree.left;
			right[i] = tree.right;
			prob[i] = tree.prob;
			monitor.progress(done.incrementAndGet(), t);
		});
		return new RandomForest(classes, nf, feature, threshold, left, right, prob);
	}

	/** The number of classes. */
	public int classes() {
		return classes;
	}

	/** The number of features a sample has. */
	public int features() {
		return features;
	}

	/** The number of trees. */
	public int trees() {
		return feature.length;
	}

	/** The number of nodes of all trees. */
	public long nodes() {
		long n = 0;
		for (final int[] f : feature) n += f.length;
		return n;
	}

	/** Whether any split of any tree uses each feature: features no tree uses need not be computed for prediction. */
	public boolean[] usedFeatures() {
		final boolean[] used = new boolean[features];
		for (final int[] ft : feature)
			for (final int f : ft)
				if (f >= 0) used[f] = true;
		return used;
	}

	/**
	 * Class probabilities of samples given feature-major ({@code x[feature][sample]}),
	 * samples {@code from .. to}, into {@code out[c][sample - from]}. A feature that no tree
	 * uses ({@link #usedFeatures()}) may be null.
	 */
	public void predict(final float[][] x, final int from, final int to, final float[][] out) {
		if (x.length != features) throw new IllegalArgumentException("samples have " + x.length + " features, the forest " + features);
		// features of a few samples at a time, sample by sample, so that a tree's walk reads one short array
		final int chunk = 64;
		final float[] sample = new float[chunk * features];
		final double[] sum = new double[classes];
		final double inv = 1.0 / feature.length;
		for (int s0 = from; s0 < to; s0 += chunk) {
			final int m = Math.min(chunk, to - s0);
			for (int f = 0; f < features; f++) {
				final float[] col = x[f];
				if (col != null) for (int j = 0; j < m; j++) sample[j * features + f] = col[s0 + j];
			}
			for (int j = 0; j < m; j++) {
				Arrays.fill(sum, 0);
				final int base = j * features;
				for (int t = 0; t < packed.length; t++) {
					final int[] nodes = packed[t];
					int at = 0, f;
					while ((f = nodes[at]) >= 0) at = sample[base + f] <= Float.intBitsToFloat(nodes[at + 1]) ? nodes[at + 2] : nodes[at + 3];
					final float[] p = leafShares[t];
					final int leaf = (-1 - f) * classes;
					for (int c = 0; c < classes; c++) sum[c] += p[leaf + c];
				}
				for (int c = 0; c < classes; c++) out[c][s0 + j - from] = (float) (sum[c] * inv);
			}
		}
	}

	/** Writes the forest (binary, big-endian). */
	public void write(final DataOutputStream out) throws IOException {
		out.writeInt(FORMAT);
		out.writeInt(classes);
		out.writeInt(features);
		out.writeInt(feature.length);
		for (int t = 0; t < feature.length; t++) {
			final int n = feature[t].length;
			out.writeInt(n);
			for (int i = 0; i < n; i++) {
				out.writeInt(feature[t][i]);
				if (feature[t][i] >= 0) {
					out.writeFloat(threshold[t][i]);
					out.writeInt(left[t][i]);
					out.writeInt(right[t][i]);
				}
				else for (int c = 0; c < classes; c++) out.writeFloat(leafProb[t][i * classes + c]);
			}
		}
	}

	/**
	 * Reads a forest written by {@link #write}.
	 *
	 * @throws IOException for a truncated stream or inconsistent trees
	 */
	public static RandomForest read(final DataInputStream in) throws IOException {
		final int format = in.readInt();
		if (format != FORMAT) throw new IOException("random forest format " + format + ", this Tessera reads format " + FORMAT);
		final int classes = in.readInt(), features = in.readInt(), trees = in.readInt();
		if (classes < 2 || features < 1 || trees < 1) throw new IOException("a forest of " + trees + " trees, " + classes + " classes, " + features +
			" features");
		final int[][] feature = new int[trees][], left = new int[trees][], right = new int[trees][];
		final float[][] threshold = new float[trees][], prob = new float[trees][];
		for (int t = 0; t < trees; t++) {
			final int n = in.readInt();
			if (n < 1) throw new IOException("tree " + t + " has " + n + " nodes");
			feature[t] = new int[n];
			left[t] = new int[n];
			right[t] = new int[n];
			threshold[t] = new float[n];
			prob[t] = new float[n * classes];
			for (int i = 0; i < n; i++) {
				final int f = in.readInt();
				feature[t][i] = f;
				if (f >= features) throw new IOException("tree " + t + " node " + i + " splits on feature " + f + " of " + features);
				if (f >= 0) {
					threshold[t][i] = in.readFloat();
					left[t][i] = in.readInt();
					right[t][i] = in.readInt();
					if (left[t][i] <= i || left[t][i] >= n || right[t][i] <= i || right[t][i] >= n) throw new IOException("tree " + t + " node " + i +
						" has children outside the tree");
				}
				else for (int c = 0; c < classes; c++) prob[t][i * classes + c] = in.readFloat();
			}
		}
		return new RandomForest(classes, features, feature, threshold, left, right, prob);
	}

	/** The training features binned: for each feature its bin edges (ascending) and each sample's bin. */
	private record Binned(float[][] edges, byte[][] bins, int samples) {

		/**
		 * Bin {@code b} holds the values {@code <= edges[b]} and {@code > edges[b - 1]};
		 * the edges are up to {@link #MAX_BINS} quantiles of the distinct values.
		 */
		static Binned of(final float[][] x) {
			final int n = x[0].length;
			final float[][] edges = new float[x.length][];
			final byte[][] bins = new byte[x.length][];
			for (int f = 0; f < x.length; f++) {
				final float[] sorted = x[f].clone();
				Arrays.sort(sorted);
				final float[] distinct = new float[n];
				int nd = 0;
				for (final float v : sorted)
					if (nd == 0 || v != distinct[nd - 1]) distinct[nd++] = v;
				final float[] e;
				if (nd <= MAX_BINS) e = Arrays.copyOf(distinct, nd);
				else {
					// edges at quantiles of the samples, so that bins hold about as many samples each
					final List<Float> chosen = new ArrayList<>();
					for (int b = 1; b <= MAX_BINS; b++) {
						final float v = sorted[Math.max(0, Math.min(n - 1, (int) ((long) b * n / MAX_BINS) - 1))];
						if (chosen.isEmpty() || v > chosen.get(chosen.size() - 1)) chosen.add(v);
					}
					if (chosen.get(chosen.size() - 1) < distinct[nd - 1]) chosen.set(chosen.size() - 1, distinct[nd - 1]);
					e = new float[chosen.size()];
					for (int i = 0; i < e.length; i++) e[i] = chosen.get(i);
				}
				edges[f] = e;
				final byte[] b = new byte[n];
				for (int i = 0; i < n; i++) {
					int k = Arrays.binarySearch(e, x[f][i]);
					if (k < 0) k = -k - 1; // the first edge above the value
					b[i] = (byte) k;
				}
				bins[f] = b;
			}
			return new Binned(edges, bins, n);
		}
	}

	/** One tree's flattened nodes. */
	private record Tree(int[] feature, float[] threshold, int[] left, int[] right, float[] prob) {}

	/** Grows one tree depth-first on a bootstrap sample. */
	private static final class TreeBuilder {

		private final Binned data;
		private final int[] y;
		private final int classes, mtry, maxDepth;
		private final SplittableRandom random;
		/** The bootstrap sample, rearranged so that each node's samples are contiguous. */
		private final int[] samples;
		private final IntList feature = new IntList(), left = new IntList(), right = new IntList();
		private final FloatList threshold = new FloatList(), prob = new FloatList();
		private final int[] featureOrder;
		private final int[] histogram = new int[MAX_BINS * 64];
		private final int[] counts, leftCounts;

		TreeBuilder(final Binned data, final int[] y, final int classes, final int mtry, final int maxDepth, final SplittableRandom random) {
			this.data = data;
			this.y = y;
			this.classes = classes;
			this.mtry = mtry;
			this.maxDepth = maxDepth;
			this.random = random;
			final int n = data.samples();
			samples = new int[n];
			for (int i = 0; i < n; i++) samples[i] = random.nextInt(n);
			featureOrder = new int[data.edges().length];
			for (int f = 0; f < featureOrder.length; f++) featureOrder[f] = f;
			counts = new int[classes];
			leftCounts = new int[classes];
		}

		Tree build() {
			grow(0, samples.length, 0);
			return new Tree(feature.toArray(), threshold.toArray(), left.toArray(), right.toArray(), prob.toArray());
		}

		/** Makes the node for samples[lo, hi) and its subtree; returns its index. */
		private int grow(final int lo, final int hi, final int depth) {
			final int node = feature.size();
			feature.add(-1);
			threshold.add(0);
			left.add(-1);
			right.add(-1);
			prob.addZeros(classes);
			Arrays.fill(counts, 0);
			for (int i = lo; i < hi; i++) counts[y[samples[i]]]++;
			int present = 0;
			for (final int c : counts)
				if (c > 0) present++;
			if (present <= 1 || hi - lo < 2 || maxDepth > 0 && depth >= maxDepth || !split(lo, hi, node)) {
				for (int c = 0; c < classes; c++) prob.set(node * classes + c, counts[c] / (float) (hi - lo));
				return node;
			}
			// split() set the node's feature and threshold bin; partition the samples
			final int f = feature.get(node);
			final int bin = splitBin;
			final byte[] bins = data.bins()[f];
			int i = lo, j = hi - 1;
			while (i <= j) {
				if ((bins[samples[i]] & 0xff) <= bin) i++;
				else {
					final int s = samples[i];
					samples[i] = samples[j];
					samples[j--] = s;
				}
			}
			final int l = grow(lo, i, depth + 1);
			left.set(node, l);
			final int r = grow(i, hi, depth + 1);
			right.set(node, r);
			return node;
		}

		private int splitBin;

		/**
		 * The best split of samples[lo, hi) among mtry features drawn at random (drawing more
		 * when none of them splits, as scikit-learn does); sets the node's feature and
		 * threshold and {@link #splitBin}. Returns false when no feature splits the samples.
		 */
		private boolean split(final int lo, final int hi, final int node) {
			final int n = hi - lo;
			double parentSum = 0;
			for (final int c : counts) parentSum += (double) c * c;
			double bestScore = parentSum / n; // the Gini decrease is largest where sum over sides of (sum counts²)/size is
			int bestFeature = -1, bestBin = -1;
			final int nf = featureOrder.length;
			int tried = 0;
			for (int k = 0; k < nf && (tried < mtry || bestFeature < 0); k++) {
				// a partial Fisher-Yates shuffle draws the features without repeats
				final int pick = k + random.nextInt(nf - k);
				final int f = featureOrder[pick];
				featureOrder[pick] = featureOrder[k];
				featureOrder[k] = f;
				tried++;
				final int nb = data.edges()[f].length;
				if (nb < 2) continue;
				final byte[] bins = data.bins()[f];
				final int[] h = nb * classes <= histogram.length ? histogram : new int[nb * classes];
				Arrays.fill(h, 0, nb * classes, 0);
				for (int i = lo; i < hi; i++) {
					final int s = samples[i];
					h[(bins[s] & 0xff) * classes + y[s]]++;
				}
				Arrays.fill(leftCounts, 0);
				int nLeft = 0;
				for (int b = 0; b < nb - 1; b++) {
					int inBin = 0;
					for (int c = 0; c < classes; c++) {
						leftCounts[c] += h[b * classes + c];
						inBin += h[b * classes + c];
					}
					if (inBin == 0) continue;
					nLeft += inBin;
					if (nLeft == n) break;
					double sl = 0, sr = 0;
					for (int c = 0; c < classes; c++) {
						final double l = leftCounts[c], r = counts[c] - l;
						sl += l * l;
						sr += r * r;
					}
					final double score = sl / nLeft + sr / (n - nLeft);
					if (score > bestScore + 1e-12) {
						bestScore = score;
						bestFeature = f;
						bestBin = b;
					}
				}
			}
			if (bestFeature < 0) return false;
			feature.set(node, bestFeature);
			threshold.set(node, data.edges()[bestFeature][bestBin]);
			splitBin = bestBin;
			return true;
		}
	}

	/** A growable int array. */
	private static final class IntList {

		private int[] a = new int[256];
		private int n;

		void add(final int v) {
			if (n == a.length) a = Arrays.copyOf(a, 2 * n);
			a[n++] = v;
		}

		int get(final int i) {
			return a[i];
		}

		void set(final int i, final int v) {
			a[i] = v;
		}

		int size() {
			return n;
		}

		int[] toArray() {
			return Arrays.copyOf(a, n);
		}
	}

	/** A growable float array. */
	private static final class FloatList {

		private float[] a = new float[256];
		private int n;

		void add(final float v) {
			if (n == a.length) a = Arrays.copyOf(a, 2 * n);
			a[n++] = v;
		}

		void addZeros(final int k) {
			while (n + k > a.length) a = Arrays.copyOf(a, 2 * a.length);
			n += k;
		}

		void set(final int i, final float v) {
			a[i] = v;
		}

		float[] toArray() {
			return Arrays.copyOf(a, n);
		}
	}
}
