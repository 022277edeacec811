#!/usr/bin/python3
"""Makes the scipy reference for ConnectedComponentsTest (run once; outputs are committed).

A seeded random mask of shape (z, y, x) = (16, 20, 24), smoothed and thresholded so
that components have various shapes, labeled by scipy.ndimage.label with face
connectivity (generate_binary_structure(3, 1)) and full connectivity (3, 3).
Files: mask.u8 (uint8 0/1), labels_face.i32, labels_full.i32 (int32 little-endian), x fastest.

Usage: /usr/bin/python3 make_fixture.py   (Debian python3-scipy 1.10.1, numpy 1.24.2)
"""
import numpy as np
from scipy import ndimage

rng = np.random.RandomState(2026)
noise = ndimage.gaussian_filter(rng.rand(16, 20, 24), 0.8)
mask = (noise > np.percentile(noise, 72)).astype(np.uint8)
mask.tofile('mask.u8')
for name, conn in [('face', 1), ('full', 3)]:
    labels, n = ndimage.label(mask, structure=ndimage.generate_binary_structure(3, conn))
    labels.astype('<i4').tofile('labels_%s.i32' % name)
    print(name, n)
