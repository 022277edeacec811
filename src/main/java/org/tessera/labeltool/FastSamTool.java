package org.tessera.labeltool;

import java.awt.EventQueue;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabelingSession;
import org.tessera.annotate.PixelClassificationSession;
import org.tessera.core.TaskMonitor;
import org.tessera.ij1.ParameterForm;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.sam.Box;
import org.tessera.sam.FastSam;
import org.tessera.sam.FastSamDecoder;
import org.tessera.sam.FastSamModel;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.sam.FastSamSegmenter;
import org.tessera.sam.FastSamResult;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.ImageCanvas;
import ij.gui.Toolbar;
import ij.plugin.tool.PlugInTool;

/**
 * The FastSAM labeling tool for ImageJ's toolbar.
 * <ul>
 * <li>click: a positive point; shift-click or alt-click: a negative point; drag: a box.
 * The proposed object shows at once in cyan (the network runs once per plane, in the
 * background the first time; later prompts on the plane choose from its cached result);</li>
 * <li>Enter accepts the proposal as a new object of the current class, Esc rejects it;</li>
 * <li>B brush (a drag paints the object it starts on, or a new object), E eraser,
 * S back to FastSAM prompts; [ and ] make the brush smaller and larger;</li>
 * <li>1 to 9 choose the class; Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y redoes;</li>
 * <li>each plane of a stack (z and time) is labelled on its own.</li>
 * </ul>
 * Labels are saved after every step, undo and redo to {@code <image>.tessera-labels.tif}
 * beside the image (or in {@code ~/.tessera/labeling}, or the folder the system property
 * {@code tessera.labeling.dir} names, for an image without a folder), with
 * their class table, and picked up again when the tool is next used on that image.
 * Double-clicking the tool's icon (or Plugins &gt; Tessera &gt; Labeling &gt; Labeling
 * Options) chooses the model, the classes and the brush size. Export and import:
 * {@link LabelsExport}, {@link LabelsImport}.
 */
public final class FastSamTool extends PlugInTool {

	static final String NAME = "FastSAM Labeling (Tessera)";
	private static final String PREFS = "tessera.labeling.";
	private static final int DRAG_PIXELS = 4;

	/** One image being labelled. */
	private static final class Labeling {

		final LabelingSession session;
		int shownPlane = -1;
		/** Planes whose network run is under way (touched on the event thread only). */
		final java.util.Set<Integer> pending = new java.util.HashSet<>();
		/** Pixel classification: the session (made when the mode is first chosen), whether it is on and live. */
		PixelClassificationSession pixels;
		boolean pixelMode, live;
		/** The classes shown, of which plane, from the classifier trained at which canvas edit (event thread). */
		int[] classes;
		int classesPlane = -1;
		/** A classification is under way / another is wanted after it (event thread). */
		boolean classifying, again;

		Labeling(final LabelingSession session) {
			this.session = session;
		}
	}

	private static final Map<ImagePlus, Labeling> LABELINGS = new WeakHashMap<>();
	static {
		// a session holds its image (the network reads its planes), so the weak map alone would keep closed images: drop them on close
		ImagePlus.addImageListener(new ij.ImageListener() {

			@Override
			public void imageOpened(final ImagePlus imp) {}

			@Override
			public void imageClosed(final ImagePlus imp) {
				synchronized (FastSamTool.class) {
					LABELINGS.remove(imp);
				}
			}

			@Override
			public void imageUpdated(final ImagePlus imp) {}
		});
	}
	private static final ExecutorService NETWORK = Executors.newSingleThreadExecutor(r -> {
		final Thread t = new Thread(r, "Tessera FastSAM network");
		t.setDaemon(true);
		return t;
	});
	private static final ExecutorService CLASSIFIER = Executors.newSingleThreadExecutor(r -> {
		final Thread t = new Thread(r, "Tessera pixel classifier");
		t.setDaemon(true);
		return t;
	});

	private static String modelPath = Prefs.get(PREFS + "model", "");
	private static String classSpec = Prefs.get(PREFS + "classes", "nucleus #ffff00, cell #ff8000, other #ff00ff");
	private static double brushRadius = Prefs.get(PREFS + "brush", 4);
	private static FastSam fastSam;
	private static String fastSamFor;

	private int pressX, pressY;
	private boolean dragging;

	@Override
	public void run(final String arg) {
		if ("options".equals(arg)) {
			showOptionsDialog();
			return;
		}
		Toolbar.addPlugInTool(this);
		final ImagePlus imp = ij.WindowManager.getCurrentImage();
		if (imp == null) {
			IJ.showStatus(NAME + ": open an image and click on it");
			return;
		}
		final Labeling l = labeling(imp);
		// the network starts on the shown plane now, so the first click proposes at once
		EventQueue.invokeLater(() -> prefetch(imp, l));
	}

	/** Runs the network on the shown plane in the background, unless it ran or runs already (FastSAM prompts only). */
	private static void prefetch(final ImagePlus imp, final Labeling l) {
		final int plane = ImagePlusPlanes.current(imp);
		if (l.session.mode() == LabelingSession.Mode.SEGMENT && !l.session.hasResult(plane) && !l.pending.contains(plane)) ensureResult(imp, l,
			plane);
	}

	@Override
	public String getToolName() {
		return NAME;
	}

	@Override
	public String getToolIcon() {
		// a cell outline with a dot: "C" colour, "O" oval, "F" filled rectangle
		return "C0aaO11ccC0ffO33aaCf00F7722";
	}

	// --- sessions ---

	/** The labeling session of an image, or null when the tool has not been used on it. */
	public static synchronized LabelingSession session(final ImagePlus imp) {
		final Labeling l = LABELINGS.get(imp);
		return l == null ? null : l.session;
	}

	/** The end of an autosaved label file's name. */
	public static final String AUTOSAVE_SUFFIX = ".tessera-labels.tif";

	/** The name of the file an image's labels are autosaved to, from the image's name without its extension. */
	public static String autosaveName(final String base) {
		return base.replaceAll("[^A-Za-z0-9._-]", "_") + AUTOSAVE_SUFFIX;
	}

	/** Where an image's labels are autosaved. */
	public static Path autosavePath(final ImagePlus imp) {
		final ij.io.FileInfo fi = imp.getOriginalFileInfo();
		final String name = autosaveName(ImagePlusResults.baseName(imp.getTitle()));
		if (fi != null && fi.directory != null && !fi.directory.isEmpty() && Files.isWritable(Path.of(fi.directory)))
			return Path.of(fi.directory).resolve(name);
		final String dir = System.getProperty("tessera.labeling.dir");
		return (dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".tessera", "labeling")).resolve(name);
	}

	/**
	 * Starts labeling an image (or returns its session): picks up an autosave
	 * of the same size, else an empty canvas with the classes of the options.
	 */
	public static synchronized LabelingSession start(final ImagePlus imp) {
		return labeling(imp).session;
	}

	private static synchronized Labeling labeling(final ImagePlus imp) {
		Labeling l = LABELINGS.get(imp);
		if (l != null) return l;
		Path save = autosavePath(imp);
		final int planes = ImagePlusPlanes.count(imp);
		LabelCanvas canvas = null;
		String resumed = null;
		if (Files.isRegularFile(save)) {
			String problem;
			try {
				final LabelCanvas old = LabelTransfer.load(save);
				problem = old.width() == imp.getWidth() && old.height() == imp.getHeight() && old.slices() == planes ? null : "it is " + old.width() +
					" x " + old.height() + " x " + old.slices() + ", not the image's size";
				if (problem == null) {
					canvas = old;
					resumed = "resumed " + old.objects() + " objects from " + save;
				}
			}
			catch (final Exception e) {
				problem = e.getMessage();
			}
			if (problem != null) {
				// never overwrite labels that belong to something else: save under a new name
				final Path other = save;
				for (int i = 2; Files.exists(save); i++) save = other.resolveSibling(other.getFileName().toString().replace(".tessera-labels.tif",
					".tessera-labels-" + i + ".tif"));
				IJ.log("Tessera labeling: not resuming from " + other + " (" + problem + "); it stays as it is, and these labels go to " + save);
			}
		}
		if (canvas == null) {
			canvas = new LabelCanvas(imp.getWidth(), imp.getHeight(), planes);
			applyClasses(canvas, classSpec);
		}
		final LabelingSession session = new LabelingSession(canvas, plane -> runNetwork(imp, plane));
		session.setBrushRadius(brushRadius);
		l = new Labeling(session);
		LABELINGS.put(imp, l);
		if (resumed != null) IJ.log("Tessera labeling: " + resumed);
		// from the first change on (a fresh start writes nothing until then)
		canvas.autosaveFromNextChange(save, LabelTransfer::save);
		render(imp, l);
		return l;
	}

	/** Sets a canvas's classes from "name #rrggbb, name #rrggbb, ...". */
	public static void applyClasses(final LabelCanvas canvas, final String spec) {
		final java.util.List<LabelCanvas.LabelClass> parsed = parseClasses(spec);
		for (int i = 0; i < parsed.size(); i++) {
			if (i < canvas.classes().size()) {
				if (!canvas.classes().get(i).equals(parsed.get(i))) canvas.setClass(i, parsed.get(i));
			}
			else canvas.addClass(parsed.get(i).name(), parsed.get(i).rgb());
		}
	}

	/** Parses "name #rrggbb, name #rrggbb, ..." (the colour is optional). */
	public static java.util.List<LabelCanvas.LabelClass> parseClasses(final String spec) {
		final int[] palette = { 0xffff00, 0xff8000, 0xff00ff, 0x00ff00, 0x00ffff, 0x4080ff, 0xff4040, 0xffffff, 0x80ff80 };
		final java.util.List<LabelCanvas.LabelClass> out = org.tessera.core.NamedColours.parse(spec, palette, "classes").stream().map(
			e -> new LabelCanvas.LabelClass(e.name(), e.rgb())).toList();
		if (out.isEmpty()) throw new IllegalArgumentException("classes: give at least one, as 'name #rrggbb, name #rrggbb'");
		if (out.size() > 9) throw new IllegalArgumentException("classes: at most 9 (keys 1 to 9), got " + out.size());
		return out;
	}

	// --- the network ---

	private static FastSamResult runNetwork(final ImagePlus imp, final int plane) {
		final long t0 = System.nanoTime();
		final FastSamResult r = fastSam().segment(FastSamSegmenter.image(ImagePlusPlanes.of(imp).plane(plane)), TaskMonitor.NONE);
		IJ.showStatus("FastSAM: " + r.masks().size() + " objects on plane " + (plane + 1) + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
		return r;
	}

	private static synchronized FastSam fastSam() {
		if (fastSam == null || !modelPath.equals(fastSamFor)) {
			if (fastSam != null) fastSam.model().close();
			final FastSamModel model = FastSamModel.open(modelPath);
			// the model's own thresholds; enough detections that every object of a crowded field can be prompted
			final FastSamDecoder d = model.decoder();
			fastSam = new FastSam(model, d.withMaxDetections(Math.max(5000, d.maxDetections())));
			fastSamFor = modelPath;
		}
		return fastSam;
	}

	/**
	 * Makes sure the plane's network result exists, running the network in the
	 * background if needed; then recomputes the proposal and redraws, on the
	 * event thread.
	 */
	private static void ensureResult(final ImagePlus imp, final Labeling l, final int plane) {
		if (l.session.hasResult(plane)) {
			l.session.refresh();
			render(imp, l);
			return;
		}
		if (!l.pending.add(plane)) return;
		IJ.showStatus("FastSAM: running the network on plane " + (plane + 1) + " ...");
		NETWORK.submit(() -> {
			try {
				final FastSamResult r = runNetwork(imp, plane);
				EventQueue.invokeLater(() -> {
					l.pending.remove(plane);
					l.session.offerResult(plane, r);
					l.session.refresh();
					render(imp, l);
				});
			}
			catch (final RuntimeException e) {
				EventQueue.invokeLater(() -> l.pending.remove(plane));
				IJ.log("Tessera labeling: " + e.getMessage());
				IJ.showStatus("FastSAM failed: " + e.getMessage());
			}
		});
	}

	/** Redraws the image's overlay for the shown plane and writes the status. */
	private static void render(final ImagePlus imp, final Labeling l) {
		final int plane = ImagePlusPlanes.current(imp);
		l.shownPlane = plane;
		if (l.pixelMode) {
			LabelOverlay.showClasses(imp, l.classesPlane == plane ? l.classes : null, classColours(l.session.canvas()), plane);
			// another plane: classify it with the classifier there is
			if (l.classesPlane != plane && l.pixels.classifier() != null) classify(imp, l, false);
		}
		else LabelOverlay.showClasses(imp, null, null, plane);
		LabelOverlay.show(imp, l.session, plane);
		if (l.pixelMode && !l.classifying) IJ.showStatus(pixelStatus(l));
		else if (!l.session.status().isEmpty()) IJ.showStatus(l.session.status());
	}

	// --- pixel classification ---

	private static int[] classColours(final LabelCanvas canvas) {
		return canvas.classes().stream().mapToInt(LabelCanvas.LabelClass::rgb).toArray();
	}

	private static String pixelStatus(final Labeling l) {
		return "Pixel classification" + (l.live ? " (live)" : "") + ": paint strokes of each class (1-9 class " + (l.session.currentClass() + 1) +
			", [ ] brush size), T trains" + (l.live ? "" : ", L live") + ", Ctrl+Z undoes, P back to labeling";
	}

	/** The pixel classification session of an image, or null when that mode was never chosen on it. */
	public static synchronized PixelClassificationSession pixelSession(final ImagePlus imp) {
		final Labeling l = LABELINGS.get(imp);
		return l == null ? null : l.pixels;
	}

	/** Whether an image's pixel classification retrains after every stroke (live mode, key L). */
	public static synchronized boolean live(final ImagePlus imp) {
		final Labeling l = LABELINGS.get(imp);
		return l != null && l.live;
	}

	/** The classes shown on an image's current plane (1 .. classes, {@code y * width + x}), or null. */
	public static synchronized int[] shownClasses(final ImagePlus imp) {
		final Labeling l = LABELINGS.get(imp);
		return l == null || l.classesPlane != ImagePlusPlanes.current(imp) ? null : l.classes;
	}

	/** Puts a classifier (from a file) on an image in pixel classification mode, turning the mode on, and shows its classes. */
	public static void useClassifier(final ImagePlus imp, final org.tessera.pixel.PixelClassifier pc) {
		final Labeling l = labeling(imp);
		final RuntimeException[] failed = new RuntimeException[1];
		final Runnable use = () -> {
			try {
				if (!l.pixelMode) setPixelMode(imp, l, true);
				l.pixels.useClassifier(pc);
				l.classesPlane = -1;
				classify(imp, l, false);
			}
			catch (final RuntimeException e) {
				failed[0] = e;
			}
		};
		// the tool's state is the event thread's; a macro runs on its own thread
		if (EventQueue.isDispatchThread()) use.run();
		else try {
			EventQueue.invokeAndWait(use);
		}
		catch (final InterruptedException | java.lang.reflect.InvocationTargetException e) {
			throw new IllegalStateException("cannot reach the event thread: " + e.getMessage(), e);
		}
		if (failed[0] != null) throw failed[0];
	}

	/** Turns pixel classification on or off for an image; on, the brush paints scribbles of the current class. */
	static void setPixelMode(final ImagePlus imp, final Labeling l, final boolean on) {
		l.pixelMode = on;
		if (on) {
			if (l.pixels == null) l.pixels = new PixelClassificationSession(l.session.canvas(), plane -> PixelPlanes.read(imp, plane), PixelPlanes
				.channels(imp), org.tessera.pixel.FeatureSettings.defaults(), org.tessera.pixel.RandomForest.Settings.defaults());
			l.session.setMode(LabelingSession.Mode.BRUSH);
			// the features of the shown plane, in the background, so that the first training is quick
			final int plane = ImagePlusPlanes.current(imp);
			final PixelClassificationSession p = l.pixels;
			CLASSIFIER.submit(() -> {
				try {
					p.features(plane, TaskMonitor.NONE);
				}
				catch (final RuntimeException e) {
					IJ.log("Tessera pixel classification: " + e.getMessage());
				}
			});
		}
		else l.session.setMode(LabelingSession.Mode.SEGMENT);
	}

	/**
	 * Trains when the scribbles changed (if {@code train}) and classifies the shown plane, in
	 * the background; the overlay shows the classes when done. A request while one runs is
	 * done once after it.
	 */
	static void classify(final ImagePlus imp, final Labeling l, final boolean train) {
		if (l.classifying) {
			l.again = true;
			return;
		}
		l.classifying = true;
		final int plane = ImagePlusPlanes.current(imp);
		final PixelClassificationSession p = l.pixels;
		IJ.showStatus("Pixel classification: " + (p.hasFeatures(plane) ? "" : "computing features, ") + (train && p.stale() ? "training, " : "") +
			"classifying plane " + (plane + 1) + " ...");
		CLASSIFIER.submit(() -> {
			int[] classes = null;
			String message = null;
			final long t0 = System.nanoTime();
			try {
				if (train && p.stale()) p.train(TaskMonitor.NONE);
				if (p.classifier() != null) classes = p.classify(plane, 0, TaskMonitor.NONE);
			}
			catch (final RuntimeException e) {
				message = e.getMessage();
			}
			final int[] result = classes;
			final String problem = message;
			final long ms = (System.nanoTime() - t0) / 1_000_000;
			EventQueue.invokeLater(() -> {
				l.classifying = false;
				if (result != null) {
					l.classes = result;
					l.classesPlane = plane;
				}
				render(imp, l);
				IJ.showStatus(problem != null ? problem : "Pixel classification: plane " + (plane + 1) + " classified in " + ms + " ms; " + pixelStatus(
					l));
				if (l.again) {
					l.again = false;
					classify(imp, l, train);
				}
			});
		});
	}

	/** Redraws an image's labels after a change from outside the tool (an import). */
	public static void refresh(final ImagePlus imp) {
		final Labeling l;
		synchronized (FastSamTool.class) {
			l = LABELINGS.get(imp);
		}
		if (l != null) render(imp, l);
	}

	// --- mouse ---

	private Labeling active(final ImagePlus imp) {
		final Labeling l = labeling(imp);
		if (l.session.canvas().slices() != ImagePlusPlanes.count(imp) || l.session.canvas().width() != imp.getWidth())
			throw new IllegalStateException("image '" + imp.getTitle() + "' changed size since its labeling began");
		installKeys(imp);
		if (l.shownPlane != ImagePlusPlanes.current(imp)) render(imp, l);
		return l;
	}

	@Override
	public void mouseEntered(final ImagePlus imp, final MouseEvent e) {
		prefetch(imp, active(imp));
		e.consume();
	}

	@Override
	public void mouseMoved(final ImagePlus imp, final MouseEvent e) {
		final Labeling l;
		synchronized (FastSamTool.class) {
			l = LABELINGS.get(imp);
		}
		if (l == null) return;
		if (l.shownPlane != ImagePlusPlanes.current(imp)) render(imp, l);
		// a new plane (or the mouse was already over the image when the tool started): its network run starts as the mouse moves
		prefetch(imp, l);
	}

	@Override
	public void mousePressed(final ImagePlus imp, final MouseEvent e) {
		final Labeling l = active(imp);
		final ImageCanvas ic = imp.getCanvas();
		pressX = e.getX();
		pressY = e.getY();
		dragging = false;
		if (l.session.mode() != LabelingSession.Mode.SEGMENT) {
			l.session.beginStroke(ImagePlusPlanes.current(imp), ic.offScreenXD(e.getX()), ic.offScreenYD(e.getY()));
			render(imp, l);
		}
		e.consume();
	}

	@Override
	public void mouseDragged(final ImagePlus imp, final MouseEvent e) {
		final Labeling l = active(imp);
		final ImageCanvas ic = imp.getCanvas();
		if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) >= DRAG_PIXELS) dragging = true;
		if (l.session.mode() != LabelingSession.Mode.SEGMENT) {
			l.session.strokeTo(ic.offScreenXD(e.getX()), ic.offScreenYD(e.getY()));
			render(imp, l);
		}
		else if (dragging) {
			// show the box being drawn as ImageJ's rectangle, replaced by the prompt's box on release
			final double x0 = ic.offScreenXD(pressX), y0 = ic.offScreenYD(pressY), x1 = ic.offScreenXD(e.getX()), y1 = ic.offScreenYD(e.getY());
			imp.setRoi(new ij.gui.Roi(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)));
		}
		e.consume();
	}

	@Override
	public void mouseReleased(final ImagePlus imp, final MouseEvent e) {
		final Labeling l = active(imp);
		final ImageCanvas ic = imp.getCanvas();
		final int plane = ImagePlusPlanes.current(imp);
		if (l.session.mode() != LabelingSession.Mode.SEGMENT) {
			l.session.endStroke();
			render(imp, l);
			if (l.pixelMode && l.live) classify(imp, l, true);
		}
		else if (dragging) {
			imp.deleteRoi();
			final double x0 = ic.offScreenXD(pressX), y0 = ic.offScreenYD(pressY), x1 = ic.offScreenXD(e.getX()), y1 = ic.offScreenYD(e.getY());
			l.session.setBox(plane, new Box(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)));
			ensureResult(imp, l, plane);
		}
		else {
			final boolean negative = e.isShiftDown() || e.isAltDown();
			final double x = Math.max(0, Math.min(imp.getWidth() - 1, Math.floor(ic.offScreenXD(e.getX())))) + 0.5;
			final double y = Math.max(0, Math.min(imp.getHeight() - 1, Math.floor(ic.offScreenYD(e.getY())))) + 0.5;
			l.session.addPoint(plane, x, y, !negative);
			ensureResult(imp, l, plane);
		}
		dragging = false;
		e.consume();
	}

	@Override
	public void mouseClicked(final ImagePlus imp, final MouseEvent e) {
		e.consume();
	}

	// --- keys ---

	private static final java.util.Set<ImageCanvas> KEYED = java.util.Collections.newSetFromMap(new WeakHashMap<>());

	/**
	 * Puts the tool's key listener first on the image's canvas and window, so that
	 * it sees Enter, Esc, Ctrl+Z... before ImageJ's shortcuts do (ImageJ ignores
	 * consumed key events). It acts only while this tool is selected.
	 */
	private static void installKeys(final ImagePlus imp) {
		final ImageCanvas ic = imp.getCanvas();
		if (ic == null || KEYED.contains(ic)) return;
		KEYED.add(ic);
		final KeyListener keys = new KeyListener() {

			@Override
			public void keyPressed(final KeyEvent e) {
				if (!NAME.equals(Toolbar.getToolName())) return;
				if (key(imp, e)) e.consume();
			}

			@Override
			public void keyReleased(final KeyEvent e) {}

			@Override
			public void keyTyped(final KeyEvent e) {}
		};
		for (final java.awt.Component c : new java.awt.Component[] { ic, imp.getWindow() }) {
			if (c == null) continue;
			final KeyListener[] others = c.getKeyListeners();
			for (final KeyListener k : others) c.removeKeyListener(k);
			c.addKeyListener(keys);
			for (final KeyListener k : others) c.addKeyListener(k);
		}
	}

	/** Handles one key; true when the tool used it. */
	static boolean key(final ImagePlus imp, final KeyEvent e) {
		final Labeling l;
		synchronized (FastSamTool.class) {
			l = LABELINGS.get(imp);
		}
		if (l == null) return false;
		final LabelingSession s = l.session;
		final int code = e.getKeyCode();
		final boolean ctrl = e.isControlDown() || e.isMetaDown();
		boolean used = true;
		if (code == KeyEvent.VK_ENTER) s.accept();
		else if (code == KeyEvent.VK_ESCAPE) s.reject();
		else if (ctrl && code == KeyEvent.VK_Z && e.isShiftDown() || ctrl && code == KeyEvent.VK_Y) s.redo();
		else if (ctrl && code == KeyEvent.VK_Z) s.undo();
		else if (ctrl) used = false;
		else if (code == KeyEvent.VK_P) setPixelMode(imp, l, !l.pixelMode);
		else if (code == KeyEvent.VK_T && l.pixelMode) classify(imp, l, true);
		else if (code == KeyEvent.VK_L && l.pixelMode) {
			l.live = !l.live;
			if (l.live) classify(imp, l, true);
		}
		else if (code == KeyEvent.VK_B) s.setMode(LabelingSession.Mode.BRUSH);
		else if (code == KeyEvent.VK_E) s.setMode(LabelingSession.Mode.ERASER);
		else if (code == KeyEvent.VK_S && !l.pixelMode) s.setMode(LabelingSession.Mode.SEGMENT);
		else if (code == KeyEvent.VK_OPEN_BRACKET || code == KeyEvent.VK_CLOSE_BRACKET) {
			final double r = code == KeyEvent.VK_OPEN_BRACKET ? Math.max(0.5, s.brushRadius() / 1.25) : Math.min(500, s.brushRadius() * 1.25);
			s.setBrushRadius(r);
			brushRadius = r;
			s.setMode(s.mode());
		}
		else if (code >= KeyEvent.VK_1 && code <= KeyEvent.VK_9 && code - KeyEvent.VK_1 < s.canvas().classes().size())
			s.setCurrentClass(code - KeyEvent.VK_1);
		else used = false;
		if (used) render(imp, l);
		return used;
	}

	// --- options ---

	@Override
	public void showOptionsDialog() {
		final ParameterForm form = ParameterForm.create("Labeling Options (Tessera)");
		form.addFile("model", modelPath, false);
		form.addText("classes", classSpec);
		form.addNumber("brush", brushRadius, 1);
		form.addHelp("<html>model: a FastSAM .onnx export; empty = Tessera's built-in model<br>classes: name #rrggbb, name #rrggbb, ... " +
			"(keys 1 to 9 choose one)<br>brush: the brush and eraser radius in pixels</html>");
		if (!form.show()) return;
		try {
			setOptions(form.nextText().strip(), form.nextText().strip(), form.nextNumber());
		}
		catch (final IllegalArgumentException e) {
			org.tessera.ij1.TesseraPlugIn.fail("Labeling Options (Tessera)", e.getMessage());
		}
	}

	/**
	 * Sets the model (a path, or empty for the built-in one), the classes
	 * ({@code "name #rrggbb, ..."}) and the brush radius, for every image being
	 * labelled and those to come; remembered across sessions.
	 */
	public static synchronized void setOptions(final String model, final String classes, final double brush) {
		if (!model.isBlank() && !Files.isRegularFile(Path.of(model))) throw new IllegalArgumentException("model: no such file: " + model);
		parseClasses(classes);
		if (!(brush >= 0.5 && brush <= 500)) throw new IllegalArgumentException("brush radius must be in [0.5, 500] pixels, got " + brush);
		modelPath = model;
		classSpec = classes;
		brushRadius = brush;
		Prefs.set(PREFS + "model", model);
		Prefs.set(PREFS + "classes", classes);
		Prefs.set(PREFS + "brush", brush);
		for (final Map.Entry<ImagePlus, Labeling> e : LABELINGS.entrySet()) {
			applyClasses(e.getValue().session.canvas(), classes);
			e.getValue().session.setBrushRadius(brush);
		}
	}
}
