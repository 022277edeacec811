#@ File (label = "Image", style = "open") input
#@ File (label = "FastSAM model (.onnx; empty = the built-in nuclei model)", style = "open", required = false) model
#@ String (label = "Points (x,y;x,y;... a leading - marks a negative point; empty = everything)", value = "", required = false) points
#@ File (label = "Output label image (TIFF)", style = "save") output

// Segments everything in a 2D image with a FastSAM ONNX model (default: the built-in one) once, then selects
// the object that the points describe (what "fastsam mode=points" does), writes it
// as a label image and prints what it found. The everything-result is kept, so
// further prompts cost no network run.
// In Fiji: open this file in the script editor and press Run.
// Headless: scripts/tessera run scripts/examples/fastsam_points.groovy input=cells.tif model=FastSAM-s.onnx points="120,80;-140,95" output=labels.tif

import ij.IJ
import ij.ImagePlus
import ij.process.ShortProcessor
import org.tessera.imagej.ImageFiles
import org.tessera.core.TaskMonitor
import org.tessera.sam.FastSam
import org.tessera.sam.FastSamImage
import org.tessera.sam.FastSamModel
import org.tessera.sam.FastSamPrompts

def imp = IJ.openImage(input.path)
if (imp == null) throw new IllegalArgumentException("input: cannot open " + input)
int w = imp.getWidth(), h = imp.getHeight()
// RGB as it is; grey normalised by its 1 / 99.8 percentiles
def image = imp.getBitDepth() == 24 ? FastSamImage.rgb((int[]) imp.getProcessor().getPixels(), w, h)
		: FastSamImage.grey((float[]) imp.getProcessor().convertToFloatProcessor().getPixels(), w, h)

def fastsam = FastSamModel.open(model == null ? "" : model.path)
try {
	def all = new FastSam(fastsam).segment(image, TaskMonitor.NONE)
	println "${all.masks().size()} objects in ${input.name}"
	def selection = points == null || points.isBlank() ? all.everything() : all.points(FastSamPrompts.parsePoints(points))
	println selection.status()
	int[] labels = selection.labels()
	def sp = new ShortProcessor(w, h)
	for (int i = 0; i < labels.length; i++) sp.set(i, labels[i])
	def out = new ImagePlus(imp.getShortTitle() + "-labels", sp)
	out.setCalibration(imp.getCalibration())
	ImageFiles.writeTiff(out, output.toPath())
}
finally {
	fastsam.close()
}
