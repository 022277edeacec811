package org.tessera.labeltool;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabelingSession;
import org.tessera.sam.Box;
import org.tessera.sam.FastSamMask;
import org.tessera.sam.Point;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;

/**
 * Draws a {@link LabelingSession} over its image: the labels of the shown plane
 * filled in their class colours (object borders brighter), the proposal in
 * cyan, positive points green, negative points red, and the prompt's box. Only
 * the overlay elements it made itself (named {@code tessera-...}) are
 * replaced; the rest of the image's overlay stays.
 */
public final class LabelOverlay {

	/** Names of the overlay elements this class owns. */
	static final String LABELS = "tessera-labels", PROPOSAL = "tessera-proposal", PROMPT = "tessera-prompt", CLASSES = "tessera-classes";
	private static final int CLASS_ALPHA = 0x60;
	private static final int FILL_ALPHA = 0x66, BORDER_ALPHA = 0xdd, PROPOSAL_RGB = 0x00ffff, PROPOSAL_ALPHA = 0x70;

	private LabelOverlay() {}

	/** Replaces the session's elements of {@code imp}'s overlay with those of plane {@code plane} (0-based) and repaints. */
	public static void show(final ImagePlus imp, final LabelingSession session, final int plane) {
		Overlay overlay = imp.getOverlay();
		if (overlay == null) overlay = new Overlay();
		for (final String name : new String[] { LABELS, PROPOSAL, PROMPT })
			while (overlay.getIndex(name) >= 0) overlay.remove(overlay.getIndex(name));
		for (final Roi r : elements(session, plane)) {
			position(imp, r, plane);
			overlay.add(r);
		}
		overlay.selectable(false);
		imp.setOverlay(overlay);
	}

	/** The overlay elements of one plane: labels, then the proposal and the prompt when they are on this plane. */
	public static List<Roi> elements(final LabelingSession session, final int plane) {
		final java.util.ArrayList<Roi> out = new java.util.ArrayList<>();
		out.add(labels(session.canvas(), plane));
		if (session.promptPlane() != plane) return out;
		final FastSamMask m = session.proposal();
		if (m != null && m.width() > 0 && m.height() > 0) {
			final BufferedImage bi = new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_INT_ARGB);
			for (int v = 0; v < m.height(); v++)
				for (int u = 0; u < m.width(); u++)
					if (m.contains(m.left() + u, m.top() + v)) bi.setRGB(u, v, PROPOSAL_ALPHA << 24 | PROPOSAL_RGB);
			final ImageRoi r = new ImageRoi(m.left(), m.top(), bi);
			r.setName(PROPOSAL);
			out.add(r);
		}
		final Box b = session.box();
		if (b != null) {
			final Roi r = new Roi(b.x0(), b.y0(), b.width(), b.height());
			r.setStrokeColor(Color.cyan);
			r.setName(PROMPT);
			out.add(r);
		}
		for (final Point p : session.points()) {
			final PointRoi r = new PointRoi(p.x(), p.y());
			r.setStrokeColor(p.positive() ? Color.green : Color.red);
			r.setPointType(PointRoi.DOT);
			r.setSize(3);
			r.setName(PROMPT);
			out.add(r);
		}
		return out;
	}

	/**
	 * Shows (or with null classes removes) a plane's pixel classification under the labels:
	 * each pixel in its class's colour, translucent.
	 *
	 * @param classes the class of each pixel, 1 .. colours.length, {@code y * width + x}
	 * @param colours each class's {@code 0xRRGGBB}
	 */
	public static void showClasses(final ImagePlus imp, final int[] classes, final int[] colours, final int plane) {
		Overlay overlay = imp.getOverlay();
		if (overlay == null) overlay = new Overlay();
		while (overlay.getIndex(CLASSES) >= 0) overlay.remove(overlay.getIndex(CLASSES));
		if (classes != null) {
			final int w = imp.getWidth(), h = imp.getHeight();
			final BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
			final int[] argb = ((DataBufferInt) bi.getRaster().getDataBuffer()).getData();
			for (int i = 0; i < argb.length; i++) argb[i] = classes[i] < 1 ? 0 : CLASS_ALPHA << 24 | colours[classes[i] - 1] & 0xffffff;
			final ImageRoi r = new ImageRoi(0, 0, bi);
			r.setName(CLASSES);
			position(imp, r, plane);
			// first, so that the scribbles and labels show on top
			final Roi[] rest = overlay.toArray();
			overlay.clear();
			overlay.add(r);
			for (final Roi o : rest) overlay.add(o);
		}
		overlay.selectable(false);
		imp.setOverlay(overlay);
	}

	/** The last drawing of each canvas's labels: its plane, the canvas's edit it shows, the image. */
	private record Drawn(int plane, long edits, BufferedImage image) {}

	private static final Map<LabelCanvas, Drawn> DRAWN = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * The labels of one plane as a translucent image: class colours, borders
	 * more opaque. The image is the canvas's last drawing of that plane where
	 * there is one, redrawn only where the canvas changed since (plus the
	 * pixels beside, whose borders may change), so that a brush dab costs its
	 * own size and not the image's.
	 */
	static ImageRoi labels(final LabelCanvas canvas, final int plane) {
		final ImageRoi r = new ImageRoi(0, 0, drawn(canvas, plane));
		r.setName(LABELS);
		return r;
	}

	/** The image of {@link #labels}: the last drawing of the plane, brought up to date. */
	static BufferedImage drawn(final LabelCanvas canvas, final int plane) {
		final int w = canvas.width(), h = canvas.height();
		final Drawn last = DRAWN.get(canvas);
		final BufferedImage bi;
		if (last == null || last.plane() != plane) {
			bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
			draw(canvas, plane, bi, 0, 0, w - 1, h - 1);
		}
		else {
			bi = last.image();
			final int[] box = canvas.changedSince(last.edits(), plane);
			if (box != null) draw(canvas, plane, bi, Math.max(0, box[0] - 1), Math.max(0, box[1] - 1), Math.min(w - 1, box[2] + 1), Math.min(h - 1,
				box[3] + 1));
		}
		DRAWN.put(canvas, new Drawn(plane, canvas.edits(), bi));
		return bi;
	}

	/** The labels of one plane drawn anew into a new image, as {@link #labels} shows them. */
	static BufferedImage drawnAnew(final LabelCanvas canvas, final int plane) {
		final BufferedImage bi = new BufferedImage(canvas.width(), canvas.height(), BufferedImage.TYPE_INT_ARGB);
		draw(canvas, plane, bi, 0, 0, canvas.width() - 1, canvas.height() - 1);
		return bi;
	}

	/** Draws the box [x0, x1] x [y0, y1] (inclusive) of a plane's labels into bi, the canvas's size. */
	private static void draw(final LabelCanvas canvas, final int plane, final BufferedImage bi, final int x0, final int y0, final int x1,
		final int y1)
	{
		final int w = canvas.width(), h = canvas.height();
		final int[] argb = ((DataBufferInt) bi.getRaster().getDataBuffer()).getData();
		final List<LabelCanvas.LabelClass> classes = canvas.classes();
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) {
				final int l = canvas.label(x, y, plane);
				if (l == 0) {
					argb[y * w + x] = 0;
					continue;
				}
				final int c = canvas.classOf(l);
				final int rgb = c < 0 ? 0xffffff : classes.get(c).rgb();
				final boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1 || canvas.label(x - 1, y, plane) != l || canvas.label(x + 1, y,
					plane) != l || canvas.label(x, y - 1, plane) != l || canvas.label(x, y + 1, plane) != l;
				argb[y * w + x] = (border ? BORDER_ALPHA : FILL_ALPHA) << 24 | rgb;
			}
	}

	/** Shows an element only on its plane (all channels of a hyperstack). */
	private static void position(final ImagePlus imp, final Roi r, final int plane) {
		if (imp.getStackSize() == 1) return;
		if (imp.isHyperStack() || imp.getNChannels() > 1) r.setPosition(0, plane % imp.getNSlices() + 1, plane / imp.getNSlices() + 1);
		else r.setPosition(plane + 1);
	}
}
