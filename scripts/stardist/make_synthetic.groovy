#@ File (label = "Output folder", style = "directory") output
#@ Integer (label = "Number of images", value = 300) n
#@ Integer (label = "Image size (pixels)", value = 256) size
#@ Long (label = "Seed", value = 2026) seed
#@ Double (label = "Dimmest nucleus, lowest (relative to the brightest)", value = 0.4) dimLow
#@ Double (label = "Share of images whose border cuts nuclei", value = 0) cutFraction
#@ Double (label = "Most nuclei with a faint cell body and processes (share)", value = 0) clutter
#@ Double (label = "Most elongated nucleus, short over long axis", value = 0.65) axisRatio
#@ Double (label = "Least share of the image covered by nuclei", value = 0.10) coverLow
#@ Double (label = "Sharpest optics, blur sigma (pixels)", value = 1.2) blurLow
#@ Double (label = "Fewest photons per unit intensity (noisiest)", value = 4) photonsLow

// Writes synthetic 2D nuclei images and their ground-truth labels for training
// Tessera's default StarDist model: img-0000.tif / lbl-0000.tif, ... in `output`,
// plus params.csv with the parameters of each image. Image i uses the Tessera
// generator (org.tessera.synthetic.SyntheticNuclei) with parameters drawn from
// a random stream seeded by (seed, i), so the set is reproducible and image i
// does not depend on n.
// Headless: scripts/tessera run scripts/stardist/make_synthetic.groovy output=target/stardist-data/synthetic n=300 size=256 seed=2026 \
//   dimLow=0.4 cutFraction=0 clutter=0 axisRatio=0.65 coverLow=0.10 blurLow=1.2 photonsLow=4

import ij.IJ
import org.tessera.imagej.ImagePlusViews
import org.tessera.synthetic.SyntheticNuclei

output.mkdirs()
def csv = new StringBuilder("index,count,min_radius,max_radius,photons,seed,min_brightness,cut_by_border,clutter,axis_ratio,blur_sigma,nuclei\n")
for (int i = 0; i < n; i++) {
	def r = new SplittableRandom(seed * 1000003L + i)
	// radii cover small (real StarDist test nuclei: equivalent radius 2.5-6 px) to medium nuclei
	double minRadius = 2.5 + 3.5 * r.nextDouble()
	double maxRadius = minRadius + 1 + 5 * r.nextDouble()
	double meanArea = Math.PI * Math.pow((minRadius + maxRadius) / 2, 2)
	// coverLow (default 10 %) to 45 % of the image covered, as many nuclei as that takes (at most 400)
	double cover = coverLow + (0.45 - coverLow) * r.nextDouble()
	int count = (int) Math.min(400, Math.max(3, Math.round(cover * size * size / meanArea)))
	// photons per unit intensity, log-uniform in [photonsLow, 800] (default 4): very noisy to clean
	double photons = Math.exp(Math.log(photonsLow) + (Math.log(800) - Math.log(photonsLow)) * r.nextDouble())
	long imageSeed = r.nextLong()
	// the dimmest nucleus at dimLow to 40 % of the brightest (log-uniform; dimLow 0.4: always 40 %), and in a share of
	// the images the border cuts nuclei, as in crops of a larger field; drawn after the seed, so that images with the
	// defaults are those of the first version of this script
	double u = r.nextDouble()
	double minBrightness = dimLow >= 0.4 ? 0.4 : Math.exp(Math.log(dimLow) + (Math.log(0.4) - Math.log(dimLow)) * u)
	boolean cutByBorder = r.nextDouble() < cutFraction
	// a share of the nuclei, uniform in [0, clutter] per image, get unlabelled faint cell bodies and processes
	double clutterShare = clutter * r.nextDouble()
	// the optics' blur sigma uniform in [blurLow, 1.2] px (default 1.2: always 1.2)
	double blurSigma = blurLow >= 1.2 ? 1.2 : blurLow + (1.2 - blurLow) * r.nextDouble()
	def result = new SyntheticNuclei(size, size, 1, count, minRadius, maxRadius, 1, photons, imageSeed, minBrightness, cutByBorder,
		clutterShare).withMinAxisRatio(axisRatio).withBlurSigma(blurSigma).generate()
	def name = String.format("%04d", i)
	IJ.saveAsTiff(ImagePlusViews.toImagePlus(result.image()), new File(output, "img-" + name + ".tif").path)
	IJ.saveAsTiff(ImagePlusViews.toImagePlus(result.labels()), new File(output, "lbl-" + name + ".tif").path)
	csv.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.3f,%d,%.4f,%b,%.4f,%.3f,%.3f,%d%n", i, count, minRadius, maxRadius,
		photons, imageSeed, minBrightness, cutByBorder, clutterShare, axisRatio, blurSigma, result.nuclei()))
}
new File(output, "params.csv").text = csv.toString()
println "wrote ${n} synthetic images to ${output}"
