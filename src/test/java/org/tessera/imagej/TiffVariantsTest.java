package org.tessera.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.testutil.Python;
import org.tessera.testutil.CliRun;
import org.tessera.testutil.Requirements;

import ij.ImagePlus;

/**
 * TIFFs that ImageJ's own reader cannot open, as tifffile (and Pillow, for LZW)
 * write them: BigTIFF, tiled, deflate-compressed tiles, horizontal differencing,
 * float tiles, LZW strips, tiled RGB; each reads back with exactly the pixels
 * written, and a cut file is one line naming it.
 */
class TiffVariantsTest {

	@TempDir
	Path tmp;

	/** Plane z, pixel (x, y) of the 16-bit test stack. */
	private static int value(final int z, final int x, final int y) {
		return (int) ((7L * (z * 2000 + y * 50 + x)) % 65535);
	}

	@Test
	void bigTiledAndCompressedTiffsReadExactly() throws Exception {
		Requirements.requirePythonZarr(); // the Debian Python packages (tifffile) the tests use
		final String dir = tmp.toString();
		Python.run("import numpy as np, tifffile\n" + //
			"a = (np.arange(3 * 40 * 50).reshape(3, 40, 50) * 7 % 65535).astype(np.uint16)\n" + //
			"k = dict(photometric='minisblack')\n" + //
			"tifffile.imwrite('" + dir + "/big.tif', a, bigtiff=True, **k)\n" + //
			"tifffile.imwrite('" + dir + "/tiled.tif', a, tile=(16, 16), **k)\n" + //
			"tifffile.imwrite('" + dir + "/tiledz.tif', a, tile=(16, 16), compression='zlib', **k)\n" + //
			"tifffile.imwrite('" + dir + "/bigtiledz.tif', a, bigtiff=True, tile=(32, 32), compression='zlib', **k)\n" + //
			"tifffile.imwrite('" + dir + "/pred.tif', a, compression='zlib', predictor=True, **k)\n" + //
			"tifffile.imwrite('" + dir + "/f32.tif', a.astype(np.float32) / 4, tile=(16, 16), **k)\n" + //
			"tifffile.imwrite('" + dir + "/rgb.tif', np.stack([a[0] % 256, a[1] % 256, a[2] % 256], -1).astype(np.uint8), tile=(16, 16), " +
			"photometric='rgb')\n");
		for (final String name : new String[] { "big", "tiled", "tiledz", "bigtiledz", "pred" }) {
			final ImagePlus imp = ImageFiles.read(tmp.resolve(name + ".tif"), "input");
			assertEquals(3, imp.getStackSize(), name);
			assertEquals(16, imp.getBitDepth(), name);
			for (int z = 0; z < 3; z++)
				for (final int[] xy : new int[][] { { 0, 0 }, { 49, 39 }, { 17, 33 }, { 31, 16 } })
					assertEquals(value(z, xy[0], xy[1]), imp.getStack().getProcessor(z + 1).get(xy[0], xy[1]), name + " z " + z);
		}
		final ImagePlus f = ImageFiles.read(tmp.resolve("f32.tif"), "input");
		assertEquals(32, f.getBitDepth());
		assertEquals(value(2, 45, 38) / 4f, f.getStack().getProcessor(3).getf(45, 38), 0f);
		final ImagePlus rgb = ImageFiles.read(tmp.resolve("rgb.tif"), "input");
		assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
		final int px = rgb.getProcessor().get(19, 21);
		assertArrayEquals(new int[] { value(0, 19, 21) % 256, value(1, 19, 21) % 256, value(2, 19, 21) % 256 }, new int[] { px >> 16 & 0xff,
			px >> 8 & 0xff, px & 0xff });
		// from the command line too
		final CliRun.Result r = CliRun.tessera("gaussian", "input=" + tmp.resolve("bigtiledz.tif"), "sigma=0", "device=CPU", "output=" + tmp
			.resolve("out.tif"));
		assertEquals(0, r.code(), r.err());
		assertEquals(value(1, 3, 4), ImageFiles.read(tmp.resolve("out.tif"), "out").getStack().getProcessor(2).get(3, 4));
		// a tiled file cut short: one line naming it, never zeros
		final byte[] bytes = Files.readAllBytes(tmp.resolve("tiledz.tif"));
		Files.write(tmp.resolve("cut.tif"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
		CliRun.assertBadInput(CliRun.tessera("gaussian", "input=" + tmp.resolve("cut.tif"), "sigma=1", "output=" + tmp.resolve("x.tif")),
			"cut.tif");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(tmp.resolve("cut.tif"), "input"));
		assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
	}

	@Test
	void lzwStripsAsPillowWritesThem() throws Exception {
		Requirements.requirePythonZarr();
		final String check = Python.run("import importlib.util; print(importlib.util.find_spec('PIL') is not None)");
		org.junit.jupiter.api.Assumptions.assumeTrue(check.endsWith("True"), "Pillow (python3-pil) is needed to write LZW TIFFs");
		Python.run("import numpy as np\nfrom PIL import Image\n" + //
			"a = (np.arange(40 * 50).reshape(40, 50) * 7 % 65535).astype(np.uint16)\n" + //
			"Image.fromarray(a).save('" + tmp.resolve("lzw.tif") + "', compression='tiff_lzw')\n");
		final ImagePlus imp = ImageFiles.read(tmp.resolve("lzw.tif"), "input");
		for (final int[] xy : new int[][] { { 0, 0 }, { 49, 39 }, { 17, 33 } }) assertEquals(value(0, xy[0], xy[1]), imp.getProcessor().get(xy[0],
			xy[1]));
	}
}
