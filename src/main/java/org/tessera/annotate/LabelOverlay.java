package org.tessera.annotate;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

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
	static final String LABELS = "tessera-labels", PROPOSAL = "tessera-proposal", PROMPT = "tessera-prompt";
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

	/** The labels of one plane as a translucent image: class colours, borders more opaque. */
	static ImageRoi labels(final LabelCanvas canvas, final int plane) {
		final int w = canvas.width(), h = canvas.height();
		final int[] argb = new int[w * h];
		final List<LabelCanvas.LabelClass> classes = canvas.classes();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int l = canvas.label(x, y, plane);
				if (l == 0) continue;
				final int c = canvas.classOf(l);
				final int rgb = c < 0 ? 0xffffff : classes.get(c).rgb();
				final boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1 || canvas.label(x - 1, y, plane) != l || canvas.label(x + 1, y,
					plane) != l || canvas.label(x, y - 1, plane) != l || canvas.label(x, y + 1, plane) != l;
				argb[y * w + x] = (border ? BORDER_ALPHA : FILL_ALPHA) << 24 | rgb;
			}
		final BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
		bi.setRGB(0, 0, w, h, argb, 0, w);
		final ImageRoi r = new ImageRoi(0, 0, bi);
		r.setName(LABELS);
		return r;
	}

	/** Shows an element only on its plane (all channels of a hyperstack). */
	private static void position(final ImagePlus imp, final Roi r, final int plane) {
		if (imp.getStackSize() == 1) return;
		if (imp.isHyperStack() || imp.getNChannels() > 1) r.setPosition(0, plane % imp.getNSlices() + 1, plane / imp.getNSlices() + 1);
		else r.setPosition(plane + 1);
	}
}
