#!/usr/bin/python3
"""U-Net trained in the JVM (`tessera train-unet`, DJL PyTorch) against the same U-Net trained in
Python PyTorch (scripts/unet/train.py), side by side in one run: same network, data, steps, seed
and thread count. Both models are then run by the same inference (`tessera unet`) on held-back
images, so any difference comes from training.

Data: the RGB (H&E-like) images of ../shared/datasets/nuclei2d-brightfield; held back: those in
training_data.brightfield_split()'s val part; of the rest, 15 % (chosen by --seed) validate the
checkpoints and the others train.

Reports per trainer: whole-process training time, best validation loss, and on the held-back
images the foreground pixel IoU (object or boundary vs the ground truth's objects), the mean IoU
of the object and boundary classes, and instance AP@0.5 (TP / (TP + FP + FN), pooled).

  scripts/bench/unet [--steps 400] [--batch 8] [--patch 128] [--threads 2] [--work target/unet-bench]
"""
import argparse
import json
import os
import random
import subprocess
import sys

import numpy as np
import tifffile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "stardist"))
sys.path.insert(0, os.path.join(HERE, "..", "unet"))
from training_data import BRIGHTFIELD, ROOT, brightfield_split, dataset_rows  # noqa: E402
import sdtools  # noqa: E402
import train as peer  # noqa: E402
from training_bench import TESSERA, jvm_threads, link, run  # noqa: E402


def split(work, seed):
    rgb = {r["name"] for r in dataset_rows(BRIGHTFIELD) if "RGB" in r["dtype"]}
    train, test = brightfield_split()
    train, test = [n for n in train if n in rgb], [n for n in test if n in rgb]
    rnd = random.Random(seed)
    val = sorted(rnd.sample(train, max(1, round(0.15 * len(train)))))
    train = [n for n in train if n not in val]
    for part, names in (("train", train), ("val", val), ("test", test)):
        link(names, os.path.join(work, part))
    return {"train": len(train), "val": len(val), "test": len(test)}


def evaluate(model, work):
    """Runs `tessera unet` on each held-back image and scores its classes and objects."""
    out = os.path.join(model, "test-output")
    os.makedirs(out, exist_ok=True)
    names = sorted(f[:-4] for f in os.listdir(os.path.join(work, "test", "images")))
    fg_i = fg_u = 0
    inter, union = np.zeros(3), np.zeros(3)
    tp = fp = fn = 0
    for n in names:
        img = os.path.join(work, "test", "images", n + ".tif")
        cls_path, obj_path = os.path.join(out, n + "-classes.tif"), os.path.join(out, n + "-objects.tif")
        run([TESSERA, "unet", f"input={img}", f"model={model}", f"output={cls_path}", f"object_labels={obj_path}"])
        gt = tifffile.imread(os.path.join(work, "test", "labels", n + ".tif")).astype(np.int32)
        cls = tifffile.imread(cls_path).astype(np.int64) - 1
        truth = peer.three_classes(gt)
        fg_i += np.sum((cls > 0) & (gt > 0))
        fg_u += np.sum((cls > 0) | (gt > 0))
        for k in range(3):
            inter[k] += np.sum((truth == k) & (cls == k))
            union[k] += np.sum((truth == k) | (cls == k))
        t, f_p, f_n = sdtools.matching_counts(gt, tifffile.imread(obj_path).astype(np.int32))[:3]
        tp, fp, fn = tp + t, fp + f_p, fn + f_n
    return {"foreground_iou": round(float(fg_i / fg_u), 4), "class_iou": round(float(np.mean(inter[1:] / union[1:])), 4),
            "ap50": round(tp / max(1, tp + fp + fn), 4), "images": len(names)}


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--steps", type=int, default=400)
    a.add_argument("--batch", type=int, default=8)
    a.add_argument("--patch", type=int, default=128)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--threads", type=int, default=os.cpu_count())
    a.add_argument("--work", default=os.path.join(ROOT, "target", "unet-bench"))
    a.add_argument("--only", choices=["java", "python"], help="train only one of them (the other's folder is reused)")
    args = a.parse_args()
    counts = split(args.work, args.seed)
    common = dict(steps=args.steps, batch=args.batch, patch=args.patch, seed=args.seed)
    w = args.work
    rows = {}
    if args.only != "python":
        env = jvm_threads(args.threads)
        model = os.path.join(w, "java")
        subprocess.run(["rm", "-rf", model], check=True)
        seconds = run([TESSERA, "train-unet", f"images={w}/train/images", f"label_images={w}/train/labels", f"validation_images={w}/val/images",
                          f"validation_labels={w}/val/labels", *(f"{k}={v}" for k, v in common.items()), f"model={model}"], env)
        rows["jvm (train-unet)"] = (model, seconds)
    if args.only != "java":
        model = os.path.join(w, "python")
        seconds = run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "unet", "train.py"), "--images", f"{w}/train/images", "--labels",
                          f"{w}/train/labels", "--val-images", f"{w}/val/images", "--val-labels", f"{w}/val/labels", "--steps", str(args.steps),
                          "--batch", str(args.batch), "--patch", str(args.patch), "--seed", str(args.seed), "--threads", str(args.threads),
                          "--out", model])
        rows["python pytorch (scripts/unet/train.py)"] = (model, seconds)
    report = {"settings": dict(common, threads=args.threads), "data": counts, "results": {}}
    for name, (model, seconds) in rows.items():
        with open(os.path.join(model, "training.json")) as f:
            result = json.load(f)["result"]
        report["results"][name] = dict(training_process_s=round(seconds, 1), best_step=result["best_step"],
                                       best_validation_loss=round(result["best_validation_loss"], 4), **evaluate(model, w))
    with open(os.path.join(w, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
