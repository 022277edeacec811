#!/usr/bin/python3
"""Joins StarDist 2D models trained by train.py into one ONNX model that averages
their outputs (probability and distances), chooses its thresholds on the first
member's synthetic validation images, evaluates it as train.py does and writes
a model folder with the same contract (model.onnx, config.json, thresholds.json,
training.json).

Each member is a model folder written by train.py; its training.json names the
work folder holding weights.pth and the data it was trained on. The members
should share the synthetic data (the first one's validation and test images
are used); they differ by seed or settings.

  /usr/bin/python3 scripts/stardist/ensemble.py --out target/stardist-model-ens \\
      target/stardist-model-a target/stardist-model-b
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtools as T  # noqa: E402
import train  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import ROOT, load_pairs  # noqa: E402


class Mean(torch.nn.Module):
    """The members' probabilities and distances, averaged."""

    def __init__(self, members):
        super().__init__()
        self.members = torch.nn.ModuleList(members)

    def forward(self, x):
        outputs = [m(x) for m in self.members]
        n = len(outputs)
        return sum(p for p, _ in outputs) / n, sum(d for _, d in outputs) / n


def load_members(folders):
    """Mean of the nets of model folders written by train.py (their weights.pth from the
    work folder that each training.json names), and those training.json reports."""
    reports, nets = [], []
    for folder in folders:
        path = os.path.join(ROOT, folder, "training.json")
        if not os.path.isfile(path):
            sys.exit(f"{path} is missing (not a model folder written by train.py)")
        with open(path) as f:
            report = json.load(f)
        weights = os.path.join(ROOT, report["args"]["work"], "weights.pth")
        if not os.path.isfile(weights):
            sys.exit(f"{weights} is missing (the work folder of {folder}); retrain that member")
        reports.append(report)
        nets.append(T.load_net(weights))
    return Mean(nets).eval(), reports


def load(folder):
    """The Mean net of a model folder written by ensemble.py, from its members, and the members' training.json reports."""
    path = os.path.join(folder, "training.json")
    report = {}
    if os.path.isfile(path):
        with open(path) as f:
            report = json.load(f)
    if "members" not in report:
        sys.exit(f"{folder}: not an ensemble folder written by ensemble.py (no members in training.json); "
                 "for a single model give --weights WORK/weights.pth or --onnx")
    return load_members([m["folder"] for m in report["members"]])


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--out", required=True, help="model folder to write")
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("members", nargs="+", help="model folders written by train.py")
    args = a.parse_args()
    if len(args.members) < 2:
        a.error("give at least two member model folders")
    torch.set_num_threads(args.threads)
    t_start = time.time()

    net, reports = load_members(args.members)

    first = argparse.Namespace(**reports[0]["args"])
    n_train = first.n_synthetic - first.n_val - first.n_test
    data = os.path.join(ROOT, first.data)
    syn_val = load_pairs(data, range(n_train, n_train + first.n_val))
    syn_test = load_pairs(data, range(n_train + first.n_val, first.n_synthetic))

    (prob_t, nms_t), rows = train.choose_thresholds_and_evaluate(net, syn_val, syn_test)
    report = {"command": " ".join(sys.argv), "members": [{"folder": m, "command": r["command"]} for m, r in zip(args.members, reports)],
              "parameters": sum(p.numel() for p in net.parameters()), **train.evaluation_report(prob_t, nms_t, rows)}
    train.export(net, args.out, first, (prob_t, nms_t), report)
    size = os.path.getsize(os.path.join(args.out, "model.onnx"))
    print(f"\nwrote {args.out} (model.onnx {size / 1e6:.2f} MB); total {time.time() - t_start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
