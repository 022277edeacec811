#@ File (label = "Intensity image", style = "open") input
#@ File (label = "Label image", style = "open") labels
#@ File (label = "Output table (CSV)", style = "save") output
#@ String (label = "Device", choices = {"auto", "CPU", "GPU"}, value = "auto") device

// Measures every label of a label image on an intensity image with Tessera's
// library (what the "label-statistics" command runs), writes the table as CSV
// and prints the largest object.
// In Fiji: open this file in the script editor and press Run.
// Headless: scripts/tessera run scripts/examples/label_statistics.groovy input=test-images/nuclei3d.tif labels=test-images/nuclei3d-labels.tif output=stats.csv

import ij.IJ
import org.tessera.imagej.ImagePlusViews
import org.tessera.command.StatisticsTables
import org.tessera.core.TaskMonitor
import org.tessera.gpu.DeviceChoice
import org.tessera.segment.LabelStatistics

def open(file) {
	def imp = IJ.openImage(file.path)
	if (imp == null) throw new IllegalArgumentException("cannot open " + file)
	return imp
}

def image = ImagePlusViews.wrapReal(open(input))
def table = new LabelStatistics(DeviceChoice.parse(device), 0).measure(image, ImagePlusViews.wrapReal(open(labels)), TaskMonitor.NONE)
// as the command writes it: with the size and centroid in µm beside the pixel columns for a calibrated image
StatisticsTables.writeCsv(table, output.toPath(), input.name, image)

def sizes = table.sizes()
def largest = (0..<table.rows()).max { sizes[it] }
println "${table.rows()} labels in ${input.name}; the largest, label ${table.labels()[largest]}, has ${sizes[largest]} " +
		"${table.is3D() ? 'voxels' : 'pixels'} and mean ${table.means()[largest]}"
