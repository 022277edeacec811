package org.tessera.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
				assertArrayEquals(imagej(imp, m), new AutoThreshold(m, true, null).range(imp), 1e-9, bits + "-bit " + (threeD ? "3D " : "2D ") + m);
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
		assertEquals(t + 1, new AutoThreshold("otsu", true, null).range(imp)[0], 0.0);
	}

	@Test
	void masksHoldThePixelsInTheRange() {
		final ImagePlus imp = image(16, true);
		final double[] range = new double[2];
		final ImagePlus mask = new AutoThreshold("Li", true, DeviceChoice.CPU).apply(imp, range);
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
			final ImagePlus cpu = new AutoThreshold("Otsu", true, DeviceChoice.CPU).apply(imp, null);
			final ImagePlus gpu = new AutoThreshold("Otsu", true, DeviceChoice.GPU).apply(imp, null);
			for (int z = 1; z <= imp.getStackSize(); z++)
				assertArrayEquals((byte[]) cpu.getStack().getPixels(z), (byte[]) gpu.getStack().getPixels(z), bits + "-bit plane " + z);
		}
	}

	@Test
	void unknownMethodsAndHyperstacksAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> new AutoThreshold("Otsu2", true, null));
		final ImagePlus hyper = IJ.createImage("h", "16-bit ramp", 20, 20, 2, 3, 1);
		assertThrows(IllegalArgumentException.class, () -> new AutoThreshold("Otsu", true, null).range(hyper));
	}
}
