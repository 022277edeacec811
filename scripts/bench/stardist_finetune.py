#!/usr/bin/python3
"""Fine-tuning the built-in fluorescence StarDist model on a few images of a kind it was not trained
on, as a Fiji user would: `tessera train-stardist` on 5 labelled grey brightfield images (the first 5
by name of the grey images of ../shared/datasets/nuclei2d-brightfield; of those, the command keeps
one for validation, chosen by the seed), then `tessera stardist` with the built-in model and with the
fine-tuned one on the other grey brightfield images, scored by AP@0.5 (TP / (TP + FP + FN), pooled,
a match being IoU > 0.5).

Reports the whole training process's time (JVM start-up included) and both models' AP.

  scripts/bench-stardist-finetune [--steps 300] [--threads 2] [--work target/stardist-finetune]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import tifffile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "stardist"))
from training_data import BRIGHTFIELD, ROOT, dataset_rows  # noqa: E402
import sdtools  # noqa: E402

TESSERA = os.path.join(ROOT, "scripts", "tessera")
N_TRAIN = 5


def link(names, folder):
    for sub, src in (("images", "images"), ("labels", "masks")):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
        for n in names:
            dst = os.path.join(folder, sub, n + ".tif")
            if not os.path.exists(dst):
                os.symlink(os.path.join(BRIGHTFIELD, src, n + ".tif"), dst)


def run(cmd, env=None):
    t0 = time.time()
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return time.time() - t0, r.stdout + r.stderr


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
    env = dict(os.environ, TESSERA_JAVA_OPTS=(os.environ.get("TESSERA_JAVA_OPTS", "") + f" -Dai.djl.pytorch.num_threads={args.threads}"))
    model = os.path.join(w, "tuned")
    subprocess.run(["rm", "-rf", model], check=True)
    seconds, log = run([TESSERA, "train-stardist", f"images={w}/train/images", f"label_images={w}/train/labels", "fine_tune=fluorescence",
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
