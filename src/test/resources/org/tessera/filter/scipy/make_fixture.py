#!/usr/bin/python3
"""Makes the scipy reference for GaussianBlurScipyTest (run once; outputs are committed).

Input: a seeded float32 volume of shape (z, y, x) = (12, 16, 20) with values in [0, 1].
Outputs: scipy.ndimage.gaussian_filter of it in float64, cast to float32, with
sigma (z, y, x) = (0.8, 2.0, 1.5), truncate 4, for each boundary mode.
Files are raw little-endian float32, x fastest; shape.txt holds "nx ny nz".

Usage: /usr/bin/python3 make_fixture.py   (Debian python3-scipy 1.10.1, numpy 1.24.2)
"""
import numpy as np
from scipy import ndimage

rng = np.random.RandomState(20261122)
vol = rng.rand(12, 16, 20).astype(np.float32)
vol.astype('<f4').tofile('input.f32')
with open('shape.txt', 'w') as f:
    f.write('20 16 12\n')
for mode in ['reflect', 'mirror', 'nearest', 'wrap', 'constant']:
    out = ndimage.gaussian_filter(vol.astype(np.float64), sigma=(0.8, 2.0, 1.5), mode=mode, truncate=4.0)
    out.astype('<f4').tofile('gaussian_%s.f32' % mode)
# 2D, isotropic sigma 3 on the middle plane
plane = vol[6]
out = ndimage.gaussian_filter(plane.astype(np.float64), sigma=3.0, mode='reflect')
out.astype('<f4').tofile('gaussian2d_reflect_s3_z6.f32')
