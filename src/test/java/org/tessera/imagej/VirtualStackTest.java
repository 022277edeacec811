package org.tessera.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.core.AxisImg;
import org.tessera.ij1.TesseraPlugIn;
import org.tessera.testutil.BatchMacro;
import org.tessera.testutil.TestImages;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.process.ShortProcessor;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Virtual stacks (an image sequence opened as "virtual", a large TIFF opened
 * virtually) are read plane by plane: the view has the planes' pixels, and a
 * menu command run on one gives what it gives on the same stack in memory.
 */
@ExtendWith(BatchMacro.class)
class VirtualStackTest {

	@TempDir
	Path tmp;

	/** Six 24 x 20 planes on disk as a virtual stack of 2 channels x 3 slices, and the same stack in memory. */
	private ImagePlus[] virtualAndLoaded() throws Exception {
		final VirtualStack vs = new VirtualStack(24, 20, null, tmp.toString() + "/");
		final ImageStack loaded = new ImageStack(24, 20);
		for (int p = 0; p < 6; p++) {
			final ShortProcessor ip = new ShortProcessor(24, 20);
			for (int i = 0; i < 24 * 20; i++) ip.set(i, (p * 37 + i * 13) % 1000);
			final String name = String.format("plane%02d.tif", p);
			ImageFiles.writeTiff(new ImagePlus(name, ip), tmp.resolve(name));
			vs.addSlice(name);
			loaded.addSlice(ip);
		}
		final ImagePlus v = new ImagePlus("sequence", vs), m = new ImagePlus("sequence", loaded);
		v.setDimensions(2, 3, 1);
		m.setDimensions(2, 3, 1);
		return new ImagePlus[] { v, m };
	}

	@Test
	void aVirtualStackIsReadPlaneByPlane() throws Exception {
		final ImagePlus[] images = virtualAndLoaded();
		assertTrue(images[0].getStack().isVirtual());
		final AxisImg<UnsignedShortType> view = ImagePlusViews.wrapReal(images[0]), copy = ImagePlusViews.wrapReal(images[1]);
		assertEquals(copy.axes(), view.axes());
		assertArrayEquals(TestImages.values(copy), TestImages.values(view));
	}

	@Test
	void aMenuCommandTakesAVirtualStack() throws Exception {
		final ImagePlus[] images = virtualAndLoaded();
		images[1].show();
		final ImagePlus fromMemory = BatchMacro.run(() -> new TesseraPlugIn().run("gaussian"), "sigma=1.5 device=CPU");
		images[0].show();
		final ImagePlus fromDisk = BatchMacro.run(() -> new TesseraPlugIn().run("gaussian"), "sigma=1.5 device=CPU");
		assertNotNull(fromDisk, "no result for the virtual stack");
		assertEquals(6, fromDisk.getStackSize());
		assertArrayEquals(TestImages.values(ImagePlusViews.<UnsignedShortType> wrapReal(fromMemory)), TestImages.values(ImagePlusViews
			.<UnsignedShortType> wrapReal(fromDisk)));
	}
}
