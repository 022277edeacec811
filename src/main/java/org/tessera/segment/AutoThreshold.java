package org.tessera.segment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.TaskMonitor;
import org.tessera.gpu.DeviceChoice;
import org.tessera.gpu.GpuDevice;
import org.tessera.gpu.GpuPixelwise;
import org.tessera.imagej.ImagePlusViews;
import org.tessera.op.Execution;

import ij.IJ;
import ij.ImagePlus;
import ij.process.AutoThresholder;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * Automatic thresholds with ImageJ's own methods (Otsu, Huang, Li, Triangle,
 * Yen and the others of {@link AutoThresholder}), and the mask they give.
 * <p>
 * The level is ImageJ's: it is computed by ImageJ's code on the image's
 * histogram, exactly as Image&gt;Adjust&gt;Threshold computes it (per image for
 * 2D images, with the stack histogram for 3D ones), so the values are ImageJ's
 * whatever the device. The mask (pixels inside the threshold range, 255; others,
 * 0) is made on the CPU or an OpenCL device.
 *
 * @param method the thresholding method, as ImageJ names it (e.g. "Otsu")
 * @param darkBackground true for bright objects on a dark background (fluorescence)
 * @param device where the mask is made
 */
public record AutoThreshold(String method, boolean darkBackground, DeviceChoice device) {

	/** ImageJ's method names. */
	public static final String[] METHODS = Arrays.stream(AutoThresholder.Method.values()).map(Enum::name).toArray(String[]::new);

	public AutoThreshold {
		method = methodName(method);
		if (device == null) device = DeviceChoice.CPU;
	}

	private static String methodName(final String m) {
		for (final String name : METHODS)
			if (name.equalsIgnoreCase(m == null ? "" : m.trim())) return name;
		throw new IllegalArgumentException("unknown threshold method '" + m + "'; expected one of " + String.join(", ", METHODS));
	}

	/** The threshold range [lower, upper] in pixel values, computed by ImageJ. */
	public double[] range(final ImagePlus imp) {
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new IllegalArgumentException("image '" + imp.getTitle() + "' has channels or time points; threshold takes a 2D or 3D image");
		if (imp.getBitDepth() == 24) throw new IllegalArgumentException("image '" + imp.getTitle() + "' is RGB; expected a grey image");
		final ImagePlus copy = imp.duplicate();
		copy.deleteRoi();
		return rangeOf(copy, imp.getTitle());
	}

	/** The range of an image of our own (changed: it gets the threshold). */
	private double[] rangeOf(final ImagePlus copy, final String title) {
		// exactly what the macro setAutoThreshold("Otsu dark [stack]") and Image>Adjust>Threshold compute
		IJ.setAutoThreshold(copy, method + (darkBackground ? " dark" : "") + (copy.getStackSize() > 1 ? " stack" : ""));
		final ImageProcessor ip = copy.getProcessor();
		if (ip.getMinThreshold() == ImageProcessor.NO_THRESHOLD)
			throw new IllegalStateException("ImageJ found no " + method + " threshold for image '" + title + "'");
		return new double[] { ip.getMinThreshold(), ip.getMaxThreshold() };
	}

	/**
	 * The threshold range of a float volume (x fastest), computed by ImageJ as
	 * {@link #range(ImagePlus)} does for the same pixels as a 32-bit image.
	 */
	public double[] range(final float[] data, final int nx, final int ny, final int nz) {
		if ((long) nx * ny * nz != data.length) throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " +
			data.length + " values");
		final ij.ImageStack stack = new ij.ImageStack(nx, ny);
		final int plane = nx * ny;
		for (int z = 0; z < nz; z++)
			stack.addSlice(null, new ij.process.FloatProcessor(nx, ny, nz == 1 ? data : Arrays.copyOfRange(data, z * plane, (z + 1) * plane)));
		return rangeOf(new ImagePlus("volume", stack), "volume");
	}

	/** The 8-bit mask of the pixels inside {@code range} (255) and outside it (0), same axes as the input. */
	public <T extends RealType<T>> AxisImg<UnsignedByteType> mask(final AxisImg<T> input, final double[] range) {
		return mask(input, range, TaskMonitor.NONE);
	}

	/** The same, with the device's warnings (falling back to the CPU) going to {@code monitor}. */
	public <T extends RealType<T>> AxisImg<UnsignedByteType> mask(final AxisImg<T> input, final double[] range, final TaskMonitor monitor) {
		final var out = PlanarImgs.unsignedBytes(input.data().dimensionsAsLongArray());
		final Optional<GpuDevice> gpu = new Execution(device, 0, monitor).placeWhole("the threshold mask", net.imglib2.util.Intervals
			.numElements(input.data()), 1);
		if (gpu.isPresent() && input.dimensionOf(AxisType.CHANNEL) < 0 && input.dimensionOf(AxisType.TIME) < 0) {
			final int[] shape = org.tessera.core.Volumes.shape(input);
			final float[] data = org.tessera.core.Volumes.read(input, 0, 0, org.tessera.core.Threads.executor(0));
			GpuPixelwise.inRange(gpu.get(), data, (float) range[0], (float) range[1]);
			final float[][] rows = new float[shape[1] * shape[2]][];
			for (int i = 0; i < rows.length; i++) rows[i] = Arrays.copyOfRange(data, i * shape[0], (i + 1) * shape[0]);
			org.tessera.core.Volumes.writeRows(rows, input.withData(out), 0, 0, org.tessera.core.Threads.executor(0));
		}
		else {
			// compared in float, as on the device
			final float lower = (float) range[0], upper = (float) range[1];
			final Cursor<T> c = Views.flatIterable(input.data()).cursor();
			for (final UnsignedByteType t : Views.flatIterable(out)) {
				final float v = c.next().getRealFloat();
				t.set(v >= lower && v <= upper ? 255 : 0);
			}
		}
		return input.withData(out);
	}

	/** Threshold and mask of an ImagePlus. */
	public ImagePlus apply(final ImagePlus imp, final double[] rangeOut) {
		return apply(imp, rangeOut, TaskMonitor.NONE);
	}

	/** Threshold and mask of an ImagePlus, with warnings going to {@code monitor}. */
	public ImagePlus apply(final ImagePlus imp, final double[] rangeOut, final TaskMonitor monitor) {
		final double[] range = range(imp);
		if (rangeOut != null) System.arraycopy(range, 0, rangeOut, 0, 2);
		final ImagePlus mask = ImagePlusViews.toImagePlus(maskOf(imp, range, monitor));
		mask.setDisplayRange(0, 255);
		return mask;
	}

	private <T extends RealType<T>> AxisImg<UnsignedByteType> maskOf(final ImagePlus imp, final double[] range, final TaskMonitor monitor) {
		final AxisImg<T> in = ImagePlusViews.wrapReal(imp);
		return mask(in, range, monitor);
	}

	@Override
	public String toString() {
		return method.toLowerCase(Locale.ROOT) + (darkBackground ? " dark" : "");
	}
}
