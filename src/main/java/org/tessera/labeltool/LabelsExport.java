package org.tessera.labeltool;

import java.nio.file.Path;
import java.util.List;

import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabelingSession;
import org.tessera.annotate.LabkitLabeling;
import org.tessera.ij1.ParameterForm;
import org.tessera.imagej.ImagePlusPlanes;
import org.tessera.imagej.ImagePlusResults;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;

/**
 * Plugins &gt; Tessera &gt; Labeling &gt; Export Labels: the current image's labels
 * (made with the {@link FastSamTool}) as a label image window, a label TIFF file
 * (with its class table), the ROI Manager (its content is replaced), or a Labkit
 * {@code .labeling} file. Macro-recordable:
 * {@code run("Export Labels (Tessera)", "to=[Labkit file] file=/data/cells.labeling");}
 */
public final class LabelsExport implements PlugIn {

	static final String TITLE = "Export Labels (Tessera)";

	@Override
	public void run(final String arg) {
		final ImagePlus imp = IJ.getImage();
		if (imp == null) return;
		final ParameterForm form = ParameterForm.create(TITLE);
		form.addChoice("to", LabelsFormat.ALL, LabelsFormat.WINDOW);
		form.addFile("file", "", false);
		form.addHelp("<html>file: for a label image file (.tif, written with its class table) or a Labkit file (.labeling)</html>");
		if (!form.show()) return;
		final String to = form.nextChoice(), file = form.nextText().strip();
		try {
			IJ.showStatus(export(imp, to, file));
		}
		catch (final RuntimeException | java.io.IOException e) {
			org.tessera.ij1.TesseraPlugIn.fail(TITLE, e.getMessage());
		}
	}

	/**
	 * Exports an image's labels; returns a one-line report.
	 *
	 * @throws IllegalArgumentException with one line when the image has no labels, the target is unknown or a file is missing
	 */
	public static String export(final ImagePlus imp, final String to, final String file) throws java.io.IOException {
		final LabelingSession s = FastSamTool.session(imp);
		if (s == null) throw new IllegalArgumentException("image '" + imp.getTitle() + "' has no labels: label it with the " + FastSamTool.NAME +
			" tool or import labels first");
		final LabelCanvas c = s.canvas();
		LabelsFormat.requireFile("to", to, file, "exporting to");
		switch (to) {
			case LabelsFormat.WINDOW -> {
				final ImagePlus labels = LabelTransfer.toImagePlus(c, ImagePlusResults.baseName(imp.getTitle()) + "-labels");
				if (ImagePlusPlanes.count(imp) > 1) labels.setDimensions(1, imp.getNSlices(), imp.getNFrames());
				labels.setCalibration(imp.getCalibration().copy());
				labels.setProperty("Info", "objects=" + c.objects() + "\nclasses=" + classes(c));
				labels.show();
				return "labels of '" + imp.getTitle() + "' in window '" + labels.getTitle() + "'";
			}
			case LabelsFormat.TIFF -> {
				LabelTransfer.save(c, Path.of(file));
				return "labels written to " + file + " and " + LabelCanvas.classTable(Path.of(file));
			}
			case LabelsFormat.ROIS -> {
				if (java.awt.GraphicsEnvironment.isHeadless())
					throw new IllegalArgumentException("to: the ROI Manager needs a display; export to a file instead");
				final List<Roi> rois = LabelTransfer.toRois(c);
				final RoiManager rm = RoiManager.getRoiManager();
				rm.reset();
				for (final Roi r : rois) rm.add(imp, r, -1);
				return rois.size() + " ROIs in the ROI Manager";
			}
			case LabelsFormat.LABKIT -> {
				final ij.measure.Calibration cal = imp.getCalibration();
				LabkitLabeling.write(c, Path.of(file), new double[] { cal.pixelWidth, cal.pixelHeight, cal.pixelDepth }, cal.scaled() ? cal
					.getUnit() : "pixel");
				return "labels written to " + file + " (Labkit)";
			}
			default -> throw LabelsFormat.unknown("to", to);
		}
	}

	private static String classes(final LabelCanvas c) {
		final StringBuilder b = new StringBuilder();
		for (final LabelCanvas.LabelClass k : c.classes()) b.append(b.length() == 0 ? "" : ", ").append(k.name()).append(String.format(" #%06x", k
			.rgb()));
		return b.toString();
	}
}
