#!/usr/bin/python3
"""Pixel classification on real nuclei, Tessera against its Python peer, side by side in one run.

For each dataset (nuclei2d: fluorescence; brightfield: H&E-like RGB and grey brightfield, where Otsu
fails), both classifiers learn from the same simulated scribbles (scribbles.py: a few short strokes
per class on 5 training images, seeded) with 100 trees, then classify every validation image:
pixel F1 and IoU of "nucleus" against the dense ground truth (any nucleus), pooled over the images,
with Otsu's threshold as a baseline (its polarity taken from the scribbles). Times are whole
processes from the shell (start-up and I/O included) and in-process (Tessera: the classifier's
training record, and pixel_classify_folder.groovy timing the same reads, classification and writes
inside one JVM; the peer: its own timers), with peak memory, for
training, for the validation folder, and for one 1024x1024 and one 4096x4096 image.

  scripts/bench/pixel-classifier            (after mvn -B package -DskipTests)
Writes its files under target/bench-pixel/ and prints Markdown tables.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import tifffile
from skimage.color import rgb2gray
from skimage.filters import threshold_otsu

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import scribbles  # noqa: E402
from training_data import dataset_pairs  # noqa: E402

WORK = os.path.join(ROOT, "target", "bench-pixel")
TESSERA = os.path.join(ROOT, "scripts", "tessera")
PEER = [sys.executable, os.path.join(HERE, "pixel_classifier_peer.py")]
TREES = 100


def run_measured(cmd):
    """(wall seconds, peak RSS MB, stdout): the process waited for with wait4, which gives its own peak memory."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode})")
    return wall, usage.ru_maxrss / 1024, out


def scores(pred_folder, truths):
    tp = fp = fn = 0
    for name, truth in truths.items():
        p = tifffile.imread(os.path.join(pred_folder, name + ".tif")) == 2
        tp += int((p & truth).sum())
        fp += int((p & ~truth).sum())
        fn += int((~p & truth).sum())
    return 2 * tp / max(2 * tp + fp + fn, 1), tp / max(tp + fp + fn, 1)


def grey(img):
    return rgb2gray(img) if img.ndim == 3 else img.astype(np.float64)


def otsu_scores(pairs, bright_nuclei):
    tp = fp = fn = 0
    for img, truth in pairs:
        g = grey(img)
        p = g > threshold_otsu(g) if bright_nuclei else g <= threshold_otsu(g)
        tp += int((p & truth).sum())
        fp += int((p & ~truth).sum())
        fn += int((~p & truth).sum())
    return 2 * tp / max(2 * tp + fp + fn, 1), tp / max(tp + fp + fn, 1)


def tessera_in_jvm(model, input_path, output):
    """In-JVM seconds of classifying a folder or an image (scripts/bench/pixel_classify_folder.groovy), without the JVM's start."""
    _, _, out = run_measured([TESSERA, "run", os.path.join(HERE, "pixel_classify_folder.groovy"), f"classifier={model}", f"input={input_path}",
                              f"output={output}"])
    return float(out.split("seconds=")[1].split()[0])


def main():
    rows, timing, live = [], [], {}
    for dataset in ("nuclei2d", "brightfield"):
        d = os.path.join(WORK, dataset)
        scr = os.path.join(d, "scribbles")
        subprocess.run([sys.executable, os.path.join(HERE, "scribbles.py"), "--dataset", dataset, "--out", scr], check=True,
                       stdout=subprocess.DEVNULL)
        folder, names = scribbles.validation(dataset)
        val = os.path.join(d, "val")
        os.makedirs(val, exist_ok=True)
        truths, pairs = {}, []
        for name, img, lab in dataset_pairs(folder, names):
            tifffile.imwrite(os.path.join(val, name + ".tif"), img, photometric="rgb" if img.ndim == 3 else "minisblack")
            truths[name] = lab > 0
            pairs.append((img, lab > 0))
        # Otsu's polarity from the scribbles: are nuclei brighter than the background there?
        inside, outside = [], []
        for name in os.listdir(os.path.join(scr, "labels")):
            s = tifffile.imread(os.path.join(scr, "labels", name))
            g = grey(tifffile.imread(os.path.join(scr, "images", name)))
            inside.append(g[s == 2])
            outside.append(g[s == 1])
        bright = np.concatenate(inside).mean() > np.concatenate(outside).mean()

        model = os.path.join(d, "tessera.classifier")
        t_train, m_train, _ = run_measured([TESSERA, "pixel-classifier-train", f"images={scr}/images", f"label_images={scr}/labels",
                                            "classes=background, nucleus", f"trees={TREES}", f"classifier={model}"])
        with __import__("zipfile").ZipFile(model) as z:
            record = json.loads(z.read("classifier.json"))["training"]
        t_pred, m_pred, _ = run_measured([TESSERA, "batch", f"input={val}", f"output={d}/tessera-pred",
                                          f"pipeline=pixel-classifier classifier={model}", "resume=false"])
        in_pred = tessera_in_jvm(model, val, os.path.join(d, "tessera-pred-injvm"))
        f1_t, iou_t = scores(os.path.join(d, "tessera-pred"), truths)

        peer_model = os.path.join(d, "peer.pkl")
        p_train, pm_train, out = run_measured(PEER + ["train", "--images", f"{scr}/images", "--labels", f"{scr}/labels", "--trees", str(TREES),
                                                      "--model", peer_model])
        peer_record = json.loads(out.strip().splitlines()[-1])
        p_pred, pm_pred, out = run_measured(PEER + ["predict", "--model", peer_model, "--input", val, "--out", f"{d}/peer-pred"])
        peer_pred = json.loads(out.strip().splitlines()[-1])
        f1_p, iou_p = scores(os.path.join(d, "peer-pred"), truths)
        f1_o, iou_o = otsu_scores(pairs, bright)
        rows.append((dataset, len(truths), f1_t, iou_t, f1_p, iou_p, f1_o, iou_o))
        timing.append((dataset, "train (5 images)", t_train, record["feature_seconds"] + record["training_seconds"], m_train,
                       p_train, peer_record["feature_seconds"] + peer_record["training_seconds"], pm_train))
        timing.append((dataset, f"predict {len(truths)} validation images", t_pred, in_pred, m_pred, p_pred, peer_pred["predict_seconds"], pm_pred))

        if dataset == "nuclei2d":
            first = tifffile.imread(os.path.join(val, sorted(truths)[0] + ".tif"))
            for size in (1024, 4096):
                big = os.path.join(d, f"big{size}")
                os.makedirs(big, exist_ok=True)
                reps = (-(-size // first.shape[0]), -(-size // first.shape[1]))
                tifffile.imwrite(os.path.join(big, f"tile{size}.tif"), np.tile(first, reps)[:size, :size])
                t_b, m_b, _ = run_measured([TESSERA, "batch", f"input={big}", f"output={big}-tessera",
                                            f"pipeline=pixel-classifier classifier={model}", "resume=false"])
                in_b = tessera_in_jvm(model, big, big + "-tessera-injvm")
                p_b, pm_b, out = run_measured(PEER + ["predict", "--model", peer_model, "--input", big, "--out", big + "-peer"])
                timing.append((dataset, f"predict one {size}x{size} image", t_b, in_b, m_b, p_b, json.loads(out.strip().splitlines()[-1])[
                    "predict_seconds"], pm_b))
            # the labeling tool's live mode at 1024x1024: a stroke, training and classifying the plane again
            tile = os.path.join(d, "big1024", "tile1024.tif")
            scr_tile = os.path.join(d, "big1024-scribbles.tif")
            s0 = tifffile.imread(os.path.join(scr, "labels", sorted(os.listdir(os.path.join(scr, "labels")))[0]))
            canvas = np.zeros((1024, 1024), np.uint8)
            canvas[:s0.shape[0], :s0.shape[1]] = s0
            tifffile.imwrite(scr_tile, canvas)
            _, _, out = run_measured([TESSERA, "run", os.path.join(HERE, "pixel_live.groovy"), f"input={tile}", f"scribbles={scr_tile}",
                                      "repeats=5"])
            live = dict(kv.split("=") for kv in out.split() if "=" in kv)

    print(f"\n### Pixel F1 and IoU of nuclei on the validation images ({TREES} trees, the same scribbles)\n")
    print("| dataset | images | Tessera F1 | Tessera IoU | peer F1 | peer IoU | Otsu F1 | Otsu IoU |\n|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.3f} | {r[3]:.3f} | {r[4]:.3f} | {r[5]:.3f} | {r[6]:.3f} | {r[7]:.3f} |")
    print(f"\nLive pixel classification in the labeling tool at {live['size']}: features once {live['features_ms']} ms, then a stroke's "
          f"training and classification of the plane {live['live_ms']} ms (median of 5)")
    print("\n### Times (s) and peak memory (MB); ratio = Tessera / peer\n")
    print("| dataset | work | Tessera whole process | Tessera in-JVM | Tessera peak RSS | peer whole process | peer in-process | peer peak RSS "
          "| ratio whole | ratio in-process |\n|---|---|---|---|---|---|---|---|---|---|")
    for r in timing:
        print(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} | {r[4]:.0f} | {r[5]:.2f} | {r[6]:.2f} | {r[7]:.0f} | {r[2] / r[5]:.2f} | "
              f"{r[3] / r[6]:.2f} |")


if __name__ == "__main__":
    main()
