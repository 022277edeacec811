package org.tessera.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.core.Axis;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.NamedColours;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.op.ImageOp;
import org.tessera.op.OpCommand;
import org.tessera.pixel.PixelClassifier;
import org.tessera.pixel.PixelClassifierOp;
import org.tessera.scijava.TesseraCommands;
import org.tessera.segment.ConnectedComponents.Connectivity;
import org.tessera.segment.ConnectedComponents;
import org.tessera.segment.Labeling;

import ij.ImagePlus;
import ij.plugin.CompositeConverter;
import ij.process.LUT;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/** Classifies every pixel of an image with a pixel classifier file; see {@link PixelClassifier}. */
@Plugin(type = Command.class, name = "pixel-classifier", label = "Pixel Classifier (Tessera)", headless = true,
	description = "Classifies every pixel of an image with a classifier trained by Train Pixel Classifier: a label image of the classes " +
		"(1, 2, ... in the classifier's order, in its colours) and optionally each class's probability")
public class PixelClassifierCommand extends DeviceCommand implements OpCommand {

	@Parameter(label = "input", persist = false, description = "the image (2D, stack or time series; the channels the classifier was trained on)")
	private ImagePlus input;

	@Parameter(label = "classifier", style = "open", persist = false, description = "a classifier file written by Train Pixel Classifier")
	private File classifier;

	@Parameter(label = "probabilities", required = false, persist = false, description = "also give each class's probability, one channel " +
		"per class")
	private boolean probabilities;

	@Parameter(label = "objects", required = false, persist = false, description = "a class, by name or number: its connected regions as a " +
		"label image of objects (4-connected in 2D, 6 in 3D), e.g. for Label Statistics; empty = none")
	private String objects = "";

	/** Not in the dialog; batches and scripts set it. */
	@Parameter(label = "threads", min = "0", required = false, visibility = ItemVisibility.INVISIBLE, description = "CPU threads; 0 for all cores")
	private int threads = 0;

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the class of each pixel: 1, 2, ... in the classifier's order")
	private ImagePlus output;

	@Parameter(label = "probability_map", type = ItemIO.OUTPUT, style = TesseraCommands.OPTIONAL_OUTPUT, description = "made with " +
		"probabilities=true: each class's probability, a channel per class")
	private ImagePlus probability_map;

	@Parameter(label = "object_labels", type = ItemIO.OUTPUT, style = TesseraCommands.OPTIONAL_OUTPUT, description = "made with " +
		"objects=<class>: the class's connected regions, numbered 1..n in each frame")
	private ImagePlus object_labels;

	@Override
	public void run() {
		if (classifier == null || classifier.getPath().isBlank()) throw new IllegalArgumentException("classifier: give a classifier file");
		final PixelClassifier pc = load(classifier.toPath());
		final int objectClass = objects == null || objects.isBlank() ? 0 : classIndex(pc, objects.strip());
		final GpuDevice gpu = device().resolve(log()::warn).orElse(null);
		final PixelClassifier.Result r = classify(pc, input, probabilities, threads, gpu, this);
		output = ImagePlusResults.like(input, ImagePlusViews.toImagePlus(r.labels()), "classes");
		output.setLut(classLut(pc));
		output.setDisplayRange(0, 255);
		output.setProperty("Info", "classes=" + String.join(", ", pc.classes().stream().map(PixelClassifier.ClassInfo::name).toList()));
		if (r.probabilities() != null) {
			probability_map = ImagePlusResults.like(input, ImagePlusViews.toImagePlus(r.probabilities()), "probabilities");
			for (int c = 0; c < pc.classes().size(); c++) probability_map.getStack().setSliceLabel(pc.classes().get(c).name(), c + 1);
		}
		if (objectClass > 0) object_labels = objects(pc, r, objectClass);
		status().showStatus("Pixel classifier: " + pc.classes().size() + " classes on " + input.getTitle() + (object_labels == null ? "" : ", " +
			object_labels.getProperty("Info")));
	}

	/** The classes as one operation, for block-by-block runs (the shell's execution=chunked, Spark); one-channel classifiers. */
	@Override
	public ImageOp op(final AxisImg<?> image) {
		if (classifier == null || classifier.getPath().isBlank()) throw new IllegalArgumentException("classifier: give a classifier file");
		if (probabilities || objects != null && !objects.isBlank()) throw new IllegalArgumentException(
			"probabilities and objects are made by whole-image runs only; block by block, the classes are the output");
		return new PixelClassifierOp(load(classifier.toPath()));
	}

	/** The 1-based class of a name or number. */
	static int classIndex(final PixelClassifier pc, final String cls) {
		for (int c = 0; c < pc.classes().size(); c++)
			if (pc.classes().get(c).name().equalsIgnoreCase(cls)) return c + 1;
		try {
			final int k = Integer.parseInt(cls);
			if (k >= 1 && k <= pc.classes().size()) return k;
		}
		catch (final NumberFormatException e) {
			// named below
		}
		throw new IllegalArgumentException("objects: no class '" + cls + "'; the classifier's classes are " + String.join(", ", pc.classes().stream()
			.map(PixelClassifier.ClassInfo::name).toList()) + " (or 1.." + pc.classes().size() + ")");
	}

	/** The connected regions of one class, frame by frame. */
	private ImagePlus objects(final PixelClassifier pc, final PixelClassifier.Result r, final int cls) {
		final AxisImg<UnsignedShortType> labels = r.labels();
		final int dt = labels.dimensionOf(AxisType.TIME);
		final long frames = dt < 0 ? 1 : labels.size(AxisType.TIME);
		final Img<IntType> out = ArrayImgs.ints(labels.data().dimensionsAsLongArray());
		final List<Axis> spatial = new ArrayList<>(labels.axes());
		spatial.removeIf(a -> a.type() == AxisType.TIME);
		int most = 0;
		long total = 0;
		for (long t = 0; t < frames; t++) {
			final RandomAccessibleInterval<UnsignedShortType> frame = dt < 0 ? labels.data() : Views.hyperSlice(labels.data(), dt, t);
			final RandomAccessibleInterval<UnsignedByteType> mask = Converters.convert(frame, (a, b) -> b.set(a.get() == cls ? 1 : 0),
				new UnsignedByteType());
			final Img<IntType> l = new Labeling(Connectivity.FACE, DeviceChoice.CPU).apply(new AxisImg<>(labels.name(), mask, spatial),
				monitor());
			final int n = ConnectedComponents.count(l);
			most = Math.max(most, n);
			total += n;
			LoopBuilder.setImages(l, dt < 0 ? out : Views.hyperSlice(out, dt, t)).forEachPixel((a, b) -> b.set(a.get()));
		}
		final ImagePlus imp = LabelImages.toImagePlus(input, labels, out, most, "");
		imp.setTitle(ImagePlusResults.baseName(input.getTitle()) + "-" + pc.classes().get(cls - 1).name().replaceAll("\\s+", "_") + "-objects");
		imp.setProperty("Info", total + " " + pc.classes().get(cls - 1).name() + " objects");
		return imp;
	}

	/** The classifier last read, kept while its file is unchanged: a folder batch reads it once, not once per image. */
	private record Cached(java.nio.file.Path path, long size, long modified, PixelClassifier classifier) {}

	private static volatile Cached last;

	static PixelClassifier load(final java.nio.file.Path path) {
		final java.nio.file.Path p = path.toAbsolutePath();
		long size = -1, modified = -1;
		try {
			size = java.nio.file.Files.size(p);
			modified = java.nio.file.Files.getLastModifiedTime(p).toMillis();
		}
		catch (final java.io.IOException e) {
			// PixelClassifier.read says what is wrong with the file
		}
		final Cached c = last;
		if (c != null && size >= 0 && c.path().equals(p) && c.size() == size && c.modified() == modified) return c.classifier();
		final PixelClassifier pc = PixelClassifier.read(p);
		last = new Cached(p, size, modified, pc);
		return pc;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static PixelClassifier.Result classify(final PixelClassifier pc, final ImagePlus imp, final boolean probabilities, final int threads,
		final GpuDevice device, final TesseraCommand command)
	{
		final AxisImg in = ImagePlusViews.wrapReal(greyChannels(imp));
		return pc.classify(in, probabilities, threads, device, command.monitor());
	}

	/** An RGB image as three 8-bit channels; others as they are. */
	static ImagePlus greyChannels(final ImagePlus imp) {
		if (imp.getType() != ImagePlus.COLOR_RGB) return imp;
		final ImagePlus c = CompositeConverter.makeComposite(imp);
		c.setCalibration(imp.getCalibration());
		return c;
	}

	/** A training pair of the command's images. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static PixelClassifier.TrainingImage<?, ?> trainingImage(final ImagePlus image, final ImagePlus labels) {
		final AxisImg<? extends RealType<?>> in = ImagePlusViews.wrapReal(greyChannels(image));
		final AxisImg<? extends RealType<?>> lab = ImagePlusViews.wrapReal(labels);
		return new PixelClassifier.TrainingImage(in, lab);
	}

	/** The z spacing over the pixel width, from the calibration (1 when uncalibrated). */
	static double zScale(final ImagePlus imp) {
		final ij.measure.Calibration c = imp.getCalibration();
		return c.pixelWidth > 0 && c.pixelDepth > 0 ? c.pixelDepth / c.pixelWidth : 1;
	}

	/** Class names separated by commas; "name #rrggbb" sets a colour. */
	static List<PixelClassifier.ClassInfo> parseClasses(final String text) {
		final int[] palette = new int[9];
		for (int i = 0; i < palette.length; i++) palette[i] = PixelClassifier.defaultColor(i);
		return NamedColours.parse(text, palette, "classes").stream().map(e -> new PixelClassifier.ClassInfo(e.name(), e.rgb())).toList();
	}

	/** A LUT with each class's colour at its label (0 black). */
	static LUT classLut(final PixelClassifier pc) {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int c = 0; c < pc.classes().size() && c < 255; c++) {
			final int rgb = pc.classes().get(c).rgb();
			r[c + 1] = (byte) (rgb >> 16);
			g[c + 1] = (byte) (rgb >> 8);
			b[c + 1] = (byte) rgb;
		}
		return new LUT(r, g, b);
	}
}
