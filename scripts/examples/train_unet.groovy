#@ File (label = "Image", style = "open") input
#@ File (label = "Its object labels (0 = background)", style = "open") labels
#@ File (label = "Model folder to write", style = "directory") model
#@ Integer (label = "Training steps", value = 200) steps

// Trains a U-Net on one image and its object labels with Tessera's plain Java
// API (what the "train-unet" command does), keeping the bottom quarter of the
// image for validation, writes the model folder, then segments the image
// with it and prints the objects it finds.
// In Fiji: open this file in the script editor and press Run.
// Headless: scripts/tessera run scripts/examples/train_unet.groovy input=test-images/nuclei2d.tif labels=test-images/nuclei2d-labels.tif model=my-unet steps=200

import ij.IJ
import org.tessera.core.TaskMonitor
import org.tessera.train.Augmentation
import org.tessera.train.SemanticTargets
import org.tessera.train.SemanticTraining
import org.tessera.train.UNetFolder
import org.tessera.unet.UNetModel
import org.tessera.unet.UNetSegmentation

def imp = IJ.openImage(input.path), lab = IJ.openImage(labels.path)
if (imp == null || lab == null) throw new IllegalArgumentException("input, labels: cannot open " + (imp == null ? input : labels))
int w = imp.getWidth(), h = imp.getHeight()
float[] pixels = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels()
int[] objects = new int[w * h]
for (int i = 0; i < objects.length; i++) objects[i] = (int) lab.getProcessor().getf(i)

// background / object / boundary, every pixel normalised by the image's 1st and 99.8th percentiles
def sample = SemanticTargets.sample(imp.getTitle(), pixels, w, h, 1, 1, 99.8, SemanticTargets.fromInstances(objects, w, h))
int from = (int) (h * 0.75)
int[] top = sample.labels().clone(), bottom = sample.labels().clone()
Arrays.fill(top, from * w, top.length, -1)   // -1: no loss
Arrays.fill(bottom, 0, from * w, -1)
def train = [sample.withLabels(top)], validation = [sample.withLabels(bottom)]

def settings = new SemanticTraining.Settings(steps, 8, 64, 3e-3, 1, Math.max(1, steps.intdiv(10)), Augmentation.DEFAULT, [32, 64, 96] as int[])
def report = { String line -> println line }   // the script's output, also from inside the listener
def listener = new SemanticTraining.Listener() {
	void validated(int step, double loss, double iou, boolean best) {
		report String.format(Locale.ROOT, "step %d: validation loss %.4f, IoU %.3f%s", step, loss, iou, best ? " (best)" : "")
	}
}
def result = SemanticTraining.train(train, validation, 3, settings, null, [:], listener, TaskMonitor.NONE)
UNetFolder.prepare(model.toPath()).write(result, SemanticTargets.INSTANCE_CLASSES, 1, true, train, validation,
		"rows ${from}..${h - 1} of ${imp.getTitle()}", settings, null)

def m = UNetModel.open(model.toPath())
try {
	float[] p = UNetSegmentation.probabilities(m, pixels, w, h, 1, 1, TaskMonitor.NONE)
	int[] classes = UNetSegmentation.classes(p, 3, w * h)
	int[] found = UNetSegmentation.instances(classes, w, h, 1, 2)
	println "best network at step ${result.best().step()}; ${found.max()} objects in ${input.name} (the labels have ${objects.toList().unique().size() - 1})"
}
finally {
	m.close()
}
