"""Whole-process peer of a large-image Gaussian into OME-Zarr: read a 2D TIFF, dask map_overlap with scipy's
gaussian_filter (sigma 4, mode nearest, 1024^2 chunks, depth 16, 2 threads), write a float32 Zarr array with
zlib chunks. Beside `scripts/tessera gaussian input=IN output=OUT.zarr sigma=4 execution=chunked chunk=1024`."""
import sys
import numpy as np, tifffile, dask.array as da, scipy.ndimage as ndi, zarr, numcodecs

if __name__ == "__main__":
    a = tifffile.imread(sys.argv[1])
    d = da.from_array(a, chunks=(1024, 1024))
    g = d.map_overlap(lambda b: ndi.gaussian_filter(b, 4, mode="nearest"), depth=16, boundary="nearest").astype(np.float32)
    z = zarr.open(sys.argv[2] + "/0", mode="w", shape=a.shape, chunks=(1024, 1024), dtype="<f4", compressor=numcodecs.Zlib(level=1))
    da.store(g, z, lock=False, scheduler="threads", num_workers=2)
