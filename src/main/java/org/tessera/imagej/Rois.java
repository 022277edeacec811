package org.tessera.imagej;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.tessera.segmenter.Outline;
import org.tessera.segmenter.Segmentation;

import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.io.RoiEncoder;

/** A segmentation's outlines as ImageJ ROIs and ROI sets. */
public final class Rois {

	private Rois() {
		// static utility
	}

	/**
	 * The outlines as polygon ROIs, named by label ({@code 0007}), in a stack by
	 * plane and label ({@code 0002-0007}) and set on their hyperstack position
	 * (every channel, the slice, the frame).
	 */
	public static List<Roi> of(final Segmentation segmentation) {
		final List<Roi> out = new ArrayList<>();
		for (final Segmentation.PlacedOutline p : segmentation.outlines()) {
			final Roi roi = polygon(p.outline());
			final int label = p.outline().label();
			roi.setName(p.plane() > 0 ? String.format(Locale.ROOT, "%04d-%04d", p.plane(), label) : String.format(Locale.ROOT, "%04d", label));
			if (p.plane() > 0) roi.setPosition(0, p.slice(), p.frame());
			out.add(roi);
		}
		return out;
	}

	/** An outline as a polygon ROI: ImageJ's pixel (x, y) covers [x, x+1), so a pixel centre at x is at x + 0.5. */
	public static Roi polygon(final Outline o) {
		final float[] fx = new float[o.xs().length], fy = new float[o.ys().length];
		for (int k = 0; k < fx.length; k++) {
			fx[k] = (float) (o.xs()[k] + 0.5);
			fy[k] = (float) (o.ys()[k] + 0.5);
		}
		return new PolygonRoi(fx, fy, Roi.POLYGON);
	}

	/** Writes ROIs as an ImageJ ROI set (.zip of .roi files), atomically. */
	public static void write(final List<Roi> rois, final Path path) throws IOException {
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
