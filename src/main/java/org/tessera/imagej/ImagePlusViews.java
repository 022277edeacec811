package org.tessera.imagej;

import org.tessera.core.Axis;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;
import org.tessera.core.CellCache;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.NativeImg;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.Type;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.util.Intervals;
import net.imglib2.view.IntervalView;
import net.imglib2.view.Views;

/**
 * Zero-copy bridges between ImageJ 1.x {@link ImagePlus} and ImgLib2.
 * <p>
 * {@link #wrap(ImagePlus)} gives an ImgLib2 view of the ImagePlus pixel arrays:
 * writing through either side changes the other. Dimensions are X, Y, then C, Z
 * and T where the image has more than one of them, in ImageJ's stack order.
 * 8-bit maps to {@link UnsignedByteType}, 16-bit to {@link UnsignedShortType},
 * 32-bit to {@link FloatType} and RGB to {@link ARGBType}.
 * <p>
 * {@link #toImagePlus(AxisImg)} goes the other way. Planar and 2D array images of
 * those four types become an ImagePlus that shares their arrays; any other
 * image becomes a read-only virtual stack whose planes are computed on demand.
 */
public final class ImagePlusViews {

	private ImagePlusViews() {
		// static utility
	}

	/**
	 * Wraps the pixels of an ImagePlus without copying them.
	 *
	 * A virtual stack (File &gt; Import &gt; Image Sequence with "virtual", or a
	 * large TIFF opened as virtual) is read plane by plane as its pixels are
	 * used, keeping at most {@value #VIRTUAL_PLANES} planes; such a view is for
	 * reading: what is written into it is not kept.
	 *
	 * @param imp an 8-, 16-, 32-bit or RGB image, stack or hyperstack
	 * @return an image sharing the ImagePlus pixel arrays, with its axes and calibration
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <T extends Type<T>> AxisImg<T> wrap(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final List<Axis> axes = axes(imp);
		final long[] dims = dimensions(imp, axes);
		if (stack.isVirtual()) return new AxisImg<>(imp.getTitle(), (RandomAccessibleInterval<T>) virtual(imp, dims), axes);
		final int planes = stack.getSize();
		final PlanarImg img;
		switch (imp.getType()) {
			case ImagePlus.GRAY8, ImagePlus.COLOR_256 -> {
				final List<ByteArray> arrays = new ArrayList<>(planes);
				for (int i = 1; i <= planes; i++) arrays.add(new ByteArray((byte[]) stack.getPixels(i)));
				img = new PlanarImg<>(arrays, dims, new Fraction());
				img.setLinkedType(new UnsignedByteType((NativeImg) img));
			}
			case ImagePlus.GRAY16 -> {
				final List<ShortArray> arrays = new ArrayList<>(planes);
				for (int i = 1; i <= planes; i++) arrays.add(new ShortArray((short[]) stack.getPixels(i)));
				img = new PlanarImg<>(arrays, dims, new Fraction());
				img.setLinkedType(new UnsignedShortType((NativeImg) img));
			}
			case ImagePlus.GRAY32 -> {
				final List<FloatArray> arrays = new ArrayList<>(planes);
				for (int i = 1; i <= planes; i++) arrays.add(new FloatArray((float[]) stack.getPixels(i)));
				img = new PlanarImg<>(arrays, dims, new Fraction());
				img.setLinkedType(new FloatType((NativeImg) img));
			}
			case ImagePlus.COLOR_RGB -> {
				final List<IntArray> arrays = new ArrayList<>(planes);
				for (int i = 1; i <= planes; i++) arrays.add(new IntArray((int[]) stack.getPixels(i)));
				img = new PlanarImg<>(arrays, dims, new Fraction());
				img.setLinkedType(new ARGBType((NativeImg) img));
			}
			default -> throw new IllegalArgumentException("image '" + imp.getTitle() + "' has unsupported type " + imp.getType());
		}
		return new AxisImg<>(imp.getTitle(), (RandomAccessibleInterval<T>) img, axes);
	}

	/** Planes of a virtual stack kept in memory at most. */
	public static final int VIRTUAL_PLANES = 64;

	/** A virtual stack as a lazily loaded image: one cell per plane, read through the stack when first used. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static LazyCellImg<?, ?> virtual(final ImagePlus imp, final long[] dims) {
		final ImageStack stack = imp.getStack();
		final int[] cell = new int[dims.length];
		java.util.Arrays.fill(cell, 1);
		cell[0] = imp.getWidth();
		cell[1] = imp.getHeight();
		final CellGrid grid = new CellGrid(dims, cell);
		final NativeType type = switch (imp.getType()) {
			case ImagePlus.GRAY8, ImagePlus.COLOR_256 -> new UnsignedByteType();
			case ImagePlus.GRAY16 -> new UnsignedShortType();
			case ImagePlus.GRAY32 -> new FloatType();
			case ImagePlus.COLOR_RGB -> new ARGBType();
			default -> throw new IllegalArgumentException("image '" + imp.getTitle() + "' has unsupported type " + imp.getType());
		};
		final CellCache cache = new CellCache(VIRTUAL_PLANES, index -> {
			final long[] pos = new long[dims.length], min = new long[dims.length];
			final int[] size = new int[dims.length];
			grid.getCellGridPositionFlat(index, pos);
			grid.getCellDimensions(pos, min, size);
			final Object pixels;
			// planes are in ImageJ's order (channel fastest, then z, then t), as the cells are; a virtual stack reads one at a time
			synchronized (stack) {
				pixels = stack.getProcessor((int) index + 1).getPixels();
			}
			final Object access;
			if (pixels instanceof byte[] b) access = new ByteArray(b);
			else if (pixels instanceof short[] a) access = new ShortArray(a);
			else if (pixels instanceof float[] f) access = new FloatArray(f);
			else if (pixels instanceof int[] i) access = new IntArray(i);
			else throw new IllegalStateException("image '" + imp.getTitle() + "': plane " + (index + 1) + " has unexpected pixels");
			return new Cell(size, min, access);
		});
		return new LazyCellImg(grid, type, cache::get);
	}

	/**
	 * Wraps a grey-level ImagePlus (8, 16 or 32 bit) as real-valued pixels.
	 *
	 * @throws IllegalArgumentException for RGB images
	 */
	public static <T extends RealType<T>> AxisImg<T> wrapReal(final ImagePlus imp) {
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException("image '" + imp.getTitle() + "' is RGB; expected an 8-, 16- or 32-bit grey image");
		return wrap(imp);
	}

	/** The axes of an ImagePlus (X, Y, then C, Z, T where larger than one) with its calibration. */
	public static List<Axis> axes(final ImagePlus imp) {
		final Calibration cal = imp.getCalibration();
		final List<Axis> axes = new ArrayList<>(5);
		axes.add(new Axis(AxisType.X, positive(cal.pixelWidth), -cal.xOrigin * positive(cal.pixelWidth), cal.getXUnit()));
		axes.add(new Axis(AxisType.Y, positive(cal.pixelHeight), -cal.yOrigin * positive(cal.pixelHeight), cal.getYUnit()));
		if (imp.getNChannels() > 1) axes.add(new Axis(AxisType.CHANNEL, 1, 0, "channel"));
		if (imp.getNSlices() > 1)
			axes.add(new Axis(AxisType.Z, positive(cal.pixelDepth), -cal.zOrigin * positive(cal.pixelDepth), cal.getZUnit()));
		if (imp.getNFrames() > 1) {
			final boolean timed = cal.frameInterval > 0;
			axes.add(new Axis(AxisType.TIME, timed ? cal.frameInterval : 1, 0, timed ? cal.getTimeUnit() : "frame"));
		}
		return axes;
	}

	private static double positive(final double v) {
		return v > 0 && Double.isFinite(v) ? v : 1;
	}

	private static long[] dimensions(final ImagePlus imp, final List<Axis> axes) {
		final long[] dims = new long[axes.size()];
		for (int d = 0; d < dims.length; d++) {
			dims[d] = switch (axes.get(d).type()) {
				case X -> imp.getWidth();
				case Y -> imp.getHeight();
				case CHANNEL -> imp.getNChannels();
				case Z -> imp.getNSlices();
				case TIME -> imp.getNFrames();
			};
		}
		return dims;
	}

	/**
	 * Shows an ImgLib2 image as an ImagePlus.
	 * <p>
	 * Planar images and 2D array images of {@link UnsignedByteType},
	 * {@link UnsignedShortType}, {@link FloatType} or {@link ARGBType} whose axes
	 * are X, Y and then any of C, Z, T in that order share their pixel arrays with
	 * the result (writes go both ways). Anything else becomes a read-only virtual
	 * stack: 8- and 16-bit unsigned and ARGB pixels keep their type, other real
	 * types are shown as 32-bit float.
	 */
	public static ImagePlus toImagePlus(final AxisImg<?> image) {
		final List<AxisType> order = order(image);
		final int[] czt = cztSizes(image);
		final ImageStack stack = canShare(image, order) ? sharedStack(image) : virtualStack(image);
		final ImagePlus imp = new ImagePlus(image.name(), stack);
		imp.setDimensions(czt[0], czt[1], czt[2]);
		if (czt[0] * czt[1] * czt[2] > 1 && (czt[0] > 1 ? 1 : 0) + (czt[1] > 1 ? 1 : 0) + (czt[2] > 1 ? 1 : 0) > 1)
			imp.setOpenAsHyperStack(true);
		imp.setCalibration(calibration(image));
		return imp;
	}

	/** ImageJ calibration matching the axes of the image. */
	public static Calibration calibration(final AxisImg<?> image) {
		final Calibration cal = new Calibration();
		final Axis x = image.axis(AxisType.X), y = image.axis(AxisType.Y), z = image.axis(AxisType.Z), t = image.axis(AxisType.TIME);
		if (x != null) {
			cal.pixelWidth = x.scale();
			cal.xOrigin = -x.origin() / x.scale();
			cal.setXUnit(x.unit());
		}
		if (y != null) {
			cal.pixelHeight = y.scale();
			cal.yOrigin = -y.origin() / y.scale();
			cal.setYUnit(y.unit());
		}
		if (z != null) {
			cal.pixelDepth = z.scale();
			cal.zOrigin = -z.origin() / z.scale();
			cal.setZUnit(z.unit());
		}
		if (t != null && !"frame".equals(t.unit())) {
			cal.frameInterval = t.scale();
			cal.setTimeUnit(t.unit());
		}
		return cal;
	}

	/** Axis types in data order; checks that the image has X and Y. */
	private static List<AxisType> order(final AxisImg<?> image) {
		if (image.dimensionOf(AxisType.X) < 0 || image.dimensionOf(AxisType.Y) < 0)
			throw new IllegalArgumentException("image '" + image.name() + "' has axes " + image.axesLabel() + "; an ImagePlus needs x and y");
		for (int d = 0; d < image.numDimensions(); d++)
			if (image.data().dimension(d) > Integer.MAX_VALUE)
				throw new IllegalArgumentException("image '" + image.name() + "' is too large for ImageJ along " + image.axes().get(d).type().label());
		return image.axes().stream().map(Axis::type).toList();
	}

	private static int[] cztSizes(final AxisImg<?> image) {
		return new int[] { (int) image.size(AxisType.CHANNEL), (int) image.size(AxisType.Z), (int) image.size(AxisType.TIME) };
	}

	private static boolean canShare(final AxisImg<?> image, final List<AxisType> order) {
		final Object data = image.data();
		if (!(data instanceof PlanarImg || data instanceof ArrayImg && image.numDimensions() == 2)) return false;
		if (Intervals.numElements(image.data()) == 0) return false;
		if (!(order.get(0) == AxisType.X && order.get(1) == AxisType.Y)) return false;
		for (int i = 3; i < order.size(); i++)
			if (order.get(i).ordinal() <= order.get(i - 1).ordinal()) return false;
		final Object type = image.data().getType();
		if (!(type instanceof UnsignedByteType || type instanceof UnsignedShortType || type instanceof FloatType || type instanceof ARGBType))
			return false;
		// Subclasses such as "UnsignedByteType with a LUT" are fine; only the storage matters.
		return image.data().min(0) == 0 && image.data().min(1) == 0;
	}

	private static ImageStack sharedStack(final AxisImg<?> image) {
		final int w = (int) image.data().dimension(0), h = (int) image.data().dimension(1);
		final ImageStack stack = new ImageStack(w, h);
		if (image.data() instanceof PlanarImg<?, ?> planar) {
			for (int i = 0; i < planar.numSlices(); i++)
				stack.addSlice(null, ((ArrayDataAccess<?>) planar.getPlane(i)).getCurrentStorageArray());
		} else {
			final ArrayImg<?, ?> array = (ArrayImg<?, ?>) image.data();
			stack.addSlice(null, ((ArrayDataAccess<?>) array.update(null)).getCurrentStorageArray());
		}
		return stack;
	}

	private static ImageStack virtualStack(final AxisImg<?> image) {
		final int w = (int) image.data().dimension(image.dimensionOf(AxisType.X));
		final int h = (int) image.data().dimension(image.dimensionOf(AxisType.Y));
		final int[] czt = cztSizes(image);
		return new PlaneStack(image, w, h, czt);
	}

	/** A read-only virtual stack that copies one plane of an ImgLib2 image on request. */
	private static final class PlaneStack extends VirtualStack {

		private final AxisImg<?> image;
		private final int[] czt;
		private final int[] planeDims;

		PlaneStack(final AxisImg<?> image, final int w, final int h, final int[] czt) {
			super(w, h, czt[0] * czt[1] * czt[2]);
			this.image = image;
			this.czt = czt;
			this.planeDims = new int[] { image.dimensionOf(AxisType.CHANNEL), image.dimensionOf(AxisType.Z), image.dimensionOf(AxisType.TIME) };
		}

		@Override
		public ImageProcessor getProcessor(final int n) {
			// ImageJ's stack index is 1-based, channel fastest, then z, then t.
			final int i = n - 1;
			final int[] pos = { i % czt[0], (i / czt[0]) % czt[1], i / (czt[0] * czt[1]) };
			final RandomAccessibleInterval<?> rai = image.data();
			final long[] min = rai.minAsLongArray(), max = rai.maxAsLongArray();
			for (int k = 0; k < 3; k++)
				if (planeDims[k] >= 0) min[planeDims[k]] = max[planeDims[k]] = rai.min(planeDims[k]) + pos[k];
			final IntervalView<?> plane = Views.interval(rai, new FinalInterval(min, max));
			// Iterate in X-then-Y order regardless of the data's axis order.
			final RandomAccessibleInterval<?> xy = permuteToFront(plane, image.dimensionOf(AxisType.X), image.dimensionOf(AxisType.Y));
			return processor(Views.dropSingletonDimensions(Views.zeroMin(xy)), getWidth(), getHeight());
		}

		@Override
		public Object getPixels(final int n) {
			return getProcessor(n).getPixels();
		}

		/** Does nothing, as in ImageJ's own virtual stacks: edits are not written back to the ImgLib2 image. */
		@Override
		public void setPixels(final Object pixels, final int n) {
			// read-only view
		}

		@Override
		public String getSliceLabel(final int n) {
			return null;
		}

		@Override
		public int getBitDepth() {
			final Object t = image.data().getType();
			if (t instanceof UnsignedByteType) return 8;
			if (t instanceof UnsignedShortType) return 16;
			if (t instanceof ARGBType) return 24;
			return 32;
		}
	}

	private static <T> RandomAccessibleInterval<T> permuteToFront(final RandomAccessibleInterval<T> rai, final int xd, final int yd) {
		RandomAccessibleInterval<T> r = rai;
		// Move x to 0, then y to 1, with two swaps.
		int y = yd;
		if (xd != 0) {
			r = Views.permute(r, xd, 0);
			if (y == 0) y = xd;
		}
		if (y != 1) r = Views.permute(r, y, 1);
		return r;
	}

	@SuppressWarnings("unchecked")
	private static ImageProcessor processor(final RandomAccessibleInterval<?> plane, final int w, final int h) {
		final Object type = plane.getType();
		if (type instanceof ARGBType) {
			final int[] px = new int[w * h];
			int i = 0;
			for (final ARGBType v : Views.flatIterable((RandomAccessibleInterval<ARGBType>) plane)) px[i++] = v.get();
			return new ColorProcessor(w, h, px);
		}
		if (!(type instanceof RealType))
			throw new IllegalArgumentException("cannot show pixels of type " + type.getClass().getSimpleName() + " in ImageJ");
		final Cursor<? extends RealType<?>> c = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) plane).cursor();
		if (type instanceof UnsignedByteType) {
			final byte[] px = new byte[w * h];
			for (int i = 0; c.hasNext(); i++) px[i] = (byte) (int) c.next().getRealDouble();
			return new ByteProcessor(w, h, px);
		}
		if (type instanceof UnsignedShortType) {
			final short[] px = new short[w * h];
			for (int i = 0; c.hasNext(); i++) px[i] = (short) (int) c.next().getRealDouble();
			return new ShortProcessor(w, h, px, null);
		}
		final float[] px = new float[w * h];
		for (int i = 0; c.hasNext(); i++) px[i] = c.next().getRealFloat();
		return new FloatProcessor(w, h, px);
	}
}
