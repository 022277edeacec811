#!/usr/bin/python3
"""Cross-validated AP@0.5 on the real crop tests-data/img2d.tif from four train.py runs with
--real-crop fold0 ... fold3: each run trained on three quadrants of the crop and evaluated the
fourth, so pooling their held-out counts evaluates every real nucleus once, by a model that
never saw its labels (a nucleus belongs to the quadrant of its centroid).

  /usr/bin/python3 scripts/stardist/crossval.py target/stardist-model-f0 target/stardist-model-f1 \\
      target/stardist-model-f2 target/stardist-model-f3
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtools as T  # noqa: E402
from train import HELD_OUT_ROW  # noqa: E402


def held_out_counts(folder):
    """(fold, (tp, fp, fn)) from the training.json that train.py --real-crop foldK wrote in folder."""
    path = os.path.join(folder, "training.json")
    if not os.path.isfile(path):
        sys.exit(f"{path} is missing (not a model folder written by train.py)")
    with open(path) as f:
        report = json.load(f)
    fold = report.get("args", {}).get("real_crop", "test")
    rows = [row for name, row in report.get("evaluation_ap50", {}).items() if name.startswith(HELD_OUT_ROW)]
    if not fold.startswith("fold") or len(rows) != 1:
        sys.exit(f"{folder}: trained with --real-crop {fold}, not fold0..fold3 (no held-out quadrant to pool)")
    return fold, (rows[0]["tp"], rows[0]["fp"], rows[0]["fn"])


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("models", nargs=4, help="the model folders of the four folds, in any order")
    args = a.parse_args()
    counts = [held_out_counts(m) for m in args.models]
    given = sorted(fold for fold, _ in counts)
    if given != [f"fold{k}" for k in range(4)]:
        sys.exit(f"the four folders must hold fold0..fold3 once each, not {', '.join(given)}")
    folds = dict(counts)
    print("| held-out quadrant | AP@0.5 | TP | FP | FN |\n|---|---|---|---|---|")
    for fold in sorted(folds):
        tp, fp, fn = folds[fold]
        print(f"| {fold[-1]} | {T.average_precision([folds[fold]])[0]:.3f} | {tp} | {fp} | {fn} |")
    ap, tp, fp, fn = T.average_precision(list(folds.values()))
    print(f"| pooled (cross-validated) | {ap:.3f} | {tp} | {fp} | {fn} |")


if __name__ == "__main__":
    main()
