package org.tessera.pixel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.imagej.ImageFiles;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Threads;
import org.tessera.core.Volumes;
import org.tessera.gpu.GpuDevice;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.tessera.core.Axis;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A pixel classifier: a {@link RandomForest} on the {@link Features} of every
 * channel, with its feature settings and its classes' names and colours, saved
 * as one file ({@link #write}, a zip of {@code classifier.json} and
 * {@code forest.bin}) that the menu, scripts, the command line, folder batches
 * and chunked runs all load.
 * <p>
 * Images are classified block by block: each block is read with the features'
 * halo (filled past the image by reflection, as the features' Gaussians do), so
 * the result does not depend on the blocks. 2D features classify stacks plane by
 * plane; 3D features classify whole volumes.
 */
public final class PixelClassifier {

	/** The file format's name and version; a file of a newer version is refused. */
	public static final String FORMAT = "tessera-pixel-classifier";
	public static final int VERSION = 1;
	/** Block core size along x and y (and z for 3D features). */
	static final int BLOCK = 256, BLOCK_Z = 32;

	/** A class: its name and display colour ({@code 0xRRGGBB}). */
	public record ClassInfo(String name, int rgb) {

		/** Checks the name. */
		public ClassInfo {
			if (name == null || name.isBlank()) throw new IllegalArgumentException("classes: a class needs a name");
		}

		/** The colour as {@code #rrggbb}. */
		public String hex() {
			return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
		}
	}

	/** Colours for classes without one: background grey, then distinct hues. */
	static final int[] PALETTE = { 0x808080, 0xffff00, 0x00c0ff, 0xff4040, 0x40ff40, 0xff80ff, 0xff8000, 0x8040ff, 0x00ffc0 };

	/** The colour of the class at this index (0-based) when none is given. */
	public static int defaultColor(final int index) {
		return PALETTE[index % PALETTE.length];
	}

	private final FeatureSettings settings;
	private final int channels;
	private final List<ClassInfo> classes;
	private final RandomForest forest;
	private final JsonObject training;

	private PixelClassifier(final FeatureSettings settings, final int channels, final List<ClassInfo> classes, final RandomForest forest,
		final JsonObject training)
	{
		if (classes.size() != forest.classes()) throw new IllegalArgumentException(classes.size() + " class names for a forest of " + forest
			.classes() + " classes");
		if (forest.features() != channels * settings.perChannel()) throw new IllegalArgumentException("the forest takes " + forest.features() +
			" features, the settings give " + channels * settings.perChannel());
		this.settings = settings;
		this.channels = channels;
		this.classes = List.copyOf(classes);
		this.forest = forest;
		this.training = training == null ? new JsonObject() : training.deepCopy();
	}

	/** The feature settings. */
	public FeatureSettings settings() {
		return settings;
	}

	/** The image channels it takes. */
	public int channels() {
		return channels;
	}

	/** The classes, in label order (label 1 is the first). */
	public List<ClassInfo> classes() {
		return classes;
	}

	/** The forest. */
	public RandomForest forest() {
		return forest;
	}

	/** What was recorded about the training (images, samples, time). */
	public JsonObject training() {
		return training.deepCopy();
	}

	/**
	 * An image and its sparse labels for training: label {@code k} (1..classes) marks
	 * pixels of class {@code k}, 0 unlabelled. The labels have the image's x, y, z and
	 * time axes (no channels).
	 */
	public record TrainingImage<T extends RealType<T>, L extends RealType<L>>(AxisImg<T> image, AxisImg<L> labels) {}

	/**
	 * Trains a classifier on the labelled pixels of some images.
	 *
	 * @param images the images and their labels, all with the same channels
	 * @param classes the classes' names and colours; null or empty to name them by their labels
	 *          ("class 1", ...) as many as the largest label
	 * @throws IllegalArgumentException with one line when labels are missing, or fewer than 2 classes are labelled
	 */
	public static PixelClassifier train(final List<? extends TrainingImage<?, ?>> images, final FeatureSettings settings, List<ClassInfo> classes,
		final RandomForest.Settings forestSettings, final TaskMonitor monitor)
	{
		if (images.isEmpty()) throw new IllegalArgumentException("no training images");
		final int channels = (int) images.get(0).image().size(AxisType.CHANNEL);
		final int maxLabel = checkLabels(images, classes == null ? 0 : classes.size());
		final List<Samples> parts = new ArrayList<>();
		final long t0 = System.nanoTime();
		for (int i = 0; i < images.size(); i++) {
			final TrainingImage<?, ?> ti = images.get(i);
			if (ti.image().size(AxisType.CHANNEL) != channels) throw new IllegalArgumentException("image '" + ti.image().name() + "' has " + ti
				.image().size(AxisType.CHANNEL) + " channels, the first training image " + channels);
			parts.add(samples(ti, settings, channels, monitor.part(i, 1, images.size() + 1)));
		}
		final int k = classes == null || classes.isEmpty() ? maxLabel : classes.size();
		if (classes == null || classes.isEmpty()) {
			classes = new ArrayList<>();
			for (int c = 1; c <= k; c++) classes.add(new ClassInfo("class " + c, PALETTE[(c - 1) % PALETTE.length]));
		}
		final int features = channels * settings.perChannel();
		int n = 0;
		for (final Samples s : parts) n += s.labels.length;
		final float[][] x = new float[features][n];
		final int[] y = new int[n];
		int at = 0;
		for (final Samples s : parts) {
			for (int f = 0; f < features; f++) System.arraycopy(s.features[f], 0, x[f], at, s.labels.length);
			for (int i = 0; i < s.labels.length; i++) y[at + i] = s.labels[i] - 1;
			at += s.labels.length;
		}
		final double featureSeconds = (System.nanoTime() - t0) / 1e9;
		final PixelClassifier pc = fromSamples(x, y, channels, settings, classes, forestSettings, monitor.part(images.size(), 1, images.size() + 1));
		pc.training.addProperty("images", images.size());
		pc.training.addProperty("feature_seconds", Math.round(featureSeconds * 1000) / 1000.0);
		return pc;
	}

	/**
	 * Trains a classifier on samples whose features are computed already.
	 *
	 * @param x the samples' features, {@code x[feature][sample]}, {@code channels × settings.perChannel()} of them
	 * @param y the samples' classes, 0 .. classes - 1
	 */
	public static PixelClassifier fromSamples(final float[][] x, final int[] y, final int channels, final FeatureSettings settings,
		final List<ClassInfo> classes, final RandomForest.Settings forestSettings, final TaskMonitor monitor)
	{
		final int k = classes.size();
		final int[] perClass = new int[k];
		for (final int c : y) perClass[c]++;
		final long t1 = System.nanoTime();
		monitor.status("training a random forest of " + forestSettings.trees() + " trees on " + y.length + " pixels, " + x.length + " features");
		final RandomForest forest = RandomForest.train(x, y, k, forestSettings, monitor);
		final JsonObject record = new JsonObject();
		record.addProperty("pixels", y.length);
		final JsonArray counts = new JsonArray();
		for (final int c : perClass) counts.add(c);
		record.add("pixels_per_class", counts);
		record.addProperty("trees", forestSettings.trees());
		record.addProperty("max_depth", forestSettings.maxDepth());
		record.addProperty("seed", forestSettings.seed());
		record.addProperty("training_seconds", Math.round((System.nanoTime() - t1) / 1e6) / 1000.0);
		return new PixelClassifier(settings, channels, classes, forest, record);
	}

	/**
	 * Every feature of a whole plane, {@code [feature][y * width + x]} (all channels' in turn),
	 * computed block by block on {@code threads} threads (0: all cores).
	 *
	 * @param channelRows each channel's rows {@code [y][x]}
	 */
	public static float[][] planeFeatures(final List<float[][]> channelRows, final int width, final int height, final FeatureSettings settings,
		final int threads, final TaskMonitor monitor)
	{
		final int[] shape = { width, height, 1 };
		final float[][] out = new float[channelRows.size() * settings.perChannel()][width * height];
		final List<Region> regions = regions(shape, settings);
		final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
		Threads.forEach(Threads.executor(threads), regions, r -> {
			monitor.checkCancelled();
			r.writeCore(r.features(channelRows, shape, settings), out, shape);
			monitor.progress(done.incrementAndGet(), regions.size());
		});
		return out;
	}

	/** Class probabilities {@code [class][pixel]} of pixels whose features are given {@code [feature][pixel]}, on {@code threads} threads. */
	public float[][] predictFeatures(final float[][] features, final int threads) {
		final int n = features[0].length, k = classes.size();
		final float[][] out = new float[k][n];
		final int parts = Math.max(1, Threads.resolve(threads)) * 4;
		final List<int[]> ranges = new ArrayList<>();
		for (int i = 0; i < parts; i++) {
			final int from = (int) ((long) n * i / parts), to = (int) ((long) n * (i + 1) / parts);
			if (to > from) ranges.add(new int[] { from, to });
		}
		Threads.forEach(Threads.executor(threads), ranges, r -> {
			final float[][] part = new float[k][r[1] - r[0]];
			forest.predict(features, r[0], r[1], part);
			for (int c = 0; c < k; c++) System.arraycopy(part[c], 0, out[c], r[0], part[c].length);
		});
		return out;
	}

	/**
	 * Before any features are computed: the labels are whole numbers, within the classes, and mark at least two classes.
	 *
	 * @return the largest label
	 */
	private static int checkLabels(final List<? extends TrainingImage<?, ?>> images, final int classes) {
		final java.util.Set<Integer> present = new java.util.TreeSet<>();
		for (final TrainingImage<?, ?> ti : images) {
			final AxisImg<?> labels = ti.labels();
			for (long t = 0; t < labels.size(AxisType.TIME); t++)
				for (final float v : readLabels(labels, t)) {
					if (v < 0 || v != Math.rint(v) || v > 65535) throw new IllegalArgumentException("labels '" + labels.name() + "': " + v +
						" is no class label (whole numbers, 0 = unlabelled)");
					if (v > 0) present.add((int) v);
				}
		}
		if (present.isEmpty()) throw new IllegalArgumentException("labels: no labelled pixel in the training images (label 0 means unlabelled)");
		if (present.size() < 2) throw new IllegalArgumentException("labels: only class " + present.iterator().next() + " is labelled; label at " +
			"least two classes");
		final int max = ((java.util.TreeSet<Integer>) present).last();
		if (classes > 0 && max > classes) throw new IllegalArgumentException("labels: label " + max + " found, but there are only " + classes +
			" classes");
		return max;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static float[] readLabels(final AxisImg labels, final long t) {
		return Volumes.read(labels, 0, t, Threads.executor(0));
	}

	/** The features and labels of the labelled pixels of one training image. */
	private record Samples(float[][] features, int[] labels) {}

	private static <T extends RealType<T>, L extends RealType<L>> Samples samples(final TrainingImage<T, L> ti, final FeatureSettings settings,
		final int channels, final TaskMonitor monitor)
	{
		final AxisImg<T> image = ti.image();
		final AxisImg<L> labels = ti.labels();
		final int[] shape = Volumes.shape(image);
		if (labels.dimensionOf(AxisType.CHANNEL) >= 0 && labels.size(AxisType.CHANNEL) > 1) throw new IllegalArgumentException("labels '" + labels
			.name() + "' have channels; expected one label image");
		final int[] ls = Volumes.shape(labels);
		if (ls[0] != shape[0] || ls[1] != shape[1] || ls[2] != shape[2] || labels.size(AxisType.TIME) != image.size(AxisType.TIME))
			throw new IllegalArgumentException("labels '" + labels.name() + "' are " + ls[0] + "x" + ls[1] + "x" + ls[2] + " x " + labels.size(
				AxisType.TIME) + " frames, image '" + image.name() + "' " + shape[0] + "x" + shape[1] + "x" + shape[2] + " x " + image.size(
					AxisType.TIME));
		final int features = channels * settings.perChannel();
		final List<float[]>[] columns = newLists(features);
		final List<int[]> labelParts = new ArrayList<>();
		for (long t = 0; t < image.size(AxisType.TIME); t++) {
			final float[] lab = Volumes.read(labels, 0, t, Threads.executor(0)); // checked by checkLabels
			final List<float[][]> volumes = new ArrayList<>();
			for (int c = 0; c < channels; c++) volumes.add(Volumes.readRows(image, c, t, Threads.executor(0)));
			// only the blocks with labels, on all cores; their samples in block order, whatever the threads
			final List<Region> labelled = new ArrayList<>();
			for (final Region r : regions(shape, settings))
				if (r.labelled(lab, shape).length > 0) labelled.add(r);
			final float[][][] blockColumns = new float[labelled.size()][][];
			final int[][] blockLabels = new int[labelled.size()][];
			final List<Integer> order = new ArrayList<>();
			for (int b = 0; b < labelled.size(); b++) order.add(b);
			Threads.forEach(Threads.executor(0), order, b -> {
				final Region r = labelled.get(b);
				final int[] idx = r.labelled(lab, shape);
				final float[][] f = r.features(volumes, shape, settings);
				final int[] li = new int[idx.length];
				for (int i = 0; i < idx.length; i++) li[i] = (int) lab[r.imageIndex(idx[i], shape)];
				final float[][] cols = new float[features][idx.length];
				for (int k = 0; k < features; k++)
					for (int i = 0; i < idx.length; i++) cols[k][i] = f[k][idx[i]];
				blockColumns[b] = cols;
				blockLabels[b] = li;
			});
			for (int b = 0; b < labelled.size(); b++) {
				labelParts.add(blockLabels[b]);
				for (int k = 0; k < features; k++) columns[k].add(blockColumns[b][k]);
			}
			monitor.progress(t + 1, image.size(AxisType.TIME));
		}
		final float[][] x = new float[features][];
		for (int k = 0; k < features; k++) x[k] = concat(columns[k]);
		return new Samples(x, concatInts(labelParts));
	}

	@SuppressWarnings("unchecked")
	private static List<float[]>[] newLists(final int n) {
		final List<float[]>[] out = new List[n];
		for (int i = 0; i < n; i++) out[i] = new ArrayList<>();
		return out;
	}

	private static float[] concat(final List<float[]> parts) {
		int n = 0;
		for (final float[] p : parts) n += p.length;
		final float[] out = new float[n];
		int at = 0;
		for (final float[] p : parts) {
			System.arraycopy(p, 0, out, at, p.length);
			at += p.length;
		}
		return out;
	}

	private static int[] concatInts(final List<int[]> parts) {
		int n = 0;
		for (final int[] p : parts) n += p.length;
		final int[] out = new int[n];
		int at = 0;
		for (final int[] p : parts) {
			System.arraycopy(p, 0, out, at, p.length);
			at += p.length;
		}
		return out;
	}

	/**
	 * Class probabilities of one volume (channels of {@code rows[y + ny·z]}), computed block
	 * by block on {@code threads} threads: {@code out[class][x + nx·(y + ny·z)]}.
	 */
	public float[][] probabilities(final List<float[][]> channelRows, final int[] shape, final int threads, final TaskMonitor monitor) {
		return probabilities(channelRows, shape, threads, null, monitor);
	}

	/** The same, with the features computed on an OpenCL device when one is given. */
	public float[][] probabilities(final List<float[][]> channelRows, final int[] shape, final int threads, final GpuDevice device,
		final TaskMonitor monitor)
	{
		if (channelRows.size() != channels) throw new IllegalArgumentException("the image has " + channelRows.size() + " channels; the classifier " +
			"was trained on " + channels);
		final int k = classes.size();
		final float[][] out = new float[k][shape[0] * shape[1] * shape[2]];
		final List<Region> regions = regions(shape, settings);
		final boolean[] needed = forest.usedFeatures();
		final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
		Threads.forEach(Threads.executor(threads), regions, r -> {
			monitor.checkCancelled();
			final float[][] f = r.features(channelRows, shape, settings, needed, device);
			final int n = r.coreSize();
			final float[][] p = new float[k][n];
			forest.predict(f, 0, n, p);
			r.writeCore(p, out, shape);
			monitor.progress(done.incrementAndGet(), regions.size());
		});
		return out;
	}

	/**
	 * The classes of an image, and optionally their probabilities.
	 *
	 * @param labels the most probable class of each pixel, 1 .. classes, with the image's axes but channels
	 * @param probabilities each class's probability as a channel (the first class first), or null
	 */
	public record Result(AxisImg<UnsignedShortType> labels, AxisImg<FloatType> probabilities) {}

	/**
	 * Classifies every pixel of an image: 2D features plane by plane, 3D features
	 * volume by volume, each time point on its own.
	 *
	 * @param withProbabilities whether to keep the probabilities too
	 * @param threads blocks computed at once (0: all cores)
	 * @throws IllegalArgumentException with one line when the image's channels are not the classifier's
	 */
	public <T extends RealType<T>> Result classify(final AxisImg<T> image, final boolean withProbabilities, final int threads,
		final TaskMonitor monitor)
	{
		return classify(image, withProbabilities, threads, null, monitor);
	}

	/**
	 * The same, with the features computed on an OpenCL device when one is given (the
	 * forest runs on the CPU); the classes agree with the CPU's but where a feature's
	 * rounding puts a pixel on the other side of a threshold.
	 */
	public <T extends RealType<T>> Result classify(final AxisImg<T> image, final boolean withProbabilities, final int threads,
		final GpuDevice device, final TaskMonitor monitor)
	{
		final long nc = image.size(AxisType.CHANNEL);
		if (nc != channels) throw new IllegalArgumentException("image '" + image.name() + "' has " + nc + " channel" + (nc == 1 ? "" : "s") +
			"; the classifier was trained on images with " + channels);
		final int[] shape = Volumes.shape(image);
		final long nt = image.size(AxisType.TIME);
		final int k = classes.size();
		final long plane = (long) shape[0] * shape[1];
		final int nz = shape[2];
		final short[] labelData = new short[Math.toIntExact(plane * nz * nt)];
		final float[] probData = withProbabilities ? new float[Math.toIntExact(plane * nz * nt * k)] : null;
		final boolean perPlane = !settings.threeD();
		final long units = nt * (perPlane ? nz : 1);
		long unit = 0;
		for (long t = 0; t < nt; t++) {
			final List<float[][]> volume = new ArrayList<>();
			for (int c = 0; c < channels; c++) volume.add(Volumes.readRows(image, c, t, Threads.executor(threads)));
			for (int z0 = 0; z0 < nz; z0 += perPlane ? 1 : nz) {
				final int depth = perPlane ? 1 : nz;
				final List<float[][]> part = new ArrayList<>();
				for (final float[][] rows : volume) part.add(perPlane ? java.util.Arrays.copyOfRange(rows, shape[1] * z0, shape[1] * (z0 + 1)) : rows);
				final float[][] p = probabilities(part, new int[] { shape[0], shape[1], depth }, threads, device, monitor.part(unit++, 1, units));
				final int[] l = labels(p);
				final long base = plane * (z0 + (long) nz * t);
				for (int i = 0; i < l.length; i++) labelData[(int) (base + i)] = (short) l[i];
				if (probData != null) for (int c = 0; c < k; c++)
					// ImageJ's axis order: x, y, c, z, t
					for (int zz = 0; zz < depth; zz++)
						System.arraycopy(p[c], (int) (plane * zz), probData, (int) (plane * (c + (long) k * (z0 + zz + (long) nz * t))), (int) plane);
			}
		}
		final List<Axis> axes = new ArrayList<>(image.axes());
		axes.removeIf(a -> a.type() == AxisType.CHANNEL);
		final long[] dims = axes.stream().mapToLong(a -> a.type() == AxisType.X ? shape[0] : a.type() == AxisType.Y ? shape[1] : a.type() ==
			AxisType.Z ? nz : nt).toArray();
		final AxisImg<UnsignedShortType> labels = new AxisImg<>(image.name(), ArrayImgs.unsignedShorts(labelData, dims), axes);
		AxisImg<FloatType> probabilities = null;
		if (probData != null) {
			final List<Axis> withC = new ArrayList<>(axes);
			withC.add(2, Axis.of(AxisType.CHANNEL));
			final long[] pd = new long[dims.length + 1];
			pd[0] = dims[0];
			pd[1] = dims[1];
			pd[2] = k;
			System.arraycopy(dims, 2, pd, 3, dims.length - 2);
			probabilities = new AxisImg<>(image.name(), ArrayImgs.floats(probData, pd), withC);
		}
		return new Result(labels, probabilities);
	}

	/** The class of each voxel (1 .. classes: the most probable; the first of equal ones) from {@link #probabilities}. */
	public static int[] labels(final float[][] probabilities) {
		final int n = probabilities[0].length;
		final int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			int best = 0;
			for (int c = 1; c < probabilities.length; c++)
				if (probabilities[c][i] > probabilities[best][i]) best = c;
			out[i] = best + 1;
		}
		return out;
	}

	/** The blocks of a volume: for 2D features each plane's tiles, for 3D features boxes. */
	static List<Region> regions(final int[] shape, final FeatureSettings settings) {
		final long[] halo = settings.halo();
		final int hx = (int) halo[0], hy = (int) halo[1], hz = settings.threeD() ? (int) halo[2] : 0;
		final List<Region> out = new ArrayList<>();
		final int bz = settings.threeD() ? BLOCK_Z : 1;
		for (int z = 0; z < shape[2]; z += bz)
			for (int y = 0; y < shape[1]; y += BLOCK)
				for (int x = 0; x < shape[0]; x += BLOCK)
					out.add(new Region(x, y, z, Math.min(BLOCK, shape[0] - x), Math.min(BLOCK, shape[1] - y), Math.min(bz, shape[2] - z), hx, hy, hz));
		return Collections.unmodifiableList(out);
	}

	/** One block: its core in the volume and its halo. */
	record Region(int x0, int y0, int z0, int nx, int ny, int nz, int hx, int hy, int hz) {

		int coreSize() {
			return nx * ny * nz;
		}

		/** The index in the volume of core voxel i. */
		int imageIndex(final int i, final int[] shape) {
			final int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
			return x0 + x + shape[0] * (y0 + y + shape[1] * (z0 + z));
		}

		/** The core indices of voxels with a label above 0. */
		int[] labelled(final float[] labels, final int[] shape) {
			int n = 0;
			final int[] idx = new int[coreSize()];
			for (int i = 0; i < idx.length; i++)
				if (labels[imageIndex(i, shape)] > 0) idx[n++] = i;
			return java.util.Arrays.copyOf(idx, n);
		}

		/** The features of the core, from every channel's block with its halo (reflected past the image). */
		float[][] features(final List<float[][]> channelRows, final int[] shape, final FeatureSettings settings) {
			return features(channelRows, shape, settings, null);
		}

		/**
		 * The features marked in {@code needed} (over all channels; null: all) of the core; the others
		 * are null.
		 */
		float[][] features(final List<float[][]> channelRows, final int[] shape, final FeatureSettings settings, final boolean[] needed) {
			return features(channelRows, shape, settings, needed, null);
		}

		/** The same, on an OpenCL device when one is given ({@link GpuFeatures}), else on the CPU. */
		float[][] features(final List<float[][]> channelRows, final int[] shape, final FeatureSettings settings, final boolean[] needed,
			final GpuDevice device)
		{
			final int bx = nx + 2 * hx, by = ny + 2 * hy, bz = nz + 2 * hz;
			final int per = settings.perChannel();
			final float[][] out = new float[channelRows.size() * per][];
			for (int c = 0; c < channelRows.size(); c++) {
				final float[][] src = channelRows.get(c);
				final float[][] rows = new float[by * bz][];
				for (int z = 0; z < bz; z++) {
					final int sz = org.tessera.core.Boundary.REFLECT.map(z0 - hz + z, shape[2]);
					for (int y = 0; y < by; y++) {
						final int sy = org.tessera.core.Boundary.REFLECT.map(y0 - hy + y, shape[1]);
						final float[] from = src[sy + shape[1] * sz], row = new float[bx];
						final int xa = x0 - hx;
						if (xa >= 0 && xa + bx <= shape[0]) System.arraycopy(from, xa, row, 0, bx);
						else for (int x = 0; x < bx; x++) row[x] = from[org.tessera.core.Boundary.REFLECT.map(xa + x, shape[0])];
						rows[y + by * z] = row;
					}
				}
				final boolean[] mine = needed == null ? null : java.util.Arrays.copyOfRange(needed, c * per, (c + 1) * per);
				final int[] dims = { bx, by, bz }, core = { hx, hy, hz, nx, ny, nz };
				if (device != null) GpuFeatures.compute(device, rows, dims, core, settings, mine, out, c * per);
				else Features.compute(rows, dims, core, settings, mine, out, c * per);
			}
			return out;
		}

		/** Copies the core's values of each class into the volume-sized arrays. */
		void writeCore(final float[][] core, final float[][] out, final int[] shape) {
			for (int c = 0; c < core.length; c++)
				for (int z = 0; z < nz; z++)
					for (int y = 0; y < ny; y++)
						System.arraycopy(core[c], nx * (y + ny * z), out[c], x0 + shape[0] * (y0 + y + shape[1] * (z0 + z)), nx);
		}
	}

	// ------------------------------------------------------------------ file

	/** Writes the classifier file (a zip of classifier.json and forest.bin), atomically. */
	public void write(final Path path) throws IOException {
		ImageFiles.writeAtomically(path, extension(path), tmp -> {
			try (OutputStream o = Files.newOutputStream(tmp)) {
				writeZip(o);
			}
		});
	}

	/** The classifier file's bytes, for sending the classifier where there is no shared file (Spark's executors). */
	public byte[] toBytes() {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		try {
			writeZip(b);
		}
		catch (final IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		return b.toByteArray();
	}

	/** A classifier from {@link #toBytes()}; {@code name} is what messages call it. */
	public static PixelClassifier fromBytes(final byte[] bytes, final String name) {
		return read(new java.io.ByteArrayInputStream(bytes), name);
	}

	private void writeZip(final OutputStream o) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(o))) {
			zip.putNextEntry(new ZipEntry("classifier.json"));
			zip.write(describe().getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("forest.bin"));
			final DataOutputStream data = new DataOutputStream(zip);
			forest.write(data);
			data.flush();
			zip.closeEntry();
		}
	}

	private static String extension(final Path path) {
		final String n = path.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot);
	}

	/** The classifier.json text: format, version, channels, feature settings, classes, training record. */
	String describe() {
		final JsonObject o = new JsonObject();
		o.addProperty("format", FORMAT);
		o.addProperty("version", VERSION);
		o.addProperty("channels", channels);
		final JsonObject f = new JsonObject();
		final JsonArray sigmas = new JsonArray();
		for (final double s : settings.sigmas()) sigmas.add(s);
		f.add("sigmas", sigmas);
		final JsonArray names = new JsonArray();
		for (final FeatureSettings.Feature x : FeatureSettings.Feature.values())
			if (settings.features().contains(x)) names.add(x.key());
		f.add("features", names);
		f.addProperty("3d", settings.threeD());
		f.addProperty("z_scale", settings.zScale());
		o.add("features", f);
		final JsonArray cs = new JsonArray();
		for (final ClassInfo c : classes) {
			final JsonObject j = new JsonObject();
			j.addProperty("name", c.name());
			j.addProperty("color", c.hex());
			cs.add(j);
		}
		o.add("classes", cs);
		o.add("training", training);
		final Gson gson = new GsonBuilder().setPrettyPrinting().create();
		return gson.toJson(o);
	}

	/**
	 * Reads a classifier file.
	 *
	 * @throws IllegalArgumentException with one line naming the file and the problem (missing, not a classifier,
	 *           a newer version, corrupt)
	 */
	public static PixelClassifier read(final Path path) {
		try (InputStream in = Files.newInputStream(path)) {
			return read(in, path.toString());
		}
		catch (final NoSuchFileException e) {
			throw new IllegalArgumentException("classifier " + path + ": no such file");
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("classifier " + path + ": " + e.getMessage());
		}
	}

	private static PixelClassifier read(final InputStream in, final String path) {
		JsonObject description = null;
		RandomForest forest = null;
		try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in))) {
			ZipEntry e;
			while ((e = zip.getNextEntry()) != null) {
				if (e.getName().equals("classifier.json")) {
					final JsonElement j = JsonParser.parseString(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
					if (!j.isJsonObject()) throw new IOException("classifier.json is not a JSON object");
					description = j.getAsJsonObject();
					checkFormat(description, path);
				}
				else if (e.getName().equals("forest.bin")) forest = RandomForest.read(new DataInputStream(zip));
			}
		}
		catch (final ZipException | java.io.EOFException e) {
			throw new IllegalArgumentException("classifier " + path + ": not a complete Tessera pixel classifier file (" + e.getMessage() + ")");
		}
		catch (final IOException | RuntimeException e) {
			if (e instanceof IllegalArgumentException a && a.getMessage().startsWith("classifier ")) throw a;
			throw new IllegalArgumentException("classifier " + path + ": " + e.getMessage());
		}
		if (description == null || forest == null) throw new IllegalArgumentException("classifier " + path + ": not a Tessera pixel classifier " +
			"file (expected classifier.json and forest.bin in it)");
		try {
			final JsonObject f = description.getAsJsonObject("features");
			final JsonArray s = f.getAsJsonArray("sigmas");
			final double[] sigmas = new double[s.size()];
			for (int i = 0; i < sigmas.length; i++) sigmas[i] = s.get(i).getAsDouble();
			final EnumSet<FeatureSettings.Feature> features = EnumSet.noneOf(FeatureSettings.Feature.class);
			for (final JsonElement x : f.getAsJsonArray("features")) features.add(FeatureSettings.Feature.parse(x.getAsString()));
			final FeatureSettings settings = new FeatureSettings(sigmas, features, f.get("3d").getAsBoolean(), f.get("z_scale").getAsDouble());
			final List<ClassInfo> classes = new ArrayList<>();
			for (final JsonElement c : description.getAsJsonArray("classes")) {
				final JsonObject o = c.getAsJsonObject();
				classes.add(new ClassInfo(o.get("name").getAsString(), Integer.parseInt(o.get("color").getAsString().substring(1), 16)));
			}
			return new PixelClassifier(settings, description.get("channels").getAsInt(), classes, forest, description.has("training") ? description
				.getAsJsonObject("training") : null);
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException("classifier " + path + ": classifier.json is malformed (" + e.getMessage() + ")");
		}
	}

	private static void checkFormat(final JsonObject d, final String path) {
		if (!d.has("format") || !FORMAT.equals(d.get("format").getAsString())) throw new IllegalArgumentException("classifier " + path +
			": not a Tessera pixel classifier file (format " + d.get("format") + ")");
		final int version = d.has("version") ? d.get("version").getAsInt() : -1;
		if (version > VERSION) throw new IllegalArgumentException("classifier " + path + ": written by a newer Tessera (file version " + version +
			", this Tessera reads up to " + VERSION + "); update Tessera");
		if (version < 1) throw new IllegalArgumentException("classifier " + path + ": no valid version (" + d.get("version") + ")");
	}
}
