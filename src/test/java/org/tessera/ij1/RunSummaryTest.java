package org.tessera.ij1;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tessera.testutil.BatchMacro;

import ij.IJ;
import ij.ImagePlus;

/** A menu command says in one line of the Log what it found: how many objects in which image, and its numbers, rounded. */
@ExtendWith(BatchMacro.class)
class RunSummaryTest {

	@Test
	void voronoiOtsuSaysHowManyObjectsInWhichImage() throws Exception {
		final ImagePlus nuclei = IJ.openImage("test-images/nuclei2d.tif");
		assertNotNull(nuclei);
		nuclei.show();
		final PrintStream out = System.out;
		final ByteArrayOutputStream log = new ByteArrayOutputStream();
		final ImagePlus labels;
		try {
			// headless, ImageJ's Log prints to stdout
			System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
			labels = BatchMacro.run(() -> new TesseraPlugIn().run("voronoi-otsu-labeling"), "spot_sigma=2 outline_sigma=2 device=CPU");
		}
		finally {
			System.setOut(out);
		}
		final String text = log.toString(StandardCharsets.UTF_8);
		assertNotNull(labels);
		assertTrue(text.lines().anyMatch(l -> l.matches("Voronoi-Otsu Labeling \\(Tessera\\): \\d+ objects in " + java.util.regex.Pattern.quote(
			labels.getTitle()) + "; threshold \\d+(\\.\\d{1,3})?")), text);
	}
}
