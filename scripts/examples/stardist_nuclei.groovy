#@ File (label = "Nuclei image", style = "open") input
#@ File (label = "Output label image (TIFF)", style = "save") output
#@ String (label = "Tiles (a number, or auto)", value = "auto") tiles

// Segments the nuclei of a 2D image with Tessera's built-in StarDist model
// (what the "stardist" command runs), writes the label image and prints how
// many nuclei it found and the largest.
// In Fiji: open this file in the script editor and press Run.
// Headless: scripts/tessera run scripts/examples/stardist_nuclei.groovy input=test-images/nuclei2d.tif output=labels.tif

import ij.IJ
import ij.ImagePlus
import ij.process.FloatProcessor
import org.tessera.imagej.ImageFiles
import org.tessera.core.TaskMonitor
import org.tessera.stardist.Normalize
import org.tessera.stardist.StarDist
import org.tessera.stardist.StarDistModel
import org.tessera.dl.Tiles

def imp = IJ.openImage(input.path)
if (imp == null) throw new IllegalArgumentException("input: cannot open " + input)
if (imp.getStackSize() != 1) throw new IllegalArgumentException("input: " + input.name + " is not a single 2D image")
float[] pixels = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels()

def model = StarDistModel.builtIn()
try {
	// null post-processing: the model's own thresholds; 1 / 99.8 percentile normalisation
	def stardist = new StarDist(model, null, Normalize.DEFAULT_LOW, Normalize.DEFAULT_HIGH, Tiles.parseCount(tiles))
	def result = stardist.segment(pixels, imp.getWidth(), imp.getHeight(), TaskMonitor.NONE)
	def labels = new FloatProcessor(imp.getWidth(), imp.getHeight())
	int[] area = new int[result.detections().size() + 1]
	for (int i = 0; i < result.labels().length; i++) {
		labels.setf(i, result.labels()[i])
		area[result.labels()[i]]++
	}
	def out = new ImagePlus(imp.getShortTitle() + "-labels", labels.convertToShortProcessor(false))
	out.setCalibration(imp.getCalibration())
	ImageFiles.writeTiff(out, output.toPath())
	def largest = (1..<area.length).max { area[it] }
	println "${result.detections().size()} nuclei in ${input.name}; the largest, label ${largest}, covers ${area[largest]} pixels " +
			"(score ${String.format(Locale.ROOT, '%.3f', result.detections()[largest - 1].score())})"
}
finally {
	model.close()
}
