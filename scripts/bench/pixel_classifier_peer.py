#!/usr/bin/python3
"""The Python peer of Tessera's pixel classifier: scikit-learn's RandomForestClassifier on
scikit-image's multiscale_basic_features (intensity, edges and texture at sigmas 0.5 .. 16), as
scikit-image's "Trainable segmentation" example does it.

  train:   pixel_classifier_peer.py train --images DIR --labels DIR --trees 100 --model m.pkl
  predict: pixel_classifier_peer.py predict --model m.pkl --input DIR_OR_TIF --out DIR

Label images: 0 unlabelled, 1, 2, ... per class; predictions are written as uint8 class maps with the
input's file names. Prints one JSON line with the in-process seconds of each step.
"""
import argparse
import glob
import json
import os
import pickle
import time

import numpy as np
import tifffile
from skimage.feature import multiscale_basic_features
from sklearn.ensemble import RandomForestClassifier


def features(img):
    return multiscale_basic_features(img.astype(np.float32), channel_axis=-1 if img.ndim == 3 else None)


def files(path):
    return sorted(glob.glob(os.path.join(path, "*.tif"))) if os.path.isdir(path) else [path]


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("mode", choices=["train", "predict"])
    a.add_argument("--images")
    a.add_argument("--labels")
    a.add_argument("--trees", type=int, default=100)
    a.add_argument("--jobs", type=int, default=2)
    a.add_argument("--seed", type=int, default=0)
    a.add_argument("--model", required=True)
    a.add_argument("--input")
    a.add_argument("--out")
    args = a.parse_args()
    t0 = time.perf_counter()
    if args.mode == "train":
        xs, ys = [], []
        for path in files(args.images):
            lab = tifffile.imread(os.path.join(args.labels, os.path.basename(path)))
            f = features(tifffile.imread(path))
            m = lab > 0
            xs.append(f[m])
            ys.append(lab[m])
        t1 = time.perf_counter()
        clf = RandomForestClassifier(n_estimators=args.trees, n_jobs=args.jobs, random_state=args.seed).fit(np.concatenate(xs), np.concatenate(ys))
        t2 = time.perf_counter()
        with open(args.model, "wb") as f:
            pickle.dump(clf, f)
        print(json.dumps({"feature_seconds": t1 - t0, "training_seconds": t2 - t1, "samples": int(sum(len(y) for y in ys))}))
        return
    with open(args.model, "rb") as f:
        clf = pickle.load(f)
    os.makedirs(args.out, exist_ok=True)
    per_file = []
    for path in files(args.input):
        s = time.perf_counter()
        img = tifffile.imread(path)
        f = features(img)
        pred = clf.predict(f.reshape(-1, f.shape[-1])).reshape(f.shape[:-1]).astype(np.uint8)
        tifffile.imwrite(os.path.join(args.out, os.path.basename(path)), pred)
        per_file.append(time.perf_counter() - s)
    print(json.dumps({"predict_seconds": time.perf_counter() - t0, "per_file_seconds": per_file}))


if __name__ == "__main__":
    main()
