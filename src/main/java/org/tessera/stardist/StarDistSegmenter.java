package org.tessera.stardist;

import java.util.ArrayList;
import java.util.List;

import org.tessera.core.Table;
import org.tessera.core.TaskMonitor;
import org.tessera.segmenter.Outline;
import org.tessera.segmenter.Plane;
import org.tessera.segmenter.PlaneObjects;
import org.tessera.segmenter.PlaneSource;
import org.tessera.segmenter.Segmenter;

/**
 * StarDist 2D as a {@link Segmenter}: each plane of a 2D image or a 2D + time
 * series, with every channel the model takes. Each object gets a row (label,
 * area in the label image, score, centroid of its pixels) and its star-convex
 * polygon as outline. Closing it closes the model.
 *
 * @param stardist the model with its thresholds, normalisation, tiles and scale
 * @param modelName the model as the user named it, for messages
 */
public record StarDistSegmenter(StarDist stardist, String modelName) implements Segmenter {

	@Override
	public String method() {
		return "stardist";
	}

	/** A z-stack, or channels other than the model's n_channel_in, is one line. */
	@Override
	public void check(final String imageName, final PlaneSource planes) {
		if (planes.slices() > 1)
			throw new IllegalArgumentException("image '" + imageName + "' has z slices; StarDist 2D takes 2D images or 2D + time");
		checkChannels(imageName, planes, stardist.model().config().channelsIn(), modelName);
	}

	/** One line when the image's channels are not the {@code wanted} n_channel_in of the model, saying what to do. */
	public static void checkChannels(final String imageName, final PlaneSource planes, final int wanted, final String modelName) {
		final int channels = planes.channels();
		if (wanted == channels) return;
		final boolean rgb = planes.rgb();
		throw new IllegalArgumentException("image '" + imageName + "' " + (rgb ? "is RGB (3 channels)" : "has " + channels + " channel" +
			(channels == 1 ? "" : "s")) + "; model " + (modelName.isBlank() ? StarDistModel.BUILT_IN_NAMES.get(0) : modelName) + " takes " +
			wanted + " (n_channel_in)" + hint(rgb, wanted));
	}

	/** What to do about an image whose channels the model does not take. */
	private static String hint(final boolean rgb, final int wanted) {
		if (rgb && wanted == 1) return ": convert it to 8-bit (Image > Type), or use model=he for brightfield and H&E images";
		if (!rgb && wanted == 3) return ": the he model takes RGB images (Image > Type > RGB Color)";
		return "";
	}

	@Override
	public PlaneObjects segment(final Plane plane, final TaskMonitor monitor) {
		final StarDistPostprocess.Result r = stardist.segment(plane.pixels(), plane.width(), plane.height(), plane.channels(), monitor);
		int count = 0;
		for (final int l : r.labels()) count = Math.max(count, l);
		return new PlaneObjects(r.labels(), count, rows(r), outlines(r), "StarDist: " + r.detections().size() + " objects");
	}

	/** One row per object in the label image: label, area (its pixels), score, centroid x/y (of its pixels). */
	static Table rows(final StarDistPostprocess.Result r) {
		final List<StarDistPostprocess.Detection> d = r.detections();
		final long[] area = new long[d.size() + 1];
		final double[] sx = new double[d.size() + 1], sy = new double[d.size() + 1];
		for (int y = 0; y < r.height(); y++)
			for (int x = 0; x < r.width(); x++) {
				final int l = r.labels()[x + r.width() * y];
				if (l == 0) continue;
				area[l]++;
				sx[l] += x;
				sy[l] += y;
			}
		final Table table = new Table();
		for (int i = 0; i < d.size(); i++) {
			final int l = i + 1;
			if (area[l] == 0) continue; // covered by more probable objects
			table.addRow().add("label", l).add("area", area[l]).add("score", d.get(i).score()).add("centroid_x", sx[l] / area[l]).add(
				"centroid_y", sy[l] / area[l]);
		}
		return table;
	}

	/** Every detection's polygon, labelled as in the label image. */
	private static List<Outline> outlines(final StarDistPostprocess.Result r) {
		final List<Outline> out = new ArrayList<>();
		final List<StarDistPostprocess.Detection> d = r.detections();
		for (int i = 0; i < d.size(); i++)
			out.add(new Outline(i + 1, d.get(i).polygon().xs(), d.get(i).polygon().ys()));
		return out;
	}

	@Override
	public void close() {
		stardist.model().close();
	}
}
