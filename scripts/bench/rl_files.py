#!/usr/bin/env python3
"""File-based scikit-image peer of `tessera deconvolve`, as a user runs it from the shell: read the
image and the PSF from TIFFs, Richardson-Lucy (skimage.restoration.richardson_lucy, clip=False,
the PSF normalised to sum 1) and write the 32-bit result as a TIFF.

    python3 scripts/bench/rl_files.py image.tif psf.tif output.tif [iterations]
"""
import sys

import numpy as np
import tifffile
from skimage import restoration


def main():
    src, psf_path, dst = sys.argv[1:4]
    iterations = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    img = tifffile.imread(src).astype(np.float32)
    psf = tifffile.imread(psf_path).astype(np.float32)
    psf /= psf.sum()
    tifffile.imwrite(dst, restoration.richardson_lucy(img, psf, num_iter=iterations, clip=False).astype(np.float32))


if __name__ == "__main__":
    main()
