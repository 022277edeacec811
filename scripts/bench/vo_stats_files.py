#!/usr/bin/env python3
"""File-based peer of `voronoi-otsu-labeling` followed by `label-statistics`, as a user runs it from the
shell: read a TIFF, Voronoi-Otsu labeling with scipy / scikit-image (the steps clesperanto's workflow
names: Gaussian blurs, local maxima, Otsu, spots inside the mask, watershed of the mask from the spots),
write the label TIFF, measure every label (regionprops_table: area, mean/min/max intensity, centroid,
bbox) and write the table as CSV.

    python3 scripts/bench/vo_stats_files.py input.tif labels.tif stats.csv [spot_sigma] [outline_sigma]
"""
import sys

import numpy as np
import tifffile
from scipy import ndimage as ndi
from skimage import filters, measure, morphology, segmentation


def main():
    src, labels_out, csv_out = sys.argv[1:4]
    spot = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
    outline = float(sys.argv[5]) if len(sys.argv) > 5 else 2.0
    img = tifffile.imread(src).astype(np.float32)
    spots = morphology.local_maxima(filters.gaussian(img, spot, preserve_range=True), connectivity=img.ndim)
    blurred = filters.gaussian(img, outline, preserve_range=True)
    mask = blurred > filters.threshold_otsu(blurred)
    markers, _ = ndi.label(spots & mask, structure=np.ones((3,) * img.ndim))
    labels = segmentation.watershed(mask, markers, mask=mask).astype(np.uint16)
    tifffile.imwrite(labels_out, labels)
    t = measure.regionprops_table(labels, img, properties=("label", "area", "intensity_mean", "intensity_min", "intensity_max",
                                                           "centroid", "bbox"))
    keys = list(t.keys())
    with open(csv_out, "w") as f:
        f.write(",".join(keys) + "\n")
        for i in range(len(t["label"])):
            f.write(",".join("%g" % t[k][i] for k in keys) + "\n")


if __name__ == "__main__":
    main()
