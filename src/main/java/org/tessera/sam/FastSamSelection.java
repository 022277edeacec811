package org.tessera.sam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a prompt selects from a {@link FastSamResult}: the objects (for
 * "everything" all masks, by decreasing score; for a box the best mask; for points
 * one object made from the masks they select) and a one-line status that says
 * what was found, or why nothing was.
 */
public record FastSamSelection(int width, int height, List<FastSamMask> objects, String status) {

	public FastSamSelection {
		objects = List.copyOf(objects);
	}

	/** Whether nothing was selected. */
	public boolean isEmpty() {
		return objects.isEmpty();
	}

	/**
	 * The objects as a label image ({@code width * height} values, row by row; 0 is
	 * background): object {@code i} (0-based, by decreasing score) gets label {@code i + 1}.
	 * Where objects overlap the smaller one wins (larger masks are painted first), and
	 * of two equally large ones the higher score; so an object inside a larger one (a
	 * nucleus inside its cell) stays visible. An object entirely covered by smaller
	 * ones has no pixel in the label image.
	 */
	public int[] labels() {
		final int[] labels = new int[width * height];
		final List<Integer> order = new ArrayList<>();
		for (int i = 0; i < objects.size(); i++) order.add(i);
		order.sort(Comparator.comparingInt((Integer i) -> -objects.get(i).area()).thenComparing(Comparator.reverseOrder()));
		for (final int i : order) objects.get(i).paint(labels, width, i + 1);
		return labels;
	}
}
