#@ Integer (label = "Image size (pixels)", value = 1024) size
#@ Integer (label = "Nuclei", value = 900) count
#@ Integer (label = "Runs", value = 5) runs

// Times FastSAM's everything pass (letterbox, network, decoding) with the built-in model on a
// synthetic size x size nuclei image: the median of `runs` runs after one warm-up, plus how many
// objects it found. Headless: scripts/tessera run scripts/sam/bench_builtin.groovy size=1024 count=900 runs=5

import org.tessera.imagej.ImagePlusViews
import org.tessera.core.TaskMonitor
import org.tessera.sam.FastSam
import org.tessera.sam.FastSamImage
import org.tessera.sam.FastSamModel
import org.tessera.synthetic.SyntheticNuclei

def nuclei = new SyntheticNuclei(size, size, 1, count, 3, 10, 1, 120, 123_457L).generate()
def pixels = (float[]) ImagePlusViews.toImagePlus(nuclei.image()).getProcessor().convertToFloatProcessor().getPixels()
def model = FastSamModel.builtIn()
try {
	def fastsam = new FastSam(model)
	def image = FastSamImage.grey(pixels, size, size)
	int found = fastsam.segment(image, TaskMonitor.NONE).masks().size()
	def times = []
	for (int i = 0; i < runs; i++) {
		long t0 = System.nanoTime()
		fastsam.segment(image, TaskMonitor.NONE)
		times << (System.nanoTime() - t0) / 1e9
	}
	times.sort()
	println String.format(Locale.ROOT, "everything on %d x %d (%d nuclei): %d objects, median %.3f s of %d runs (min %.3f, max %.3f), %d threads",
		size, size, nuclei.nuclei(), found, times[(int) (runs / 2)], runs, times[0], times[-1], Runtime.getRuntime().availableProcessors())
}
finally {
	model.close()
}
