package org.tessera.sam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prompts select from FastSAM's "everything" result, as FastSAM does (the network
 * does not see the prompt):
 * <ul>
 * <li><b>everything</b>: all masks.</li>
 * <li><b>box</b>: the mask with the best intersection over union with the box,
 * counted in pixels ({@code |mask ∩ box| / |mask ∪ box|}, the box's pixels being
 * those whose centres it holds, see {@link Box}); of equal ones the higher score.
 * A box that no mask overlaps selects nothing.</li>
 * <li><b>points</b>: positive points say "this object", negative points "not
 * this". Exactly:
 * <ol>
 * <li>each positive point takes the masks that contain it and no negative point;
 * if every mask containing it also contains a negative point, it takes those
 * masks (so a negative point inside a large mask can carve a smaller mask out of
 * it, step 2);</li>
 * <li>the object is the union of the taken masks minus the pixels of every mask
 * that contains a negative point but no positive point.</li>
 * </ol>
 * So with a nucleus inside its cell (two masks): a positive point on the nucleus
 * gives the cell (both masks contain it); adding a negative point in the cytoplasm
 * gives the nucleus (the cell mask now also holds a negative point); a positive
 * point in the cytoplasm and a negative one on the nucleus give the cell without
 * the nucleus. When no mask contains a positive point (or the negative masks take
 * everything away) the selection is empty and its status says why; that is no
 * error. At least one positive point is needed.</li>
 * </ul>
 * The text forms that the {@code fastsam} command takes are parsed here too:
 * {@link #parsePoints} and {@link #parseBox}.
 */
public final class FastSamPrompts {

	private FastSamPrompts() {}

	/** All masks, by decreasing score. */
	public static FastSamSelection everything(final FastSamResult result) {
		final int n = result.masks().size();
		return new FastSamSelection(result.width(), result.height(), result.masks(), "everything: " + n + " object" + (n == 1 ? "" : "s"));
	}

	/**
	 * The mask that best fits the box (see the class description). The box is clipped to the image.
	 *
	 * @throws IllegalArgumentException ("box: ...") when the box holds no pixel of the image
	 */
	public static FastSamSelection box(final FastSamResult result, final Box box) {
		final Box b = box.clip(result.width(), result.height());
		final int x0 = b.firstColumn(), x1 = b.endColumn(), y0 = b.firstRow(), y1 = b.endRow();
		if (x1 <= x0 || y1 <= y0)
			throw new IllegalArgumentException("box: " + box + " holds no pixel of the " + result.width() + " x " + result.height() + " image");
		final long boxArea = (long) (x1 - x0) * (y1 - y0);
		FastSamMask best = null;
		double bestIou = 0;
		for (final FastSamMask m : result.masks()) {
			long inter = 0;
			final int u0 = Math.max(x0, m.left()), u1 = Math.min(x1, m.left() + m.width());
			final int v0 = Math.max(y0, m.top()), v1 = Math.min(y1, m.top() + m.height());
			for (int y = v0; y < v1; y++)
				for (int x = u0; x < u1; x++)
					if (m.contains(x, y)) inter++;
			final double iou = inter / (double) (boxArea + m.area() - inter);
			// masks come by decreasing score: the first of equal ones wins
			if (inter > 0 && iou > bestIou) {
				best = m;
				bestIou = iou;
			}
		}
		if (best == null)
			return new FastSamSelection(result.width(), result.height(), List.of(), "box " + box + ": no object overlaps the box");
		return new FastSamSelection(result.width(), result.height(), List.of(best), String.format(Locale.ROOT,
			"box %s: one object, score %.3f, %d pixels, IoU %.3f with the box", box, best.score(), best.area(), bestIou));
	}

	/**
	 * The object that the points describe (see the class description), as one mask
	 * whose score is the highest of the masks it is made from.
	 *
	 * @throws IllegalArgumentException ("points: ...") without a positive point, or for a point outside the image
	 */
	public static FastSamSelection points(final FastSamResult result, final List<Point> points) {
		final int w = result.width(), h = result.height();
		checkPoints(points, w, h);
		final List<Point> positive = points.stream().filter(Point::positive).toList();
		final List<Point> negative = points.stream().filter(p -> !p.positive()).toList();
		final List<FastSamMask> masks = result.masks();
		final Set<FastSamMask> taken = new LinkedHashSet<>();
		final List<Point> missed = new ArrayList<>();
		for (final Point p : positive) {
			final List<FastSamMask> all = masks.stream().filter(m -> contains(m, p)).toList();
			final List<FastSamMask> clean = all.stream().filter(m -> !containsAny(m, negative)).toList();
			taken.addAll(clean.isEmpty() ? all : clean);
			if (all.isEmpty()) missed.add(p);
		}
		if (taken.isEmpty())
			return new FastSamSelection(w, h, List.of(), "points " + text(points) + ": no object contains a positive point");
		final List<FastSamMask> subtracted = masks.stream().filter(m -> containsAny(m, negative) && !containsAny(m, positive)).toList();
		int left = Integer.MAX_VALUE, top = Integer.MAX_VALUE, right = 0, bottom = 0;
		double score = 0;
		for (final FastSamMask m : taken) {
			left = Math.min(left, m.left());
			top = Math.min(top, m.top());
			right = Math.max(right, m.left() + m.width());
			bottom = Math.max(bottom, m.top() + m.height());
			score = Math.max(score, m.score());
		}
		final int rw = right - left, rh = bottom - top;
		final boolean[] bits = new boolean[rw * rh];
		int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
		for (int y = top; y < bottom; y++)
			for (int x = left; x < right; x++) {
				boolean in = false;
				for (final FastSamMask m : taken)
					if (m.contains(x, y)) {
						in = true;
						break;
					}
				if (!in) continue;
				for (final FastSamMask m : subtracted)
					if (m.contains(x, y)) {
						in = false;
						break;
					}
				if (!in) continue;
				bits[(y - top) * rw + x - left] = true;
				minX = Math.min(minX, x);
				minY = Math.min(minY, y);
				maxX = Math.max(maxX, x);
				maxY = Math.max(maxY, y);
			}
		if (maxX < 0)
			return new FastSamSelection(w, h, List.of(), "points " + text(points) + ": the masks of the negative points cover those of the positive "
				+ "points; nothing is left");
		final FastSamMask object = new FastSamMask(score, new Box(minX, minY, maxX + 1, maxY + 1), left, top, rw, rh, bits);
		final StringBuilder status = new StringBuilder(String.format(Locale.ROOT, "points %s: one object of %d pixels from %d mask%s", text(points),
			object.area(), taken.size(), taken.size() == 1 ? "" : "s"));
		if (!subtracted.isEmpty()) status.append(", minus ").append(subtracted.size()).append(" mask").append(subtracted.size() == 1 ? "" : "s");
		if (!missed.isEmpty()) status.append("; in no mask: ").append(text(missed));
		final List<Point> inside = negative.stream().filter(p -> object.contains(p.column(), p.row())).toList();
		if (!inside.isEmpty()) status.append("; no mask separates negative point").append(inside.size() == 1 ? " " : "s ").append(text(inside))
			.append(" from the object");
		return new FastSamSelection(w, h, List.of(object), status.toString());
	}

	private static boolean contains(final FastSamMask m, final Point p) {
		return m.contains(p.column(), p.row());
	}

	private static boolean containsAny(final FastSamMask m, final List<Point> points) {
		for (final Point p : points)
			if (contains(m, p)) return true;
		return false;
	}

	private static String text(final List<Point> points) {
		return String.join(";", points.stream().map(Point::toString).toList());
	}

	/**
	 * Throws a one-line IllegalArgumentException ("points: ...") unless there is a
	 * positive point and all points lie in the image.
	 */
	public static void checkPoints(final List<Point> points, final int width, final int height) {
		if (points.stream().noneMatch(Point::positive))
			throw new IllegalArgumentException("points: give at least one positive point (a leading - marks a negative point), got " + text(points));
		for (final Point p : points)
			if (p.x() < 0 || p.y() < 0 || p.x() >= width || p.y() >= height)
				throw new IllegalArgumentException("points: " + p + " lies outside the " + width + " x " + height + " image (x from 0 to " + width
					+ ", y from 0 to " + height + ", exclusive)");
	}

	/** Throws a one-line IllegalArgumentException ("box: ...") unless the box lies within the image. */
	public static void checkInside(final Box box, final int width, final int height) {
		if (box.x0() < 0 || box.y0() < 0 || box.x1() > width || box.y1() > height)
			throw new IllegalArgumentException("box: " + box + " reaches outside the " + width + " x " + height + " image (corners from 0,0 to "
				+ width + "," + height + ")");
	}

	/**
	 * Parses points written {@code x,y;x,y;...} in pixels, a leading {@code -} marking
	 * a negative point: {@code 10,20;-30,40} is a positive point at (10, 20) and a
	 * negative one at (30, 40). Spaces are allowed around numbers and separators.
	 *
	 * @throws IllegalArgumentException with one line starting with "points: "
	 */
	public static List<Point> parsePoints(final String text) {
		final String usage = "expected x,y;x,y;... in pixels, a leading - marking a negative point (e.g. 10,20;-30,40)";
		if (text == null || text.isBlank()) throw new IllegalArgumentException("points: " + usage + ", got nothing");
		final List<Point> points = new ArrayList<>();
		for (final String part : text.split(";", -1)) {
			String p = part.strip();
			if (p.isEmpty()) throw new IllegalArgumentException("points: " + usage + ", got '" + text + "' (an empty point)");
			final boolean positive = !p.startsWith("-");
			if (!positive) p = p.substring(1).strip();
			final double[] v = numbers(p, 2);
			if (v == null || v[0] < 0 || v[1] < 0)
				throw new IllegalArgumentException("points: " + usage + ", got '" + part.strip() + "' in '" + text + "'");
			points.add(new Point(v[0], v[1], positive));
		}
		return points;
	}

	/**
	 * Parses a box written {@code x0,y0,x1,y1} in pixels (see {@link Box}), with
	 * {@code x0 < x1} and {@code y0 < y1}.
	 *
	 * @throws IllegalArgumentException with one line starting with "box: "
	 */
	public static Box parseBox(final String text) {
		final String usage = "expected x0,y0,x1,y1 in pixels with x0 < x1 and y0 < y1 (e.g. 10,20,110,90)";
		final double[] v = text == null ? null : numbers(text.strip(), 4);
		if (v == null || !(v[0] < v[2]) || !(v[1] < v[3]))
			throw new IllegalArgumentException("box: " + usage + ", got '" + (text == null ? "" : text) + "'");
		return new Box(v[0], v[1], v[2], v[3]);
	}

	/** {@code n} comma-separated finite numbers, or null. */
	private static double[] numbers(final String text, final int n) {
		final String[] parts = text.split(",", -1);
		if (parts.length != n) return null;
		final double[] v = new double[n];
		for (int i = 0; i < n; i++) {
			final String s = parts[i].strip();
			if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) return null;
			v[i] = Double.parseDouble(s);
			if (!Double.isFinite(v[i])) return null;
		}
		return v;
	}
}
