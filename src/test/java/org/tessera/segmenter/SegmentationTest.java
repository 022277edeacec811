package org.tessera.segmenter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.core.Table;
import org.tessera.core.TaskMonitor;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.imagej.ResultsTables;
import org.tessera.imagej.Rois;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ShortProcessor;

/**
 * The plane loop every model family shares: an ImageJ hyperstack's planes (z
 * fastest, channels interleaved), the label stack, the table with each object's
 * plane, slice and frame, and the outlines as ROIs on their positions.
 */
class SegmentationTest {

	private static final int W = 5, H = 4, C = 2, Z = 2, T = 3;

	/** Pixel i of channel c, slice z, frame t (0-based). */
	private static int value(final int c, final int z, final int t, final int i) {
		return 1000 * t + 100 * z + 10 * c + i;
	}

	private static ImagePlus hyperstack() {
		final ImageStack stack = new ImageStack(W, H);
		for (int t = 0; t < T; t++)
			for (int z = 0; z < Z; z++)
				for (int c = 0; c < C; c++) {
					final short[] px = new short[W * H];
					for (int i = 0; i < px.length; i++) px[i] = (short) value(c, z, t, i);
					stack.addSlice(new ShortProcessor(W, H, px, null));
				}
		final ImagePlus imp = new ImagePlus("stack", stack);
		imp.setDimensions(C, Z, T);
		return imp;
	}

	/**
	 * A small family for the loop's sake: the pixels of channel 0 above the
	 * plane's first pixel plus 10 are object 1, its bounding box the outline;
	 * the row gives the area and the plane's first value.
	 */
	private static final class Above implements Segmenter {

		final List<Plane> seen = new ArrayList<>();

		@Override
		public String method() {
			return "above";
		}

		@Override
		public void check(final String imageName, final PlaneSource planes) {
			if (planes.channels() != C) throw new IllegalArgumentException("image '" + imageName + "' has " + planes.channels() + " channels");
		}

		@Override
		public PlaneObjects segment(final Plane plane, final TaskMonitor monitor) {
			seen.add(plane);
			final float[] v = plane.channel(0);
			final int[] labels = new int[v.length];
			int area = 0;
			for (int i = 0; i < v.length; i++)
				if (v[i] > v[0] + 10) {
					labels[i] = 1;
					area++;
				}
			final Table rows = new Table().addRow().add("label", 1).add("area", area).add("first", v[0]);
			return new PlaneObjects(labels, 1, rows, List.of(new Outline(1, new double[] { 0, 4, 4 }, new double[] { 0, 0, 3 })), "one object");
		}

		@Override
		public void close() {}
	}

	@Test
	void planesAreZFastestWithTheirChannelsInterleaved() {
		final ImagePlusPlanes planes = ImagePlusPlanes.of(hyperstack());
		assertEquals(Z * T, planes.count());
		assertEquals(C, planes.channels());
		for (int p = 0; p < planes.count(); p++) {
			final Plane plane = planes.plane(p);
			final int z = p % Z, t = p / Z;
			for (int i = 0; i < W * H; i++)
				for (int c = 0; c < C; c++)
					assertEquals(value(c, z, t, i), plane.pixels()[i * C + c], 0, "plane " + p + " pixel " + i + " channel " + c);
		}
	}

	@Test
	void everyPlaneIsSegmentedAndGatheredWithItsPosition() {
		final Above family = new Above();
		final Segmentation s = Segmentation.run(family, "stack", ImagePlusPlanes.of(hyperstack()), TaskMonitor.NONE);
		assertEquals(Z * T, family.seen.size());
		final int[] labels = s.labels();
		assertEquals(W * H * Z * T, labels.length);
		for (int p = 0; p < Z * T; p++)
			for (int i = 0; i < W * H; i++)
				assertEquals(i > 10 ? 1 : 0, labels[p * W * H + i], "plane " + p + " pixel " + i);
		final Table table = s.table();
		assertEquals(List.of("plane", "slice", "frame", "label", "area", "first"), table.columns());
		for (int row = 0; row < Z * T; row++) {
			assertEquals(row + 1, table.value("plane", row));
			assertEquals(row % Z + 1, table.value("slice", row));
			assertEquals(row / Z + 1, table.value("frame", row));
			assertEquals(value(0, row % Z, row / Z, 0), table.value("first", row), "row " + row + " came from its plane");
		}
		final ResultsTable rt = ResultsTables.of(table);
		assertEquals(Z * T, rt.size());
		assertArrayEquals(table.rows().stream().mapToDouble(r -> r.get("area")).toArray(), rt.getColumn("area"));
		final List<Roi> rois = Rois.of(s);
		assertEquals(Z * T, rois.size());
		final Roi last = rois.get(rois.size() - 1);
		assertEquals(String.format("%04d-%04d", Z * T, 1), last.getName());
		assertEquals(Z, last.getZPosition());
		assertEquals(T, last.getTPosition());
		assertEquals(0, last.getCPosition());
		// pixel centres: the outline (0,0)-(4,0)-(4,3) covers ImageJ's pixels from 0.5 to 4.5
		assertEquals(0.5, last.getFloatPolygon().xpoints[0], 1e-6);
		assertEquals(4.5, last.getFloatPolygon().xpoints[1], 1e-6);
	}

	@Test
	void aSinglePlaneKeepsTheFamilysOwnColumnsAndPlainRoiNames() {
		final ImageStack stack = new ImageStack(W, H);
		stack.addSlice(hyperstack().getStack().getProcessor(1));
		stack.addSlice(hyperstack().getStack().getProcessor(2));
		final ImagePlus two = new ImagePlus("two", stack);
		two.setDimensions(2, 1, 1);
		final Segmentation s = Segmentation.run(new Above(), "two", ImagePlusPlanes.of(two), TaskMonitor.NONE);
		assertEquals(List.of("label", "area", "first"), s.table().columns());
		assertEquals("0001", Rois.of(s).get(0).getName());
		assertEquals(0, Rois.of(s).get(0).getTPosition());
	}

	@Test
	void aRefusedImageIsRefusedBeforeAnyPlaneIsSegmented() {
		final Above family = new Above();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Segmentation.run(family, "grey", ImagePlusPlanes
			.of(new ImagePlus("grey", new ShortProcessor(W, H))), TaskMonitor.NONE));
		assertEquals("image 'grey' has 1 channels", e.getMessage());
		assertEquals(0, family.seen.size());
	}
}
