package org.tessera.segmenter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tessera.core.Table;
import org.tessera.core.TaskMonitor;

/**
 * A segmenter's objects in every plane of an image, gathered the same way for
 * every model family: the label stack (labels restart at 1 on each plane), one
 * table, and the outlines with their planes.
 */
public final class Segmentation {

	/** An outline on its plane: 1-based plane, z-slice and frame, or all 0 for a single-plane image. */
	public record PlacedOutline(int plane, int slice, int frame, Outline outline) {}

	private final int width, height, slices, frames;
	private final List<PlaneObjects> planes;

	private Segmentation(final PlaneSource source, final List<PlaneObjects> planes) {
		this.width = source.width();
		this.height = source.height();
		this.slices = source.slices();
		this.frames = source.frames();
		this.planes = List.copyOf(planes);
	}

	/**
	 * Runs a segmenter over every plane of an image (z-slices and time points, z
	 * fastest), after its {@link Segmenter#check}; progress and cancellation
	 * through {@code monitor}.
	 */
	public static Segmentation run(final Segmenter segmenter, final String imageName, final PlaneSource source,
		final TaskMonitor monitor)
	{
		segmenter.check(imageName, source);
		final int n = source.count();
		final List<PlaneObjects> out = new ArrayList<>(n);
		for (int p = 0; p < n; p++) {
			monitor.checkCancelled();
			final PlaneObjects o = segmenter.segment(source.plane(p), monitor.part(p, 1, n));
			if (o.labels().length != source.width() * source.height()) throw new IllegalStateException(segmenter.method() + " gave " + o
				.labels().length + " labels for a plane of " + source.width() + " x " + source.height());
			out.add(o);
		}
		monitor.progress(n, n);
		return new Segmentation(source, out);
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

	public int frames() {
		return frames;
	}

	/** Each plane's objects, z fastest. */
	public List<PlaneObjects> planes() {
		return planes;
	}

	/** The label images of all planes one after another, z fastest. */
	public int[] labels() {
		final int n = width * height;
		final int[] out = new int[n * planes.size()];
		for (int p = 0; p < planes.size(); p++) System.arraycopy(planes.get(p).labels(), 0, out, p * n, n);
		return out;
	}

	/** The highest label of any plane. */
	public int highestLabel() {
		return planes.stream().mapToInt(PlaneObjects::count).max().orElse(0);
	}

	/** The objects of all planes. */
	public int objects() {
		return planes.stream().mapToInt(o -> o.rows().size()).sum();
	}

	/**
	 * One row per object: the family's columns, for an image of several planes
	 * after the object's {@code plane}, {@code slice} and {@code frame} (1-based).
	 */
	public Table table() {
		if (planes.size() == 1) return planes.get(0).rows();
		final Table t = new Table();
		for (int p = 0; p < planes.size(); p++) {
			final Map<String, Double> where = new LinkedHashMap<>();
			where.put("plane", p + 1.0);
			where.put("slice", p % slices + 1.0);
			where.put("frame", p / slices + 1.0);
			t.addAll(planes.get(p).rows(), where);
		}
		return t;
	}

	/** Every outline with its plane, plane by plane. */
	public List<PlacedOutline> outlines() {
		final List<PlacedOutline> out = new ArrayList<>();
		final boolean stack = planes.size() > 1;
		for (int p = 0; p < planes.size(); p++)
			for (final Outline o : planes.get(p).outlines())
				out.add(stack ? new PlacedOutline(p + 1, p % slices + 1, p / slices + 1, o) : new PlacedOutline(0, 0, 0, o));
		return out;
	}
}
