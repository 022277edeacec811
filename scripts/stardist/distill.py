#!/usr/bin/python3
"""Distils an ensemble of Tessera StarDist 2D models (a model folder written by
ensemble.py) into one network of the size train.py trains: the student learns
the ensemble's averaged probability and distances (not the ground truth) on the
training images of the members' synthetic data plus the real img3d slices,
with the same crops, flips and intensity jitter as train.py. Thresholds are
chosen on the first member's synthetic validation images, and the model folder
is written as train.py writes it.

  /usr/bin/python3 scripts/stardist/distill.py --teacher target/stardist-model-ens5 \\
      --data target/stardist-data-v5 target/stardist-data-v7 --work target/stardist-train-distil --out target/stardist-model-distil
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtools as T  # noqa: E402
import train  # noqa: E402
import ensemble  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import ROOT, load_pairs, real_training_slices  # noqa: E402


def label(teacher, images):
    """(normalised image, teacher prob, teacher dist, validity) per image."""
    out = []
    for img in images:
        x = T.normalize(img)
        prob, dist = T.predict(teacher, x)
        out.append((x, prob, dist, np.ones_like(prob)))
    return out


def parse_args(argv=None):
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--teacher", required=True, help="model folder written by ensemble.py")
    a.add_argument("--work", required=True, help="weights folder")
    a.add_argument("--out", required=True, help="model folder to write")
    a.add_argument("--data", nargs="+", required=True,
                   help="synthetic data folders written by train.py; their training images (the first member's split) are used")
    train.add_fit_arguments(a)
    a.add_argument("--seed", type=int, default=2026, help="seeds the initial weights and the crops")
    return a.parse_args(argv)


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    train.seed_everything(args.seed)
    t_start = time.time()

    teacher, reports = ensemble.load(args.teacher)
    first = argparse.Namespace(**reports[0]["args"])
    n_train = first.n_synthetic - first.n_val - first.n_test
    images = []
    for folder in args.data:
        images += [img for img, _ in load_pairs(os.path.join(ROOT, folder), range(n_train))]
    with torch.no_grad():
        train_syn = label(teacher, images)
        train_real = label(teacher, [img for img, _ in real_training_slices()])
    print(f"teacher outputs for {len(train_syn)} synthetic + {len(train_real)} real images in {time.time() - t_start:.0f} s", flush=True)

    net = T.StarDistUNet()
    train_s = train.fit(net, train_syn, train_real, args)
    train.save_weights(net, args.work)
    syn_val = load_pairs(os.path.join(ROOT, first.data), range(n_train, n_train + first.n_val))
    syn_test = load_pairs(os.path.join(ROOT, first.data), range(n_train + first.n_val, first.n_synthetic))
    (prob_t, nms_t), rows = train.choose_thresholds_and_evaluate(net, syn_val, syn_test)
    report = {"command": " ".join(sys.argv), "args": vars(args), "teacher": args.teacher, "validation_data": first.data,
              "parameters": sum(p.numel() for p in net.parameters()), "train_seconds": round(train_s),
              **train.evaluation_report(prob_t, nms_t, rows)}
    train.export(net, args.out, args, (prob_t, nms_t), report)
    print(f"\nwrote {args.out}; total {time.time() - t_start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
