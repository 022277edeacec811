package org.tessera.stardist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.tessera.core.ImageFiles;
import org.tessera.core.TaskMonitor;

import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.io.RoiEncoder;
import ij.measure.ResultsTable;

/**
 * StarDist 2D nucleus segmentation of one image: percentile normalisation,
 * the network ({@link StarDistModel}, ONNX Runtime through DJL), and the
 * star-convex polygons, non-maximum suppression and label rendering of
 * {@link StarDistPostprocess}.
 *
 * @param model the network
 * @param postprocess thresholds and boundary exclusion
 * @param normalizeLow lower percentile of the normalisation
 * @param normalizeHigh upper percentile
 */
public record StarDist(StarDistModel model, StarDistPostprocess postprocess, double normalizeLow, double normalizeHigh) {

	public StarDist {
		if (model == null) throw new IllegalArgumentException("no StarDist model given");
		if (postprocess == null) postprocess = new StarDistPostprocess().withProbThreshold(model.thresholds().prob()).withNmsThreshold(model
			.thresholds().nms());
		if (!(normalizeLow >= 0 && normalizeLow < normalizeHigh && normalizeHigh <= 100)) throw new IllegalArgumentException(
			"normalize_low and normalize_high must satisfy 0 <= low < high <= 100, got " + normalizeLow + " and " + normalizeHigh);
	}

	/** Segments a 2D single-channel image (x fastest). */
	public StarDistPostprocess.Result segment(final float[] image, final int width, final int height, final TaskMonitor monitor) {
		if (model.config().channelsIn() != 1) throw new IllegalArgumentException("model " + model.source() + " takes " + model.config()
			.channelsIn() + " channels; this image has 1");
		monitor.status("StarDist: normalising");
		final float[] normalized = Normalize.percentiles(image, normalizeLow, normalizeHigh);
		monitor.checkCancelled();
		monitor.status("StarDist: network (" + model.weightsFile() + ")");
		final StarDistPrediction p = model.predict(normalized, height, width);
		monitor.checkCancelled();
		monitor.status("StarDist: polygons and non-maximum suppression");
		return postprocess.process(new StarDistPostprocess.Prediction(p.prob(), p.dist(), p.height(), p.width(), p.nRays(), p.gridY(), p
			.gridX(), height, width));
	}

	/** One row per object: label, area (pixels in the label image), score, centroid x/y (of its pixels), frame. */
	public static void addRows(final ResultsTable table, final StarDistPostprocess.Result r, final int frame) {
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
		for (int i = 0; i < d.size(); i++) {
			final int l = i + 1;
			if (area[l] == 0) continue; // covered by more probable objects
			table.incrementCounter();
			table.addValue("label", l);
			table.addValue("area", area[l]);
			table.addValue("score", d.get(i).score());
			table.addValue("centroid_x", sx[l] / area[l]);
			table.addValue("centroid_y", sy[l] / area[l]);
			if (frame >= 0) table.addValue("frame", frame + 1);
		}
	}

	/** The polygons as ImageJ ROIs, named by label (and frame), on their frame's position. */
	public static Roi[] rois(final StarDistPostprocess.Result r, final int frame) {
		final List<StarDistPostprocess.Detection> d = r.detections();
		final Roi[] rois = new Roi[d.size()];
		for (int i = 0; i < d.size(); i++) {
			final double[] xs = d.get(i).polygon().xs(), ys = d.get(i).polygon().ys();
			final float[] fx = new float[xs.length], fy = new float[ys.length];
			// ImageJ's pixel (x, y) covers [x, x+1): a pixel centre at x is at x + 0.5
			for (int k = 0; k < xs.length; k++) {
				fx[k] = (float) (xs[k] + 0.5);
				fy[k] = (float) (ys[k] + 0.5);
			}
			final PolygonRoi roi = new PolygonRoi(fx, fy, Roi.POLYGON);
			roi.setName(String.format(Locale.ROOT, frame >= 0 ? "%04d-%04d" : "%04d", frame >= 0 ? frame + 1 : i + 1, i + 1));
			if (frame >= 0) roi.setPosition(frame + 1);
			rois[i] = roi;
		}
		return rois;
	}

	/** Writes ROIs as an ImageJ ROI set (.zip of .roi files), atomically. */
	public static void writeRois(final List<Roi> rois, final Path path) throws IOException {
		ImageFiles.writeAtomically(path, ".zip", tmp -> {
			try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
				for (final Roi roi : rois) {
					zip.putNextEntry(new ZipEntry(roi.getName() + ".roi"));
					zip.write(RoiEncoder.saveAsByteArray(roi));
					zip.closeEntry();
				}
			}
		});
	}
}
