package org.tessera.annotate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.tessera.core.AtomicFiles;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

/**
 * An editable label image for hand labeling, with undo and redo of every
 * step: objects added from masks (a FastSAM proposal accepted), brush
 * strokes and eraser strokes. Pixel values are object labels (0 =
 * unlabelled); every object belongs to a {@link LabelClass}.
 * <p>
 * The pixels are an ImgLib2 image ({@link #image()}, x, y[, slice]) that other
 * Tessera code reads directly (statistics, training data). A step records the
 * pixels it changed with their values before and after, so undo and redo cost
 * the size of the change, not of the image. A new step after an undo drops
 * the steps that were undone, as editors do.
 * <p>
 * With {@link #autosaveTo(Path, Saver)} every step, undo and redo rewrites the
 * label image (the saver writes it: the labeling tool writes a TIFF) and its
 * class table (CSV, {@link #writeClassTable}) atomically, so a crash loses
 * nothing that was done.
 * <p>
 * Every change of pixels or colours gets a serial number ({@link #edits()}),
 * and {@link #changedSince} tells where a slice changed after one, so that a
 * view redraws only that (edits through {@link #image()} are not tracked).
 * <p>
 * Not thread-safe: the UI edits it from one thread.
 */
public final class LabelCanvas {

	/** A class of objects, with the name and colour (0xRRGGBB) shown to the user. */
	public record LabelClass(String name, int rgb) {

		public LabelClass {
			if (name == null || name.isBlank()) throw new IllegalArgumentException("a label class needs a name");
			if (name.contains(",") || name.contains("\n")) throw new IllegalArgumentException("label class name '" + name +
				"' may not contain commas or line breaks");
			if ((rgb & ~0xffffff) != 0) throw new IllegalArgumentException(String.format(Locale.ROOT, "colour must be 0xRRGGBB, got 0x%x", rgb));
		}
	}

	/** One undoable step: the pixels it changed, their values before and after. */
	private static final class Step {

		final String name;
		final IntList indices = new IntList(), before = new IntList(), after = new IntList();
		/** While a stroke is open: where each touched pixel is in the lists. */
		final Map<Integer, Integer> position = new HashMap<>();

		Step(final String name) {
			this.name = name;
		}
	}

	/** The class a new canvas has: "object", yellow. */
	public static final LabelClass DEFAULT_CLASS = new LabelClass("object", 0xffff00);

	private final int width, height, slices;
	private final int[] pixels;
	private final Img<IntType> image;
	private final List<LabelClass> classes = new ArrayList<>();
	/** classOf.get(label - 1): the class index of each object ever created (labels are never reused). */
	private final IntList classOf = new IntList();
	private final Deque<Step> undo = new ArrayDeque<>(), redo = new ArrayDeque<>();
	private Step open;
	/** The label a {@link #beginObjectStroke} stroke creates, while it is open; else 0. */
	private int newLabel;
	private Path autosave;
	private Saver saver;
	/** How many changes there were; the latest {@link #CHANGES_KEPT}, oldest first, as {serial, slice or -1 for all, x0, y0, x1, y1}. */
	private long edits;
	private final Deque<long[]> changes = new ArrayDeque<>();
	private static final int CHANGES_KEPT = 64;

	/** An empty canvas of {@code slices} planes of {@code width x height}, with one class "object" (yellow). */
	public LabelCanvas(final int width, final int height, final int slices) {
		if (width < 1 || height < 1 || slices < 1) throw new IllegalArgumentException("canvas must be at least 1 x 1 x 1, got " + width + " x " +
			height + " x " + slices);
		if ((long) width * height * slices > Integer.MAX_VALUE) throw new IllegalArgumentException("canvas of " + width + " x " + height + " x " +
			slices + " is larger than one array holds");
		this.width = width;
		this.height = height;
		this.slices = slices;
		this.pixels = new int[width * height * slices];
		this.image = slices == 1 ? ArrayImgs.ints(pixels, width, height) : ArrayImgs.ints(pixels, width, height, slices);
		classes.add(DEFAULT_CLASS);
	}

	/** The labels as an ImgLib2 image (x, y[, slice]), backed by the canvas: it changes with every edit. */
	public Img<IntType> image() {
		return image;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int slices() {
		return slices;
	}

	/** The label at a pixel (0 = none). */
	public int label(final int x, final int y, final int slice) {
		return pixels[index(x, y, slice)];
	}

	/** Adds a class and returns its index. Classes are not part of the undo history. */
	public int addClass(final String name, final int rgb) {
		classes.add(new LabelClass(name, rgb));
		return classes.size() - 1;
	}

	/** Renames or recolours class {@code index} (its objects keep their class). Not part of the undo history. */
	public void setClass(final int index, final LabelClass c) {
		checkClass(index);
		classes.set(index, c);
		changed(-1, 0, 0, width - 1, height - 1);
		saved();
	}

	/** The serial number of the latest change of pixels or class colours (0: none yet). */
	public long edits() {
		return edits;
	}

	/**
	 * Where slice {@code slice} changed after change number {@code since}: the
	 * box {x0, y0, x1, y1} (inclusive) around every pixel whose label or colour
	 * may differ, the whole slice when that is no longer known (more than the
	 * last few dozen changes ago), or null when nothing on it changed.
	 */
	public int[] changedSince(final long since, final int slice) {
		checkSlice(slice);
		if (since >= edits) return null;
		if (changes.isEmpty() || changes.peekFirst()[0] > since + 1) return new int[] { 0, 0, width - 1, height - 1 };
		int[] box = null;
		for (final long[] c : changes) {
			if (c[0] <= since || c[1] != slice && c[1] != -1) continue;
			if (box == null) box = new int[] { (int) c[2], (int) c[3], (int) c[4], (int) c[5] };
			else {
				box[0] = Math.min(box[0], (int) c[2]);
				box[1] = Math.min(box[1], (int) c[3]);
				box[2] = Math.max(box[2], (int) c[4]);
				box[3] = Math.max(box[3], (int) c[5]);
			}
		}
		return box;
	}

	/** Records a change inside the box (inclusive) of one slice, or of all with slice -1. */
	private void changed(final int slice, final int x0, final int y0, final int x1, final int y1) {
		changes.addLast(new long[] { ++edits, slice, x0, y0, x1, y1 });
		if (changes.size() > CHANGES_KEPT) changes.removeFirst();
	}

	/** Records the change of these pixels (indices into the canvas), one box per slice they touch. */
	private void changed(final IntList indices) {
		final int plane = width * height;
		final int[][] boxes = new int[slices][];
		for (int k = 0; k < indices.size(); k++) {
			final int i = indices.get(k), z = i / plane, x = i % plane % width, y = i % plane / width;
			final int[] b = boxes[z];
			if (b == null) boxes[z] = new int[] { x, y, x, y };
			else {
				b[0] = Math.min(b[0], x);
				b[1] = Math.min(b[1], y);
				b[2] = Math.max(b[2], x);
				b[3] = Math.max(b[3], y);
			}
		}
		for (int z = 0; z < slices; z++)
			if (boxes[z] != null) changed(z, boxes[z][0], boxes[z][1], boxes[z][2], boxes[z][3]);
	}

	/** Where the canvas autosaves, or null. */
	public Path autosavePath() {
		return autosave;
	}

	/** The classes, index 0 first. */
	public List<LabelClass> classes() {
		return Collections.unmodifiableList(classes);
	}

	/** The class index of an object, or -1 for 0 and for labels never created. */
	public int classOf(final int label) {
		return label >= 1 && label <= classOf.size() ? classOf.get(label - 1) : -1;
	}

	/** How many objects were ever created (the largest label; undone ones included until a new step replaces them). */
	public int objects() {
		return classOf.size();
	}

	/**
	 * Adds one object from a mask on one slice, as one step; the mask covers
	 * the rectangle {@code [left, left + maskWidth) x [top, top + maskHeight)}
	 * (parts outside the canvas are ignored). Only unlabelled pixels are
	 * painted, so accepting a proposal never takes pixels from objects already
	 * labelled; correct those with the brush and eraser.
	 *
	 * @return the new label, or 0 when the mask has no unlabelled pixel (nothing is recorded then)
	 */
	public int addObject(final int slice, final int left, final int top, final int maskWidth, final int maskHeight, final boolean[] mask,
		final int classIndex)
	{
		checkSlice(slice);
		checkClass(classIndex);
		if (maskWidth < 0 || maskHeight < 0 || mask.length != maskWidth * maskHeight) throw new IllegalArgumentException("mask has " +
			mask.length + " values, expected " + maskWidth + " x " + maskHeight);
		finishStroke();
		final int label = classOf.size() + 1;
		final Step step = new Step("add object " + label);
		for (int my = 0; my < maskHeight; my++)
			for (int mx = 0; mx < maskWidth; mx++) {
				final int x = left + mx, y = top + my;
				if (!mask[my * maskWidth + mx] || x < 0 || y < 0 || x >= width || y >= height) continue;
				claim(step, index(x, y, slice), label);
			}
		return commitNew(step, label, classIndex);
	}

	/**
	 * Adds one object that may span several slices, as one step: {@code masks[z]}
	 * is a {@code width x height} mask of slice z, or null. Only unlabelled
	 * pixels are painted.
	 *
	 * @return the new label, or 0 when no unlabelled pixel is covered
	 */
	public int addObjectAcrossSlices(final boolean[][] masks, final int classIndex) {
		if (masks.length != slices) throw new IllegalArgumentException(masks.length + " slice masks for a canvas of " + slices + " slices");
		checkClass(classIndex);
		finishStroke();
		final int label = classOf.size() + 1, plane = width * height;
		final Step step = new Step("add object " + label);
		for (int z = 0; z < slices; z++) {
			if (masks[z] == null) continue;
			if (masks[z].length != plane) throw new IllegalArgumentException("mask of slice " + z + " has " + masks[z].length + " values, expected " +
				width + " x " + height);
			for (int i = 0; i < plane; i++) {
				if (masks[z][i]) claim(step, z * plane + i, label);
			}
		}
		return commitNew(step, label, classIndex);
	}

	/**
	 * Adds the objects of another canvas of the same size as ONE step (an
	 * import), on unlabelled pixels only: object {@code l} of {@code from} becomes
	 * a new object of class {@code classOfLabel.applyAsInt(l)}, in {@code from}'s
	 * label order; an object with no unlabelled pixel here is left out. One pass
	 * to find which objects have free pixels, one to paint them: the cost is the
	 * canvas's size, whatever the number of objects.
	 *
	 * @return for each label {@code l} of {@code from} (index {@code l}; index 0 unused) the label it got here, or 0
	 */
	public int[] addObjectsOf(final LabelCanvas from, final IntUnaryOperator classOfLabel, final String stepName) {
		if (from.width != width || from.height != height || from.slices != slices) throw new IllegalArgumentException("labels of " + from.width +
			" x " + from.height + " x " + from.slices + " do not fit an image of " + width + " x " + height + " x " + slices);
		finishStroke();
		final int n = from.objects();
		final boolean[] free = new boolean[n + 1];
		for (int i = 0; i < pixels.length; i++)
			if (pixels[i] == 0) free[from.pixels[i]] = true;
		final int[] given = new int[n + 1];
		final IntList classes = new IntList();
		for (int l = 1; l <= n; l++) {
			if (!free[l]) continue;
			final int c = classOfLabel.applyAsInt(l);
			checkClass(c);
			given[l] = classOf.size() + classes.size() + 1;
			classes.add(c);
		}
		final Step step = new Step(stepName);
		for (int i = 0; i < pixels.length; i++) {
			final int l = from.pixels[i];
			if (l != 0) claim(step, i, given[l]);
		}
		for (int k = 0; k < classes.size(); k++) classOf.add(classes.get(k));
		if (step.indices.size() > 0) {
			changed(step.indices);
			commit(step);
		}
		return given;
	}

	/**
	 * A canvas holding a label image's objects: {@code values} has one whole
	 * number >= 0 per pixel (x fastest, then y, then slice); each distinct
	 * non-zero value is an object, numbered 1.. in increasing value order, of
	 * class {@code classOfValue.applyAsInt(value)} among {@code classes} (empty:
	 * the default class). The history is empty.
	 */
	public static LabelCanvas ofValues(final int width, final int height, final int slices, final int[] values, final List<LabelClass> classes,
		final IntUnaryOperator classOfValue)
	{
		final LabelCanvas canvas = new LabelCanvas(width, height, slices);
		for (int c = 0; c < classes.size(); c++) {
			if (c == 0) canvas.classes.set(0, classes.get(0));
			else canvas.classes.add(classes.get(c));
		}
		final int[] distinct = java.util.Arrays.stream(values).filter(v -> v != 0).distinct().sorted().toArray();
		for (final int v : distinct) {
			final int c = classOfValue.applyAsInt(v);
			canvas.checkClass(c);
			canvas.classOf.add(c);
		}
		for (int i = 0; i < values.length; i++)
			if (values[i] != 0) canvas.pixels[i] = java.util.Arrays.binarySearch(distinct, values[i]) + 1;
		return canvas;
	}

	/** Gives an unlabelled pixel to a new object, recording it in the step. */
	private void claim(final Step step, final int at, final int label) {
		if (pixels[at] != 0) return;
		step.indices.add(at);
		step.before.add(0);
		step.after.add(label);
		pixels[at] = label;
	}

	/** Records a new object's step, or nothing when it claimed no pixel. */
	private int commitNew(final Step step, final int label, final int classIndex) {
		if (step.indices.size() == 0) return 0;
		classOf.add(classIndex);
		changed(step.indices);
		commit(step);
		return label;
	}

	/** Forgets the undo and redo history (after loading a file, say), keeping the pixels. */
	public void clearHistory() {
		finishStroke();
		undo.clear();
		redo.clear();
	}

	/**
	 * Paints a disc of {@code label} (an existing object, or 0 to erase) into
	 * one slice. Dabs between {@link #beginStroke} and {@link #finishStroke}
	 * form one step, as one drag of the mouse does; a dab outside a stroke is
	 * a step of its own.
	 */
	public void dab(final int slice, final double cx, final double cy, final double radius, final int label) {
		checkSlice(slice);
		if (label < 0 || label > classOf.size()) throw new IllegalArgumentException("label " + label + " does not exist (objects: 1.." + classOf
			.size() + ", or 0 to erase)");
		if (!(radius >= 0)) throw new IllegalArgumentException("brush radius must be >= 0, got " + radius);
		final boolean alone = open == null;
		if (alone) beginStroke(label == 0 ? "erase" : "brush " + label);
		final int x0 = (int) Math.max(0, Math.floor(cx - radius)), x1 = (int) Math.min(width - 1, Math.ceil(cx + radius));
		final int y0 = (int) Math.max(0, Math.floor(cy - radius)), y1 = (int) Math.min(height - 1, Math.ceil(cy + radius));
		final double r2 = radius * radius;
		boolean any = false;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) {
				final double dx = x - cx, dy = y - cy;
				if (dx * dx + dy * dy > r2) continue;
				final int i = index(x, y, slice);
				if (pixels[i] == label) continue;
				final Integer at = open.position.get(i);
				if (at == null) {
					open.position.put(i, open.indices.size());
					open.indices.add(i);
					open.before.add(pixels[i]);
					open.after.add(label);
				}
				else open.after.set(at, label);
				pixels[i] = label;
				any = true;
			}
		if (any) changed(slice, x0, y0, x1, y1);
		if (alone) finishStroke();
	}

	/**
	 * Starts a brush stroke that paints a new object of class {@code classIndex}:
	 * the dabs with the returned label until {@link #finishStroke} are one step.
	 * When the stroke paints nothing, the label is given back.
	 */
	public int beginObjectStroke(final int classIndex) {
		checkClass(classIndex);
		finishStroke();
		classOf.add(classIndex);
		final int label = classOf.size();
		open = new Step("paint object " + label);
		newLabel = label;
		return label;
	}

	/** Starts a stroke: the dabs until {@link #finishStroke} are one step. */
	public void beginStroke(final String name) {
		finishStroke();
		open = new Step(name);
	}

	/** Ends the open stroke (if any) and records it, unless it changed nothing. */
	public void finishStroke() {
		if (open == null) return;
		final Step s = open;
		open = null;
		s.position.clear();
		if (s.indices.size() == 0 && newLabel == classOf.size()) classOf.removeLast();
		newLabel = 0;
		if (s.indices.size() > 0) commit(s);
	}

	public boolean canUndo() {
		return !undo.isEmpty() || open != null;
	}

	public boolean canRedo() {
		return !redo.isEmpty();
	}

	/** The name of the step {@link #undo()} would undo, or null. */
	public String undoName() {
		finishStroke();
		return undo.isEmpty() ? null : undo.peek().name;
	}

	/** Undoes the last step; false when there is none. */
	public boolean undo() {
		finishStroke();
		if (undo.isEmpty()) return false;
		final Step s = undo.pop();
		apply(s, s.before);
		redo.push(s);
		saved();
		return true;
	}

	/** Redoes the last undone step; false when there is none. */
	public boolean redo() {
		finishStroke();
		if (redo.isEmpty()) return false;
		final Step s = redo.pop();
		apply(s, s.after);
		undo.push(s);
		saved();
		return true;
	}

	/** Writes a canvas's labels and class table to a file, atomically. */
	@FunctionalInterface
	public interface Saver {
		void save(LabelCanvas canvas, Path path) throws IOException;
	}

	/**
	 * Saves the canvas to {@code path} with {@code saver} (which writes the
	 * label image and, with {@link #writeClassTable}, the class table beside it)
	 * now and after every step, undo and redo.
	 */
	public void autosaveTo(final Path path, final Saver saver) {
		autosave = path;
		this.saver = saver;
		saved();
	}

	/** Like {@link #autosaveTo} but writes nothing now: the first save comes with the next step, undo, redo or class change. */
	public void autosaveFromNextChange(final Path path, final Saver saver) {
		autosave = path;
		this.saver = saver;
	}

	/**
	 * Writes the class table of the label image {@code labels} beside it
	 * ({@link #classTable}), atomically: one line per object, its label, class
	 * index, class name and colour.
	 */
	public void writeClassTable(final Path labels) throws IOException {
		final StringBuilder csv = new StringBuilder("label,class,class_name,colour\n");
		for (int l = 1; l <= classOf.size(); l++) {
			final LabelClass c = classes.get(classOf.get(l - 1));
			csv.append(String.format(Locale.ROOT, "%d,%d,%s,#%06x%n", l, classOf.get(l - 1), c.name(), c.rgb()));
		}
		AtomicFiles.write(classTable(labels), ".csv", tmp -> Files.writeString(tmp, csv));
	}

	/**
	 * A class table as {@link #writeClassTable} writes it: the classes (index
	 * 0 first) and the class of each label it names.
	 */
	public record ClassTable(List<LabelClass> classes, Map<Integer, Integer> classOfLabel) {

		public ClassTable {
			classes = List.copyOf(classes);
			classOfLabel = Map.copyOf(classOfLabel);
		}

		/** The class of a label, 0 for labels the table does not name. */
		public int classOf(final int label) {
			return classOfLabel.getOrDefault(label, 0);
		}
	}

	/**
	 * Reads the class table beside the label image {@code labels}: empty (no
	 * classes, every label class 0) when there is none. With
	 * {@link #ofValues(int, int, int, int[], List, IntUnaryOperator)} it gives the
	 * saved canvas back (objects keep their classes).
	 *
	 * @throws IllegalArgumentException with one line naming the class table and the problem
	 */
	public static ClassTable readClassTable(final Path labels) throws IOException {
		final Map<Integer, Integer> rows = new HashMap<>();
		final List<LabelClass> named = new ArrayList<>();
		final Path table = classTable(labels);
		if (Files.isRegularFile(table)) {
			final List<String> lines = Files.readAllLines(table);
			for (int i = 1; i < lines.size(); i++) {
				final String[] f = lines.get(i).split(",");
				if (f.length != 4 || !f[3].startsWith("#")) throw new IllegalArgumentException("class table " + table + ", line " + (i + 1) +
					": expected label,class,class_name,#rrggbb, got '" + lines.get(i) + "'");
				try {
					final int label = Integer.parseInt(f[0]), c = Integer.parseInt(f[1]);
					while (named.size() <= c) named.add(null);
					named.set(c, new LabelClass(f[2], Integer.parseInt(f[3].substring(1), 16)));
					rows.put(label, c);
				}
				catch (final NumberFormatException e) {
					throw new IllegalArgumentException("class table " + table + ", line " + (i + 1) + ": not a number in '" + lines.get(i) + "'");
				}
			}
		}
		final List<LabelClass> classes = new ArrayList<>();
		for (int c = 0; c < named.size(); c++) classes.add(named.get(c) == null ? new LabelClass("class " + c, 0xffff00) : named.get(c));
		return new ClassTable(classes, rows);
	}

	/** Where {@link #writeClassTable} puts the class table for a label image path. */
	public static Path classTable(final Path labels) {
		final String name = labels.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return labels.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-classes.csv");
	}

	private void commit(final Step s) {
		undo.push(s);
		// the undone steps are gone; labels they created are not reused (classOf keeps them), so redo cannot clash
		redo.clear();
		saved();
	}

	private void apply(final Step s, final IntList values) {
		for (int k = 0; k < s.indices.size(); k++) pixels[s.indices.get(k)] = values.get(k);
		changed(s.indices);
	}

	private void saved() {
		if (autosave == null) return;
		try {
			saver.save(this, autosave);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("autosave: cannot write " + autosave + ": " + e.getMessage(), e);
		}
	}

	private int index(final int x, final int y, final int slice) {
		if (x < 0 || y < 0 || x >= width || y >= height) throw new IllegalArgumentException("pixel (" + x + ", " + y + ") is outside the " + width +
			" x " + height + " canvas");
		checkSlice(slice);
		return (slice * height + y) * width + x;
	}

	private void checkSlice(final int slice) {
		if (slice < 0 || slice >= slices) throw new IllegalArgumentException("slice " + slice + " is not in 0.." + (slices - 1));
	}

	private void checkClass(final int c) {
		if (c < 0 || c >= classes.size()) throw new IllegalArgumentException("class " + c + " does not exist (0.." + (classes.size() - 1) + ")");
	}

	/** A growable int array. */
	private static final class IntList {

		private int[] v = new int[16];
		private int n;

		void add(final int x) {
			if (n == v.length) v = java.util.Arrays.copyOf(v, 2 * n);
			v[n++] = x;
		}

		int get(final int i) {
			return v[i];
		}

		void set(final int i, final int x) {
			v[i] = x;
		}

		int size() {
			return n;
		}

		void removeLast() {
			n--;
		}
	}
}
