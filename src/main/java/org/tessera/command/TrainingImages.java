package org.tessera.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabkitLabeling;
import org.tessera.imagej.ImageFiles;
import org.tessera.labeltool.FastSamTool;
import org.tessera.train.Sample;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Pairs of images and label images for training networks: read from two
 * folders with the same file names (label images as TIFFs, as the labeling
 * tool saves them, or as Labkit {@code .labeling} files), or from two open
 * images; and the
 * validation split when none is given.
 */
final class TrainingImages {

	private TrainingImages() {}

	/**
	 * One 2D image (channels interleaved, as the networks' commands read them) and its labels.
	 *
	 * @param labels the label image's values; -1 where nothing is known (unlabelled pixels outside a selection)
	 * @param area the part to learn from (x, y, width, height), or null for the whole image
	 */
	record Pair(String name, float[] pixels, int width, int height, int channels, int[] labels, int[] area) {

		Pair(final String name, final float[] pixels, final int width, final int height, final int channels, final int[] labels) {
			this(name, pixels, width, height, channels, labels, null);
		}

		/** The sample of this pair ({@code sample} normalises the whole image, as at inference), cut to its area. */
		Sample sample(final java.util.function.Function<Pair, Sample> sample) {
			final Sample s = sample.apply(this);
			return area == null ? s : s.cropped(area[0], area[1], area[2], area[3]);
		}
	}

	/** Files the labeling tool autosaved labels to (a second file of one image gets a number). */
	private static final java.util.regex.Pattern AUTOSAVED = java.util.regex.Pattern.compile(".*\\.tessera-labels(-\\d+)?\\.tif");

	/**
	 * The pairs of two folders: every TIFF of {@code images} with its labels in
	 * {@code labels}: the file of the same name, a Labkit file of the same base
	 * name, or the labeling tool's autosaved labels ({@code <base>.tessera-labels.tif}),
	 * so that a folder the tool labelled serves as both folders. Autosaved label
	 * files are never taken for images.
	 */
	static List<Pair> folders(final String imagesKey, final File images, final String labelsKey, final File labels) {
		if (labels == null || labels.getPath().isBlank())
			throw new IllegalArgumentException(labelsKey + ": give the folder of label images that goes with " + imagesKey + "=" + images);
		final List<Pair> out = new ArrayList<>();
		final boolean same = labels.toPath().toAbsolutePath().normalize().equals(images.toPath().toAbsolutePath().normalize());
		for (final Path image : tiffs(imagesKey, images.toPath())) {
			final String file = image.getFileName().toString(), base = file.substring(0, file.lastIndexOf('.'));
			if (AUTOSAVED.matcher(file).matches()) continue;
			final Path label = labels.toPath().resolve(file), labkit = labels.toPath().resolve(base + ".labeling"), autosaved = labels.toPath()
				.resolve(FastSamTool.autosaveName(base));
			final ImagePlus labelImage;
			if (!same && Files.isRegularFile(label)) labelImage = ImageFiles.read(label, label.getFileName().toString());
			else if (Files.isRegularFile(labkit)) labelImage = labkit(labkit);
			else if (Files.isRegularFile(autosaved)) labelImage = ImageFiles.read(autosaved, autosaved.getFileName().toString());
			else throw new IllegalArgumentException(labelsKey + ": no " + (same ? "" : label.getFileName() + ", ") + labkit.getFileName() + " or "
				+ autosaved.getFileName() + " in " + labels + " for the image " + image);
			out.add(pair(ImageFiles.read(image, file), labelImage, image.toString()));
		}
		return out;
	}

	/**
	 * What a training command was given: an open image and its label image, or
	 * folders of them; and validation folders, or none.
	 *
	 * @param validation empty when no validation folders were given
	 * @param validationFolder the validation images' folder, or null
	 */
	record Given(List<Pair> train, List<Pair> validation, File validationFolder) {

		/**
		 * The samples of the pairs, and the validation split: the given
		 * validation images, or a share of the training images chosen by the seed.
		 */
		Samples samples(final java.util.function.Function<Pair, Sample> sample, final double share, final long seed) {
			final List<Sample> t = new ArrayList<>(), v = new ArrayList<>();
			for (final Pair p : train)
				t.add(p.sample(sample));
			for (final Pair p : validation)
				v.add(p.sample(sample));
			final String split = v.isEmpty() ? split(t, v, share, seed) : "given: " + validationFolder;
			return new Samples(t, v, split);
		}
	}

	/** Training and validation samples, and how the validation ones were chosen (for the training record). */
	record Samples(List<Sample> train, List<Sample> validation, String split) {}

	/** The pairs of a training command's {@code input}/{@code labels} or {@code images}/{@code label_images}, and of its validation folders. */
	static Given given(final ImagePlus input, final ImagePlus labels, final File images, final File labelImages, final File validationImages,
		final File validationLabels)
	{
		final List<Pair> pairs = new ArrayList<>(), validation = new ArrayList<>();
		if (images != null && !images.getPath().isBlank())
			pairs.addAll(folders("images", images, "label_images", labelImages));
		else {
			if (input == null) throw new IllegalArgumentException("input: give an image (or images= and label_images= folders)");
			if (labels == null) throw new IllegalArgumentException("labels: give the label image of '" + input.getTitle() + "'");
			if (labels == input) throw new IllegalArgumentException("labels: the label image must not be the input image itself");
			pairs.add(selected(pair(input, labels), input.getRoi()));
		}
		final boolean given = validationImages != null && !validationImages.getPath().isBlank();
		if (given) validation.addAll(folders("validation_images", validationImages, "validation_labels", validationLabels));
		return new Given(pairs, validation, given ? validationImages : null);
	}

	/** A Labkit labeling as a label image: each Labkit label one object. */
	private static ImagePlus labkit(final Path file) {
		final LabelCanvas canvas;
		try {
			canvas = LabkitLabeling.read(file);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
		}
		if (canvas.slices() != 1) throw new IllegalArgumentException(file + ": has " + canvas.slices() + " slices; training takes 2D labels");
		final FloatProcessor fp = new FloatProcessor(canvas.width(), canvas.height());
		for (int y = 0; y < canvas.height(); y++)
			for (int x = 0; x < canvas.width(); x++)
				fp.setf(x, y, canvas.label(x, y, 0));
		return new ImagePlus(file.getFileName().toString(), fp);
	}

	/**
	 * The pair as its image's area selection restricts it: a person who labelled
	 * the objects in a part of an image selects that part. Labelled pixels stay
	 * objects wherever they are (an object that crosses the selection's edge is
	 * kept whole); unlabelled pixels are background inside the selection and
	 * unknown (-1, no loss) outside it; the pair is cut to the selection and the
	 * objects it holds. Without an area selection, every unlabelled pixel is
	 * background.
	 */
	static Pair selected(final Pair p, final ij.gui.Roi roi) {
		if (roi == null || !roi.isArea()) return p;
		final int w = p.width(), h = p.height();
		final int[] l = p.labels().clone();
		int x0 = w, y0 = h, x1 = -1, y1 = -1;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int i = y * w + x;
				if (l[i] == 0 && !roi.containsPoint(x + 0.5, y + 0.5)) l[i] = -1;
				if (l[i] < 0) continue;
				x0 = Math.min(x0, x);
				y0 = Math.min(y0, y);
				x1 = Math.max(x1, x);
				y1 = Math.max(y1, y);
			}
		if (x1 < 0) throw new IllegalArgumentException("input: the selection on '" + p.name() + "' holds no pixels of the image");
		final java.awt.Rectangle r = roi.getBounds();
		final String name = p.name() + " (selection " + r.x + "," + r.y + " " + r.width + "x" + r.height + ")";
		return new Pair(name, p.pixels(), w, h, p.channels(), l, new int[] { x0, y0, x1 - x0 + 1, y1 - y0 + 1 });
	}

	/** The pair of an open image and its open label image. */
	static Pair pair(final ImagePlus image, final ImagePlus labels) {
		return pair(image, labels, image.getTitle());
	}

	private static Pair pair(final ImagePlus image, final ImagePlus labels, final String name) {
		final ImagePlusPlanes planes = ImagePlusPlanes.of(image);
		if (planes.count() > 1)
			throw new IllegalArgumentException("image " + name + ": has z slices or time points; training takes 2D images");
		if (labels.getWidth() != image.getWidth() || labels.getHeight() != image.getHeight())
			throw new IllegalArgumentException("labels of " + name + ": " + labels.getWidth() + "x" + labels.getHeight() + ", but the image is "
				+ image.getWidth() + "x" + image.getHeight());
		if (labels.getStackSize() != 1 || labels.getType() == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException("labels of " + name + ": expected one grey plane of whole numbers (a label image)");
		final ImageProcessor ip = labels.getProcessor();
		final int[] l = new int[image.getWidth() * image.getHeight()];
		for (int i = 0; i < l.length; i++) {
			final float v = ip.getf(i);
			if (v != Math.rint(v) || v < 0)
				throw new IllegalArgumentException("labels of " + name + ": pixel " + i % image.getWidth() + "," + i / image.getWidth() + " is " + v
					+ "; labels are whole numbers of 0 or more");
			l[i] = (int) v;
		}
		return new Pair(name, planes.plane(0).pixels(), image.getWidth(), image.getHeight(), planes.channels(), l);
	}

	private static List<Path> tiffs(final String key, final Path folder) {
		try (Stream<Path> s = Files.list(folder)) {
			final List<Path> out = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).matches(
				".*\\.tiff?$")).sorted().toList();
			if (out.isEmpty()) throw new IllegalArgumentException(key + ": no TIFF files in " + folder);
			return out;
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(key + ": cannot list " + folder + " (" + e.getMessage() + ")");
		}
	}

	/**
	 * Moves a share of the training samples to validation: whole images chosen by
	 * the seed when there are several; with one image, its bottom rows (their
	 * labels leave training, the rest leave validation).
	 *
	 * @return how the split was made, for the training record
	 */
	static String split(final List<Sample> train, final List<Sample> validation, final double share, final long seed) {
		if (!(share > 0 && share < 1)) throw new IllegalArgumentException("validation_share: expected a share in (0, 1), got " + share);
		if (train.size() == 1) {
			final Sample s = train.get(0);
			final int from = (int) Math.round(s.height() * (1 - share));
			if (from <= 0 || from >= s.height()) throw new IllegalArgumentException("image " + s.name() + ": too small to keep a part for validation");
			final int[] a = s.labels().clone(), b = s.labels().clone();
			java.util.Arrays.fill(a, from * s.width(), a.length, -1);
			java.util.Arrays.fill(b, 0, from * s.width(), -1);
			train.set(0, s.withLabels(a));
			validation.add(s.withLabels(b));
			return "rows " + from + ".." + (s.height() - 1) + " of " + s.name();
		}
		final int n = train.size(), k = Math.max(1, Math.min(n - 1, (int) Math.round(share * n)));
		final List<Integer> order = new ArrayList<>();
		for (int i = 0; i < n; i++)
			order.add(i);
		final SplittableRandom r = new SplittableRandom(seed);
		for (int i = n - 1; i > 0; i--)
			java.util.Collections.swap(order, i, r.nextInt(i + 1));
		final List<Integer> chosen = order.subList(0, k).stream().sorted().toList();
		final List<Sample> kept = new ArrayList<>();
		for (int i = 0; i < n; i++)
			(chosen.contains(i) ? validation : kept).add(train.get(i));
		train.clear();
		train.addAll(kept);
		return validation.size() + " of " + n + " images, chosen by seed " + seed;
	}
}
