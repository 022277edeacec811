package org.tessera.labeltool;

import java.nio.file.Path;
import java.util.List;

import org.tessera.annotate.LabelCanvas;
import org.tessera.annotate.LabelingSession;
import org.tessera.annotate.LabkitLabeling;
import org.tessera.ij1.ParameterForm;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;

/**
 * Plugins &gt; Tessera &gt; Labeling &gt; Import Labels: adds objects to the current
 * image's labels (starting its labeling if needed) from an open label image, a
 * label image file, the ROI Manager, or a Labkit {@code .labeling} file, as ONE
 * undoable step, on unlabelled pixels only. Labkit labels and label files with
 * their class table (as Export Labels writes them) keep their class names; other
 * label images and ROIs get the current class. Macro-recordable:
 * {@code run("Import Labels (Tessera)", "from=[Labkit file] file=/data/cells.labeling");}
 */
public final class LabelsImport implements PlugIn {

	static final String TITLE = "Import Labels (Tessera)";

	@Override
	public void run(final String arg) {
		final ImagePlus imp = IJ.getImage();
		if (imp == null) return;
		final ParameterForm form = ParameterForm.create(TITLE);
		form.addChoice("from", LabelsFormat.ALL, LabelsFormat.TIFF);
		final String[] titles = WindowManager.getImageTitles();
		form.addChoice("labels", titles.length == 0 ? new String[] { "-" } : titles, titles.length == 0 ? "-" : titles[0]);
		form.addFile("file", "", false);
		if (!form.show()) return;
		final String from = form.nextChoice(), image = form.nextChoice(), file = form.nextText().strip();
		try {
			IJ.showStatus(importInto(imp, from, WindowManager.getImage(image), file));
		}
		catch (final RuntimeException | java.io.IOException e) {
			org.tessera.ij1.TesseraPlugIn.fail(TITLE, e.getMessage());
		}
	}

	/** Imports labels into an image's labeling; returns a one-line report. */
	public static String importInto(final ImagePlus imp, final String from, final ImagePlus labelImage, final String file)
		throws java.io.IOException
	{
		final LabelingSession s = FastSamTool.start(imp);
		final LabelCanvas c = s.canvas();
		LabelsFormat.requireFile("from", from, file, "importing from");
		final int added = switch (from) {
			case LabelsFormat.WINDOW -> {
				if (labelImage == null) throw new IllegalArgumentException("label image: no such window");
				yield LabelTransfer.copyInto(LabelTransfer.fromLabelImage(labelImage), c, s.currentClass(), "import " + labelImage.getTitle());
			}
			// with the class table that Export Labels writes beside it, objects keep their classes
			case LabelsFormat.TIFF -> LabelTransfer.copyInto(LabelTransfer.load(Path.of(file)), c, java.nio.file.Files.isRegularFile(LabelCanvas.classTable(Path.of(
				file))) ? -1 : s.currentClass(), "import " + Path.of(file).getFileName());
			case LabelsFormat.ROIS -> {
				final RoiManager rm = RoiManager.getInstance();
				final List<Roi> rois = rm == null ? List.of() : List.of(rm.getRoisAsArray());
				if (rois.isEmpty()) throw new IllegalArgumentException("from: the ROI Manager is empty");
				final LabelCanvas tmp = new LabelCanvas(c.width(), c.height(), c.slices());
				LabelTransfer.addRois(tmp, rois, 0);
				yield LabelTransfer.copyInto(tmp, c, s.currentClass(), "import " + rois.size() + " ROIs");
			}
			case LabelsFormat.LABKIT -> LabelTransfer.copyInto(LabkitLabeling.read(Path.of(file)), c, -1, "import " + Path.of(file).getFileName());
			default -> throw LabelsFormat.unknown("from", from);
		};
		FastSamTool.refresh(imp);
		return added + " objects imported into '" + imp.getTitle() + "' (one step: Ctrl+Z undoes it)";
	}
}
