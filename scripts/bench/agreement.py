#!/usr/bin/python3
"""Reference outputs for ChunkBench's agreement checks (scipy / scikit-image on the same data).

  agreement.py gauss2d DIR       writes DIR/gauss_in.f32 (1024x1024 seeded float32 in [0,1]) and
                                 DIR/gauss_out.f32 = scipy.ndimage.gaussian_filter(sigma=4, mode='reflect')
  agreement.py seed DIR          writes DIR/seed_in.f32 = seed_batch.make_image(0, 1024) and
                                 DIR/seed_out.f32 = skimage.filters.gaussian(sigma=10) of it (as in seed_batch.py)
  agreement.py label MASK NX NY CONN OUT
                                 labels a raw uint8 mask (x fastest) with scipy.ndimage.label
                                 (CONN 1 = faces, 2 = full) and writes int32 labels to OUT
Raw files are little-endian, x fastest.
"""
import sys

import numpy as np
from scipy import ndimage

cmd = sys.argv[1]
if cmd == "gauss2d":
    d = sys.argv[2]
    img = np.random.default_rng(4).random((1024, 1024), dtype=np.float32)
    img.tofile(d + "/gauss_in.f32")
    ndimage.gaussian_filter(img.astype(np.float64), 4.0, mode="reflect").astype("<f4").tofile(d + "/gauss_out.f32")
elif cmd == "seed":
    from skimage import filters
    d = sys.argv[2]
    rs = np.random.RandomState(0)
    img = np.clip(rs.normal(loc=0.5, scale=0.2, size=(1024, 1024)), 0.0, 1.0)
    img.astype("<f4").tofile(d + "/seed_in.f32")
    filters.gaussian(img, sigma=10).astype("<f4").tofile(d + "/seed_out.f32")
elif cmd == "label":
    mask_path, nx, ny, conn, out = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    mask = np.fromfile(mask_path, dtype=np.uint8).reshape(ny, nx)
    structure = ndimage.generate_binary_structure(2, 1 if conn == 1 else 2)
    labels, n = ndimage.label(mask, structure=structure)
    labels.astype("<i4").tofile(out)
    print(n)
else:
    sys.exit("unknown command " + cmd)
