package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.command.ImagePlusThresholds;
import org.tessera.gpu.DeviceChoice;
import org.tessera.imagej.ImageFiles;
import org.tessera.testutil.Requirements;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import ij.process.ImageConverter;
import ij.process.StackConverter;

/** Thresholds are ImageJ's own (2D per image, 3D with the stack histogram); masks are the same on the CPU and OpenCL. */
class AutoThresholdTest {

	private static final String[] METHODS = { "Otsu", "Huang", "Li", "Triangle", "Yen", "Default", "MaxEntropy" };

	/** The sample images as 8-, 16- and 32-bit, 2D and 3D. */
	private static ImagePlus image(final int bits, final boolean threeD) {
		final ImagePlus imp = ImageFiles.read(Path.of(threeD ? "test-images/nuclei3d.tif" : "test-images/nuclei2d.tif"), "in");
		if (bits == 8) {
			if (threeD) new StackConverter(imp).convertToGray8();
			else new ImageConverter(imp).convertToGray8();
		}
		else if (bits == 32) {
			if (threeD) new StackConverter(imp).convertToGray32();
			else new ImageConverter(imp).convertToGray32();
		}
		assertEquals(bits, imp.getBitDepth());
		return imp;
	}

	/** ImageJ through its macro-level API: IJ.setAutoThreshold(imp, "Otsu dark [stack]"). */
	private static double[] imagej(final ImagePlus imp, final String method) {
		final ImagePlus copy = imp.duplicate();
		IJ.setAutoThreshold(copy, method + " dark" + (copy.getStackSize() > 1 ? " stack" : ""));
		final ImageProcessor ip = copy.getProcessor();
		return new double[] { ip.getMinThreshold(), ip.getMaxThreshold() };
	}

	@ParameterizedTest
	@ValueSource(ints = { 8, 16, 32 })
	void thresholdsAreImageJs(final int bits) {
		for (final boolean threeD : new boolean[] { false, true })
			for (final String m : METHODS) {
				final ImagePlus imp = image(bits, threeD);
				assertArrayEquals(imagej(imp, m), ImagePlusThresholds.range(new AutoThreshold(m, true, null), imp), 1e-9, bits + "-bit " +
					(threeD ? "3D " : "2D ") + m);
			}
	}

	/** An independent Otsu (maximum between-class variance on the 256-bin histogram) agrees for 8-bit images. */
	@Test
	void otsuMatchesAnIndependentImplementation() {
		final ImagePlus imp = image(8, false);
		final int[] h = imp.getProcessor().getHistogram();
		long total = 0;
		double sum = 0;
		for (int i = 0; i < 256; i++) {
			total += h[i];
			sum += (double) i * h[i];
		}
		double sumB = 0, best = -1;
		long wB = 0;
		int t = 0;
		for (int i = 0; i < 256; i++) {
			wB += h[i];
			if (wB == 0 || wB == total) continue;
			sumB += (double) i * h[i];
			final double mB = sumB / wB, mF = (sum - sumB) / (total - wB);
			final double between = (double) wB * (total - wB) * (mB - mF) * (mB - mF);
			if (between > best) {
				best = between;
				t = i;
			}
		}
		// dark background: objects are the bins above the threshold bin
		assertEquals(t + 1, ImagePlusThresholds.range(new AutoThreshold("otsu", true, null), imp)[0], 0.0);
	}

	@Test
	void masksHoldThePixelsInTheRange() {
		final ImagePlus imp = image(16, true);
		final double[] range = new double[2];
		final ImagePlus mask = ImagePlusThresholds.apply(new AutoThreshold("Li", true, DeviceChoice.CPU), imp, range);
		assertEquals(8, mask.getBitDepth());
		assertEquals(imp.getStackSize(), mask.getStackSize());
		long inRange = 0, on = 0;
		for (int z = 1; z <= imp.getStackSize(); z++) {
			final ImageProcessor a = imp.getStack().getProcessor(z), b = mask.getStack().getProcessor(z);
			for (int i = 0; i < a.getPixelCount(); i++) {
				if (a.getf(i) >= range[0] && a.getf(i) <= range[1]) inRange++;
				if (b.get(i) == 255) on++;
				assertTrue(b.get(i) == 0 || b.get(i) == 255);
			}
		}
		assertEquals(inRange, on);
		assertTrue(on > 0 && on < (long) imp.getWidth() * imp.getHeight() * imp.getStackSize());
	}

	@ParameterizedTest
	@ValueSource(ints = { 8, 16, 32 })
	void openCLMasksEqualCpuMasks(final int bits) {
		Requirements.requireOpenCL();
		for (final boolean threeD : new boolean[] { false, true }) {
			final ImagePlus imp = image(bits, threeD);
			final ImagePlus cpu = ImagePlusThresholds.apply(new AutoThreshold("Otsu", true, DeviceChoice.CPU), imp, null);
			final ImagePlus gpu = ImagePlusThresholds.apply(new AutoThreshold("Otsu", true, DeviceChoice.GPU), imp, null);
			for (int z = 1; z <= imp.getStackSize(); z++)
				assertArrayEquals((byte[]) cpu.getStack().getPixels(z), (byte[]) gpu.getStack().getPixels(z), bits + "-bit plane " + z);
		}
	}

	/** A small image with two populations, and the values that trouble histograms: for 32-bit NaN, infinities and -0. */
	private static ImagePlus synthetic(final int bits, final int planes, final long seed, final boolean invertedLut) {
		final java.util.Random r = new java.util.Random(seed);
		final ij.ImageStack stack = new ij.ImageStack(37, 23);
		for (int z = 0; z < planes; z++) {
			final ImageProcessor ip = bits == 8 ? new ij.process.ByteProcessor(37, 23) : bits == 16 ? new ij.process.ShortProcessor(37, 23)
				: new ij.process.FloatProcessor(37, 23);
			final double scale = bits == 8 ? 1 : bits == 16 ? 97 : 1e-3 * (1 + seed % 7);
			for (int i = 0; i < 37 * 23; i++) {
				final double v = (r.nextBoolean() ? 40 + 12 * r.nextGaussian() : 160 + 25 * r.nextGaussian()) * scale;
				if (bits == 32) ip.setf(i, (float) v);
				else ip.set(i, (int) Math.max(0, Math.min(bits == 8 ? 255 : 65535, Math.round(v))));
			}
			if (bits == 32 && seed % 3 == 0) {
				ip.setf(3, Float.NaN);
				ip.setf(4, Float.POSITIVE_INFINITY);
				ip.setf(5, -0f);
			}
			stack.addSlice(ip);
		}
		final ImagePlus imp = new ImagePlus("synthetic", stack);
		if (invertedLut) imp.getProcessor().invertLut();
		return imp;
	}

	/** ImageJ's range for any background, or null when ImageJ sets no threshold. */
	private static double[] imagej(final ImagePlus imp, final String method, final boolean dark) {
		final ImagePlus copy = imp.duplicate();
		IJ.setAutoThreshold(copy, method + (dark ? " dark" : "") + (copy.getStackSize() > 1 ? " stack" : ""));
		final ImageProcessor ip = copy.getProcessor();
		return ip.getMinThreshold() == ImageProcessor.NO_THRESHOLD ? null : new double[] { ip.getMinThreshold(), ip.getMaxThreshold() };
	}

	/** Every method, both backgrounds, inverting LUTs, 2D and 3D, and constant and two-valued images give ImageJ's levels bit for bit. */
	@ParameterizedTest
	@ValueSource(ints = { 8, 16, 32 })
	void levelsAreImageJsBitForBit(final int bits) {
		int compared = 0;
		for (final int planes : new int[] { 1, 4 })
			for (long seed = 0; seed < 3; seed++) {
				final ImagePlus[] images = { synthetic(bits, planes, seed, false), synthetic(bits, planes, seed, true), synthetic(bits, planes,
					seed, false), synthetic(bits, planes, seed, false) };
				images[2].getStack().getProcessor(1).set(0); // constant planes
				for (int z = 1; z <= planes; z++) images[2].getStack().getProcessor(z).set(bits == 8 ? 7 : 300);
				for (int z = 1; z <= planes; z++) {
					final ImageProcessor ip = images[3].getStack().getProcessor(z);
					for (int i = 0; i < ip.getPixelCount(); i++) ip.setf(i, i % 3 == 0 ? 2 : 9);
				}
				for (final ImagePlus imp : images)
					for (final String m : AutoThreshold.METHODS)
						for (final boolean dark : new boolean[] { true, false }) {
							final String what = bits + "-bit, " + planes + " planes, seed " + seed + ", " + m + (dark ? " dark" : "") + (imp
								.isInvertedLut() ? ", inverted LUT" : "");
							final double[] expected = imagej(imp, m, dark);
							final AutoThreshold t = new AutoThreshold(m, dark, null);
							if (expected == null) assertThrows(IllegalStateException.class, () -> ImagePlusThresholds.range(t, imp), what);
							else {
								final double[] got = ImagePlusThresholds.range(t, imp);
								assertEquals(Double.doubleToLongBits(expected[0]), Double.doubleToLongBits(got[0]), what + ": lower " + expected[0] +
									" vs " + got[0]);
								assertEquals(Double.doubleToLongBits(expected[1]), Double.doubleToLongBits(got[1]), what + ": upper " + expected[1] +
									" vs " + got[1]);
							}
							compared++;
						}
			}
		assertTrue(compared > 0);
	}

	/** Float volumes are thresholded as 32-bit images of the same pixels. */
	@Test
	void floatVolumesAreThresholdedAs32BitImages() {
		for (final int planes : new int[] { 1, 4 }) {
			final ImagePlus imp = synthetic(32, planes, 3, false);
			final float[] data = new float[37 * 23 * planes];
			for (int z = 0; z < planes; z++)
				System.arraycopy((float[]) imp.getStack().getPixels(z + 1), 0, data, z * 37 * 23, 37 * 23);
			for (final String m : AutoThreshold.METHODS)
				assertArrayEquals(imagej(imp, m, true), new AutoThreshold(m, true, null).range(data, 37, 23, planes), 0.0, planes + " planes, " + m);
		}
	}

	/** Signed (calibrated) 16-bit stacks keep ImageJ's own levels. */
	@Test
	void calibrated16BitStacksKeepImageJsLevels() {
		final ImagePlus imp = synthetic(16, 3, 1, false);
		imp.getCalibration().setSigned16BitCalibration();
		assertArrayEquals(imagej(imp, "Otsu", true), ImagePlusThresholds.range(new AutoThreshold("Otsu", true, null), imp), 0.0);
	}

	@Test
	void unknownMethodsAndHyperstacksAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> new AutoThreshold("Otsu2", true, null));
		final ImagePlus hyper = IJ.createImage("h", "16-bit ramp", 20, 20, 2, 3, 1);
		assertThrows(IllegalArgumentException.class, () -> ImagePlusThresholds.range(new AutoThreshold("Otsu", true, null), hyper));
	}
}
