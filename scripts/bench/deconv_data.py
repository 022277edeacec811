#!/usr/bin/python3
"""Writes the phantom of the Richardson-Lucy peer (../shared/bench/peers/deconv_rl.py, same seeds
as its defaults: 7 for the small size, 8 for the big one) for DeconvBench, so both sides restore the
very same noisy volume; prints 'key value' lines.

Usage: /usr/bin/python3 scripts/bench/deconv_data.py PEERS_DIR OUTDIR N SEED
Writes OUTDIR/<N>.gt.f32, <N>.observed.f32 and psf.f32 (float32, C order: x fastest).
"""
import os
import sys

peers, outdir, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, peers)
import deconv_rl as rl  # noqa: E402  (the peer module)

gt, blurred, observed, psf, spheres = rl.make_phantom(n, seed)
os.makedirs(outdir, exist_ok=True)
gt.astype("<f4").tofile(os.path.join(outdir, "%d.gt.f32" % n))
observed.astype("<f4").tofile(os.path.join(outdir, "%d.observed.f32" % n))
psf.astype("<f4").tofile(os.path.join(outdir, "psf.f32"))
print("psf_size", psf.shape[0])
print("spheres", len(spheres))
print("nrmse_before", rl.quality(observed, gt)["nrmse_full"])
