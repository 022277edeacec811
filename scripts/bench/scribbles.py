#!/usr/bin/python3
"""Simulated scribbles for pixel classification, made from dense ground truth, seeded.

A user labelling nuclei paints a few short strokes inside nuclei and a few on the background
around them. This makes such strokes from an instance label image:
- class 2 (nucleus): `strokes` random walks of `length` px inside nuclei shrunk by 1 px;
- class 1 (background): `strokes` random walks in the background, half of them starting within
  5 px of a nucleus (where the classes meet), half anywhere;
each walk steps to one of the 8 neighbours, keeping its direction within 45 degrees of the last step,
and stops early where it would leave its class. 0 = unlabelled.

Datasets: nuclei2d (train/ for scribbles, val/ for evaluation) and brightfield (the H&E-like RGB images of
nuclei2d-brightfield, split as training_data.brightfield_split).

  /usr/bin/python3 scripts/bench/scribbles.py --dataset nuclei2d --images 5 --out target/scribbles/nuclei2d
writes images/NAME.tif (copies of the chosen training images), labels/NAME.tif (the scribbles) and
chosen.csv (names and pixel counts). Reads ../shared/datasets (see its README).
"""
import argparse
import csv
import os
import sys

import numpy as np
import tifffile
from scipy import ndimage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import BRIGHTFIELD, NUCLEI2D, brightfield_split, dataset_pairs, dataset_rows  # noqa: E402

STEPS = [(-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1)]  # 8 directions, in order around the circle


def walk(allowed, start, length, rng):
    """The pixels of a random walk from start within the boolean mask `allowed`."""
    y, x = start
    d = int(rng.integers(8))
    out = [(y, x)]
    for _ in range(length - 1):
        d = (d + int(rng.integers(-1, 2))) % 8
        ny, nx = y + STEPS[d][0], x + STEPS[d][1]
        if not (0 <= ny < allowed.shape[0] and 0 <= nx < allowed.shape[1] and allowed[ny, nx]):
            break
        y, x = ny, nx
        out.append((y, x))
    return out


def scribble(labels, strokes, length, rng):
    """The scribble label image (uint8: 0, 1 background, 2 nucleus) for one instance label image."""
    fg = labels > 0
    inner = ndimage.binary_erosion(fg, iterations=1) & fg
    bg = ~ndimage.binary_dilation(fg, iterations=1)
    near = bg & ndimage.binary_dilation(fg, iterations=5)
    out = np.zeros(labels.shape, np.uint8)
    for cls, mask, starts in ((2, inner, [inner] * strokes), (1, bg, [near] * (strokes // 2) + [bg] * (strokes - strokes // 2))):
        for start_mask in starts:
            ys, xs = np.nonzero(start_mask)
            if len(ys) == 0:
                continue
            i = int(rng.integers(len(ys)))
            for y, x in walk(mask, (ys[i], xs[i]), length, rng):
                out[y, x] = cls
    return out


def he_like():
    """The H&E-like (RGB) images of nuclei2d-brightfield; its few grey brightfield images are left out,
    so that every image has the same channels."""
    return {r["name"] for r in dataset_rows(BRIGHTFIELD) if r["dtype"] == "uint8 RGB"}


def training_names(dataset):
    if dataset == "nuclei2d":
        return os.path.join(NUCLEI2D, "train"), [r["name"] for r in dataset_rows(os.path.join(NUCLEI2D, "train")) if int(r["n_objects"]) >= 10]
    rgb = he_like()
    return BRIGHTFIELD, [n for n in brightfield_split()[0] if n in rgb]


def validation(dataset):
    """(folder, names) of the images the classifiers are evaluated on."""
    if dataset == "nuclei2d":
        folder = os.path.join(NUCLEI2D, "val")
        return folder, [r["name"] for r in dataset_rows(folder)]
    rgb = he_like()
    return BRIGHTFIELD, [n for n in brightfield_split()[1] if n in rgb]


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--dataset", choices=["nuclei2d", "brightfield"], required=True)
    a.add_argument("--images", type=int, default=5, help="training images to scribble on")
    a.add_argument("--strokes", type=int, default=4, help="strokes per class and image")
    a.add_argument("--length", type=int, default=15, help="pixels per stroke (at most)")
    a.add_argument("--seed", type=int, default=17)
    a.add_argument("--out", required=True)
    args = a.parse_args()
    rng = np.random.default_rng(args.seed)
    folder, names = training_names(args.dataset)
    chosen = sorted(rng.choice(names, args.images, replace=False))
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "labels"), exist_ok=True)
    rows = []
    for name, img, lab in dataset_pairs(folder, chosen):
        s = scribble(lab, args.strokes, args.length, rng)
        tifffile.imwrite(os.path.join(args.out, "images", name + ".tif"), img, photometric="rgb" if img.ndim == 3 else "minisblack")
        tifffile.imwrite(os.path.join(args.out, "labels", name + ".tif"), s)
        rows.append((name, int((s == 1).sum()), int((s == 2).sum())))
    with open(os.path.join(args.out, "chosen.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "background_px", "nucleus_px"])
        w.writerows(rows)
    print(f"{len(rows)} images, {sum(r[1] for r in rows)} background and {sum(r[2] for r in rows)} nucleus pixels scribbled in {args.out}")


if __name__ == "__main__":
    main()
