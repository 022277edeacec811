package org.tessera.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.Roi;
import ij.io.RoiEncoder;
import ij.process.ByteProcessor;

/** Scribbles as named ROIs: names to classes, lines and areas to labelled pixels, stack planes, a ROI set file. */
class ScribbleRoisTest {

	@TempDir
	Path tmp;

	private static Roi named(final Roi r, final String name) {
		r.setName(name);
		return r;
	}

	@Test
	void namesGiveClassesAndShapesGivePixels() {
		assertEquals("nucleus", ScribbleRois.className(named(new Roi(0, 0, 1, 1), "nucleus-7")));
		assertEquals("cell wall", ScribbleRois.className(named(new Roi(0, 0, 1, 1), "cell wall 2")));
		final ImagePlus image = new ImagePlus("img", new ByteProcessor(20, 16));
		final ScribbleRois.Labels l = ScribbleRois.labels(List.of(named(new Line(2, 3, 6, 3), "nucleus 1"), named(new Roi(10, 10, 3, 2),
			"background"), named(new Line(2, 8, 6, 8), "nucleus-2")), image, null);
		assertEquals(List.of("nucleus", "background"), l.classes(), "classes in order of appearance");
		final ij.process.ImageProcessor ip = l.image().getProcessor();
		int nucleus = 0, background = 0;
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 20; x++) {
				final int v = (int) ip.getPixelValue(x, y);
				if (v == 1) nucleus++;
				if (v == 2) background++;
			}
		assertEquals(6, background, "a 3 x 2 rectangle");
		assertTrue(nucleus >= 8 && nucleus <= 12, nucleus + " pixels for two 5-pixel lines");
		assertEquals(1, (int) ip.getPixelValue(4, 3));
		// classes given: their order, and a ROI of another class is one line
		assertEquals(List.of("background", "nucleus"), ScribbleRois.labels(List.of(named(new Line(2, 3, 6, 3), "nucleus")), image, List.of(
			"background", "nucleus")).classes());
		assertEquals("rois: ROI 'cytoplasm 1' names no class of background, nucleus", assertThrows(IllegalArgumentException.class,
			() -> ScribbleRois.labels(List.of(named(new Line(2, 3, 6, 3), "cytoplasm 1")), image, List.of("background", "nucleus"))).getMessage());
	}

	@Test
	void aRoiOnAStackPlaneMarksThatPlane() {
		final ij.ImageStack s = new ij.ImageStack(10, 10);
		for (int i = 0; i < 3; i++) s.addSlice(new ByteProcessor(10, 10));
		final ImagePlus stack = new ImagePlus("stack", s);
		final Roi r = named(new Roi(1, 1, 2, 2), "a");
		r.setPosition(3);
		final ScribbleRois.Labels l = ScribbleRois.labels(List.of(r, named(new Roi(5, 5, 1, 1), "b")), stack, null);
		assertEquals(3, l.image().getStackSize());
		assertEquals(1, (int) l.image().getStack().getProcessor(3).getPixelValue(1, 1));
		assertEquals(0, (int) l.image().getStack().getProcessor(1).getPixelValue(1, 1));
		assertEquals(2, (int) l.image().getStack().getProcessor(1).getPixelValue(5, 5), "a ROI without a position marks the first plane");
	}

	@Test
	void aRoiSetFileIsRead() throws Exception {
		final Path zip = tmp.resolve("scribbles.zip");
		try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
			for (final Roi r : List.of(named(new Line(2, 3, 6, 3), "nucleus-1"), named(new Roi(10, 10, 3, 2), "background-1"))) {
				z.putNextEntry(new ZipEntry(r.getName() + ".roi"));
				z.write(RoiEncoder.saveAsByteArray(r));
				z.closeEntry();
			}
		}
		final List<Roi> rois = ScribbleRois.read(zip);
		assertEquals(2, rois.size());
		assertEquals("background", ScribbleRois.className(rois.get(1)));
		assertThrows(IllegalArgumentException.class, () -> ScribbleRois.read(tmp.resolve("none.zip")));
	}
}
