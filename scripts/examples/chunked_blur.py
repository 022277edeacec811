#@ String (label = "Input: folder or glob of 2D TIFF planes", style = "directory") input
#@ File (label = "Output OME-Zarr folder (.zarr)", style = "save") output
#@ Double (label = "Sigma (pixels)", value = 2.0) sigma
#@ String (label = "Block shape x,y,z", value = "256,256,16") blocks

# The chunk library from Jython: a lazily read stack blurred block by block into OME-Zarr,
# like chunked_blur_to_zarr.groovy; a rerun after a stop writes only the missing chunks.
# Headless: scripts/tessera run scripts/examples/chunked_blur.py input=planes/ output=blurred.zarr

from org.tessera.chunk import BlockGrid, ChunkedImages, LazyTiffs, OmeZarrPyramid, ZarrArray, ZarrImages
from org.tessera.core import AxisImg, AxisType, Boundary, TaskMonitor, Threads
from org.tessera.imagej import ImageFiles
from org.tessera.filter import GaussianBlur, GaussianKernel
from jarray import array

files = ImageFiles.listTiffs(input)
block = BlockGrid.parseShape(blocks, 3)
halo = GaussianKernel.radius(sigma, GaussianKernel.DEFAULT_TRUNCATE)
stack = LazyTiffs.stack(files, int(Threads.resolve(0) * (block[2] + 2 * halo) + 2))
img = AxisImg.of("stack", stack, array([AxisType.X, AxisType.Y, AxisType.Z], AxisType))

zarr = ZarrArray.create(output.toPath().resolve("0"), stack.dimensionsAsLongArray(),
                        array([int(b) for b in block], 'i'), ChunkedImages.dtype(stack.getType()), True)

blur = GaussianBlur.of(array([sigma], 'd')).withBoundary(Boundary.REFLECT)
result = blur.applyChunked(img, ZarrImages.sink(zarr), block, TaskMonitor.NONE)
# the OME-Zarr metadata and the lower resolution levels viewers open first
OmeZarrPyramid.write(output.toPath(), "blurred", img.axes(), False, 0, TaskMonitor.NONE)
print("blurred %d planes: %d blocks written, %d already there -> %s" % (files.size(), result.processed(), result.skipped(), output))
