package org.tessera.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.dl.Percentiles;
import org.tessera.dl.Tiles;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.op.ImageOp;
import org.tessera.op.OpCommand;
import org.tessera.scijava.TesseraCommands;
import org.tessera.unet.UNetModel;
import org.tessera.unet.UNetOp;
import org.tessera.unet.UNetSegmentation;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Semantic segmentation with a U-Net model folder, or a bioimage.io package of one
 * (2D images, or 2D + time frame by frame); see {@link UNetSegmentation}.
 */
@Plugin(type = Command.class, name = "unet", label = "U-Net Segment (Tessera)", headless = true,
	description = "Segments a 2D image with a U-Net model folder (written by Train U-Net) or its bioimage.io package: the class of every " +
		"pixel, optionally each class's probability, and objects when the model was trained on objects")
public class UNetCommand extends TesseraCommand implements OpCommand {

	@Parameter(label = "input", persist = false, description = "a 2D image, or 2D + time (frame by frame), with the channels the model was " +
		"trained on (RGB counts as 3)")
	private ImagePlus input;

	@Parameter(label = "model", style = "directory", persist = false, description = "a U-Net model folder (model.onnx and unet.json), as " +
		"Train U-Net writes it, or a bioimage.io package of one (.zip or folder) as Export U-Net Model writes it")
	private File model;

	@Parameter(label = "tiles", required = false, persist = false, description = "number of tiles the network runs on (1 = whole image); " +
		"empty or auto = as few as keep each tile near 1 megapixel. The result does not depend on it.")
	private String tiles = "auto";

	@Parameter(label = "probabilities", required = false, persist = false, description = "also give each class's probability, one channel " +
		"per class")
	private boolean probabilities;

	@Parameter(label = "output", type = ItemIO.OUTPUT, description = "the class of each pixel: 1, 2, ... in the model's order")
	private ImagePlus output;

	@Parameter(label = "probability_map", type = ItemIO.OUTPUT, style = TesseraCommands.OPTIONAL_OUTPUT, description = "made with " +
		"probabilities=true: each class's probability, a channel per class")
	private ImagePlus probability_map;

	@Parameter(label = "object_labels", type = ItemIO.OUTPUT, style = TesseraCommands.OPTIONAL_OUTPUT, description = "for a model trained on " +
		"objects: the objects, numbered 1..n in each frame")
	private ImagePlus object_labels;

	@Override
	public void run() {
		if (model == null || model.getPath().isBlank()) throw new IllegalArgumentException("model: give a U-Net model folder or package");
		final ImagePlusPlanes planes = ImagePlusPlanes.of(input);
		if (planes.slices() > 1)
			throw new IllegalArgumentException("image '" + input.getTitle() + "' has z slices; the U-Net takes 2D images or 2D + time");
		final int tileCount = Tiles.parseCount(tiles);
		final int w = planes.width(), h = planes.height(), n = w * h;
		final int frames = planes.frames();
		final int channels = planes.channels();
		try (UNetModel m = UNetModel.load(model.toPath())) {
			final UNetModel.Config c = m.config();
			final int k = c.classes().size();
			final ImageStack classStack = new ImageStack(w, h), probStack = new ImageStack(w, h);
			final int[] objects = c.instanceClass() >= 0 ? new int[n * frames] : null;
			int most = 0;
			for (int t = 0; t < frames; t++) {
				final float[] p = UNetSegmentation.probabilities(m, planes.plane(t).pixels(), w, h, channels, tileCount, monitor().part(t,
					1, frames));
				final int[] cls = UNetSegmentation.classes(p, k, n);
				final byte[] b = new byte[n];
				for (int i = 0; i < n; i++)
					b[i] = (byte) (cls[i] + 1);
				classStack.addSlice(frames > 1 ? "t" + (t + 1) : null, new ByteProcessor(w, h, b));
				if (probabilities)
					for (int cl = 0; cl < k; cl++)
						probStack.addSlice(c.classes().get(cl), new FloatProcessor(w, h, java.util.Arrays.copyOfRange(p, cl * n, (cl + 1) * n)));
				if (objects != null) {
					final int[] o = UNetSegmentation.instances(cls, w, h, c.instanceClass(), c.boundaryClass());
					System.arraycopy(o, 0, objects, t * n, n);
					for (final int v : o)
						most = Math.max(most, v);
				}
			}
			final ImagePlus classes = new ImagePlus("classes", classStack);
			classes.setDimensions(1, 1, frames);
			output = ImagePlusResults.like(input, classes, "unet-classes");
			output.setDisplayRange(0, k);
			output.setProperty("Info", "classes=" + String.join(", ", c.classes()));
			if (probabilities) {
				final ImagePlus p = new ImagePlus("probabilities", probStack);
				p.setDimensions(k, 1, frames);
				probability_map = ImagePlusResults.like(input, p.getNChannels() > 1 ? new ij.CompositeImage(p, ij.CompositeImage.GRAYSCALE) : p,
					"unet-probabilities");
			}
			if (objects != null) {
				final long[] dims = frames > 1 ? new long[] { w, h, frames } : new long[] { w, h };
				final Img<IntType> img = ArrayImgs.ints(objects, dims);
				object_labels = LabelImages.toImagePlus(input, frames > 1 ? AxisImg.of(input.getTitle(), img, AxisType.X, AxisType.Y,
					AxisType.TIME) : AxisImg.of(input.getTitle(), img, AxisType.X, AxisType.Y), img, most, "unet");
			}
			status().showStatus("U-Net: " + k + " classes on " + input.getTitle() + (objects == null ? "" : ", " + most + " objects"));
		}
	}

	/** Pixels above which {@link #op} takes the percentiles of a regular subsample of the image. */
	static final long PERCENTILE_PIXELS = 1L << 24;

	/**
	 * The classes as one operation, for block-by-block runs (the shell's
	 * execution=chunked, Spark): one-channel models and images, each z plane on
	 * its own. The image is normalised with the model's percentiles of the whole
	 * input, computed here as the whole-image run computes them; for images of
	 * more than {@value #PERCENTILE_PIXELS} pixels, of every k-th pixel (a regular
	 * subsample of about that many), so that the values may differ slightly from
	 * those of the whole image.
	 */
	@Override
	public ImageOp op(final AxisImg<?> image) {
		if (model == null || model.getPath().isBlank()) throw new IllegalArgumentException("model: give a U-Net model folder or package");
		if (probabilities) throw new IllegalArgumentException(
			"probabilities: made by whole-image runs only; block by block, the classes are the output");
		if (image.dimensionOf(AxisType.CHANNEL) >= 0 && image.size(AxisType.CHANNEL) > 1) throw new IllegalArgumentException("input: image '"
			+ image.name() + "' has " + image.size(AxisType.CHANNEL) + " channels; block by block, the U-Net takes one-channel images");
		final UNetModel m = UNetModel.load(model.toPath());
		try {
			final UNetModel.Config c = m.config();
			if (c.inputChannels() != 1) throw new IllegalArgumentException("model: " + model + " takes " + c.inputChannels() +
				" channels; block by block, the U-Net takes one-channel models and images: run it on the whole image instead");
			final double[] p = Percentiles.percentiles(pixels(image), c.normalizeLow(), c.normalizeHigh());
			final UNetOp op = new UNetOp(m, p[0], p[1]);
			if (op.model() != m) m.close(); // this JVM had loaded the same network already
			return op;
		}
		catch (final RuntimeException e) {
			m.close();
			throw e;
		}
	}

	/**
	 * The image's pixels, or every k-th of them, about {@value #PERCENTILE_PIXELS};
	 * in the image's own order (chunk by chunk for chunked files, which a
	 * percentile does not depend on), so that each chunk is read once.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static float[] pixels(final AxisImg<?> image) {
		final long n = net.imglib2.util.Intervals.numElements(image.data());
		final long step = (n + PERCENTILE_PIXELS - 1) / PERCENTILE_PIXELS;
		final float[] out = new float[(int) ((n + step - 1) / step)];
		final Cursor<? extends RealType<?>> c = (Cursor) Views.iterable((net.imglib2.RandomAccessibleInterval) image.data()).cursor();
		for (int i = 0; i < out.length; i++) {
			c.jumpFwd(i == 0 ? 1 : step);
			out[i] = c.get().getRealFloat();
		}
		return out;
	}

	public ImagePlus getOutput() {
		return output;
	}
}
