#@ File (label = "Image", style = "open") input
#@ String (label = "Clicks (x,y;x,y;... one object each)", value = "114,114;101,103") clicks
#@ String (label = "Class of the objects (name #rrggbb)", value = "nucleus #ffff00") objectClass
#@ File (label = "Labkit file to write (.labeling)", style = "save") output

// Labels objects the way the FastSAM labeling tool does, without its window:
// one click per object, each proposal accepted, then the labels written as a
// Labkit .labeling file and, beside it, as a label image with its class table.
// The network runs once; every click only selects from its result.
// In Fiji: open this file in the script editor and press Run.
// Headless: scripts/tessera run scripts/examples/label_with_clicks.groovy input=test-images/nuclei2d.tif \
//   clicks="114,114;101,103" output=nuclei2d.labeling

import ij.IJ
import org.tessera.annotate.LabelCanvas
import org.tessera.annotate.LabelingSession
import org.tessera.annotate.LabkitLabeling
import org.tessera.core.TaskMonitor
import org.tessera.labeltool.LabelTransfer
import org.tessera.sam.FastSam
import org.tessera.sam.FastSamModel
import org.tessera.imagej.ImagePlusPlanes
import org.tessera.sam.FastSamSegmenter

def imp = IJ.openImage(input.path)
if (imp == null) throw new IllegalArgumentException("input: cannot open " + input)
def model = FastSamModel.builtIn()
try {
	def fastsam = new FastSam(model)
	def canvas = new LabelCanvas(imp.getWidth(), imp.getHeight(), ImagePlusPlanes.count(imp))
	def (name, colour) = objectClass.trim().split(/\s+#/) as List
	canvas.setClass(0, new LabelCanvas.LabelClass(name, Integer.parseInt(colour, 16)))
	def session = new LabelingSession(canvas, { int plane -> fastsam.segment(FastSamSegmenter.image(ImagePlusPlanes.of(imp).plane(plane)), TaskMonitor.NONE) })
	session.result(0)
	for (click in clicks.split(";")) {
		def (x, y) = click.split(",").collect { it.trim() as double }
		session.addPoint(0, x, y, true)
		int label = session.accept()
		println "click ${x},${y}: " + (label > 0 ? "object ${label}" : session.status())
	}
	LabkitLabeling.write(canvas, output.toPath())
	def labels = output.toPath().resolveSibling(output.name.replaceAll(/\.labeling$/, "") + "-labels.tif")
	LabelTransfer.save(canvas, labels)
	println "${canvas.objects()} objects written to ${output} and ${labels}"
}
finally {
	model.close()
}
