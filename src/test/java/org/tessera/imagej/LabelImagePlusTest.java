package org.tessera.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.core.AxisImg;
import org.tessera.core.AxisType;

import ij.ImagePlus;
import ij.process.LUT;
import net.imglib2.img.array.ArrayImgs;

/** Label images look as Fiji users expect: background black, every label a colour of its own, far from its neighbours'. */
class LabelImagePlusTest {

	@Test
	void labelsGetDistinctColoursOnBlack() {
		final ImagePlus imp = LabelImagePlus.of(AxisImg.of("l", ArrayImgs.ints(new int[] { 0, 1, 2, 3, 3, 2 }, 3, 2), AxisType.X, AxisType.Y), 3);
		assertEquals(16, imp.getBitDepth());
		assertEquals(3, imp.getDisplayRangeMax(), 0);
		final LUT lut = imp.getProcessor().getLut();
		assertEquals(0, lut.getRGB(0) & 0xffffff, "background is black");
		for (int i = 1; i < 255; i++) {
			final int a = lut.getRGB(i), b = lut.getRGB(i + 1);
			final int d = Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)) + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff)) + Math.abs((a & 0xff) - (b &
				0xff));
			assertTrue(d > 60, "labels " + i + " and " + (i + 1) + " have close colours");
			assertNotEquals(0, a & 0xffffff, "label " + i + " is not black");
		}
	}
}
