package org.tessera.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Labkit's .labeling JSON: the structure Labkit reads, a round trip, files written by hand, and bad files as one line. */
class LabkitLabelingTest {

	@TempDir
	Path tmp;

	private static boolean[] disc(final int n) {
		final boolean[] m = new boolean[n * n];
		final double r = n / 2.0;
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				m[y * n + x] = (x + 0.5 - r) * (x + 0.5 - r) + (y + 0.5 - r) * (y + 0.5 - r) <= r * r;
		return m;
	}

	@Test
	void roundTripKeepsObjectsClassesAndColours() throws Exception {
		final LabelCanvas c = new LabelCanvas(40, 30, 1);
		final int nucleus = c.addClass("nucleus", 0x00ff00), cell = c.addClass("cell", 0x3366ff);
		c.addObject(0, 3, 4, 9, 9, disc(9), nucleus);
		c.addObject(0, 20, 5, 11, 11, disc(11), cell);
		c.addObject(0, 14, 18, 7, 7, disc(7), nucleus);
		c.dab(0, 17, 21, 2, 0); // erase part of the third
		final Path file = tmp.resolve("cells.labeling");
		LabkitLabeling.write(c, file);
		// the structure Labkit's reader expects
		final JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
		assertEquals("[0,0]", json.getAsJsonObject("interval").get("min").toString());
		assertEquals("[39,29]", json.getAsJsonObject("interval").get("max").toString());
		assertEquals(2, json.getAsJsonArray("pixelSizes").size());
		assertEquals(List.of("nucleus 1", "cell 2", "nucleus 3"), List.copyOf(json.getAsJsonObject("labels").keySet()));
		assertEquals("#3366FF", json.getAsJsonObject("colors").get("cell 2").getAsString());
		final LabelCanvas back = LabkitLabeling.read(file);
		assertEquals(3, back.objects());
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++)
				assertEquals(c.label(x, y, 0), back.label(x, y, 0), "pixel (" + x + ", " + y + ")");
		assertEquals("nucleus", back.classes().get(back.classOf(1)).name());
		assertEquals("cell", back.classes().get(back.classOf(2)).name());
		assertEquals(back.classOf(1), back.classOf(3));
		assertEquals(0x3366ff, back.classes().get(back.classOf(2)).rgb());
		assertFalse(back.canUndo(), "loading is not an undoable step");
		// with the image's calibration: Labkit shows the labeling in the image's units
		final Path calibrated = tmp.resolve("calibrated.labeling");
		LabkitLabeling.write(c, calibrated, new double[] { 0.65, 0.65, 2 }, "micron");
		final var sizes = JsonParser.parseString(Files.readString(calibrated)).getAsJsonObject().getAsJsonArray("pixelSizes");
		assertEquals(0.65, sizes.get(0).getAsJsonObject().get("size").getAsDouble(), 0);
		assertEquals("micron", sizes.get(1).getAsJsonObject().get("unit").getAsString());
		assertEquals(3, LabkitLabeling.read(calibrated).objects());
	}

	@Test
	void readsAStackAndLabkitStyleClassLabels() throws Exception {
		// as Labkit writes a 3D labeling with its default labels: overlapping pixels go to the first label
		final Path file = tmp.resolve("stack.labeling");
		Files.writeString(file, "{\"interval\":{\"n\":3,\"min\":[0,0,0],\"max\":[4,3,1]},\"pixelSizes\":[{\"size\":0.5,\"unit\":\"µm\"},"
			+ "{\"size\":0.5,\"unit\":\"µm\"},{\"size\":2.0,\"unit\":\"µm\"}],\"labels\":{\"background\":[[0,0,0],[1,0,0]],"
			+ "\"foreground\":[[1,0,0],[2,2,1],[3,2,1]]},\"colors\":{\"background\":\"#FF0000\",\"foreground\":\"#00FF00\"}}");
		final LabelCanvas c = LabkitLabeling.read(file);
		assertEquals(2, c.slices());
		assertEquals(5, c.width());
		assertEquals(4, c.height());
		assertEquals(1, c.label(0, 0, 0));
		assertEquals(1, c.label(1, 0, 0), "the first label keeps a shared pixel");
		assertEquals(2, c.label(2, 2, 1));
		assertEquals(2, c.label(3, 2, 1));
		assertEquals(0, c.label(2, 2, 0));
		assertEquals("foreground", c.classes().get(c.classOf(2)).name());
		assertEquals(0x00ff00, c.classes().get(c.classOf(2)).rgb());
		// and back: a 3-axis interval
		final Path again = tmp.resolve("again.labeling");
		LabkitLabeling.write(c, again);
		assertTrue(Files.readString(again).contains("\"max\":[4,3,1]"), Files.readString(again));
	}

	@Test
	void badFilesAreOneLineNamingTheFile() throws Exception {
		final String[][] cases = { { "[1, 2]", "not a JSON object" }, { "{\"labels\":{}}", "no \"interval\"" },
			{ "{\"interval\":{\"min\":[0,0],\"max\":[3,3]},\"labels\":{\"a\":[[9,9]]}}", "outside the interval" },
			{ "{\"interval\":{\"min\":[0,0],\"max\":[3,3]},\"labels\":{\"a\":[[1,1]]},\"colors\":{\"a\":\"red\"}}", "is not #RRGGBB" },
			{ "{ not json", "not valid JSON" } };
		for (final String[] k : cases) {
			final Path file = tmp.resolve("bad.labeling");
			Files.writeString(file, k[0]);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabkitLabeling.read(file), k[0]);
			assertTrue(e.getMessage().startsWith("labeling " + file + ": ") && e.getMessage().contains(k[1]), e.getMessage());
			assertFalse(e.getMessage().contains("\n"), e.getMessage());
		}
	}
}
