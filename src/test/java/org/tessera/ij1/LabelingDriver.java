package org.tessera.ij1;

import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;

import org.tessera.annotate.LabelingSession;
import org.tessera.labeltool.FastSamTool;
import org.tessera.sam.SamTestData;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Toolbar;
import ij.io.FileSaver;
import ij.plugin.frame.RoiManager;
import ij.process.FloatProcessor;

/**
 * The "labeling" scenario of {@link MenuDriver}: a person labels the
 * image-following test model's image (two rectangles and a disc) with the
 * FastSAM labeling tool, by mouse and keyboard only: options through their
 * macro line, the tool from the menu, a click on each of two objects with
 * Enter, a click with Esc, a dragged box with Enter, Ctrl+Z and Ctrl+Shift+Z,
 * class 2 and a brush stroke, an eraser click and its undo; then exports by
 * macro (label image file, Labkit file, ROI Manager, label image window) and
 * imports the Labkit file into a second copy of the image. It writes what it
 * saw as {@code key=value} lines and screenshots for a person to look at.
 */
final class LabelingDriver {

	private final MenuDriver d;
	private final Path out;

	LabelingDriver(final MenuDriver driver, final Path out) {
		this.d = driver;
		this.out = out;
	}

	void drive(final String model) throws Exception {
		final Path dir = Files.createDirectories(out.resolve("labeling"));
		final Path image = dir.resolve("objects.tif");
		for (final String f : new String[] { "objects.tessera-labels.tif", "objects.tessera-labels-classes.csv", "labels.tif",
			"labels-classes.csv", "labels.labeling" })
			Files.deleteIfExists(dir.resolve(f));
		new FileSaver(new ImagePlus("objects", new FloatProcessor(SamTestData.FOLLOW_W, SamTestData.FOLLOW_H, SamTestData.followImage())))
			.saveAsTiff(image.toString());

		MenuDriver.startImageJ();
		final ImagePlus imp = MenuDriver.showSample(image.toString(), 220);
		MenuDriver.sleep(500);

		// options by their macro line, the tool from its menu entry
		IJ.run("Labeling Options (Tessera)", "model=[" + model + "] classes=[nucleus #ffff00, cell #ff8000] brush=3");
		IJ.run(imp, "FastSAM Labeling Tool (Tessera)", "");
		d.results.add("tool=" + Toolbar.getToolName());
		final LabelingSession s = MenuDriver.waitFor("labeling session", () -> FastSamTool.session(imp), 10_000);

		// hovering starts the network on the plane; the first click then proposes at once
		move(imp, 150, 100);
		MenuDriver.waitFor("network result", () -> s.hasResult(0) ? s : null, 60_000);

		// 1. click the first rectangle, look at the proposal, Enter
		clickAt(imp, 70, 75, false);
		waitProposal(s);
		d.results.add("proposal1=" + s.proposal().area());
		MenuDriver.sleep(400);
		d.screenshot("labeling-proposal.png");
		d.key(KeyEvent.VK_ENTER);
		MenuDriver.waitFor("object 1", () -> s.canvas().label(70, 75, 0) == 1 ? s : null, 5_000);

		// 2. the disc, Enter
		clickAt(imp, 200, 120, false);
		waitProposal(s);
		d.key(KeyEvent.VK_ENTER);
		MenuDriver.waitFor("object 2", () -> s.canvas().label(200, 120, 0) == 2 ? s : null, 5_000);

		// 3. the small rectangle, then Esc: nothing is added
		clickAt(imp, 270, 35, false);
		waitProposal(s);
		d.key(KeyEvent.VK_ESCAPE);
		MenuDriver.waitFor("rejected", () -> !s.hasPrompt() ? s : null, 5_000);
		d.results.add("afterEsc=" + s.canvas().label(270, 35, 0));

		// 3b. a shift-click is a negative point: alone it selects nothing
		clickAt(imp, 270, 35, true);
		MenuDriver.waitFor("the negative point", () -> s.points().size() == 1 ? s : null, 5_000);
		d.results.add("shiftClickNegative=" + !s.points().get(0).positive() + " proposal=" + (s.proposal() != null));
		d.key(KeyEvent.VK_ESCAPE);

		// 4. a box dragged around the small rectangle, Enter
		drag(imp, 244, 9, 296, 61);
		waitProposal(s);
		d.results.add("boxProposal=" + s.proposal().area());
		d.key(KeyEvent.VK_ENTER);
		MenuDriver.waitFor("object 3", () -> s.canvas().label(270, 35, 0) == 3 ? s : null, 5_000);

		// 5. undo, redo, undo
		ctrlKey(KeyEvent.VK_Z, false);
		d.results.add("afterUndo=" + s.canvas().label(270, 35, 0));
		ctrlKey(KeyEvent.VK_Z, true);
		d.results.add("afterRedo=" + s.canvas().label(270, 35, 0));
		ctrlKey(KeyEvent.VK_Z, false);
		d.results.add("afterUndoAgain=" + s.canvas().label(270, 35, 0));

		// 6. class 2 (cell), brush: a stroke on background paints a new object
		d.key(KeyEvent.VK_2);
		d.key(KeyEvent.VK_B);
		d.results.add("mode=" + s.mode());
		drag(imp, 150, 20, 180, 20);
		final int painted = s.canvas().label(165, 20, 0);
		d.results.add("painted=" + painted);
		d.results.add("paintedClass=" + s.canvas().classOf(painted));

		// 7. eraser: a click on the first rectangle erases a dab; Ctrl+Z brings it back
		d.key(KeyEvent.VK_E);
		clickAt(imp, 50, 60, false);
		d.results.add("erased=" + s.canvas().label(50, 60, 0));
		ctrlKey(KeyEvent.VK_Z, false);
		d.results.add("eraseUndone=" + s.canvas().label(50, 60, 0));
		d.key(KeyEvent.VK_S);
		MenuDriver.sleep(500);
		d.screenshot("labeling-labels.png");

		// 8. exports, by their macro lines
		IJ.run(imp, "Export Labels (Tessera)", "to=[label image file] file=[" + dir.resolve("labels.tif") + "]");
		IJ.run(imp, "Export Labels (Tessera)", "to=[Labkit file] file=[" + dir.resolve("labels.labeling") + "]");
		IJ.run(imp, "Export Labels (Tessera)", "to=[ROI Manager]");
		d.results.add("rois=" + RoiManager.getInstance().getCount());
		IJ.run(imp, "Export Labels (Tessera)", "to=[label image]");
		final ImagePlus labels = MenuDriver.waitFor("label image window", () -> WindowManager.getImage("objects-labels"), 10_000);
		d.results.add("labelWindow=" + labels.getWidth() + "x" + labels.getHeight() + " max=" + (int) labels.getStatistics().max);
		d.results.add("autosave=" + Files.isRegularFile(dir.resolve("objects.tessera-labels.tif")));

		// 9. the Labkit file into a second copy of the image
		final ImagePlus copy = IJ.openImage(image.toString());
		copy.setTitle("copy");
		copy.show();
		MenuDriver.waitFor("copy window", () -> copy.getWindow() != null && copy.getWindow().isShowing() ? copy : null, 10_000);
		IJ.run(copy, "Import Labels (Tessera)", "from=[Labkit file] file=[" + dir.resolve("labels.labeling") + "]");
		final LabelingSession c = FastSamTool.session(copy);
		boolean same = c != null;
		for (int y = 0; same && y < imp.getHeight(); y++)
			for (int x = 0; x < imp.getWidth(); x++)
				if ((s.canvas().label(x, y, 0) == 0) != (c.canvas().label(x, y, 0) == 0)) same = false;
		d.results.add("importSame=" + same);
		d.results.add("importClasses=" + (c == null ? "" : c.canvas().classes().stream().map(k -> k.name()).toList()));
		d.results.add("done=true");
	}

	/**
	 * The "labeling-nuclei" scenario: the built-in model on a sample opened from
	 * Plugins > Tessera > Samples > Synthetic Nuclei: a click and Enter on each
	 * of five nuclei, Ctrl+Z, exports to a label image file and a Labkit file.
	 * Writes the clicks, each object's IoU with its ground-truth nucleus, and a
	 * screenshot.
	 */
	void driveNuclei() throws Exception {
		final Path dir = Files.createDirectories(out.resolve("labeling-nuclei"));
		try (var old = Files.list(dir)) {
			for (final Path f : old.toList()) Files.delete(f);
		}
		MenuDriver.startImageJ();
		IJ.run("Synthetic Nuclei (Tessera)", "width=256 height=256 depth=1 count=30 min_radius=6 max_radius=10 photons=200 seed=5");
		final int[] ids = MenuDriver.waitFor("sample windows", () -> {
			final int[] list = WindowManager.getIDList();
			return list != null && list.length >= 2 ? list : null;
		}, 20_000);
		ImagePlus image = null, truth = null;
		for (final int id : ids) {
			final ImagePlus i = WindowManager.getImage(id);
			if (i.getTitle().contains("label")) truth = i;
			else image = i;
		}
		d.results.add("sample=" + image.getTitle() + "|" + truth.getTitle());
		// saved into a folder, as a user's image is (its labels are autosaved beside it; the headless run reads it)
		IJ.saveAsTiff(image, dir.resolve("nuclei.tif").toString());
		final ImagePlus imp = image;
		imp.getWindow().setLocation(40, 220);
		truth.getWindow().setLocation(700, 220);
		WindowManager.setCurrentWindow(imp.getWindow());
		IJ.run("Labeling Options (Tessera)", "model=[] classes=[nucleus #ffff00] brush=3");
		IJ.run(imp, "FastSAM Labeling Tool (Tessera)", "");
		final LabelingSession s = MenuDriver.waitFor("labeling session", () -> FastSamTool.session(imp), 10_000);
		move(imp, 128, 128);
		MenuDriver.waitFor("network result", () -> s.hasResult(0) ? s : null, 60_000);

		// five nuclei well inside the image, whose centre lies in the nucleus
		final int w = imp.getWidth(), h = imp.getHeight();
		final int n = (int) truth.getStatistics().max;
		final double[] sx = new double[n + 1], sy = new double[n + 1];
		final int[] count = new int[n + 1];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int l = (int) truth.getProcessor().getPixelValue(x, y);
				sx[l] += x;
				sy[l] += y;
				count[l]++;
			}
		final java.util.List<String> clicks = new java.util.ArrayList<>();
		final java.util.List<String> ious = new java.util.ArrayList<>();
		for (int l = 1; l <= n && clicks.size() < 5; l++) {
			if (count[l] < 30) continue;
			final int cx = (int) (sx[l] / count[l]), cy = (int) (sy[l] / count[l]);
			if (cx < 16 || cy < 16 || cx >= w - 16 || cy >= h - 16 || (int) truth.getProcessor().getPixelValue(cx, cy) != l) continue;
			clickAt(imp, cx, cy, false);
			waitProposal(s);
			d.key(KeyEvent.VK_ENTER);
			final int object = clicks.size() + 1;
			MenuDriver.waitFor("object " + object, () -> s.canvas().objects() == object ? s : null, 5_000);
			clicks.add((cx + 0.5) + "," + (cy + 0.5));
			int inter = 0, union = 0;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final boolean a = s.canvas().label(x, y, 0) == object, b = (int) truth.getProcessor().getPixelValue(x, y) == l;
					if (a && b) inter++;
					if (a || b) union++;
				}
			ious.add(String.format(java.util.Locale.ROOT, "%.3f", inter / (double) union));
		}
		d.results.add("clicks=" + String.join(";", clicks));
		d.results.add("ious=" + String.join(";", ious));
		MenuDriver.sleep(400);
		d.screenshot("labeling-nuclei.png");
		final int[] lastPixel = { -1 };
		final String[] last = clicks.get(clicks.size() - 1).split(",");
		ctrlKey(KeyEvent.VK_Z, false);
		lastPixel[0] = s.canvas().label((int) Double.parseDouble(last[0]), (int) Double.parseDouble(last[1]), 0);
		d.results.add("lastAfterUndo=" + lastPixel[0]);
		IJ.run(imp, "Export Labels (Tessera)", "to=[label image file] file=[" + dir.resolve("labels.tif") + "]");
		IJ.run(imp, "Export Labels (Tessera)", "to=[Labkit file] file=[" + dir.resolve("labels.labeling") + "]");
		d.results.add("autosave=" + Files.isRegularFile(dir.resolve("nuclei.tessera-labels.tif")));
		d.results.add("done=true");
	}

	/**
	 * The "label-and-train" scenario, the loop a person closes inside ImageJ: an
	 * image of a kind the built-in models were not trained on (grey brightfield:
	 * dark nuclei on a bright background), where FastSAM proposes nothing; the
	 * person paints the nuclei of one part of it with the labeling tool's brush
	 * (a stroke along each nucleus' middle row, then strokes from its middle
	 * outwards, all starting on the object so they extend it), exports the labels
	 * to a label image, draws a rectangle around the part they labelled with
	 * ImageJ's rectangle tool (clicked in the toolbar), and trains StarDist from
	 * the menu, watching the loss plot until it ends.
	 *
	 * @param folder holds {@code brightfield.tif}, {@code truth.tif} (where the nuclei are: what the person sees),
	 *            {@code area.txt} ({@code x,y,width,height} of the part to label) and {@code model.txt} (the model folder to type)
	 */
	void driveLabelAndTrain(final String folder) throws Exception {
		final Path dir = Path.of(folder);
		final ImagePlus truth = IJ.openImage(dir.resolve("truth.tif").toString());
		final int[] area = java.util.Arrays.stream(Files.readString(dir.resolve("area.txt")).strip().split(",")).mapToInt(Integer::parseInt)
			.toArray();
		final String modelFolder = Files.readString(dir.resolve("model.txt")).strip();
		// a fresh start: no labels autosaved by an earlier run to resume
		try (var old = Files.list(dir)) {
			for (final Path f : old.toList())
				if (f.getFileName().toString().startsWith("brightfield.tessera-labels")) Files.delete(f);
		}
		MenuDriver.startImageJ();
		final ImagePlus imp = MenuDriver.showSample(dir.resolve("brightfield.tif").toString(), 120);
		MenuDriver.sleep(500);
		IJ.run("Labeling Options (Tessera)", "model=[] classes=[nucleus #ffff00] brush=3");
		IJ.run(imp, "FastSAM Labeling Tool (Tessera)", "");
		final LabelingSession s = MenuDriver.waitFor("labeling session", () -> FastSamTool.session(imp), 10_000);
		move(imp, area[0] + area[2] / 2.0, area[1] + area[3] / 2.0);

		// the nuclei the part holds (any pixel in it), each painted: brush mode, then strokes
		final int w = imp.getWidth(), h = imp.getHeight(), n = (int) truth.getStatistics().max;
		final int[] t = new int[w * h];
		for (int i = 0; i < t.length; i++)
			t[i] = (int) truth.getProcessor().getf(i);
		final java.util.Set<Integer> inPart = new java.util.TreeSet<>();
		for (int y = area[1]; y < area[1] + area[3]; y++)
			for (int x = area[0]; x < area[0] + area[2]; x++)
				if (t[y * w + x] > 0) inPart.add(t[y * w + x]);
		// keys go to the image's window
		imp.getWindow().toFront();
		imp.getCanvas().requestFocus();
		MenuDriver.waitFor("the image's focus", () -> imp.getCanvas().isFocusOwner() ? imp : null, 5_000);
		d.key(KeyEvent.VK_B);
		d.results.add("mode=" + s.mode());
		int painted = 0, skipped = 0;
		for (final int l : inPart) {
			double sx = 0, sy = 0;
			int count = 0;
			for (int i = 0; i < t.length; i++)
				if (t[i] == l) {
					sx += i % w;
					sy += i / w;
					count++;
				}
			final int cx = (int) Math.round(sx / count), cy = (int) Math.round(sy / count);
			if (count < 20 || t[cy * w + cx] != l) {
				skipped++; // too small to paint, or not convex enough for strokes from its middle
				continue;
			}
			final int before = s.canvas().objects();
			// along the middle row, 2 pixels short of each end (the brush reaches 3 pixels)
			int x0 = cx, x1 = cx;
			while (x0 > 0 && t[cy * w + x0 - 1] == l) x0--;
			while (x1 < w - 1 && t[cy * w + x1 + 1] == l) x1++;
			drag(imp, Math.min(cx, x0 + 2), cy, Math.max(cx, x1 - 2), cy);
			// from the middle outwards, 8 directions, to 3 pixels short of the edge
			for (int k = 0; k < 8; k++) {
				final double a = k * Math.PI / 4, dx = Math.cos(a), dy = Math.sin(a);
				int r = 0;
				while (true) {
					final int x = (int) Math.round(cx + (r + 1) * dx), y = (int) Math.round(cy + (r + 1) * dy);
					if (x < 0 || y < 0 || x >= w || y >= h || t[y * w + x] != l) break;
					r++;
				}
				if (r > 4) drag(imp, cx, cy, cx + (r - 3) * dx, cy + (r - 3) * dy);
			}
			if (s.canvas().objects() == before + 1) painted++;
		}
		d.results.add("nucleiInPart=" + inPart.size());
		d.results.add("painted=" + painted);
		d.results.add("skipped=" + skipped);
		d.results.add("objects=" + s.canvas().objects());
		int inter = 0, union = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final boolean a = s.canvas().label(x, y, 0) > 0, b = inPart.contains(t[y * w + x]);
				if (a && b) inter++;
				if (a || b) union++;
			}
		d.results.add("paintedIou=" + String.format(java.util.Locale.ROOT, "%.3f", inter / (double) union));
		MenuDriver.sleep(400);
		d.screenshot("label-train-painted.png");

		// the labels as a label image window, by the export's macro line
		IJ.run(imp, "Export Labels (Tessera)", "to=[label image]");
		final ImagePlus labels = MenuDriver.waitFor("label image window", () -> WindowManager.getImage("brightfield-labels"), 10_000);
		labels.getWindow().setLocation(700, 120);

		// ImageJ's rectangle tool from the toolbar, then the part dragged on the image
		imp.getWindow().toFront();
		MenuDriver.sleep(300);
		final java.awt.Point tb = Toolbar.getInstance().getLocationOnScreen();
		d.click(tb.x + 10, tb.y + 10);
		MenuDriver.sleep(300);
		d.results.add("rectangleTool=" + (Toolbar.getToolId() == Toolbar.RECTANGLE));
		drag(imp, area[0], area[1], area[0] + area[2], area[1] + area[3]);
		final ij.gui.Roi roi = imp.getRoi();
		d.results.add("selection=" + (roi == null ? "none" : roi.getBounds().x + "," + roi.getBounds().y + "," + roi.getBounds().width + ","
			+ roi.getBounds().height));

		// Train StarDist from the menu; the loss plot; training runs to its end
		if (!d.trainStarDistFromTheMenu(imp, labels, "300", modelFolder, "label-train-dialog.png")) return;
		final java.awt.Frame plot = MenuDriver.trainingPlot("StarDist training", 60_000);
		d.results.add("plot=" + plot.getTitle());
		plot.setLocation(560, 420);
		final Path record = Path.of(modelFolder, "training.json");
		MenuDriver.waitFor("the model folder", () -> Files.isRegularFile(record) ? record : null, 700_000);
		plot.toFront();
		MenuDriver.sleep(1000);
		d.screenshot("label-train-plot.png");
		final com.google.gson.JsonObject r = com.google.gson.JsonParser.parseString(Files.readString(record)).getAsJsonObject().getAsJsonObject(
			"result");
		d.results.add("stepsDone=" + r.get("steps_done").getAsInt());
		d.results.add("thresholdsOn=" + r.get("thresholds_chosen_on").getAsString());
		d.results.add("done=true");
	}

	private static void waitProposal(final LabelingSession s) {
		MenuDriver.waitFor("a proposal", () -> s.proposal() != null ? s : null, 10_000);
	}

	/**
	 * The "pixel-classification" scenario: a person opens an image with scribbles in
	 * ../shared/datasets/pixelclass, chooses the labeling tool, presses P, paints strokes of
	 * two classes where the dataset's scribbles are (1 background, 2 object), turns on
	 * live mode (L) and sees the classes appear, paints one more stroke and sees them
	 * update, and saves the classifier by its macro line. The classes shown are written
	 * for the test to compare with the headless command's.
	 */
	void drivePixels(final String folder) throws Exception {
		final Path dir = Files.createDirectories(out.resolve("pixel-classification"));
		final Path image = dir.resolve("blobs.tif");
		for (final String f : new String[] { "blobs.tessera-labels.tif", "blobs.tessera-labels-classes.csv", "blobs.classifier", "shown-classes.tif" })
			Files.deleteIfExists(dir.resolve(f));
		Files.copy(Path.of(folder).resolve("image.tif"), image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		final ImagePlus scribbles = IJ.openImage(Path.of(folder).resolve("scribbles.tif").toString());

		MenuDriver.startImageJ();
		final ImagePlus imp = MenuDriver.showSample(image.toString(), 220);
		MenuDriver.sleep(500);
		IJ.run("Labeling Options (Tessera)", "model=[] classes=[background #808080, blob #ffff00] brush=2");
		IJ.run(imp, "FastSAM Labeling Tool (Tessera)", "");
		final LabelingSession s = MenuDriver.waitFor("labeling session", () -> FastSamTool.session(imp), 10_000);
		move(imp, 120, 120);
		d.key(KeyEvent.VK_P);
		d.results.add("pixelMode=" + (FastSamTool.pixelSession(imp) != null) + " " + s.mode());

		// strokes where the dataset's scribbles are: short drags through every 12th scribbled pixel of each class
		int strokes = 0;
		for (final int cls : new int[] { 1, 2 }) {
			d.key(cls == 1 ? KeyEvent.VK_1 : KeyEvent.VK_2);
			int seen = 0;
			for (int y = 0; y < scribbles.getHeight(); y++)
				for (int x = 0; x < scribbles.getWidth(); x++)
					if ((int) scribbles.getProcessor().getPixelValue(x, y) == cls && seen++ % 12 == 0) {
						drag(imp, x - 1, y, x + 1, y);
						strokes++;
					}
		}
		d.results.add("strokes=" + strokes);
		d.results.add("objects=" + s.canvas().objects());

		// live: it trains and shows the classes
		long t0 = System.nanoTime();
		d.key(KeyEvent.VK_L);
		int[] shown = null;
		try {
			shown = MenuDriver.waitFor("classes shown", () -> FastSamTool.shownClasses(imp), 30_000);
		}
		catch (final IllegalStateException e) {
			// a bare X server now and then drops a synthetic key: press it again if live mode is not on
			if (!FastSamTool.live(imp)) {
				d.results.add("pressedLAgain=true");
				d.key(KeyEvent.VK_L);
			}
			shown = MenuDriver.waitFor("classes shown", () -> FastSamTool.shownClasses(imp), 60_000);
		}
		final int[] first = shown;
		d.results.add("firstMs=" + (System.nanoTime() - t0) / 1_000_000);
		d.results.add("firstBlobShare=" + share(first, 2));
		MenuDriver.sleep(500);
		d.screenshot("pixels-live.png");

		// one more background stroke: live retrains and shows new classes
		d.key(KeyEvent.VK_1);
		t0 = System.nanoTime();
		drag(imp, 2, 2, 30, 2);
		final int[] second = MenuDriver.waitFor("classes after the stroke", () -> {
			final int[] c = FastSamTool.shownClasses(imp);
			return c != null && c != first ? c : null;
		}, 60_000);
		d.results.add("liveMs=" + (System.nanoTime() - t0) / 1_000_000);
		d.results.add("retrained=true");
		MenuDriver.sleep(500);
		d.screenshot("pixels-corrected.png");

		IJ.run(imp, "Save Pixel Classifier (Tessera)", "classifier=[" + dir.resolve("blobs.classifier") + "]");
		d.results.add("saved=" + Files.isRegularFile(dir.resolve("blobs.classifier")));
		// the classes and probabilities as images, by the export's macro line
		IJ.run(imp, "Export Pixel Classes (Tessera)", "probabilities");
		final ImagePlus exported = MenuDriver.waitFor("classes window", () -> WindowManager.getImage("blobs-classes"), 10_000);
		final ImagePlus probs = MenuDriver.waitFor("probabilities window", () -> WindowManager.getImage("blobs-probabilities"), 10_000);
		int same = 0;
		for (int i = 0; i < second.length; i++)
			if ((int) exported.getProcessor().getPixelValue(i % imp.getWidth(), i / imp.getWidth()) == second[i]) same++;
		d.results.add("exportedSame=" + (same == second.length));
		d.results.add("probabilityChannels=" + probs.getNChannels());
		// the saved classifier on a second copy of the image, by its macro line: the same classes show
		final ImagePlus copy = IJ.openImage(image.toString());
		copy.setTitle("blobs-copy");
		copy.show();
		MenuDriver.waitFor("copy window", () -> copy.getWindow() != null && copy.getWindow().isShowing() ? copy : null, 10_000);
		copy.getWindow().setLocation(320, 220);
		IJ.run(copy, "Load Pixel Classifier (Tessera)", "classifier=[" + dir.resolve("blobs.classifier") + "]");
		final int[] loaded = MenuDriver.waitFor("classes on the copy", () -> FastSamTool.shownClasses(copy), 60_000);
		d.results.add("loadedSame=" + java.util.Arrays.equals(loaded, second));
		MenuDriver.sleep(500);
		d.screenshot("pixels-loaded.png");
		final short[] px = new short[second.length];
		for (int i = 0; i < px.length; i++) px[i] = (short) second[i];
		new ij.io.FileSaver(new ImagePlus("shown", new ij.process.ShortProcessor(imp.getWidth(), imp.getHeight(), px, null))).saveAsTiff(dir
			.resolve("shown-classes.tif").toString());
		d.results.add("done=true");
	}

	private static String share(final int[] classes, final int c) {
		int n = 0;
		for (final int v : classes)
			if (v == c) n++;
		return String.format(java.util.Locale.ROOT, "%.3f", n / (double) classes.length);
	}

	private java.awt.Point screen(final ImagePlus imp, final double x, final double y) {
		final ImageCanvas ic = imp.getCanvas();
		final java.awt.Point p = ic.getLocationOnScreen();
		return new java.awt.Point(p.x + ic.screenXD(x + 0.5), p.y + ic.screenYD(y + 0.5));
	}

	/** Moves the mouse onto the image from outside its window (the X server keeps the pointer where the last scenario left it). */
	private void move(final ImagePlus imp, final double x, final double y) {
		d.robot.mouseMove(5, 1000);
		MenuDriver.sleep(200);
		final java.awt.Point p = screen(imp, x, y);
		d.robot.mouseMove(p.x, p.y);
		MenuDriver.sleep(200);
	}

	private void clickAt(final ImagePlus imp, final double x, final double y, final boolean shift) {
		final java.awt.Point p = screen(imp, x, y);
		if (shift) d.robot.keyPress(KeyEvent.VK_SHIFT);
		d.click(p.x, p.y);
		if (shift) d.robot.keyRelease(KeyEvent.VK_SHIFT);
		MenuDriver.sleep(300);
	}

	private void drag(final ImagePlus imp, final double x0, final double y0, final double x1, final double y1) {
		final java.awt.Point a = screen(imp, x0, y0), b = screen(imp, x1, y1);
		d.robot.mouseMove(a.x, a.y);
		d.robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		for (int i = 1; i <= 10; i++) d.robot.mouseMove(a.x + (b.x - a.x) * i / 10, a.y + (b.y - a.y) * i / 10);
		d.robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		MenuDriver.sleep(300);
	}

	private void ctrlKey(final int code, final boolean shift) {
		d.robot.keyPress(KeyEvent.VK_CONTROL);
		if (shift) d.robot.keyPress(KeyEvent.VK_SHIFT);
		d.key(code);
		if (shift) d.robot.keyRelease(KeyEvent.VK_SHIFT);
		d.robot.keyRelease(KeyEvent.VK_CONTROL);
		MenuDriver.sleep(300);
	}
}
