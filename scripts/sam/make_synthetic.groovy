#@ File (label = "Output folder", style = "directory") output
#@ Integer (label = "Number of images", value = 300) n
#@ Integer (label = "Image size (pixels)", value = 256) size
#@ Long (label = "Seed", value = 7100) seed
#@ Double (label = "Share of images with large nuclei", value = 0.2) largeFraction

// Writes synthetic 2D nuclei images and their ground-truth labels for training Tessera's
// default FastSAM model: img-0000.tif / lbl-0000.tif, ... in `output`, plus params.csv.
// Image i uses Tessera's generator (org.tessera.synthetic.SyntheticNuclei) with parameters
// drawn from a random stream seeded by (seed, i), so the set is reproducible and image i
// does not depend on n. Most images hold small to medium nuclei (semi-axes 2.5 to 14 px, as
// in the StarDist data); a share `largeFraction` holds large ones (8 to 40 px), so that the
// network's coarser levels see objects too. Dim nuclei, border-cut images and faint
// unlabelled cell bodies ("clutter") occur in part of the images.
// Headless: scripts/tessera run scripts/sam/make_synthetic.groovy output=target/sam-data n=300 size=256 seed=7100 largeFraction=0.2

import ij.IJ
import org.tessera.imagej.ImagePlusViews
import org.tessera.synthetic.SyntheticNuclei

output.mkdirs()
def csv = new StringBuilder("index,count,min_radius,max_radius,photons,seed,min_brightness,cut_by_border,clutter,nuclei\n")
for (int i = 0; i < n; i++) {
	def r = new SplittableRandom(seed * 1000003L + i)
	boolean large = r.nextDouble() < largeFraction
	double minRadius = large ? 8 + 14 * r.nextDouble() : 2.5 + 4.5 * r.nextDouble()
	double maxRadius = minRadius + 1 + (large ? 16 : 7) * r.nextDouble()
	double meanArea = Math.PI * Math.pow((minRadius + maxRadius) / 2, 2)
	// 10 % to 45 % of the image covered, as many nuclei as that takes (at most 300)
	double cover = 0.10 + 0.35 * r.nextDouble()
	int count = (int) Math.min(300, Math.max(2, Math.round(cover * size * size / meanArea)))
	// photons per unit intensity, log-uniform in [4, 800]: very noisy to clean
	double photons = Math.exp(Math.log(4) + (Math.log(800) - Math.log(4)) * r.nextDouble())
	long imageSeed = r.nextLong()
	// the dimmest nucleus at 5 % to 40 % of the brightest (log-uniform)
	double minBrightness = Math.exp(Math.log(0.05) + (Math.log(0.4) - Math.log(0.05)) * r.nextDouble())
	boolean cutByBorder = r.nextDouble() < 0.6
	// up to 30 % of the nuclei in a third of the images get unlabelled faint cell bodies and processes
	double clutterShare = r.nextDouble() < 1 / 3d ? 0.3 * r.nextDouble() : 0
	def result = new SyntheticNuclei(size, size, 1, count, minRadius, maxRadius, 1, photons, imageSeed, minBrightness, cutByBorder,
		clutterShare).generate()
	def name = String.format("%04d", i)
	IJ.saveAsTiff(ImagePlusViews.toImagePlus(result.image()), new File(output, "img-" + name + ".tif").path)
	IJ.saveAsTiff(ImagePlusViews.toImagePlus(result.labels()), new File(output, "lbl-" + name + ".tif").path)
	csv.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.3f,%d,%.4f,%b,%.4f,%d%n", i, count, minRadius, maxRadius, photons, imageSeed,
		minBrightness, cutByBorder, clutterShare, result.nuclei()))
}
new File(output, "params.csv").text = csv.toString()
println "wrote ${n} synthetic images to ${output}"
