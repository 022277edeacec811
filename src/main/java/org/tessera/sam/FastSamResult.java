package org.tessera.sam;

import java.util.List;

/**
 * FastSAM's "everything" result for one image: all masks, by decreasing score.
 * The network runs once per image; prompts ({@link #box}, {@link #points}) only
 * select from this result (see {@link FastSamPrompts}), so an interactive tool can
 * keep it and prompt again and again at no network cost.
 */
public final class FastSamResult {

	private final int width, height;
	private final List<FastSamMask> masks;

	/**
	 * @param masks by decreasing score
	 */
	public FastSamResult(final int width, final int height, final List<FastSamMask> masks) {
		this.width = width;
		this.height = height;
		this.masks = List.copyOf(masks);
	}

	/** The image's width. */
	public int width() {
		return width;
	}

	/** The image's height. */
	public int height() {
		return height;
	}

	/** All masks, by decreasing score. */
	public List<FastSamMask> masks() {
		return masks;
	}

	/** All masks. */
	public FastSamSelection everything() {
		return FastSamPrompts.everything(this);
	}

	/** The mask that best fits the box; see {@link FastSamPrompts#box}. */
	public FastSamSelection box(final Box box) {
		return FastSamPrompts.box(this, box);
	}

	/** The object the points describe; see {@link FastSamPrompts#points}. */
	public FastSamSelection points(final List<Point> points) {
		return FastSamPrompts.points(this, points);
	}

	/** All masks as a label image; see {@link FastSamSelection#labels()}. */
	public int[] labels() {
		return everything().labels();
	}
}
