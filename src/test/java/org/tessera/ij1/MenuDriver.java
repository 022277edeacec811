package org.tessera.ij1;

import java.awt.AWTException;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Overlay;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import ij.plugin.frame.Recorder;

/**
 * Drives ImageJ like a person, in its own JVM under Xvfb (run by MenuIT), in
 * one of two scenarios. "gaussian": it opens the Plugins menu with the
 * keyboard down to Tessera's Gaussian Blur, presses Enter, types the sigma into
 * the dialog, picks the CPU, clicks OK with the mouse, then replays the line
 * the macro recorder wrote. "stardist": the same way to StarDist 2D, reads the
 * dialog's defaults, ticks the ROI Manager box and clicks OK, shows the
 * outlines with the ROI Manager's "Show All", and replays the recorded line. It
 * only uses ImageJ and AWT; Tessera itself is loaded from the plugins folder,
 * as in a real installation. Results go to {@code <out>/result-<scenario>.txt},
 * screenshots to {@code <out>/*.png}.
 */
public final class MenuDriver {

	private static final String LABEL = "Gaussian Blur (Tessera)";
	private static final String STARDIST = "StarDist 2D (Tessera)";

	private final Path out;
	final List<String> results = new ArrayList<>();
	final Robot robot;

	private MenuDriver(final Path out) throws AWTException {
		this.out = out;
		this.robot = new Robot();
		robot.setAutoDelay(40);
		// the X server outlives each driver: let go of any button or modifier an earlier run may have left pressed
		for (final int button : new int[] { InputEvent.BUTTON1_DOWN_MASK, InputEvent.BUTTON2_DOWN_MASK, InputEvent.BUTTON3_DOWN_MASK })
			robot.mouseRelease(button);
		for (final int k : new int[] { KeyEvent.VK_SHIFT, KeyEvent.VK_CONTROL, KeyEvent.VK_ALT })
			robot.keyRelease(k);
	}

	public static void main(final String[] args) throws Exception {
		final Path out = Path.of(args[0]);
		final String scenario = args.length > 2 ? args[2] : "gaussian";
		Files.createDirectories(out);
		final Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(scenario.equals("label-and-train") ? 800_000 : 150_000);
			}
			catch (final InterruptedException e) {
				return;
			}
			System.err.println("MenuDriver: timed out");
			Runtime.getRuntime().halt(3);
		});
		watchdog.setDaemon(true);
		watchdog.start();
		int code = 0;
		final MenuDriver d = new MenuDriver(out);
		try {
			if (scenario.equals("stardist")) d.driveStarDist(args[1]);
			else if (scenario.equals("train-stardist")) d.driveTrainStarDist(args[1]);
			else if (scenario.equals("labeling")) new LabelingDriver(d, out).drive(args[1]);
			else if (scenario.equals("labeling-nuclei")) new LabelingDriver(d, out).driveNuclei();
			else if (scenario.equals("labeling-pixels")) new LabelingDriver(d, out).drivePixels(args[1]);
			else if (scenario.equals("label-and-train")) new LabelingDriver(d, out).driveLabelAndTrain(args[1]);
			else d.drive(args[1]);
		}
		catch (final Throwable t) {
			t.printStackTrace();
			d.results.add("error=" + t);
			d.results.add("windows=" + String.join("|", WindowManager.getImageTitles()));
			d.results.add("log=" + String.valueOf(IJ.getLog()).replace('\n', '|'));
			try {
				d.screenshot("failure-" + scenario + ".png");
			}
			catch (final Throwable s) {
				// best effort
			}
			Thread.getAllStackTraces().forEach((th, st) -> {
				if (th.getName().contains("Gaussian") || th.getName().contains("StarDist") || th.getName().contains("SciJava") || th.getName().contains("FastSAM") || th.getName().contains("AWT-EventQueue")) {
					System.err.println("thread " + th.getName());
					for (final StackTraceElement e : st) System.err.println("   at " + e);
				}
			});
			code = 1;
		}
		finally {
			Files.write(out.resolve("result-" + scenario + ".txt"), d.results);
		}
		Runtime.getRuntime().halt(code);
	}

	private void drive(final String sampleImage) throws Exception {
		final ImageJ ij = startImageJ();
		final ImagePlus sample = showSample(sampleImage, 200);

		// 1. The menu entry exists where plugins.config puts it.
		final int[] path = menuPath(Menus.getMenuBar(), "Plugins", "Tessera", "Filters", LABEL);
		results.add("menu=" + (path != null));
		results.add("samplesMenu=" + (menuPath(Menus.getMenuBar(), "File", "Open Samples", "Synthetic Nuclei (Tessera)") != null));
		if (path == null) return;

		// 2. Turn the macro recorder on.
		startRecorder(ij, 700, 500);

		// 3. Open Plugins > Tessera > Filters with the keyboard and take a screenshot of the open menu.
		openMenu(ij, Menus.getMenuBar(), path);
		sleep(800);
		screenshot("menu.png");
		robot.keyPress(KeyEvent.VK_ENTER);
		robot.keyRelease(KeyEvent.VK_ENTER);

		// 4. The dialog: choose the CPU, type the sigma, press Enter (OK).
		final Dialog dialog = waitFor("dialog", () -> showingDialog(LABEL), 60_000);
		sleep(500);
		// the device comes after the filter's own parameters (boundary is the first choice)
		final Choice device = (Choice) find(dialog, Choice.class, 1);
		if (!"auto".equals(device.getSelectedItem()) && !"CPU".equals(device.getSelectedItem())) throw new IllegalStateException(
			"the second choice of the Gaussian dialog is not the device: " + device.getSelectedItem());
		device.select("CPU");
		final TextField sigma = (TextField) find(dialog, TextField.class, 0);
		final Point p = sigma.getLocationOnScreen();
		click(p.x + sigma.getWidth() / 2, p.y + sigma.getHeight() / 2);
		key(KeyEvent.VK_END);
		for (int i = sigma.getText().length(); i > 0; i--) key(KeyEvent.VK_BACK_SPACE);
		type("3");
		sleep(300);
		screenshot("dialog.png");
		key(KeyEvent.VK_ENTER);
		final long end = System.currentTimeMillis() + 5000;
		while (dialog.isShowing() && System.currentTimeMillis() < end) sleep(100);
		if (dialog.isShowing()) {
			// a key press can be lost on a bare X server: click OK instead
			final Button ok = okButton(dialog);
			final Point b = ok.getLocationOnScreen();
			click(b.x + ok.getWidth() / 2, b.y + ok.getHeight() / 2);
			sleep(3000);
		}
		results.add("dialogClosed=" + !dialog.isShowing());

		// 5. The result window appears.
		final ImagePlus first = waitFor("result", () -> WindowManager.getImage("nuclei2d-gaussian"), 30_000);
		first.getWindow().setLocation(320, 200);
		sleep(800);
		screenshot("result.png");
		results.add("result=" + first.getWidth() + "x" + first.getHeight() + "x" + first.getBitDepth());
		results.add("sigmaField=" + sigma.getText());

		// 6. What the recorder wrote, and replaying it on the sample image.
		final String recorded = waitFor("recorded line", () -> {
			final String text = Recorder.getInstance().getText();
			for (final String line : text.split("\n"))
				if (line.startsWith("run(\"" + LABEL + "\"")) return line;
			return null;
		}, 10_000);
		results.add("recorded=" + recorded);
		final ImagePlus replayed = replay(sample, recorded);
		results.add("replaySame=" + samePixels(first, replayed));
		final ImagePlus issueLine = replay(sample, "run(\"" + LABEL + "\", \"sigma=3 device=CPU\");");
		results.add("issueLineSame=" + samePixels(first, issueLine));
		final ImagePlus otherSigma = replay(sample, "run(\"" + LABEL + "\", \"sigma=4 device=CPU\");");
		results.add("otherSigmaSame=" + samePixels(first, otherSigma));
		results.add("done=true");
	}

	/**
	 * StarDist 2D from the menu: the dialog with its defaults, the ROI Manager
	 * box ticked with a click, OK clicked; then the label image, the table, the
	 * ROI Manager (its outlines shown on the input with "Show All") and the
	 * recorded line replayed.
	 */
	private void driveStarDist(final String sampleImage) throws Exception {
		final ImageJ ij = startImageJ();
		final ImagePlus sample = showSample(sampleImage, 160);

		// 1. The menu entry exists where plugins.config puts it.
		final int[] path = menuPath(Menus.getMenuBar(), "Plugins", "Tessera", "Segmentation", STARDIST);
		results.add("menu=" + (path != null));
		if (path == null) return;

		// 2. The macro recorder on, out of the way.
		startRecorder(ij, 20, 620);

		// 3. Plugins > Tessera > StarDist > StarDist 2D (Tessera): a click on Plugins, then the keyboard.
		openMenu(ij, Menus.getMenuBar(), path);
		sleep(800);
		screenshot("stardist-menu.png");
		key(KeyEvent.VK_ENTER);

		// 4. The dialog shows the defaults; tick "roi_manager" with a click and click OK.
		// the first command of an ImageJ session starts the SciJava context: slow on a loaded 2-core machine
		final Dialog dialog = waitFor("dialog", () -> showingDialog(STARDIST), 60_000);
		sleep(500);
		final GenericDialog gd = (GenericDialog) dialog;
		final List<String> defaults = new ArrayList<>();
		for (final Object f : gd.getStringFields()) defaults.add("[" + ((TextField) f).getText() + "]");
		for (final Object f : gd.getNumericFields()) defaults.add(((TextField) f).getText());
		final Checkbox box = (Checkbox) gd.getCheckboxes().get(0);
		defaults.add(box.getLabel() + "=" + box.getState());
		results.add("defaults=" + String.join(" ", defaults));
		final Point c = box.getLocationOnScreen();
		for (int attempt = 0; attempt < 2 && !box.getState(); attempt++) {
			click(c.x + 8, c.y + box.getHeight() / 2);
			final long until = System.currentTimeMillis() + 2000;
			while (!box.getState() && System.currentTimeMillis() < until) sleep(100);
		}
		if (!box.getState()) {
			// a bare X server now and then drops a synthetic click: the keyboard is a person's other way to tick it
			box.requestFocusInWindow();
			sleep(300);
			key(KeyEvent.VK_SPACE);
			final long until = System.currentTimeMillis() + 2000;
			while (!box.getState() && System.currentTimeMillis() < until) sleep(100);
		}
		results.add("ticked=" + box.getState());
		sleep(300);
		screenshot("stardist-dialog.png");
		final Button ok = okButton(dialog);
		for (int attempt = 0; attempt < 2 && dialog.isShowing(); attempt++) {
			final Point b = ok.getLocationOnScreen();
			click(b.x + ok.getWidth() / 2, b.y + ok.getHeight() / 2);
			final long until = System.currentTimeMillis() + 5000;
			while (dialog.isShowing() && System.currentTimeMillis() < until) sleep(100);
		}
		if (dialog.isShowing()) {
			// the same for OK: Enter in the dialog
			ok.requestFocusInWindow();
			sleep(300);
			key(KeyEvent.VK_ENTER);
			final long until = System.currentTimeMillis() + 5000;
			while (dialog.isShowing() && System.currentTimeMillis() < until) sleep(100);
		}
		results.add("dialogClosed=" + !dialog.isShowing());

		// 5. The label image, the table and the ROI Manager.
		final ImagePlus labels = waitFor("label image", () -> {
			final ImagePlus imp = WindowManager.getImage("nuclei2d-stardist-labels");
			return imp != null && imp.getWindow() != null && imp.getWindow().isShowing() ? imp : null;
		}, 60_000);
		labels.getWindow().setLocation(320, 160);
		results.add("objects=" + objects(labels));
		final RoiManager rm = waitFor("ROI Manager", RoiManager::getInstance, 10_000);
		rm.setLocation(620, 160);
		results.add("roiManager=" + rm.getCount());
		results.add("roiNames=" + rm.getRoi(0).getName() + ".." + rm.getRoi(rm.getCount() - 1).getName());
		// the outputs appear one after the other: give the table its moment (a busy machine showed it after the ROI Manager)
		try {
			waitFor("results table", () -> WindowManager.getWindow("StarDist Results"), 10_000);
		}
		catch (final IllegalStateException e) {
			// recorded as tableWindow=false below
		}
		final ResultsTable table = ResultsTable.getResultsTable("StarDist Results");
		results.add("tableWindow=" + (WindowManager.getWindow("StarDist Results") != null));
		results.add("tableRows=" + (table == null ? -1 : table.size()));
		final Window tableWindow = WindowManager.getWindow("StarDist Results");
		if (tableWindow != null) tableWindow.setBounds(900, 160, 360, 400);

		// 6. The outlines on the input: the input made the current image, a click on the ROI Manager's "Show All".
		WindowManager.setCurrentWindow(sample.getWindow());
		sample.getWindow().toFront();
		sleep(500);
		rm.toFront();
		sleep(500);
		final Checkbox showAll = checkbox(rm, "Show All");
		for (int attempt = 0; attempt < 2 && !showAll.getState(); attempt++) {
			final Point a = showAll.getLocationOnScreen();
			click(a.x + 8, a.y + showAll.getHeight() / 2);
			final long until = System.currentTimeMillis() + 2000;
			while (!showAll.getState() && System.currentTimeMillis() < until) sleep(100);
		}
		final Overlay shown = waitFor("outlines on the input", () -> {
			// "Show All" draws the manager's list on the canvas; it is not the image's overlay
			final Overlay o = sample.getCanvas() == null ? null : sample.getCanvas().getShowAllList();
			return o != null && o.size() == rm.getCount() ? o : null;
		}, 5_000);
		results.add("outlinesShown=" + shown.size());
		sleep(800);
		screenshot("stardist-result.png");

		// 7. The recorded line, replayed on the input: the same labels, and the ROI Manager replaced, not appended to.
		final String recorded = waitFor("recorded line", () -> {
			for (final String line : Recorder.getInstance().getText().split("\n"))
				if (line.startsWith("run(\"" + STARDIST + "\"")) return line;
			return null;
		}, 10_000);
		results.add("recorded=" + recorded);
		final ImagePlus replayed = replay(sample, recorded);
		results.add("replaySame=" + samePixels(labels, replayed));
		results.add("replayRoiManager=" + rm.getCount());
		results.add("done=true");
	}

	private static final String TRAIN_STARDIST = "Train StarDist (Tessera)";

	/**
	 * Train StarDist from the menu on an open image and its open label image:
	 * the two images chosen, steps and the model folder typed, OK clicked; the
	 * live loss plot appears; Esc stops training, which keeps the best network
	 * and writes the model folder; StarDist 2D then runs the new model.
	 *
	 * @param modelFolder where the model goes (lowercase letters, '/', '-' and '.': typed key by key)
	 */
	private void driveTrainStarDist(final String modelFolder) throws Exception {
		startImageJ();
		final ImagePlus labels = showSample("test-images/nuclei2d-labels.tif", 160);
		labels.getWindow().setLocation(320, 160);
		final ImagePlus sample = showSample("test-images/nuclei2d.tif", 160);
		if (!trainStarDistFromTheMenu(sample, labels, "400", modelFolder, "train-stardist-dialog.png")) return;

		// the live plot, with a validation or two on it, then Esc on the image
		final Frame plot = trainingPlot("StarDist training", 60_000);
		results.add("plot=" + plot.getTitle());
		sleep(25_000);
		plot.setLocation(620, 160);
		plot.toFront();
		sleep(1000);
		screenshot("train-stardist-plot.png");
		sample.getWindow().toFront();
		final Point c = sample.getCanvas().getLocationOnScreen();
		click(c.x + 20, c.y + 20);
		sleep(300);
		key(KeyEvent.VK_ESCAPE);
		final Path record = Path.of(modelFolder, "training.json");
		waitFor("the model folder", () -> Files.isRegularFile(record) ? record : null, 60_000);
		final com.google.gson.JsonObject r = com.google.gson.JsonParser.parseString(Files.readString(record)).getAsJsonObject().getAsJsonObject(
			"result");
		results.add("stopped=" + r.get("stopped").getAsBoolean());
		results.add("stepsDone=" + r.get("steps_done").getAsInt());
		results.add("bestStep=" + r.get("best_step").getAsInt());

		// StarDist 2D with the new model, as a macro line
		final ImagePlus segmented = replay(sample, "run(\"" + STARDIST + "\", \"model=[" + Path.of(modelFolder).toAbsolutePath() + "]\");");
		results.add("objects=" + objects(segmented));
		results.add("truth=" + objects(labels));
		results.add("done=true");
	}

	/**
	 * Plugins > Tessera > StarDist > Train StarDist from the menu bar: the image
	 * and its labels chosen, steps and the model folder typed, a screenshot of
	 * the dialog, OK clicked.
	 *
	 * @return whether the menu entry was there
	 * @throws IllegalStateException if the dialog did not close
	 */
	boolean trainStarDistFromTheMenu(final ImagePlus image, final ImagePlus labels, final String steps, final String modelFolder,
		final String screenshot) throws IOException
	{
		final int[] path = menuPath(Menus.getMenuBar(), "Plugins", "Tessera", "Training", TRAIN_STARDIST);
		results.add("menu=" + (path != null));
		if (path == null) return false;
		openMenu(IJ.getInstance(), Menus.getMenuBar(), path);
		sleep(800);
		key(KeyEvent.VK_ENTER);

		final GenericDialog gd = (GenericDialog) waitFor("dialog", () -> showingDialog(TRAIN_STARDIST), 60_000);
		sleep(500);
		// the image and its labels: the first two choices ("none" or an open image)
		((Choice) gd.getChoices().get(0)).select(image.getTitle());
		((Choice) gd.getChoices().get(1)).select(labels.getTitle());
		// steps: the second number (after validation_share); the model folder: the last text field
		final TextField stepsField = (TextField) gd.getNumericFields().get(1), model = (TextField) gd.getStringFields().get(gd.getStringFields()
			.size() - 1);
		retype(stepsField, steps);
		retype(model, modelFolder);
		results.add("steps=" + stepsField.getText());
		results.add("model=" + model.getText());
		screenshot(screenshot);
		final Button ok = okButton(gd);
		for (int attempt = 0; attempt < 2 && gd.isShowing(); attempt++) {
			final Point b = ok.getLocationOnScreen();
			click(b.x + ok.getWidth() / 2, b.y + ok.getHeight() / 2);
			final long until = System.currentTimeMillis() + 5000;
			while (gd.isShowing() && System.currentTimeMillis() < until) sleep(100);
		}
		if (gd.isShowing()) {
			// Enter in a text field is OK too
			model.requestFocus();
			sleep(300);
			key(KeyEvent.VK_ENTER);
			final long until = System.currentTimeMillis() + 5000;
			while (gd.isShowing() && System.currentTimeMillis() < until) sleep(100);
		}
		results.add("dialogClosed=" + !gd.isShowing());
		// a bare X server now and then drops a synthetic click: fail this run, so that the test runs the driver again
		if (gd.isShowing()) throw new IllegalStateException("the dialog did not close on OK");
		return true;
	}

	/** The live training plot's window, once it shows. */
	static Frame trainingPlot(final String titleStart, final long millis) {
		return waitFor("loss plot", () -> {
			for (final Window w : Window.getWindows())
				if (w instanceof Frame f && f.isShowing() && f.getTitle().startsWith(titleStart)) return f;
			return null;
		}, millis);
	}

	private void retype(final TextField field, final String text) {
		final Point p = field.getLocationOnScreen();
		click(p.x + field.getWidth() / 2, p.y + field.getHeight() / 2);
		sleep(200);
		key(KeyEvent.VK_END);
		for (int i = field.getText().length(); i > 0; i--) key(KeyEvent.VK_BACK_SPACE);
		type(text);
		sleep(300);
		if (!field.getText().equals(text)) field.setText(text); // a bare X server now and then drops a key
	}

	/** Distinct non-zero values of a 16-bit label image. */
	private static long objects(final ImagePlus labels) {
		final short[] p = (short[]) labels.getProcessor().getPixels();
		final java.util.BitSet seen = new java.util.BitSet();
		for (final short v : p) if (v != 0) seen.set(v & 0xffff);
		return seen.cardinality();
	}

	private ImagePlus replay(final ImagePlus sample, final String macro) {
		final int before = WindowManager.getImageCount();
		WindowManager.setTempCurrentImage(sample);
		IJ.runMacro("selectImage(\"" + sample.getTitle() + "\");\n" + macro);
		final ImagePlus result = WindowManager.getCurrentImage();
		if (WindowManager.getImageCount() != before + 1 || result == sample)
			throw new IllegalStateException("replaying '" + macro + "' made no new image");
		return result;
	}

	private static boolean samePixels(final ImagePlus a, final ImagePlus b) {
		final short[] pa = (short[]) a.getProcessor().getPixels(), pb = (short[]) b.getProcessor().getPixels();
		return java.util.Arrays.equals(pa, pb);
	}

	/** Indices of the menu items along the path (separators excluded, as the keyboard skips them). */
	private static int[] menuPath(final MenuBar bar, final String... labels) {
		final int[] path = new int[labels.length];
		Menu current = null;
		for (int i = 0; i < bar.getMenuCount(); i++)
			if (labels[0].equals(bar.getMenu(i).getLabel())) {
				current = bar.getMenu(i);
				path[0] = i;
			}
		if (current == null) return null;
		for (int level = 1; level < labels.length; level++) {
			int index = -1, visible = 0;
			MenuItem found = null;
			for (int i = 0; i < current.getItemCount(); i++) {
				final MenuItem item = current.getItem(i);
				if ("-".equals(item.getLabel())) continue;
				if (labels[level].equals(item.getLabel())) {
					index = visible;
					found = item;
					break;
				}
				visible++;
			}
			if (found == null) return null;
			path[level] = index;
			if (level < labels.length - 1) {
				if (!(found instanceof Menu m)) return null;
				current = m;
			}
		}
		return path;
	}

	/**
	 * Clicks the top-level menu in the menu bar, then walks down to the item with
	 * the arrow keys. AWT menu bars have no API for their item positions; on X11
	 * each label takes its text width plus a margin, measured here with the menu
	 * font.
	 */
	private void openMenu(final Frame frame, final MenuBar bar, final int[] path) {
		// A click that the window manager did not take yet leaves the menu closed, and the keys then reach the
		// current image (the arrows zoom it and change its slice): seen on a loaded machine. Then undo that and
		// try again.
		final ImagePlus current = ij.WindowManager.getCurrentImage();
		final double zoom = current != null && current.getCanvas() != null ? current.getCanvas().getMagnification() : Double.NaN;
		final int slice = current != null ? current.getCurrentSlice() : 0;
		for (int attempt = 1;; attempt++) {
			navigateMenu(frame, bar, path);
			sleep(300);
			final boolean keysReachedImage = current != null && current.getCanvas() != null && (current.getCanvas().getMagnification() != zoom ||
				current.getCurrentSlice() != slice);
			if (!keysReachedImage || attempt == 3) return;
			System.err.println("the menu did not open (attempt " + attempt + "); trying again");
			key(KeyEvent.VK_ESCAPE);
			IJ.run(current, "Set... ", "zoom=" + Math.round(zoom * 100));
			current.setSlice(slice);
			sleep(1500);
		}
	}

	private void navigateMenu(final Frame frame, final MenuBar bar, final int[] path) {
		final java.awt.Font font = bar.getFont() != null ? bar.getFont() : new java.awt.Font(java.awt.Font.DIALOG, java.awt.Font.PLAIN, 12);
		final java.awt.FontMetrics fm = frame.getFontMetrics(font);
		final Point loc = frame.getLocationOnScreen();
		int x = loc.x + frame.getInsets().left + 9;
		for (int i = 0; i < path[0]; i++) x += fm.stringWidth(bar.getMenu(i).getLabel()) + 22;
		x += fm.stringWidth(bar.getMenu(path[0]).getLabel()) / 2;
		final int y = loc.y + frame.getInsets().top - 10;
		click(x, Math.max(loc.y + 5, y));
		sleep(800);
		for (int level = 1; level < path.length; level++) {
			for (int i = 0; i < path[level]; i++) key(KeyEvent.VK_DOWN);
			if (level < path.length - 1) {
				key(KeyEvent.VK_RIGHT);
				sleep(500);
			}
		}
	}

	/** A fresh ImageJ, its window showing. */
	static ImageJ startImageJ() {
		final ImageJ ij = new ImageJ();
		waitFor("ImageJ window", () -> ij.isShowing() ? ij : null, 20_000);
		return ij;
	}

	/** Opens an image and shows it at (20, y), as the current image. */
	static ImagePlus showSample(final String path, final int y) {
		final ImagePlus sample = IJ.openImage(path);
		sample.show();
		waitFor("sample image window", () -> WindowManager.getCurrentImage() == sample && sample.getWindow() != null && sample.getWindow()
			.isShowing() ? sample : null, 10_000);
		sample.getWindow().setLocation(20, y);
		return sample;
	}

	/** Turns the macro recorder on, its window at (x, y), and brings ImageJ to the front. */
	private static void startRecorder(final ImageJ ij, final int x, final int y) {
		IJ.run("Record...");
		waitFor("recorder", Recorder::getInstance, 10_000);
		Recorder.getInstance().setLocation(x, y);
		ij.toFront();
		sleep(500);
	}

	void key(final int code) {
		robot.keyPress(code);
		robot.keyRelease(code);
		sleep(150);
	}

	void type(final String text) {
		for (final char c : text.toCharArray()) {
			final int code = KeyEvent.getExtendedKeyCodeForChar(c);
			robot.keyPress(code);
			robot.keyRelease(code);
		}
	}

	void click(final int x, final int y) {
		robot.mouseMove(x, y);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
	}

	void screenshot(final String name) throws IOException {
		final Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
		final BufferedImage shot = robot.createScreenCapture(screen);
		ImageIO.write(shot, "png", new File(out.toFile(), name));
		results.add("screenshot=" + name);
	}

	private static Dialog showingDialog(final String title) {
		for (final Window w : Window.getWindows())
			if (w instanceof Dialog d && d.isShowing() && title.equals(d.getTitle())) return d;
		return null;
	}

	private static Component find(final Container c, final Class<?> type, final int index) {
		final List<Component> found = new ArrayList<>();
		collect(c, type, found);
		if (found.size() <= index) throw new IllegalStateException("no " + type.getSimpleName() + " #" + index + " in " + c);
		return found.get(index);
	}

	private static void collect(final Container c, final Class<?> type, final List<Component> found) {
		for (final Component child : c.getComponents()) {
			if (type.isInstance(child)) found.add(child);
			if (child instanceof Container cc) collect(cc, type, found);
		}
	}

	private static Checkbox checkbox(final Container c, final String label) {
		final List<Component> boxes = new ArrayList<>();
		collect(c, Checkbox.class, boxes);
		for (final Component b : boxes)
			if (label.equals(((Checkbox) b).getLabel())) return (Checkbox) b;
		throw new IllegalStateException("no checkbox '" + label + "' in " + c);
	}

	private static Button okButton(final Dialog dialog) {
		final List<Component> buttons = new ArrayList<>();
		collect(dialog, Button.class, buttons);
		for (final Component b : buttons)
			if ("OK".equals(((Button) b).getLabel().trim())) return (Button) b;
		throw new IllegalStateException("no OK button");
	}

	static <T> T waitFor(final String what, final Supplier<T> check, final long millis) {
		final long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end) {
			final T t = check.get();
			if (t != null) return t;
			sleep(100);
		}
		throw new IllegalStateException("timed out waiting for " + what);
	}

	static void sleep(final long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
