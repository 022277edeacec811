#@ String (label = "Image (TIFF)") input
#@ String (label = "Scribbles (label image of the same size)") scribbles
#@ Integer (label = "Repeats", value = 5) repeats

// What a person waits for in the labeling tool's live pixel classification: after a stroke, the
// classifier is trained again on every scribble and the shown plane classified, its features
// having been computed once when the mode was turned on. Times the features once and then
// `repeats` rounds of (one more stroke, train, classify), as the tool does them; prints the
// median of the rounds in ms. Used by scripts/bench/pixel_classifier_bench.py.

import java.nio.file.Path
import org.tessera.annotate.LabelCanvas
import org.tessera.annotate.PixelClassificationSession
import org.tessera.imagej.ImageFiles
import org.tessera.core.TaskMonitor
import org.tessera.pixel.FeatureSettings
import org.tessera.pixel.RandomForest

def imp = ImageFiles.read(Path.of(input), "input")
def scr = ImageFiles.read(Path.of(scribbles), "scribbles")
int w = imp.getWidth(), h = imp.getHeight()
def px = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels()
float[][] rows = new float[h][w]
for (int y = 0; y < h; y++) System.arraycopy(px, y * w, rows[y], 0, w)
def canvas = new LabelCanvas(w, h, 1)
canvas.setClass(0, new LabelCanvas.LabelClass("background", 0x808080))
canvas.addClass("nucleus", 0xffff00)
// the scribbles as one stroke per class
for (int cls = 1; cls <= 2; cls++) {
	int label = canvas.beginObjectStroke(cls - 1)
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if ((int) scr.getProcessor().getPixelValue(x, y) == cls) canvas.dab(0, x, y, 0.5, label)
	canvas.finishStroke()
}
def s = new PixelClassificationSession(canvas, { p -> [rows] } as PixelClassificationSession.PlaneReader, 1, FeatureSettings.defaults(),
	RandomForest.Settings.defaults())
long t0 = System.nanoTime()
s.features(0, TaskMonitor.NONE)
double featureMs = (System.nanoTime() - t0) / 1e6
def times = []
for (int r = 0; r < repeats + 1; r++) {
	// one more background dab, at a corner, as a correcting stroke
	int label = canvas.beginObjectStroke(0)
	canvas.dab(0, 2 + r, 2, 1, label)
	canvas.finishStroke()
	long a = System.nanoTime()
	s.train(TaskMonitor.NONE)
	s.classify(0, 0, TaskMonitor.NONE)
	if (r > 0) times << (System.nanoTime() - a) / 1e6 // the first round warms the JIT up
}
times.sort()
println String.format(Locale.ROOT, "features_ms=%.0f live_ms=%.0f size=%dx%d", featureMs, times[(int) (times.size() / 2)], w, h)
