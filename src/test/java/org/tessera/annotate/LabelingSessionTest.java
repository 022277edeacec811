package org.tessera.annotate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tessera.core.TaskMonitor;
import org.tessera.labeltool.FastSamTool;
import org.tessera.sam.Box;
import org.tessera.sam.FastSam;
import org.tessera.sam.FastSamImage;
import org.tessera.sam.FastSamMask;
import org.tessera.sam.FastSamModel;
import org.tessera.sam.SamTestData;

/**
 * A labeling session as the tool drives it, with a real ONNX model (the
 * image-following test model, whose masks are the bright pixels inside fixed
 * boxes around the objects of its test image: two rectangles and a disc) on a
 * two-plane stack: plane 0 is the test image, plane 1 the same without the first
 * rectangle.
 */
class LabelingSessionTest {

	private static final int W = SamTestData.FOLLOW_W, H = SamTestData.FOLLOW_H;
	private static FastSamModel model;

	@BeforeAll
	static void load() {
		model = FastSamModel.load(SamTestData.FOLLOW);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	private static float[] plane(final int p) {
		final float[] img = SamTestData.followImage();
		if (p == 1) for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				if (SamTestData.inObject(0, x, y)) img[y * W + x] = 20;
		return img;
	}

	/** A session whose plane 0 result is there, as when the tool has run the network on entering the image. */
	private static LabelingSession session() {
		final FastSam fs = new FastSam(model);
		final LabelingSession s = new LabelingSession(new LabelCanvas(W, H, 2), p -> fs.segment(FastSamImage.grey(plane(p), W, H),
			TaskMonitor.NONE));
		s.result(0);
		return s;
	}

	/** The pixels of one label on one plane. */
	private static boolean[] labelled(final LabelCanvas c, final int label, final int plane) {
		final boolean[] m = new boolean[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) m[y * W + x] = c.label(x, y, plane) == label;
		return m;
	}

	private static int[] snapshot(final LabelCanvas c) {
		final int[] s = new int[W * H * c.slices()];
		for (int z = 0; z < c.slices(); z++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) s[(z * H + y) * W + x] = c.label(x, y, z);
		return s;
	}

	@Test
	void clicksProposeTheObjectEnterAddsItAndTheNetworkRunsOncePerPlane() {
		final LabelingSession s = session();
		s.addPoint(0, 70, 75, true);
		final FastSamMask proposal = s.proposal();
		assertNotNull(proposal, s.status());
		assertTrue(SamTestData.iou(SamTestData.pixels(proposal, W, H), SamTestData.object(0)) > 0.9);
		assertEquals(1, s.accept());
		assertFalse(s.hasPrompt());
		assertNull(s.proposal());
		assertArrayEquals(SamTestData.pixels(proposal, W, H), labelled(s.canvas(), 1, 0));
		assertTrue(s.status().contains("added object 1"), s.status());

		s.addPoint(0, 200, 120, true);
		assertEquals(2, s.accept());
		assertTrue(SamTestData.iou(labelled(s.canvas(), 2, 0), SamTestData.object(1)) > 0.9);
		assertEquals(1, s.networkRuns(), "prompts on the same plane reuse the network's result");

		// plane 1: its own network run, its own labels
		s.addPoint(1, 200, 120, true);
		assertNull(s.proposal(), "plane 1's result is not there yet");
		s.result(1);
		assertTrue(s.refresh());
		assertEquals(3, s.accept());
		s.result(0);
		s.result(1);
		assertEquals(2, s.networkRuns());
		assertEquals(2, s.canvas().label(200, 120, 0), "plane 1's object is not on plane 0");
		assertEquals(3, s.canvas().label(200, 120, 1));
		assertEquals(0, s.canvas().label(70, 75, 1));
		s.addPoint(1, 70, 75, true);
		assertNull(s.proposal(), "plane 1 has no first rectangle");
		assertTrue(s.status().contains("no object contains a positive point"), s.status());
	}

	@Test
	void pointsAddUpNegativePointsAreReportedAndABoxSelectsTheBestFittingObject() {
		final LabelingSession s = session();
		s.addPoint(0, 70, 75, true);
		assertNotNull(s.proposal());
		s.addPoint(0, 200, 120, true);
		assertEquals(2, s.points().size());
		final boolean[] both = SamTestData.object(0), disc = SamTestData.object(1);
		for (int i = 0; i < both.length; i++) both[i] |= disc[i];
		assertTrue(SamTestData.iou(SamTestData.pixels(s.proposal(), W, H), both) > 0.9, "two positive points: both objects");
		final int area = s.proposal().area();
		// this model has one mask per object, so no mask separates a negative point on the disc from it: the positive point wins
		s.addPoint(0, 205, 125, false);
		assertEquals(area, s.proposal().area());
		assertTrue(s.status().contains("no mask separates negative point -205,125"), s.status());
		s.reject();
		s.addPoint(0, 200, 120, false);
		assertNull(s.proposal());
		assertTrue(s.status().contains("positive"), "a negative point alone selects nothing: " + s.status());
		assertEquals(0, s.accept(), "nothing to accept");
		assertTrue(s.status().startsWith("nothing to accept"), s.status());

		s.setBox(0, SamTestData.FOLLOW_BOXES[2]);
		assertTrue(s.points().isEmpty(), "a box replaces the points");
		assertTrue(SamTestData.iou(SamTestData.pixels(s.proposal(), W, H), SamTestData.object(2)) > 0.9);
		s.addPoint(0, 200, 120, true);
		assertNull(s.box(), "a point after a box starts a new prompt");
		assertTrue(SamTestData.iou(SamTestData.pixels(s.proposal(), W, H), SamTestData.object(1)) > 0.9);
	}

	@Test
	void escRejectsAndAnAcceptOnLabelledPixelsAddsNothing() {
		final LabelingSession s = session();
		s.addPoint(0, 70, 75, true);
		s.reject();
		assertFalse(s.hasPrompt());
		assertEquals(0, s.canvas().objects());
		assertFalse(s.canvas().canUndo(), "a rejected proposal is not a step");

		s.addPoint(0, 70, 75, true);
		assertEquals(1, s.accept());
		s.addPoint(0, 71, 76, true);
		assertEquals(0, s.accept(), "the same object again covers only labelled pixels");
		assertTrue(s.status().contains("labelled already"), s.status());
	}

	@Test
	void undoAndRedoRestoreEveryStepExactly() {
		final LabelingSession s = session();
		final int[] empty = snapshot(s.canvas());
		s.addPoint(0, 70, 75, true);
		s.accept();
		final int[] one = snapshot(s.canvas());
		s.setBox(0, SamTestData.FOLLOW_BOXES[1]);
		s.accept();
		final int[] two = snapshot(s.canvas());
		assertTrue(s.undo());
		assertArrayEquals(one, snapshot(s.canvas()));
		assertTrue(s.undo());
		assertArrayEquals(empty, snapshot(s.canvas()));
		assertFalse(s.undo());
		assertEquals("nothing to undo", s.status());
		assertTrue(s.redo());
		assertTrue(s.redo());
		assertArrayEquals(two, snapshot(s.canvas()));
		assertFalse(s.redo());
	}

	@Test
	void theBrushGrowsTheObjectItStartsOnOrPaintsANewOneAndTheEraserErases() {
		final LabelingSession s = session();
		s.addPoint(0, 70, 75, true);
		s.accept(); // rectangle 30 <= x < 110, 40 <= y < 110
		final int[] before = snapshot(s.canvas());
		s.setMode(LabelingSession.Mode.BRUSH);
		s.setBrushRadius(3);
		s.beginStroke(0, 105, 75);
		s.strokeTo(125, 75);
		s.endStroke();
		for (int x = 110; x <= 125; x++) assertEquals(1, s.canvas().label(x, 75, 0), "the stroke paints object 1 at x = " + x);
		assertEquals(0, s.canvas().label(129, 75, 0));
		assertTrue(s.undo());
		assertArrayEquals(before, snapshot(s.canvas()), "one drag is one step");

		s.beginStroke(0, 150, 20);
		s.strokeTo(160, 20);
		s.endStroke();
		assertEquals(2, s.canvas().label(155, 20, 0), "a stroke on background paints a new object");
		assertEquals(s.currentClass(), s.canvas().classOf(2));

		s.setMode(LabelingSession.Mode.ERASER);
		s.beginStroke(0, 70, 75);
		s.endStroke();
		assertEquals(0, s.canvas().label(70, 75, 0));
		assertEquals(1, s.canvas().label(70, 70, 0), "a dab of radius 3 leaves the rest of the object");
		assertTrue(s.undo());
		assertEquals(1, s.canvas().label(70, 75, 0));

		s.setMode(LabelingSession.Mode.BRUSH);
		final int objects = s.canvas().objects();
		s.beginStroke(0, 5, 5);
		s.endStroke();
		assertEquals(objects + 1, s.canvas().objects());
		s.setMode(LabelingSession.Mode.ERASER);
		s.beginStroke(0, 5, 5);
		s.endStroke();
		assertEquals(0, s.canvas().label(5, 5, 0));
	}

	@Test
	void classesNameNewObjects() {
		final LabelingSession s = session();
		FastSamTool.applyClasses(s.canvas(), "nucleus #ff0000, cell #00ff00");
		assertEquals("nucleus", s.canvas().classes().get(0).name());
		assertEquals(0x00ff00, s.canvas().classes().get(1).rgb());
		s.setCurrentClass(1);
		s.addPoint(0, 200, 120, true);
		final int l = s.accept();
		assertEquals(1, s.canvas().classOf(l));
		assertTrue(s.status().contains("(cell)"), s.status());
		assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.setCurrentClass(5)).getMessage()
			.contains("class 6 does not exist"));
		assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FastSamTool.parseClasses("a #12345"))
			.getMessage().contains("#rrggbb"));
	}

	@Test
	void aPromptBeforeThePlanesResultWaitsForIt() {
		final FastSam fs = new FastSam(model);
		final LabelingSession s = new LabelingSession(new LabelCanvas(W, H, 1), p -> {
			throw new AssertionError("the tool runs the network itself here");
		});
		s.addPoint(0, 70, 75, true);
		assertFalse(s.refresh());
		assertNull(s.proposal());
		assertTrue(s.status().contains("waiting for the network"), s.status());
		s.offerResult(0, fs.segment(FastSamImage.grey(plane(0), W, H), TaskMonitor.NONE));
		assertTrue(s.refresh());
		assertNotNull(s.proposal());
		assertEquals(1, s.networkRuns());
		assertTrue(new Box(24, 34, 116, 116).holdsPixel((int) s.proposal().box().x0() + 1, (int) s.proposal().box().y0() + 1));
	}
}
