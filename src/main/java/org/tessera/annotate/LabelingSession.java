package org.tessera.annotate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.tessera.sam.Box;
import org.tessera.sam.FastSamMask;
import org.tessera.sam.FastSamResult;
import org.tessera.sam.FastSamSelection;
import org.tessera.sam.Point;

/**
 * What a person labeling one image does, without the user interface: prompt
 * FastSAM with points or a box, see the proposed mask, accept it as a new
 * object or reject it, correct objects with a brush and an eraser, undo and
 * redo; plane by plane in stacks. The labels are a {@link LabelCanvas} (one
 * canvas plane per image plane).
 * <p>
 * The network runs at most once per plane ({@link #result}); every prompt on
 * that plane only selects from the cached result, which is why a prompt is
 * fast. A prompt given before its plane's result exists is kept, and
 * {@link #refresh()} computes its proposal once the result is there (the
 * interactive tool runs the network in the background).
 * <p>
 * Prompt rules: each click adds a point (positive or negative) to the prompt;
 * a box replaces the prompt; a point after a box starts a new prompt; accept,
 * reject and a change of plane end it.
 * <p>
 * Not thread-safe: the UI calls it from the event thread.
 */
public final class LabelingSession {

	/** What a mouse gesture does. */
	public enum Mode {
		/** Points and boxes prompt FastSAM. */
		SEGMENT,
		/** A drag paints the object it starts on, or a new object when it starts on background. */
		BRUSH,
		/** A drag erases labels. */
		ERASER
	}

	private final LabelCanvas canvas;
	private final IntFunction<FastSamResult> network;
	private final Map<Integer, FastSamResult> results = new HashMap<>();
	private int networkRuns;

	private int promptPlane = -1;
	private final List<Point> points = new ArrayList<>();
	private Box box;
	private FastSamSelection proposal;
	private String status = "";

	private Mode mode = Mode.SEGMENT;
	private int currentClass;
	private double brushRadius = 4;
	private int strokePlane = -1, strokeLabel;
	private double lastX, lastY;

	/**
	 * @param canvas the labels (planes as the image has)
	 * @param network runs FastSAM's everything pass on one plane (0-based); called at most once per plane
	 */
	public LabelingSession(final LabelCanvas canvas, final IntFunction<FastSamResult> network) {
		this.canvas = canvas;
		this.network = network;
	}

	public LabelCanvas canvas() {
		return canvas;
	}

	/** Whether a plane's network result is cached. */
	public boolean hasResult(final int plane) {
		return results.containsKey(plane);
	}

	/** A plane's everything result, running the network if this is the plane's first time. */
	public FastSamResult result(final int plane) {
		checkPlane(plane);
		if (!results.containsKey(plane)) offerResult(plane, network.apply(plane));
		return results.get(plane);
	}

	/**
	 * Caches a plane's result that the network computed elsewhere (the tool runs
	 * it in the background); ignored when the plane has one already.
	 */
	public void offerResult(final int plane, final FastSamResult r) {
		checkPlane(plane);
		if (results.containsKey(plane)) return;
		if (r.width() != canvas.width() || r.height() != canvas.height()) throw new IllegalStateException("FastSAM result of " + r.width() + " x " +
			r.height() + " for a " + canvas.width() + " x " + canvas.height() + " canvas");
		networkRuns++;
		results.put(plane, r);
	}

	/** How often the network ran (at most once per plane). */
	public int networkRuns() {
		return networkRuns;
	}

	// --- prompts ---

	/** Adds a point to the prompt on {@code plane} and updates the proposal if the plane's result is cached. */
	public void addPoint(final int plane, final double x, final double y, final boolean positive) {
		checkPlane(plane);
		if (plane != promptPlane || box != null) clearPrompt();
		promptPlane = plane;
		points.add(new Point(x, y, positive));
		refresh();
	}

	/** Makes a box the prompt on {@code plane}. */
	public void setBox(final int plane, final Box b) {
		checkPlane(plane);
		clearPrompt();
		promptPlane = plane;
		box = b.clip(canvas.width(), canvas.height());
		refresh();
	}

	/**
	 * Computes the proposal of the current prompt when its plane's result is
	 * cached. Returns false when the network must run first ({@link #result}).
	 */
	public boolean refresh() {
		if (promptPlane < 0) return true;
		final FastSamResult r = results.get(promptPlane);
		if (r == null) {
			status = "FastSAM: waiting for the network on plane " + (promptPlane + 1);
			return false;
		}
		try {
			final FastSamSelection s = box != null ? r.box(box) : r.points(points);
			proposal = s.isEmpty() ? null : s;
			status = "FastSAM " + s.status();
		}
		catch (final IllegalArgumentException e) {
			// a prompt the user is still building, e.g. only negative points so far
			proposal = null;
			status = "FastSAM " + e.getMessage();
		}
		return true;
	}

	/** The proposed object (one mask), or null. */
	public FastSamMask proposal() {
		return proposal == null ? null : proposal.objects().get(0);
	}

	/** The plane of the current prompt, or -1. */
	public int promptPlane() {
		return promptPlane;
	}

	/** The current prompt's points. */
	public List<Point> points() {
		return List.copyOf(points);
	}

	/** The current prompt's box, or null. */
	public Box box() {
		return box;
	}

	/** Whether a prompt (points or a box) is open. */
	public boolean hasPrompt() {
		return promptPlane >= 0;
	}

	/**
	 * Accepts the proposal: it becomes a new object of the current class (on
	 * its unlabelled pixels), as one undoable step, and the prompt ends.
	 *
	 * @return the new label, or 0 when there was no proposal or it covered only labelled pixels
	 */
	public int accept() {
		final FastSamMask m = proposal();
		if (m == null) {
			status = hasPrompt() ? "nothing to accept: the prompt selects no object" : "nothing to accept: click an object first";
			return 0;
		}
		final boolean[] bits = new boolean[m.width() * m.height()];
		for (int v = 0; v < m.height(); v++)
			for (int u = 0; u < m.width(); u++) bits[v * m.width() + u] = m.contains(m.left() + u, m.top() + v);
		final int label = canvas.addObject(promptPlane, m.left(), m.top(), m.width(), m.height(), bits, currentClass);
		clearPrompt();
		status = label == 0 ? "not added: every pixel of the proposal is labelled already" : "added object " + label + " (" + className(
			currentClass) + ")";
		return label;
	}

	/** Discards the prompt and its proposal. */
	public void reject() {
		status = hasPrompt() ? "proposal rejected" : "";
		clearPrompt();
	}

	private void clearPrompt() {
		promptPlane = -1;
		points.clear();
		box = null;
		proposal = null;
	}

	// --- brush and eraser ---

	public Mode mode() {
		return mode;
	}

	public void setMode(final Mode m) {
		endStroke();
		mode = m;
		status = switch (m) {
			case SEGMENT -> "FastSAM: click an object (shift-click: not this), or drag a box";
			case BRUSH -> "brush (radius " + brushRadius + "): drag to paint";
			case ERASER -> "eraser (radius " + brushRadius + "): drag to erase";
		};
	}

	public double brushRadius() {
		return brushRadius;
	}

	public void setBrushRadius(final double r) {
		if (!(r >= 0.5 && r <= 500)) throw new IllegalArgumentException("brush radius must be in [0.5, 500] pixels, got " + r);
		brushRadius = r;
	}

	/**
	 * Starts a stroke at {@code (x, y)}: the eraser erases; the brush paints the
	 * object under the point, or a new object of the current class when the point
	 * is unlabelled. The stroke is one undoable step.
	 */
	public void beginStroke(final int plane, final double x, final double y) {
		checkPlane(plane);
		endStroke();
		strokePlane = plane;
		if (mode == Mode.ERASER) {
			strokeLabel = 0;
			canvas.beginStroke("erase");
		}
		else {
			final int under = canvas.label(clampX(x), clampY(y), plane);
			if (under != 0) {
				strokeLabel = under;
				canvas.beginStroke("brush " + under);
			}
			else strokeLabel = canvas.beginObjectStroke(currentClass);
		}
		lastX = x;
		lastY = y;
		canvas.dab(plane, x, y, brushRadius, strokeLabel);
	}

	/** Continues the stroke to {@code (x, y)}, painting the whole segment from the last point. */
	public void strokeTo(final double x, final double y) {
		if (strokePlane < 0) return;
		final double d = Math.hypot(x - lastX, y - lastY), spacing = Math.max(0.5, brushRadius / 2);
		final int n = (int) Math.ceil(d / spacing);
		for (int i = 1; i <= n; i++)
			canvas.dab(strokePlane, lastX + (x - lastX) * i / n, lastY + (y - lastY) * i / n, brushRadius, strokeLabel);
		lastX = x;
		lastY = y;
	}

	/** Ends the stroke (one step; nothing when it changed no pixel). */
	public void endStroke() {
		if (strokePlane < 0) return;
		strokePlane = -1;
		canvas.finishStroke();
		status = strokeLabel == 0 ? "erased" : "painted object " + strokeLabel;
	}

	// --- classes, undo ---

	public int currentClass() {
		return currentClass;
	}

	/** Chooses the class new objects get. */
	public void setCurrentClass(final int c) {
		if (c < 0 || c >= canvas.classes().size()) throw new IllegalArgumentException("class " + (c + 1) + " does not exist (classes: 1.." + canvas
			.classes().size() + ")");
		currentClass = c;
		status = "class " + (c + 1) + ": " + className(c);
	}

	private String className(final int c) {
		return canvas.classes().get(c).name();
	}

	/** Undoes the last labeling step (the prompt stays). */
	public boolean undo() {
		endStroke();
		final String name = canvas.undoName();
		final boolean done = canvas.undo();
		status = done ? "undone: " + name : "nothing to undo";
		return done;
	}

	/** Redoes the last undone step. */
	public boolean redo() {
		endStroke();
		final boolean done = canvas.redo();
		status = done ? "redone" : "nothing to redo";
		return done;
	}

	/** A one-line description of what the last action did, for the status bar. */
	public String status() {
		return status;
	}

	private int clampX(final double x) {
		return (int) Math.max(0, Math.min(canvas.width() - 1, Math.floor(x)));
	}

	private int clampY(final double y) {
		return (int) Math.max(0, Math.min(canvas.height() - 1, Math.floor(y)));
	}

	private void checkPlane(final int plane) {
		if (plane < 0 || plane >= canvas.slices()) throw new IllegalArgumentException("plane " + (plane + 1) + " is not in 1.." + canvas.slices());
	}
}
