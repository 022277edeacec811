#!/usr/bin/python3
"""The pixel classifier against the U-Net on the held-back H&E-like nuclei of the U-Net benchmark
(scripts/bench/unet's --work folder, whose train/ and test/ it reuses): a random forest
(`tessera pixel-classifier-train`, default features and 100 trees) learns background, object and
boundary from scribbles: 2 % of the pixels of every training image, drawn by the seed, with the
classes the U-Net learns from the same label images. Then `tessera pixel-classifier` classifies
the held-back images, and the same scores as the U-Net's are computed: foreground pixel IoU, mean
IoU of the object and boundary classes, and instance AP@0.5 of the object regions grown into the
boundary.

  scripts/bench/unet-vs-pixel [--work target/unet-bench] [--share 0.02] [--seed 1]
"""
import argparse
import json
import os
import sys

import numpy as np
import tifffile
from scipy import ndimage
from skimage.segmentation import expand_labels

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "stardist"))
sys.path.insert(0, os.path.join(HERE, "..", "unet"))
from training_data import ROOT  # noqa: E402
import sdtools  # noqa: E402
import train as peer  # noqa: E402
from training_bench import TESSERA, run  # noqa: E402


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--work", default=os.path.join(ROOT, "target", "unet-bench"))
    a.add_argument("--share", type=float, default=0.02)
    a.add_argument("--seed", type=int, default=1)
    args = a.parse_args()
    w = args.work
    rng = np.random.default_rng(args.seed)
    scribbles = os.path.join(w, "pixel", "scribbles")
    os.makedirs(scribbles, exist_ok=True)
    names = sorted(f[:-4] for f in os.listdir(os.path.join(w, "train", "images")))
    for n in names:
        gt = tifffile.imread(os.path.join(w, "train", "labels", n + ".tif")).astype(np.int32)
        classes = peer.three_classes(gt) + 1
        keep = rng.random(gt.shape) < args.share
        tifffile.imwrite(os.path.join(scribbles, n + ".tif"), np.where(keep, classes, 0).astype(np.uint8))
    classifier = os.path.join(w, "pixel", "nuclei.classifier")
    seconds = run([TESSERA, "pixel-classifier-train", f"images={w}/train/images", f"label_images={scribbles}",
                   "classes=background,object,boundary", f"seed={args.seed}", f"classifier={classifier}"])
    fg_i = fg_u = 0
    inter, union = np.zeros(3), np.zeros(3)
    tp = fp = fn = 0
    tests = sorted(f[:-4] for f in os.listdir(os.path.join(w, "test", "images")))
    for n in tests:
        out = os.path.join(w, "pixel", n + "-classes.tif")
        run([TESSERA, "pixel-classifier", f"input={w}/test/images/{n}.tif", f"classifier={classifier}", f"output={out}"])
        cls = tifffile.imread(out).astype(np.int64) - 1
        gt = tifffile.imread(os.path.join(w, "test", "labels", n + ".tif")).astype(np.int32)
        truth = peer.three_classes(gt)
        fg_i += np.sum((cls > 0) & (gt > 0))
        fg_u += np.sum((cls > 0) | (gt > 0))
        for k in range(3):
            inter[k] += np.sum((truth == k) & (cls == k))
            union[k] += np.sum((truth == k) | (cls == k))
        objects, _ = ndimage.label(cls == 1)
        grown = expand_labels(objects, distance=3)
        objects = np.where((cls == 1) | ((cls == 2) & (grown > 0)), grown, 0)
        t, f_p, f_n = sdtools.matching_counts(gt, objects.astype(np.int32))[:3]
        tp, fp, fn = tp + t, fp + f_p, fn + f_n
    report = {"training_images": len(names), "scribble_share": args.share, "training_process_s": round(seconds, 1),
              "foreground_iou": round(float(fg_i / fg_u), 4), "class_iou": round(float(np.mean(inter[1:] / union[1:])), 4),
              "ap50": round(tp / max(1, tp + fp + fn), 4), "images": len(tests)}
    with open(os.path.join(w, "pixel", "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
