package org.tessera.annotate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.pixel.FeatureSettings;
import org.tessera.pixel.PixelClassifier;
import org.tessera.pixel.RandomForest;

/**
 * Interactive pixel classification, without UI: the user's brush strokes on a
 * {@link LabelCanvas} (each stroke an object of the current class) are the
 * scribbles; {@link #train()} fits a {@link PixelClassifier} on the features of
 * every scribbled pixel, and {@link #classify(int)} gives the classes of a whole
 * plane. Each plane's features are computed once and kept (the few most recent
 * planes), so that retraining and reclassifying after a stroke is quick.
 * Thread-safe: the tool computes features and trains in the background.
 */
public final class PixelClassificationSession {

	/** Reads one plane of the image: each channel as rows {@code [y][x]}. */
	@FunctionalInterface
	public interface PlaneReader {
		List<float[][]> read(int plane);
	}

	/** How many planes' features are kept. */
	static final int CACHED_PLANES = 3;

	private final LabelCanvas canvas;
	private final PlaneReader planes;
	private final int channels;
	private FeatureSettings settings;
	private final RandomForest.Settings forestSettings;
	private final Map<Integer, float[][]> features = new LinkedHashMap<>(4, 0.75f, true);
	private PixelClassifier classifier;
	private long trainedAt = -1;

	public PixelClassificationSession(final LabelCanvas canvas, final PlaneReader planes, final int channels, final FeatureSettings settings,
		final RandomForest.Settings forestSettings)
	{
		if (settings.threeD()) throw new IllegalArgumentException("interactive pixel classification works plane by plane (2D features)");
		this.canvas = canvas;
		this.planes = planes;
		this.channels = channels;
		this.settings = settings;
		this.forestSettings = forestSettings;
	}

	public LabelCanvas canvas() {
		return canvas;
	}

	/** Whether a plane's features are ready. */
	public synchronized boolean hasFeatures(final int plane) {
		return features.containsKey(plane);
	}

	/**
	 * A plane's features, {@code [feature][y * width + x]}, computed now if they are not
	 * kept (the oldest kept plane is dropped beyond {@link #CACHED_PLANES}).
	 */
	public float[][] features(final int plane, final TaskMonitor monitor) {
		synchronized (this) {
			final float[][] f = features.get(plane);
			if (f != null) return f;
		}
		final FeatureSettings s;
		synchronized (this) {
			s = settings;
		}
		final List<float[][]> rows = planes.read(plane);
		if (rows.size() != channels) throw new IllegalStateException("plane " + plane + " has " + rows.size() + " channels, expected " + channels);
		final float[][] f = PixelClassifier.planeFeatures(rows, canvas.width(), canvas.height(), s, 0, monitor);
		synchronized (this) {
			if (s.equals(settings)) {
				features.put(plane, f);
				while (features.size() > CACHED_PLANES) features.remove(features.keySet().iterator().next());
			}
		}
		return f;
	}

	/** The planes that hold scribbles. */
	List<Integer> scribbledPlanes() {
		final List<Integer> out = new ArrayList<>();
		final int w = canvas.width(), h = canvas.height();
		for (int p = 0; p < canvas.slices(); p++) {
			boolean any = false;
			for (int y = 0; y < h && !any; y++)
				for (int x = 0; x < w && !any; x++) any = canvas.label(x, y, p) != 0;
			if (any) out.add(p);
		}
		return out;
	}

	/**
	 * Trains a classifier on every scribbled pixel of every plane (the class of a pixel
	 * is the class of the stroke on it).
	 *
	 * @return the classifier, also kept for {@link #classify}
	 * @throws IllegalArgumentException with one line when fewer than two classes are scribbled
	 */
	public PixelClassifier train(final TaskMonitor monitor) {
		final long edits = canvas.edits();
		final List<Integer> scribbled = scribbledPlanes();
		final int w = canvas.width(), h = canvas.height(), k = canvas.classes().size();
		final FeatureSettings fs;
		synchronized (this) {
			fs = settings;
		}
		final int nf = channels * fs.perChannel();
		final List<Integer> classes = new ArrayList<>();
		final boolean[] seen = new boolean[k];
		final List<float[][]> perPlane = new ArrayList<>();
		final List<int[]> perPlaneIndex = new ArrayList<>();
		int n = 0;
		for (final int p : scribbled) {
			final int[] idx = new int[w * h];
			int m = 0;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final int l = canvas.label(x, y, p);
					if (l == 0) continue;
					final int c = canvas.classOf(l);
					idx[m++] = y * w + x;
					classes.add(c);
					seen[c] = true;
				}
			perPlane.add(features(p, monitor));
			perPlaneIndex.add(java.util.Arrays.copyOf(idx, m));
			n += m;
		}
		int labelled = 0;
		for (final boolean s : seen)
			if (s) labelled++;
		if (labelled < 2) throw new IllegalArgumentException("pixel classification: paint strokes of at least two classes (keys 1-9 choose the " +
			"class), then train");
		final float[][] x = new float[nf][n];
		int at = 0;
		for (int i = 0; i < perPlane.size(); i++) {
			final float[][] f = perPlane.get(i);
			final int[] idx = perPlaneIndex.get(i);
			for (int j = 0; j < nf; j++)
				for (int s = 0; s < idx.length; s++) x[j][at + s] = f[j][idx[s]];
			at += idx.length;
		}
		final int[] y = classes.stream().mapToInt(Integer::intValue).toArray();
		final List<PixelClassifier.ClassInfo> info = new ArrayList<>();
		for (final LabelCanvas.LabelClass c : canvas.classes()) info.add(new PixelClassifier.ClassInfo(c.name(), c.rgb()));
		final PixelClassifier pc = PixelClassifier.fromSamples(x, y, channels, fs, info, forestSettings, monitor);
		synchronized (this) {
			classifier = pc;
			trainedAt = edits;
		}
		return pc;
	}

	/**
	 * Uses a classifier from elsewhere (a file) until the next {@link #train}; the features
	 * it was trained with become the session's.
	 *
	 * @throws IllegalArgumentException with one line when it takes other channels, or 3D features
	 */
	public synchronized void useClassifier(final PixelClassifier pc) {
		if (pc.channels() != channels) throw new IllegalArgumentException("classifier: trained on images with " + pc.channels() + " channel" + (pc
			.channels() == 1 ? "" : "s") + ", this image has " + channels);
		if (pc.settings().threeD()) throw new IllegalArgumentException("classifier: it uses 3D features; interactive classification is plane " +
			"by plane (use Pixel Classifier (Tessera) on the stack)");
		if (!pc.settings().equals(settings)) {
			settings = pc.settings();
			features.clear();
		}
		classifier = pc;
		trainedAt = canvas.edits();
	}

	/** The classifier of the last {@link #train}, or null. */
	public synchronized PixelClassifier classifier() {
		return classifier;
	}

	/** Whether the scribbles changed since the last training (or nothing was trained yet). */
	public synchronized boolean stale() {
		return classifier == null || trainedAt != canvas.edits();
	}

	/**
	 * The class probabilities of every pixel of a plane with the last classifier,
	 * {@code [class][y * width + x]}.
	 *
	 * @throws IllegalStateException when nothing was trained yet
	 */
	public float[][] probabilities(final int plane, final int threads, final TaskMonitor monitor) {
		final PixelClassifier pc = classifier();
		if (pc == null) throw new IllegalStateException("pixel classification: train first");
		final float[][] f = features(plane, monitor);
		return pc.predictFeatures(f, threads);
	}

	/** The class of every pixel of a plane (1 .. classes), from {@link #probabilities}. */
	public int[] classify(final int plane, final int threads, final TaskMonitor monitor) {
		return PixelClassifier.labels(probabilities(plane, threads, monitor));
	}

	/** Threads for a plane's prediction: all cores. */
	public static int allCores() {
		return Threads.resolve(0);
	}
}
