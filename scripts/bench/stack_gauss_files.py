#!/usr/bin/env python3
"""File-based dask peer of `tessera gaussian` on a z stack, as a user runs it from the shell: read a
multi-page TIFF, a 3D Gaussian blur (scipy.ndimage.gaussian_filter, truncate 4, 'nearest' borders) by
dask's map_overlap over chunks of 64 planes with the kernel's radius as overlap, on dask's threaded
scheduler (2 workers), and write the result as a TIFF of the input's type.

    python3 scripts/bench/stack_gauss_files.py input.tif output.tif [sigma]
"""
import sys

import dask
import dask.array as da
import numpy as np
import tifffile
from scipy import ndimage as ndi


def main():
    src, dst = sys.argv[1:3]
    sigma = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    img = tifffile.imread(src)
    depth = int(4 * sigma + 0.5)
    arr = da.from_array(img, chunks=(64, -1, -1))
    out = arr.map_overlap(lambda b: ndi.gaussian_filter(b.astype(np.float32), sigma, mode="nearest", truncate=4.0), depth=depth,
                          boundary="nearest", dtype=np.float32)
    with dask.config.set(scheduler="threads", num_workers=2):
        res = out.compute()
    if np.issubdtype(img.dtype, np.integer):
        info = np.iinfo(img.dtype)
        res = np.clip(np.rint(res), info.min, info.max).astype(img.dtype)
    tifffile.imwrite(dst, res)


if __name__ == "__main__":
    main()
