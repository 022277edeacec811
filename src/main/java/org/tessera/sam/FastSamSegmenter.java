package org.tessera.sam;

import java.util.List;
import java.util.Objects;

import org.tessera.core.Table;
import org.tessera.core.TaskMonitor;
import org.tessera.segmenter.Plane;
import org.tessera.segmenter.PlaneObjects;
import org.tessera.segmenter.Segmenter;

/**
 * FastSAM as a {@link Segmenter}: each plane (z-slices and time points; of
 * several channels, the first; RGB stays RGB), every object or the one a
 * prompt selects. Each object gets a row: label, area (its pixels in the label
 * image), mask_area (its whole mask, part of which smaller objects may cover),
 * score and box. Closing it closes the model.
 *
 * @param fastSam the model with its decoder settings
 * @param prompt what to keep of each plane's masks
 */
public record FastSamSegmenter(FastSam fastSam, Prompt prompt) implements Segmenter {

	/** What a plane's objects are: all of them, the one the points select, or the one that best fits the box. */
	public record Prompt(List<Point> points, Box box) {

		/** Every object. */
		public static final Prompt EVERYTHING = new Prompt(List.of(), null);

		public Prompt {
			points = List.copyOf(points);
			if (!points.isEmpty() && box != null) throw new IllegalArgumentException("a prompt is points or a box, not both");
		}

		/** The object the points select (a negative point marks what is not the object). */
		public static Prompt points(final List<Point> points) {
			if (points.isEmpty()) throw new IllegalArgumentException("points: give at least one point");
			return new Prompt(points, null);
		}

		/** The object that best fits the box. */
		public static Prompt box(final Box box) {
			return new Prompt(List.of(), Objects.requireNonNull(box, "box"));
		}

		public boolean isEverything() {
			return points.isEmpty() && box == null;
		}

		FastSamSelection select(final FastSamResult all) {
			if (box != null) return all.box(box);
			return points.isEmpty() ? all.everything() : all.points(points);
		}
	}

	public FastSamSegmenter {
		Objects.requireNonNull(fastSam, "fastSam");
		Objects.requireNonNull(prompt, "prompt");
	}

	@Override
	public String method() {
		return "fastsam";
	}

	@Override
	public PlaneObjects segment(final Plane plane, final TaskMonitor monitor) {
		final FastSamSelection s = prompt.select(fastSam.segment(image(plane), monitor));
		final int[] labels = s.labels();
		final List<FastSamMask> objects = s.objects();
		final int[] area = new int[objects.size() + 1];
		for (final int l : labels) area[l]++;
		final Table rows = new Table();
		for (int i = 0; i < objects.size(); i++) {
			final FastSamMask o = objects.get(i);
			rows.addRow().add("label", i + 1).add("area", area[i + 1]).add("mask_area", o.area()).add("score", o.score()).add("bbox_x0", o.box()
				.x0()).add("bbox_y0", o.box().y0()).add("bbox_x1", o.box().x1()).add("bbox_y1", o.box().y1());
		}
		return new PlaneObjects(labels, objects.size(), rows, List.of(), "FastSAM " + s.status());
	}

	/** What FastSAM sees of a plane: RGB divided by 255, or the first channel normalised by its percentiles ({@link FastSamImage}). */
	public static FastSamImage image(final Plane plane) {
		final int w = plane.width(), h = plane.height();
		if (!plane.rgb()) return FastSamImage.grey(plane.channel(0), w, h);
		final float[][] c = new float[3][];
		for (int k = 0; k < 3; k++) {
			c[k] = plane.channel(k);
			for (int i = 0; i < c[k].length; i++) c[k][i] /= 255f;
		}
		return FastSamImage.of(c[0], c[1], c[2], w, h);
	}

	@Override
	public void close() {
		fastSam.model().close();
	}
}
