package org.tessera.segment;

import java.util.Arrays;
import java.util.Locale;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.core.Volumes;
import org.tessera.gpu.DeviceChoice;
import org.tessera.op.Execution;

import ij.process.AutoThresholder;
import net.imglib2.Cursor;
import net.imglib2.IterableInterval;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * Automatic thresholds with ImageJ's own methods (Otsu, Huang, Li, Triangle,
 * Yen and the others of {@link AutoThresholder}), and the mask they give.
 * <p>
 * The level is ImageJ's: the histogram is the one Image&gt;Adjust&gt;Threshold
 * (the macro's {@code setAutoThreshold("Otsu dark [stack]")}) builds for the
 * image's bit depth, per image for 2D images and of the whole stack for 3D ones,
 * ImageJ's method finds the bin on it, and the bin becomes pixel values as
 * ImageJ maps it back, so the values are ImageJ's whatever the device. The mask
 * (pixels inside the threshold range, 255; others, 0) is made on the CPU or an
 * OpenCL device. ImagePlus images: {@code org.tessera.command.ImagePlusThresholds}.
 * <p>
 * The rules, by bit depth (8-bit: {@link UnsignedByteType} images; 16-bit:
 * {@link UnsignedShortType}; 32-bit: any other type, and float volumes):
 * <ul>
 * <li>2D, 8-bit: the 256 pixel values are the bins; the range is in bins.</li>
 * <li>2D, 16- and 32-bit: the pixels are scaled to 0..255 between the image's
 * minimum and maximum (as ImageJ's conversion to 8-bit with scaling does:
 * 16-bit {@code (int)((v - min)·256/(max - min + 1) + 0.5)}, 32-bit
 * {@code (int)((v - min)·255/(max - min) + 0.5)}, NaN to 0), and a bin
 * {@code b} becomes {@code min + b/255·(max - min)}, with the lowest bin open
 * downwards (16-bit: 0; 32-bit: -1e30 or the minimum) and the highest upwards
 * (16-bit: 65535; 32-bit: 1e30 or the maximum); 16-bit levels are rounded.</li>
 * <li>3D, 8-bit: the summed histograms of the planes, levels in bins.</li>
 * <li>3D, 16-bit: 256 bins of width {@code (max - min + 1)/256} from the
 * stack's minimum; 32-bit: 256 bins of width {@code (max - min)/256} over the
 * finite values (NaN and infinities are left out); a bin {@code b} becomes
 * {@code min + b/255·(max - min)}, 16-bit levels rounded.</li>
 * </ul>
 * With a dark background the objects are the bins above the threshold bin,
 * otherwise the bins up to it.
 *
 * @param method the thresholding method, as ImageJ names it (e.g. "Otsu")
 * @param darkBackground true for bright objects on a dark background (fluorescence)
 * @param device where the mask is made
 */
public record AutoThreshold(String method, boolean darkBackground, DeviceChoice device) {

	/** ImageJ's method names. */
	public static final String[] METHODS = Arrays.stream(AutoThresholder.Method.values()).map(Enum::name).toArray(String[]::new);

	/** ImageJ's "no threshold" value: a lower level equal to it means that ImageJ sets none. */
	private static final double NO_THRESHOLD = -808080.0;

	/** How ImageJ builds the histogram, by the image's bit depth. */
	private enum Depth {
		BYTE, SHORT, FLOAT
	}

	public AutoThreshold {
		method = methodName(method);
		if (device == null) device = DeviceChoice.CPU;
	}

	private static String methodName(final String m) {
		for (final String name : METHODS)
			if (name.equalsIgnoreCase(m == null ? "" : m.trim())) return name;
		throw new IllegalArgumentException("unknown threshold method '" + m + "'; expected one of " + String.join(", ", METHODS));
	}

	/**
	 * The threshold range [lower, upper] in pixel values of a 2D image or z
	 * stack, as ImageJ computes it for the image of that bit depth (see above).
	 *
	 * @throws IllegalArgumentException for channels or time points
	 * @throws IllegalStateException when the method finds no threshold
	 */
	public <T extends RealType<T>> double[] range(final AxisImg<T> image) {
		if (image.dimensionOf(AxisType.CHANNEL) >= 0 || image.dimensionOf(AxisType.TIME) >= 0 || image.numDimensions() > 3)
			throw new IllegalArgumentException("image '" + image.name() + "' has channels or time points; threshold takes a 2D or 3D image");
		final Object type = image.data().getType();
		final Depth depth = type instanceof UnsignedByteType ? Depth.BYTE : type instanceof UnsignedShortType ? Depth.SHORT : Depth.FLOAT;
		final int[] shape = Volumes.shape(image);
		// in the image's own order (cell by cell for chunked files, which read each chunk once per pass)
		final IterableInterval<T> pixels = Views.iterable(image.data());
		return levels(each -> {
			for (final T t : pixels) each.accept(t.getRealFloat());
		}, shape[2], depth, image.name());
	}

	/** Pixel values that can be gone through more than once (a histogram needs their range first). */
	@FunctionalInterface
	private interface Values {

		void forEach(FloatConsumer each);
	}

	@FunctionalInterface
	private interface FloatConsumer {

		void accept(float v);
	}

	private static Values of(final float[] values) {
		return each -> {
			for (final float v : values) each.accept(v);
		};
	}

	/**
	 * The threshold range of a float volume (x fastest), computed as for a
	 * 32-bit image with the same pixels ({@code nz = 1}: 2D, otherwise 3D).
	 */
	public double[] range(final float[] data, final int nx, final int ny, final int nz) {
		if ((long) nx * ny * nz != data.length) throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " +
			data.length + " values");
		return levels(of(data), nz, Depth.FLOAT, "volume");
	}

	/** The range of the values (8- and 16-bit ones are integers) of {@code planes} planes. */
	private double[] levels(final Values values, final int planes, final Depth depth, final String title) {
		final boolean stack = planes > 1;
		// the pixel values that bins 0 and 255 stand for (for 8-bit images, the bins themselves)
		double min = 0, max = 255;
		final int[] histogram;
		if (depth == Depth.BYTE) histogram = clamped(byteHistogram(values));
		else if (depth == Depth.SHORT) {
			final long[] counts = new long[65536];
			values.forEach(v -> counts[(int) v]++);
			if (stack) {
				int lo = 0, hi = 65535;
				while (counts[lo] == 0 && lo < 65535) lo++;
				while (counts[hi] == 0 && hi > 0) hi--;
				min = lo;
				max = hi;
				histogram = clamped(shortStackHistogram(counts, lo, hi));
			}
			else {
				int lo = 65535, hi = 0;
				for (int i = 0; i < counts.length; i++)
					if (counts[i] > 0) {
						lo = Math.min(lo, i);
						hi = i;
					}
				min = lo;
				max = hi;
				histogram = clamped(shortScaledHistogram(counts, lo, hi));
			}
		}
		else {
			final double[] range = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
			values.forEach(v -> addToRange(range, v, stack));
			min = floatMin(range, stack);
			max = floatMax(range, stack);
			final long[] h = new long[256];
			final double[] bounds = { min, max };
			final double scale = histogramScale(bounds, stack);
			values.forEach(v -> addToHistogram(h, v, bounds, scale, stack));
			histogram = clamped(h);
		}
		return fromHistogram(histogram, min, max, stack, depth, title);
	}

	/** The range [lower, upper] that ImageJ sets for this histogram of an image of that depth with that range of values. */
	private double[] fromHistogram(final int[] histogram, final double min, final double max, final boolean stack, final Depth depth,
		final String title)
	{
		final int bin;
		try {
			bin = new AutoThresholder().getThreshold(AutoThresholder.Method.valueOf(method), histogram);
		}
		catch (final RuntimeException e) {
			throw new IllegalStateException("ImageJ found no " + method + " threshold for image '" + title + "'", e);
		}
		// the objects: above the threshold bin on a dark background, up to it on a light one
		double lower = darkBackground ? bin + 1 : 0, upper = darkBackground ? 255 : bin;
		if (lower > 255) lower = 255;
		if (stack) {
			if (max > min) {
				lower = min + lower / 255.0 * (max - min);
				upper = min + upper / 255.0 * (max - min);
			}
			else lower = upper = min;
		}
		else if (depth != Depth.BYTE) {
			if (max > min) {
				if (lower == 0) {
					if (depth == Depth.FLOAT) lower = Math.min(min, -1e30);
				}
				else lower = min + lower / 255.0 * (max - min);
				if (upper == 255) upper = depth == Depth.SHORT ? 65535 : Math.max(max, 1e30);
				else upper = min + upper / 255.0 * (max - min);
			}
			else lower = upper = min;
		}
		if (lower == NO_THRESHOLD) throw new IllegalStateException("ImageJ found no " + method + " threshold for image '" + title + "'");
		// what ImageJ's image of that depth keeps of the levels
		if (depth == Depth.BYTE) {
			if (lower < 0) lower = 0;
			if (upper > 255) upper = 255;
		}
		else if (depth == Depth.SHORT) {
			if (lower < 0) lower = 0;
			if (upper > 65535) upper = 65535;
			lower = Math.round(lower);
			upper = Math.round(upper);
		}
		return new double[] { lower, upper };
	}

	/** Within ImageJ's limits for stack statistics of float images: -Float.MAX_VALUE..Float.MAX_VALUE (no NaN, no infinities). */
	private static boolean isFiniteFloat(final double v) {
		return v >= -Float.MAX_VALUE && v <= Float.MAX_VALUE;
	}

	/** 8-bit values: one bin per value. */
	private static long[] byteHistogram(final Values values) {
		final long[] h = new long[256];
		values.forEach(v -> h[(int) v]++);
		return h;
	}

	/** 16-bit image: its values scaled to 0..255 between its minimum and maximum, as ImageJ's 16- to 8-bit conversion does. */
	private static long[] shortScaledHistogram(final long[] counts, final int min, final int max) {
		final long[] h = new long[256];
		final double scale = 256.0 / (max - min + 1);
		for (int i = min; i <= max; i++) {
			if (counts[i] == 0) continue;
			int b = (int) ((i - min) * scale + 0.5);
			if (b > 255) b = 255;
			h[b] += counts[i];
		}
		return h;
	}

	/** 16-bit stack: 256 bins of width (max - min + 1)/256 from the minimum. */
	private static long[] shortStackHistogram(final long[] counts, final int min, final int max) {
		final long[] h = new long[256];
		final double binSize = ((double) max - (double) min + 1) / 256;
		final double scale = 1.0 / binSize;
		for (int i = min; i <= max; i++) {
			int b = (int) (scale * (i - min));
			if (b >= 256) b = 255;
			h[b] += counts[i];
		}
		return h;
	}

	/**
	 * Widens {@code range} ({min, max}, starting as {+inf, -inf}) by one value of
	 * a 32-bit image as ImageJ's statistics see them: NaN is left out, and in a
	 * stack anything outside -Float.MAX_VALUE..Float.MAX_VALUE too.
	 */
	public static void addToRange(final double[] range, final float v, final boolean stack) {
		if (stack ? !isFiniteFloat(v) : Float.isNaN(v)) return;
		if (v < range[0]) range[0] = v;
		if (v > range[1]) range[1] = v;
	}

	/** Merges two ranges made by {@link #addToRange}. */
	public static double[] mergeRanges(final double[] a, final double[] b) {
		return new double[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) };
	}

	/** The minimum ImageJ uses for a 32-bit image of that range (no values: NaN for a plane, Float.MAX_VALUE for a stack). */
	private static double floatMin(final double[] range, final boolean stack) {
		return range[0] <= range[1] ? range[0] : stack ? Double.MAX_VALUE : Double.NaN;
	}

	private static double floatMax(final double[] range, final boolean stack) {
		return range[0] <= range[1] ? range[1] : stack ? -Double.MAX_VALUE : Double.NaN;
	}

	/**
	 * Counts one value of a 32-bit image into ImageJ's 256-bin histogram over
	 * [min, max] ({@code bounds}, from {@link #histogramBounds}, and
	 * {@code scale}, from {@link #histogramScale}): for a plane, the values
	 * scaled to 0..255 as ImageJ's 32- to 8-bit conversion does (NaN to 0); for
	 * a stack, bins of equal width over the finite values, the last one closed.
	 */
	public static void addToHistogram(final long[] histogram, final float f, final double[] bounds, final double scale, final boolean stack) {
		final double min = bounds[0];
		if (stack) {
			final double v = f;
			if (isFiniteFloat(v) && v >= min && v <= bounds[1]) {
				int b = (int) (scale * (v - min));
				if (b >= 256) b = 255;
				histogram[b]++;
			}
			return;
		}
		double d = f - min;
		if (d < 0) d = 0;
		int b = (int) (d * scale + 0.5);
		if (b > 255) b = 255;
		histogram[b]++;
	}

	/** The width of a bin in ImageJ's 32-bit histogram over {@code bounds}, inverted, as {@link #addToHistogram} takes it. */
	public static double histogramScale(final double[] bounds, final boolean stack) {
		return (stack ? 256 : 255.0) / (bounds[1] - bounds[0]);
	}

	/**
	 * The threshold range of a 32-bit image (a stack when {@code stack}) from its
	 * value range ({@link #addToRange}) and histogram ({@link #addToHistogram}),
	 * both gathered piece by piece: what {@link #range(float[], int, int, int)}
	 * gives for the whole image at once.
	 */
	public double[] floatRange(final double[] range, final long[] histogram, final boolean stack, final String title) {
		return fromHistogram(clamped(histogram), floatMin(range, stack), floatMax(range, stack), stack, Depth.FLOAT, title);
	}

	/** The bounds of the 32-bit histogram built from {@code range} (what {@link #addToHistogram} takes). */
	public static double[] histogramBounds(final double[] range, final boolean stack) {
		return new double[] { floatMin(range, stack), floatMax(range, stack) };
	}

	/** Counts as ImageJ's int histograms hold them: at most Integer.MAX_VALUE. */
	private static int[] clamped(final long[] counts) {
		final int[] h = new int[counts.length];
		for (int i = 0; i < h.length; i++) h[i] = (int) Math.min(counts[i], Integer.MAX_VALUE);
		return h;
	}

	/** The 8-bit mask of the pixels inside {@code range} (255) and outside it (0), same axes as the input. */
	public <T extends RealType<T>> AxisImg<UnsignedByteType> mask(final AxisImg<T> input, final double[] range) {
		return mask(input, range, TaskMonitor.NONE);
	}

	/**
	 * The same, with the device's warnings (falling back to the CPU) going to
	 * {@code monitor}: {@link ThresholdOp} placed by {@link Execution}, on each
	 * channel and time point.
	 */
	public <T extends RealType<T>> AxisImg<UnsignedByteType> mask(final AxisImg<T> input, final double[] range, final TaskMonitor monitor) {
		final AxisImg<UnsignedByteType> out = input.withData(PlanarImgs.unsignedBytes(input.data().dimensionsAsLongArray()));
		new Execution(device, 0, monitor).apply(ThresholdOp.of(range), input, out);
		return out;
	}

	@Override
	public String toString() {
		return method.toLowerCase(Locale.ROOT) + (darkBackground ? " dark" : "");
	}
}
