#!/usr/bin/python3
"""StarDist trained in the JVM (`tessera train-stardist`, DJL PyTorch) against the project's Python
training (scripts/stardist/train_real.py, PyTorch), side by side in one run: the same network (the
StarDist U-Net, widths 32, 64, 128, 32 rays, grid 2), data (../shared/datasets/nuclei2d train for
training, val for validation and thresholds), steps, batch, crop size, learning rate, seed and
thread count, both from new networks.

Reported per trainer: the whole training process's time and AP@0.5 (pooled) on nuclei2d/val at the
thresholds each trainer chose there (the same AP both trainers' records give: Tessera's Java
post-processing for the JVM, scripts/stardist/sdtools.py for Python, which implement the same
StarDist post-processing).

  scripts/bench/stardist-train [--steps 1500] [--threads 2] [--work target/stardist-compare]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from training_data import NUCLEI2D, ROOT  # noqa: E402
from training_bench import TESSERA, jvm_threads, run  # noqa: E402


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--steps", type=int, default=1500)
    a.add_argument("--batch", type=int, default=8)
    a.add_argument("--patch", type=int, default=128)
    a.add_argument("--rate", type=float, default=1e-3)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--threads", type=int, default=os.cpu_count())
    a.add_argument("--work", default=os.path.join(ROOT, "target", "stardist-compare"))
    a.add_argument("--only", choices=["java", "python"], help="train only one of them (the other's folder is reused)")
    args = a.parse_args()
    w = args.work
    os.makedirs(w, exist_ok=True)
    if args.only != "python":
        env = jvm_threads(args.threads)
        subprocess.run(["rm", "-rf", os.path.join(w, "java")], check=True)
        s = run([TESSERA, "train-stardist", f"images={NUCLEI2D}/train/images", f"label_images={NUCLEI2D}/train/masks",
                 f"validation_images={NUCLEI2D}/val/images", f"validation_labels={NUCLEI2D}/val/masks", "fine_tune=none",
                 f"steps={args.steps}", f"batch={args.batch}", f"patch={args.patch}", f"learning_rate={args.rate}", f"seed={args.seed}",
                 f"model={w}/java"], env)
        with open(os.path.join(w, "java-seconds.txt"), "w") as f:
            f.write(f"{s:.1f}\n")
    if args.only != "java":
        s = run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "stardist", "train_real.py"), "--model", "fluorescence", "--steps", str(args.steps),
                 "--batch", str(args.batch), "--patch", str(args.patch), "--lr", str(args.rate), "--seed", str(args.seed), "--threads",
                 str(args.threads), "--widths", "32,64,128", "--work", f"{w}/python-work", "--out", f"{w}/python"])
        with open(os.path.join(w, "python-seconds.txt"), "w") as f:
            f.write(f"{s:.1f}\n")
    with open(os.path.join(w, "java", "training.json")) as f:
        j = json.load(f)
    with open(os.path.join(w, "python", "training.json")) as f:
        p = json.load(f)
    pv = p["evaluation"]["validation (thresholds chosen here)"]["all"]
    seconds = {k: float(open(os.path.join(w, k + "-seconds.txt")).read()) for k in ("java", "python")}
    report = {"settings": {k: v for k, v in vars(args).items() if k not in ("work", "only")},
              "jvm (train-stardist)": {"training_process_s": seconds["java"], "val_ap50": round(j["result"]["validation_ap50"], 4),
                                       "thresholds": j["result"]["thresholds"], "best_step": j["result"]["best_step"]},
              "python pytorch (scripts/stardist/train_real.py)": {"training_process_s": seconds["python"], "val_ap50": pv["ap50"],
                                                                  "thresholds": p["thresholds"], "tp_fp_fn": [pv["tp"], pv["fp"], pv["fn"]]}}
    report["ap50_difference"] = round(report["jvm (train-stardist)"]["val_ap50"] - pv["ap50"], 4)
    with open(os.path.join(w, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
