package org.tessera.labeltool;

import java.io.IOException;
import java.nio.file.Path;

import org.tessera.annotate.PixelClassificationSession;
import org.tessera.core.TaskMonitor;
import org.tessera.ij1.ParameterForm;
import org.tessera.imagej.ImagePlusResults;
import org.tessera.pixel.PixelClassifier;
import org.tessera.imagej.ImagePlusPlanes;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.PlugIn;
import ij.process.ShortProcessor;

/**
 * Plugins &gt; Tessera &gt; Pixel Classification &gt; Save Pixel Classifier and
 * Export Pixel Classes: the classifier trained interactively on the current image
 * (the labeling tool's pixel classification mode, key P) as a classifier file that
 * {@code pixel-classifier} and every other route load, and the classes of every
 * plane as a label image window. Macro-recordable:
 * {@code run("Save Pixel Classifier (Tessera)", "classifier=/data/cells.classifier");}
 */
public final class PixelClassificationExport implements PlugIn {

	static final String SAVE = "Save Pixel Classifier (Tessera)", EXPORT = "Export Pixel Classes (Tessera)", LOAD =
		"Load Pixel Classifier (Tessera)";

	@Override
	public void run(final String arg) {
		final ImagePlus imp = IJ.getImage();
		if (imp == null) return;
		final boolean save = !"classes".equals(arg) && !"load".equals(arg);
		try {
			if ("load".equals(arg)) {
				final ParameterForm form = ParameterForm.create(LOAD);
				form.addFile("classifier", "", false);
				form.addHelp("<html>classifier: a file written by Train Pixel Classifier or Save Pixel Classifier; its classes show on the image</html>");
				if (!form.show()) return;
				IJ.showStatus(load(imp, Path.of(form.nextText().strip())));
			}
			else if (save) {
				final ParameterForm form = ParameterForm.create(SAVE);
				form.addFile("classifier", "", false);
				form.addHelp("<html>classifier: the file to write (.classifier), for Pixel Classifier (Tessera), batches and scripts</html>");
				if (!form.show()) return;
				IJ.showStatus(save(imp, Path.of(form.nextText().strip())));
			}
			else {
				final ParameterForm form = ParameterForm.create(EXPORT);
				form.addCheckbox("probabilities", false);
				form.addHelp("<html>probabilities: also each class's probability, a channel per class</html>");
				if (!form.show()) return;
				final boolean probabilities = form.nextBoolean();
				IJ.showStatus(exportClasses(imp).getTitle() + ": the classes of '" + imp.getTitle() + "'");
				if (probabilities) exportProbabilities(imp);
			}
		}
		catch (final RuntimeException | IOException e) {
			org.tessera.ij1.TesseraPlugIn.fail("load".equals(arg) ? LOAD : save ? SAVE : EXPORT, e.getMessage());
		}
	}

	private static PixelClassificationSession trained(final ImagePlus imp) {
		final PixelClassificationSession p = FastSamTool.pixelSession(imp);
		if (p == null || p.classifier() == null) throw new IllegalArgumentException("image '" + imp.getTitle() + "' has no trained pixel " +
			"classifier: choose the " + FastSamTool.NAME + " tool, press P, paint strokes of two classes and press T");
		return p;
	}

	/** Writes the image's trained classifier; returns a one-line report. */
	public static String save(final ImagePlus imp, final Path file) throws IOException {
		if (file.toString().isBlank()) throw new IllegalArgumentException("classifier: give the file to write");
		final PixelClassifier pc = trained(imp).classifier();
		pc.write(file);
		return "pixel classifier of '" + imp.getTitle() + "' (" + pc.classes().size() + " classes) written to " + file;
	}

	/**
	 * Uses a classifier file on the image in the labeling tool's pixel classification mode
	 * (turned on if needed): its classes show, and strokes with T or live mode train anew.
	 */
	public static String load(final ImagePlus imp, final Path file) {
		if (file.toString().isBlank()) throw new IllegalArgumentException("classifier: give a classifier file");
		final PixelClassifier pc = PixelClassifier.read(file);
		FastSamTool.useClassifier(imp, pc);
		return "pixel classifier " + file + " (" + pc.classes().size() + " classes) on '" + imp.getTitle() + "'";
	}

	/** Each class's probability on every plane, a channel per class (the first class first), as a window, shown; returns it. */
	public static ImagePlus exportProbabilities(final ImagePlus imp) {
		final PixelClassificationSession p = trained(imp);
		final int planes = ImagePlusPlanes.count(imp), w = imp.getWidth(), h = imp.getHeight();
		final PixelClassifier pc = p.classifier();
		final int k = pc.classes().size();
		final ImageStack stack = new ImageStack(w, h);
		for (int plane = 0; plane < planes; plane++) {
			IJ.showProgress(plane, planes);
			final float[][] prob = p.probabilities(plane, 0, TaskMonitor.NONE);
			for (int c = 0; c < k; c++) stack.addSlice(pc.classes().get(c).name(), new ij.process.FloatProcessor(w, h, prob[c]));
		}
		IJ.showProgress(1.0);
		final ImagePlus out = new ImagePlus(ImagePlusResults.baseName(imp.getTitle()) + "-probabilities", stack);
		out.setDimensions(k, imp.getNSlices(), imp.getNFrames());
		out.setCalibration(imp.getCalibration().copy());
		final ImagePlus shown = k > 1 ? new ij.CompositeImage(out, ij.CompositeImage.GRAYSCALE) : out;
		shown.setDisplayRange(0, 1);
		shown.show();
		return shown;
	}

	/** The classes of every plane of the image as a label image window, shown; returns it. */
	public static ImagePlus exportClasses(final ImagePlus imp) {
		final PixelClassificationSession p = trained(imp);
		final int planes = ImagePlusPlanes.count(imp), w = imp.getWidth(), h = imp.getHeight();
		final ImageStack stack = new ImageStack(w, h);
		for (int plane = 0; plane < planes; plane++) {
			IJ.showProgress(plane, planes);
			final int[] c = p.classify(plane, 0, TaskMonitor.NONE);
			final short[] px = new short[c.length];
			for (int i = 0; i < c.length; i++) px[i] = (short) c[i];
			stack.addSlice(new ShortProcessor(w, h, px, null));
		}
		IJ.showProgress(1.0);
		final ImagePlus out = new ImagePlus(ImagePlusResults.baseName(imp.getTitle()) + "-classes", stack);
		if (planes > 1) out.setDimensions(1, imp.getNSlices(), imp.getNFrames());
		out.setCalibration(imp.getCalibration().copy());
		final PixelClassifier pc = p.classifier();
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int k = 0; k < pc.classes().size() && k < 255; k++) {
			r[k + 1] = (byte) (pc.classes().get(k).rgb() >> 16);
			g[k + 1] = (byte) (pc.classes().get(k).rgb() >> 8);
			b[k + 1] = (byte) pc.classes().get(k).rgb();
		}
		out.setLut(new ij.process.LUT(r, g, b));
		out.setDisplayRange(0, 255);
		out.setProperty("Info", "classes=" + String.join(", ", pc.classes().stream().map(PixelClassifier.ClassInfo::name).toList()));
		out.show();
		return out;
	}
}
