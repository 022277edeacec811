#!/usr/bin/python3
"""Fine-tuning the built-in fluorescence StarDist model on a few images of a kind it was not trained
on, as a Fiji user would: `tessera train-stardist` on 5 labelled grey brightfield images (the first 5
by name of the grey images of ../shared/datasets/nuclei2d-brightfield; of those, the command keeps
one for validation, chosen by the seed), then `tessera stardist` with the built-in model and with the
fine-tuned one on the other grey brightfield images, scored by AP@0.5 (TP / (TP + FP + FN), pooled,
a match being IoU > 0.5).

Reports the whole training process's time (JVM start-up included) and both models' AP.

  scripts/bench/stardist-finetune [--steps 300] [--threads 2] [--work target/stardist-finetune]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import tifffile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "stardist"))
from training_data import BRIGHTFIELD, ROOT, dataset_rows  # noqa: E402
import sdtools  # noqa: E402
from training_bench import TESSERA, jvm_threads, link, run  # noqa: E402
N_TRAIN = 5


def evaluate(model, work, tag):
    """AP@0.5 pooled over the held-back images of `tessera stardist` with this model."""
    out = os.path.join(work, "output-" + tag)
    os.makedirs(out, exist_ok=True)
    tp = fp = fn = 0
    names = sorted(f[:-4] for f in os.listdir(os.path.join(work, "test", "images")))
    for n in names:
        labels = os.path.join(out, n + ".tif")
        run([TESSERA, "stardist", f"input={work}/test/images/{n}.tif", f"model={model}", f"output={labels}"])
        gt = tifffile.imread(os.path.join(work, "test", "labels", n + ".tif")).astype(np.int32)
        t, f_p, f_n = sdtools.matching_counts(gt, tifffile.imread(labels).astype(np.int32))[:3]
        tp, fp, fn = tp + t, fp + f_p, fn + f_n
    return {"ap50": round(tp / max(1, tp + fp + fn), 4), "tp": int(tp), "fp": int(fp), "fn": int(fn), "images": len(names)}


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--steps", type=int, default=300)
    a.add_argument("--batch", type=int, default=8)
    a.add_argument("--patch", type=int, default=128)
    a.add_argument("--rate", type=float, default=1e-3)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--threads", type=int, default=os.cpu_count())
    a.add_argument("--work", default=os.path.join(ROOT, "target", "stardist-finetune"))
    a.add_argument("--skip-baseline", action="store_true", help="do not run the built-in model again")
    args = a.parse_args()
    grey = sorted(r["name"] for r in dataset_rows(BRIGHTFIELD) if "RGB" not in r["dtype"])
    train, test = grey[:N_TRAIN], grey[N_TRAIN:]
    w = args.work
    link(train, os.path.join(w, "train"))
    link(test, os.path.join(w, "test"))
    env = jvm_threads(args.threads)
    model = os.path.join(w, "tuned")
    subprocess.run(["rm", "-rf", model], check=True)
    seconds = run([TESSERA, "train-stardist", f"images={w}/train/images", f"label_images={w}/train/labels", "fine_tune=fluorescence",
                        f"steps={args.steps}", f"batch={args.batch}", f"patch={args.patch}", f"learning_rate={args.rate}", f"seed={args.seed}",
                        f"model={model}"], env)
    with open(os.path.join(model, "training.json")) as f:
        record = json.load(f)
    report = {"settings": {k: v for k, v in vars(args).items() if k != "work"},
              "data": {"fine_tuned_on": train, "held_back": len(test), "validation": record["validation_images"]},
              "training_process_s": round(seconds, 1), "training_s": record["result"]["seconds"],
              "thresholds": record["result"]["thresholds"], "validation_ap50": record["result"]["validation_ap50"],
              "fine_tuned": evaluate(model, w, "tuned")}
    if not args.skip_baseline:
        report["built_in_fluorescence"] = evaluate("fluorescence", w, "built-in")
        report["ap50_gain"] = round(report["fine_tuned"]["ap50"] - report["built_in_fluorescence"]["ap50"], 4)
    with open(os.path.join(w, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
