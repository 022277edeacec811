#@ File (label = "Input image", style = "open") input
#@ File (label = "Output image", style = "save") output
#@ String (label = "Sigma (pixels; one value or x,y,z)", value = "2") sigma
#@ String (label = "Device", choices = {"auto", "CPU", "GPU"}, value = "auto") device
#@ String (label = "Boundary", choices = {"nearest", "reflect", "mirror", "wrap", "constant"}, value = "nearest") boundary
#@ CommandService command

# Opens an image, blurs it with Tessera's "gaussian" command and saves the result.
# In Fiji: open this file in the script editor and press Run.
# Headless: scripts/tessera run scripts/examples/gaussian_blur.py input=test-images/nuclei2d.tif output=blurred.tif

from ij import IJ

imp = IJ.openImage(input.getPath())
if imp is None:
    raise ValueError("cannot open %s" % input)

module = command.run("org.tessera.command.GaussianCommand", True,
                     "input", imp, "sigma", sigma, "device", device, "boundary", boundary).get()
blurred = module.getOutput("output")

if not IJ.saveAsTiff(blurred, output.getPath()):
    raise IOError("cannot write %s" % output)
print("blurred %s (sigma %s, device %s) -> %s" % (input.getName(), sigma, device, output))
