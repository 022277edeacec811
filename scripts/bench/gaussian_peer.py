#!/usr/bin/python3
"""Peer side of GaussianBench: scipy.ndimage.gaussian_filter on the same work, same machine.

Prints one JSON object: median seconds of `repeats` runs per case (after one warm-up).
Cases: 2D 2048x2048 float32 and 3D 128x512x512 float32 (z, y, x), sigma 2, mode 'nearest'
(Tessera's default boundary), truncate 4. Single-threaded (scipy.ndimage has no threads).
Usage: /usr/bin/python3 scripts/bench/gaussian_peer.py [repeats]
"""
import json
import statistics
import sys
import time

import numpy as np
from scipy import ndimage

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
rng = np.random.default_rng(1)
cases = {"2d_2048": (2048, 2048), "3d_512x512x128": (128, 512, 512)}
out = {}
for name, shape in cases.items():
    img = rng.random(shape, dtype=np.float32)
    ndimage.gaussian_filter(img, 2.0, mode="nearest")
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ndimage.gaussian_filter(img, 2.0, mode="nearest")
        times.append(time.perf_counter() - t0)
    out[name] = {"median_s": statistics.median(times), "runs_s": times}
print(json.dumps(out))
