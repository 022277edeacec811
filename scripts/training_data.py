"""What Tessera's model training scripts (scripts/stardist/train.py, train_real.py, scripts/sam/train.py)
share: where the permitted real images are, making the synthetic images once with a Groovy script of
the project, and reading image/label pairs. Reads ../shared/test-data and the annotated training sets in
../shared/datasets (nuclei2d train/val, nuclei2d-brightfield), nothing else there.
"""
import csv
import hashlib
import json
import os
import re
import subprocess

import numpy as np
import tifffile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared", "test-data", "stardist"))
# real training data: the 2D slices of the 3D nuclei stack; the real 2D crop is only ever evaluated
REAL_TRAIN = [(os.path.join(SHARED, "data-images", "img3d.tif"), os.path.join(SHARED, "data-images", "mask3d.tif"))]
REAL_TEST = (os.path.join(SHARED, "tests-data", "img2d.tif"), os.path.join(SHARED, "tests-data", "mask2d.tif"))
DATASETS = os.path.abspath(os.path.join(ROOT, "..", "shared", "datasets"))
NUCLEI2D = os.path.join(DATASETS, "nuclei2d")  # train/ and val/: DSB2018 fluorescence nuclei, split by field of view
BRIGHTFIELD = os.path.join(DATASETS, "nuclei2d-brightfield")  # one folder; split by brightfield_split()


def dataset_rows(folder):
    """The rows of folder/manifest.csv (name, width, height, n_objects, ...), in file order."""
    path = os.path.join(folder, "manifest.csv")
    if not os.path.isfile(path):
        raise SystemExit(f"{path} is missing: the annotated datasets are expected in {DATASETS} (see its README)")
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def dataset_pairs(folder, names=None):
    """[(name, image, int32 labels)] of folder/images/NAME.tif and folder/masks/NAME.tif, for the
    manifest's names (or the given ones). Images keep their shape: (h, w) grey or (h, w, 3) RGB."""
    names = [r["name"] for r in dataset_rows(folder)] if names is None else names
    return [(n, tifffile.imread(os.path.join(folder, "images", n + ".tif")),
             tifffile.imread(os.path.join(folder, "masks", n + ".tif")).astype(np.int32)) for n in names]


def brightfield_split(val_share=0.2):
    """(train names, val names) of nuclei2d-brightfield: a fixed split by a hash of each image's name,
    about val_share of the images of each kind (RGB H&E-like, grey brightfield) in val."""
    train, val = [], []
    for r in dataset_rows(BRIGHTFIELD):
        u = int(hashlib.sha256(r["name"].encode()).hexdigest()[:8], 16) / 16 ** 8
        (val if u < val_share else train).append(r["name"])
    return train, val


def make_synthetic(groovy, folder, n, seed, **settings):
    """Makes n 256x256 synthetic images (img-XXXX.tif, lbl-XXXX.tif) in folder with the project's Groovy script
    (a path relative to the repository), passing seed and the settings (snake_case here, camelCase there).
    Images already made with the same settings are reused (image i does not depend on n)."""
    record = os.path.join(folder, "settings.json")
    wanted = {"n": n, "seed": seed, **settings}
    if os.path.exists(record):
        with open(record) as f:
            made = json.load(f)
        if {k: v for k, v in made.items() if k != "n"} == {k: v for k, v in wanted.items() if k != "n"} and made["n"] >= n:
            return
    print(f"making {n} synthetic images in {folder} ...", flush=True)
    cmd = [os.path.join(ROOT, "scripts", "tessera"), "run", os.path.join(ROOT, groovy), f"output={os.path.abspath(folder)}", f"n={n}",
           "size=256", f"seed={seed}"]
    cmd += [f"{re.sub(r'_([a-z])', lambda m: m.group(1).upper(), k)}={v}" for k, v in settings.items()]
    subprocess.run(cmd, check=True)
    with open(record, "w") as f:
        json.dump(wanted, f)


def load_pairs(folder, indices):
    """(image, int32 labels) of the synthetic images with these indices."""
    return [(tifffile.imread(os.path.join(folder, f"img-{i:04d}.tif")), tifffile.imread(os.path.join(folder, f"lbl-{i:04d}.tif")).astype(np.int32))
            for i in indices]


def real_test_pairs():
    """[(image, int32 labels)] of the real evaluation image (kept out of training)."""
    return [(tifffile.imread(REAL_TEST[0]), tifffile.imread(REAL_TEST[1]).astype(np.int32))]


def real_training_slices():
    """(image, int32 labels) of every slice of the real training stacks that holds an object."""
    pairs = []
    for img_path, mask_path in REAL_TRAIN:
        img, mask = tifffile.imread(img_path), tifffile.imread(mask_path).astype(np.int32)
        for z in range(img.shape[0]):
            if mask[z].max() > 0:
                pairs.append((img[z], mask[z]))
    return pairs
