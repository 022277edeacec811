package org.tessera.labeltool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.annotate.LabelingSession;
import org.tessera.sam.FastSamImage;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.sam.FastSamSegmenter;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.FloatProcessor;

/**
 * The tool labels a hyperstack plane by plane: one canvas plane per (z, t),
 * channel 1 is what the network sees, and the overlay of a plane shows on that
 * plane only (all channels).
 */
class FastSamToolPlanesTest {

	/**
	 * 2 channels x 3 slices x 2 frames; channel 1 is a ramp along x, channel 2 along
	 * y, and plane (z 3, t 2) of channel 1 is bright only at x = 7.
	 */
	private static ImagePlus hyperstack() {
		final ImageStack stack = new ImageStack(8, 6);
		for (int t = 1; t <= 2; t++)
			for (int z = 1; z <= 3; z++)
				for (int c = 1; c <= 2; c++) {
					final FloatProcessor fp = new FloatProcessor(8, 6);
					for (int y = 0; y < 6; y++)
						for (int x = 0; x < 8; x++) fp.setf(x, y, c == 2 ? y : z == 3 && t == 2 ? (x == 7 ? 1 : 0) : x);
					stack.addSlice(fp);
				}
		final ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(2, 3, 2);
		imp.setOpenAsHyperStack(true);
		return imp;
	}

	@Test
	void planesAreZAndTimeAndTheNetworkSeesChannelOne() {
		final ImagePlus imp = hyperstack();
		final LabelingSession s = FastSamTool.start(imp);
		assertEquals(6, s.canvas().slices());
		imp.setPosition(2, 3, 2);
		final int plane = ImagePlusPlanes.current(imp);
		assertEquals(5, plane, "(z 3, t 2) is plane (2 - 1) * 3 + 3 - 1");
		final FastSamImage seen = FastSamSegmenter.image(ImagePlusPlanes.of(imp).plane(plane));
		for (int y = 0; y < 6; y++)
			for (int x = 0; x < 8; x++)
				assertEquals(x == 7 ? 1f : 0f, seen.value(0, x, y), "channel 1 of (z 3, t 2), normalised, at (" + x + ", " + y + ")");
		final FastSamImage other = FastSamSegmenter.image(ImagePlusPlanes.of(imp).plane(1));
		assertEquals(0f, other.value(0, 0, 5));
		assertEquals(1f, other.value(0, 7, 0), "channel 1 (the x ramp) of (z 2, t 1)");
		imp.setPosition(1, 2, 1);
		assertEquals(1, ImagePlusPlanes.current(imp));
	}

	@Test
	void theOverlayOfAPlaneIsPositionedOnItsZAndTime() {
		final ImagePlus imp = hyperstack();
		final LabelingSession s = FastSamTool.start(imp);
		s.canvas().addObject(4, 1, 1, 2, 2, new boolean[] { true, true, true, true }, 0);
		LabelOverlay.show(imp, s, 4);
		final Roi labels = imp.getOverlay().get(imp.getOverlay().getIndex(LabelOverlay.LABELS));
		assertEquals(0, labels.getCPosition(), "all channels");
		assertEquals(2, labels.getZPosition(), "plane 4 is z 2");
		assertEquals(2, labels.getTPosition(), "of t 2");
	}
}
