package org.tessera.imagej;

import org.tessera.core.Axis;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

class ImagePlusViewsTest {

	private static <T> T at(final RandomAccessibleInterval<T> img, final long... pos) {
		final RandomAccess<T> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get();
	}

	@Test
	void writesGoBothWaysFor8Bit() {
		final ImagePlus imp = IJ.createImage("u8", "8-bit black", 10, 8, 1);
		final AxisImg<UnsignedByteType> view = ImagePlusViews.wrap(imp);
		assertEquals(List.of(AxisType.X, AxisType.Y), view.axes().stream().map(Axis::type).toList());
		at(view.data(), 3, 2).set(200);
		assertEquals(200, imp.getProcessor().get(3, 2));
		imp.getProcessor().set(7, 5, 17);
		assertEquals(17, at(view.data(), 7, 5).get());
	}

	@Test
	void writesGoBothWaysFor16And32BitStacks() {
		final ImagePlus u16 = IJ.createImage("u16", "16-bit black", 6, 5, 4);
		final AxisImg<UnsignedShortType> v16 = ImagePlusViews.wrap(u16);
		assertArrayEquals(new long[] { 6, 5, 4 }, Intervals.dimensionsAsLongArray(v16.data()));
		assertEquals(AxisType.Z, v16.axes().get(2).type());
		at(v16.data(), 1, 1, 3).set(60000);
		assertEquals(60000, u16.getStack().getProcessor(4).get(1, 1));
		u16.getStack().getProcessor(2).set(5, 4, 1234);
		assertEquals(1234, at(v16.data(), 5, 4, 1).get());

		final ImagePlus f32 = IJ.createImage("f32", "32-bit black", 6, 5, 3);
		final AxisImg<FloatType> v32 = ImagePlusViews.wrap(f32);
		at(v32.data(), 0, 4, 2).set(-2.5f);
		assertEquals(-2.5f, f32.getStack().getProcessor(3).getf(0, 4));
	}

	@Test
	void hyperstackAxesFollowImageJOrder() {
		// 2 channels, 3 slices, 4 frames
		final ImagePlus imp = IJ.createImage("hyper", "16-bit black", 7, 6, 2, 3, 4);
		final AxisImg<UnsignedShortType> view = ImagePlusViews.wrap(imp);
		assertEquals("xyczt", view.axesLabel());
		assertArrayEquals(new long[] { 7, 6, 2, 3, 4 }, Intervals.dimensionsAsLongArray(view.data()));
		at(view.data(), 2, 3, 1, 2, 3).set(999);
		final int index = imp.getStackIndex(2, 3, 4); // 1-based c, z, t
		assertEquals(999, imp.getStack().getProcessor(index).get(2, 3));
		// and a hyperstack with only channels and frames
		final AxisImg<UnsignedShortType> ct = ImagePlusViews.wrap(IJ.createImage("ct", "16-bit black", 7, 6, 3, 1, 5));
		assertEquals("xyct", ct.axesLabel());
	}

	@Test
	void calibrationIsKept() {
		final ImagePlus imp = IJ.createImage("cal", "32-bit black", 4, 4, 1, 3, 2);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.2;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 1.5;
		cal.setUnit("micron");
		cal.frameInterval = 30;
		cal.setTimeUnit("sec");
		cal.xOrigin = 10; // pixels
		final AxisImg<FloatType> view = ImagePlusViews.wrap(imp);
		assertEquals(0.2, view.axis(AxisType.X).scale());
		assertEquals(-2.0, view.axis(AxisType.X).origin(), 1e-12);
		assertEquals(0.25, view.axis(AxisType.Y).scale());
		assertEquals(1.5, view.axis(AxisType.Z).scale());
		assertEquals(cal.getZUnit(), view.axis(AxisType.Z).unit());
		assertEquals(cal.getXUnit(), view.axis(AxisType.X).unit());
		assertEquals(30, view.axis(AxisType.TIME).scale());
		assertEquals("sec", view.axis(AxisType.TIME).unit());
		final Calibration back = ImagePlusViews.toImagePlus(view).getCalibration();
		assertEquals(0.2, back.pixelWidth);
		assertEquals(10, back.xOrigin, 1e-12);
		assertEquals(1.5, back.pixelDepth);
		assertEquals(cal.getXUnit(), back.getXUnit());
		assertEquals(cal.getZUnit(), back.getZUnit());
		assertEquals(30, back.frameInterval);
	}

	@Test
	void rgbMapsToARGB() {
		final ImagePlus imp = IJ.createImage("rgb", "RGB black", 3, 3, 1);
		final AxisImg<ARGBType> view = ImagePlusViews.wrap(imp);
		at(view.data(), 1, 1).set(ARGBType.rgba(10, 20, 30, 255));
		assertArrayEquals(new int[] { 10, 20, 30 }, imp.getProcessor().getPixel(1, 1, null));
		assertThrows(IllegalArgumentException.class, () -> ImagePlusViews.wrapReal(imp));
	}

	@Test
	void planarImagesBecomeImagePlusWithSharedArrays() {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(5, 4, 2, 3);
		final AxisImg<FloatType> a = AxisImg.of("planar", img, AxisType.X, AxisType.Y, AxisType.CHANNEL, AxisType.TIME);
		final ImagePlus imp = ImagePlusViews.toImagePlus(a);
		assertEquals(2, imp.getNChannels());
		assertEquals(1, imp.getNSlices());
		assertEquals(3, imp.getNFrames());
		assertTrue(imp.isHyperStack());
		at(img, 4, 3, 1, 2).set(8f);
		final ImageStack stack = imp.getStack();
		assertEquals(8f, stack.getProcessor(imp.getStackIndex(2, 1, 3)).getf(4, 3));
		stack.getProcessor(imp.getStackIndex(1, 1, 2)).setf(0, 0, -1f);
		assertEquals(-1f, at(img, 0, 0, 0, 1).get());
		// and round trip: wrapping the ImagePlus again gives the same arrays
		final AxisImg<FloatType> again = ImagePlusViews.wrap(imp);
		assertSame(((PlanarImg<?, ?>) again.data()).getPlane(3).getCurrentStorageArray(), img.getPlane(3).getCurrentStorageArray());
	}

	@Test
	void twoDimensionalArrayImagesShareTheirArray() {
		final byte[] pixels = new byte[12];
		final AxisImg<UnsignedByteType> a = AxisImg.of("array", ArrayImgs.unsignedBytes(pixels, 4, 3), AxisType.X, AxisType.Y);
		final ImagePlus imp = ImagePlusViews.toImagePlus(a);
		assertSame(pixels, imp.getProcessor().getPixels());
	}

	@Test
	void otherImagesBecomeReadOnlyVirtualStacks() {
		// an IntType image with axes in the order Z, X, Y
		final var img = ArrayImgs.ints(3, 5, 4); // z, x, y
		int v = 0;
		for (final IntType t : Views.flatIterable(img)) t.set(v++);
		final AxisImg<IntType> a = AxisImg.of("zxy", img, AxisType.Z, AxisType.X, AxisType.Y);
		final ImagePlus imp = ImagePlusViews.toImagePlus(a);
		assertEquals(5, imp.getWidth());
		assertEquals(4, imp.getHeight());
		assertEquals(3, imp.getNSlices());
		assertEquals(32, imp.getBitDepth());
		final ImageProcessor ip = imp.getStack().getProcessor(3); // z = 2
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 5; x++)
				assertEquals(at(img, 2, x, y).get(), ip.getf(x, y), "x=" + x + " y=" + y);
		// read-only: edits of a plane do not reach the ImgLib2 image
		imp.getStack().getProcessor(1).setf(0, 0, -7f);
		imp.getStack().setPixels(new float[20], 1);
		assertEquals(0, at(img, 0, 0, 0).get());
	}

	@Test
	void genericRealAccessWorksOnAllGreyTypes() {
		for (final String type : new String[] { "8-bit", "16-bit", "32-bit" }) {
			final ImagePlus imp = IJ.createImage(type, type + " ramp", 16, 2, 1);
			final AxisImg<? extends RealType<?>> view = ImagePlusViews.wrapReal(imp);
			assertEquals(imp.getProcessor().getf(15, 1), at(view.data(), 15, 1).getRealFloat(), 0.0, type);
		}
	}
}
