#@ String (label = "Input: folder or glob of 2D TIFF planes", style = "directory") input
#@ File (label = "Output OME-Zarr folder (.zarr)", style = "save") output
#@ Double (label = "Sigma (pixels)", value = 2.0) sigma
#@ String (label = "Block shape x,y,z", value = "256,256,16") blocks

// A Gaussian blur of a stack larger than memory: the planes are read lazily, blocks of
// 'blocks' (plus a halo as wide as the kernel) are blurred in parallel, and every block is
// written as one chunk of an OME-Zarr array as soon as it is done. Run it again after a
// stop and it continues with the missing chunks.
// Headless: scripts/tessera run scripts/examples/chunked_blur_to_zarr.groovy input=planes/ output=blurred.zarr

import org.tessera.chunk.*
import org.tessera.core.*
import org.tessera.imagej.*
import org.tessera.filter.*

def files = ImageFiles.listTiffs(input)
def block = BlockGrid.parseShape(blocks, 3)
def halo = GaussianKernel.radius(sigma, GaussianKernel.DEFAULT_TRUNCATE)
def threads = Threads.resolve(0)
// keep the planes that the running blocks read, and no more
def stack = LazyTiffs.stack(files, (int) (threads * (block[2] + 2 * halo) + 2))
def img = AxisImg.of("stack", stack, AxisType.X, AxisType.Y, AxisType.Z)

def zarr = ZarrArray.create(output.toPath().resolve("0"), stack.dimensionsAsLongArray(),
		block.collect { it as int } as int[], ChunkedImages.dtype(stack.getType()), true)

def result = GaussianBlur.of(sigma).withBoundary(Boundary.REFLECT)
		.applyChunked(img, ZarrImages.sink(zarr), block, TaskMonitor.NONE)
// the OME-Zarr metadata and the lower resolution levels viewers open first
OmeZarrPyramid.write(output.toPath(), "blurred", img.axes(), false, threads, TaskMonitor.NONE)
println "blurred ${files.size()} planes: ${result.processed()} blocks written, ${result.skipped()} already there -> ${output}"
