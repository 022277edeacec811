#@ File (label = "Input image", style = "open") input
#@ File (label = "Output image", style = "save") output
#@ String (label = "Sigma (pixels; one value or x,y,z)", value = "2") sigma
#@ String (label = "Device", choices = {"auto", "CPU", "GPU"}, value = "auto") device
#@ String (label = "Boundary", choices = {"nearest", "reflect", "mirror", "wrap", "constant"}, value = "nearest") boundary
#@ CommandService command

// Opens an image, blurs it with Tessera's "gaussian" command and saves the result.
// In Fiji: open this file in the script editor and press Run.
// Headless: scripts/tessera run scripts/examples/gaussian_blur.groovy input=test-images/nuclei2d.tif output=blurred.tif

import ij.IJ

def imp = IJ.openImage(input.path)
if (imp == null) throw new IllegalArgumentException("cannot open " + input)

def module = command.run("org.tessera.command.GaussianCommand", true,
		"input", imp, "sigma", sigma, "device", device, "boundary", boundary).get()
def blurred = module.getOutput("output")

if (!IJ.saveAsTiff(blurred, output.path)) throw new IllegalStateException("cannot write " + output)
println "blurred ${input.name} (sigma ${sigma}, device ${device}) -> ${output}"
