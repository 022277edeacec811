#@ String (label = "Classifier file") classifier
#@ String (label = "Input folder or TIFF") input
#@ String (label = "Output folder") output

// In-JVM time of classifying a folder of images with a pixel classifier file, the same work as
// `tessera batch ... pipeline="pixel-classifier classifier=..."` without the JVM's start:
// read every image, classify it (features and forest on all cores), write the class TIFF.
// Prints "seconds=<s> files=<n>". Used by scripts/bench/pixel_classifier_bench.py.

import java.nio.file.Files
import java.nio.file.Path
import org.tessera.imagej.ImageFiles
import org.tessera.imagej.ImagePlusViews
import org.tessera.core.TaskMonitor
import org.tessera.pixel.PixelClassifier

def t0 = System.nanoTime()
def pc = PixelClassifier.read(Path.of(classifier))
def files = Files.isDirectory(Path.of(input)) ? ImageFiles.listTiffs(input) : [Path.of(input)]
Files.createDirectories(Path.of(output))
for (f in files) {
	def imp = ImageFiles.read(f, "input")
	if (imp.getType() == ij.ImagePlus.COLOR_RGB) imp = ij.plugin.CompositeConverter.makeComposite(imp)
	def r = pc.classify(ImagePlusViews.wrapReal(imp), false, 0, TaskMonitor.NONE)
	ImageFiles.writeTiff(ImagePlusViews.toImagePlus(r.labels()), Path.of(output).resolve(f.getFileName()))
}
println String.format(Locale.ROOT, "seconds=%.3f files=%d", (System.nanoTime() - t0) / 1e9, files.size())
