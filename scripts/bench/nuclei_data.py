#!/usr/bin/python3
"""Writes the peer's synthetic nuclei (../shared/bench/peers/voronoi_otsu.py, same seeds and
parameters as its defaults) and the peer's own labels for NucleiBench, so both sides work on the
very same pixels.

Usage: /usr/bin/python3 scripts/bench/nuclei_data.py PEERS_DIR OUTDIR 2d|3d
Writes OUTDIR/<case>.img.f32 (float32), <case>.gt.i32 and <case>.peer.i32 (int32), C order
(x fastest), and prints 'key value' lines: shape (z,y,x or y,x), n_gt, otsu, n_markers.
"""
import os
import sys

import numpy as np

peers, outdir, case = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, peers)
import voronoi_otsu as vo  # noqa: E402  (the peer module)

if case == "2d":
    img, gt, n, _ = vo.make_nuclei((2048, 2048), 1500, 2026)
    spot, outline = 3.0, 1.0
else:
    img, gt, n, _ = vo.make_nuclei((128, 512, 512), 800, 2026 + 1)
    spot, outline = (2.0, 3.0, 3.0), (0.67, 1.0, 1.0)
labels, _, aux, _, _ = vo.voronoi_otsu(img, spot, outline, vo.Stages())
os.makedirs(outdir, exist_ok=True)
img.astype("<f4").tofile(os.path.join(outdir, case + ".img.f32"))
gt.astype("<i4").tofile(os.path.join(outdir, case + ".gt.i32"))
labels.astype("<i4").tofile(os.path.join(outdir, case + ".peer.i32"))
print("shape", ",".join(str(s) for s in img.shape))
print("n_gt", n)
print("otsu", aux["otsu_threshold"])
print("n_markers", aux["n_markers"])
