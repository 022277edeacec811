#@ File (label = "Image", style = "open") input
#@ File (label = "Its object labels (every nucleus labelled, 0 = background)", style = "open") labels
#@ File (label = "Model folder to write", style = "directory") model
#@ Integer (label = "Training steps", value = 100) steps

// Fine-tunes the built-in fluorescence StarDist model on one image and its
// object labels with Tessera's plain Java API (what the "train-stardist"
// command does), keeping the bottom quarter of the image for validation and
// for choosing the thresholds, writes the model folder, then segments the
// image with the new model and prints how many nuclei it finds.
// In Fiji: open this file in the script editor and press Run.
// Headless: scripts/tessera run scripts/examples/train_stardist.groovy input=test-images/nuclei2d.tif labels=test-images/nuclei2d-labels.tif model=my-stardist steps=100

import ij.IJ
import org.tessera.core.TaskMonitor
import org.tessera.stardist.StarDist
import org.tessera.stardist.StarDistModel
import org.tessera.train.SemanticTargets
import org.tessera.train.StarDistFolder
import org.tessera.train.StarDistTraining
import org.tessera.train.TrainingLoop

def imp = IJ.openImage(input.path), lab = IJ.openImage(labels.path)
if (imp == null || lab == null) throw new IllegalArgumentException("input, labels: cannot open " + (imp == null ? input : labels))
int w = imp.getWidth(), h = imp.getHeight()
float[] pixels = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels()
int[] objects = new int[w * h]
for (int i = 0; i < objects.length; i++) objects[i] = (int) lab.getProcessor().getf(i)

// object labels as they are; the image normalised by its 1st and 99.8th percentiles, as StarDist runs
def sample = SemanticTargets.sample(imp.getTitle(), pixels, w, h, 1, 1, 99.8, objects)
int from = (int) (h * 0.75)
int[] top = sample.labels().clone(), bottom = sample.labels().clone()
Arrays.fill(top, from * w, top.length, -1)   // -1: unknown, no loss
Arrays.fill(bottom, 0, from * w, -1)
def train = [sample.withLabels(top)], validation = [sample.withLabels(bottom)]

def settings = StarDistTraining.Settings.defaults(steps, 1)
def report = { String line -> println line }   // the script's output, also from inside the listener
def listener = new TrainingLoop.Listener() {
	void validated(int step, double loss, double ap, boolean best) {
		report String.format(Locale.ROOT, "step %d: validation loss %.4f, AP@0.5 %.3f%s", step, loss, ap, best ? " (best)" : "")
	}
}
def result = StarDistTraining.train(train, validation, settings, StarDistModel.builtInOnnx("fluorescence"), [:], listener, TaskMonitor.NONE)
StarDistFolder.prepare(model.toPath()).write(result, train, validation, "rows ${from}..${h - 1} of ${imp.getTitle()}", settings, "fluorescence")
println String.format(Locale.ROOT, "thresholds prob %.2f, nms %.2f: AP@0.5 %.3f on the validation rows", result.thresholds().prob(),
		result.thresholds().nms(), result.validationAp())

def m = StarDistModel.load(model.toPath())
try {
	def stardist = new StarDist(m, null, m.config().normalizeLow(), m.config().normalizeHigh())
	int[] found = stardist.segment(pixels, w, h, TaskMonitor.NONE).labels()
	println "best network at step ${result.best().step()}; ${found.max()} objects in ${input.name} (the labels have ${objects.toList().unique().size() - 1})"
}
finally {
	m.close()
}
