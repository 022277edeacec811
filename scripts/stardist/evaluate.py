#!/usr/bin/python3
"""AP@0.5 of a trained Tessera StarDist 2D model on image/mask pairs.

AP = TP / (TP + FP + FN) over all images, a predicted object and a ground-truth
object matching when their IoU is > 0.5 (the StarDist paper's measure).
Post-processing as Tessera's Java side does it (see sdtools.py), with the
thresholds from the model folder's thresholds.json unless given.

Runs the PyTorch weights that train.py saved (--weights), an ensemble folder
written by ensemble.py from its members' weights (--model alone), or, where the Python
has onnxruntime (not Debian's python3 here; the GPU machine has it), the
exported model.onnx itself (--onnx).

  /usr/bin/python3 scripts/stardist/evaluate.py --model target/stardist-model --weights target/stardist-train/weights.pth
  /usr/bin/python3 scripts/stardist/evaluate.py --model target/stardist-model --onnx img1.tif:mask1.tif img2.tif:mask2.tif
--transforms prints the AP under each of the eight flips/transpositions of the
images and their mean: one 65-nucleus image gives quite different APs under
them, so compare models by the mean too. --flips averages the network's
outputs over the eight (test-time augmentation) before post-processing.
Without pairs it evaluates ../shared/test-data/stardist/tests-data/img2d.tif + mask2d.tif.
"""
import argparse
import json
import os
import sys

import numpy as np
import tifffile
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtools as T  # noqa: E402
import ensemble  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import REAL_TEST  # noqa: E402


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--model", required=True, help="model folder (thresholds.json, model.onnx)")
    a.add_argument("--weights", help="PyTorch state dict saved by train.py")
    a.add_argument("--onnx", action="store_true", help="run model.onnx with onnxruntime instead")
    a.add_argument("--prob", type=float, help="probability threshold (default: thresholds.json)")
    a.add_argument("--nms", type=float, help="NMS threshold (default: thresholds.json)")
    a.add_argument("--flips", action="store_true", help="average the eight flips/transpositions (test-time augmentation)")
    a.add_argument("--transforms", action="store_true",
                   help="AP of each of the eight flips/transpositions of the images and their mean (how much AP is luck)")
    a.add_argument("pairs", nargs="*", help="image.tif:mask.tif")
    args = a.parse_args()
    torch.set_num_threads(2)
    with open(os.path.join(args.model, "thresholds.json")) as f:
        th = json.load(f)
    prob_t = th["prob"] if args.prob is None else args.prob
    nms_t = th["nms"] if args.nms is None else args.nms

    if args.onnx:
        import onnxruntime as ort
        session = ort.InferenceSession(os.path.join(args.model, "model.onnx"), providers=["CPUExecutionProvider"])

        def net(x):
            prob, dist = session.run(["prob", "dist"], {"input": x.numpy()})
            return torch.from_numpy(prob), torch.from_numpy(dist)
    elif args.weights:
        net = T.load_net(args.weights)
    else:
        net = ensemble.load(args.model)[0]  # without --weights or --onnx: an ensemble folder

    pairs = [p.split(":") for p in args.pairs] or [REAL_TEST]
    if args.transforms:
        images = [(T.normalize(tifffile.imread(i)), tifffile.imread(m).astype(np.int32)) for i, m in pairs]
        print("| flip y, flip x, transpose | AP@0.5 | TP | FP | FN |\n|---|---|---|---|---|")
        aps = []
        for t in T.TRANSFORMS:
            c = T.average_precision([T.matching_counts(lab, T.segment(*T.predict_transformed(net, img, t), lab.shape, prob_t, nms_t))
                                     for img, lab in images])
            aps.append(c[0])
            print(f"| {', '.join('yes' if f else 'no' for f in t)} | {c[0]:.3f} | {c[1]} | {c[2]} | {c[3]} |")
        print(f"| mean (min, max), prob {prob_t}, nms {nms_t} | {np.mean(aps):.3f} ({min(aps):.3f}, {max(aps):.3f}) | | | |")
        return
    counts = []
    print("| image | AP@0.5 | TP | FP | FN |\n|---|---|---|---|---|")
    for img_path, mask_path in pairs:
        img, lab = tifffile.imread(img_path), tifffile.imread(mask_path).astype(np.int32)
        prob, dist = (T.predict_flips if args.flips else T.predict)(net, T.normalize(img))
        c = T.matching_counts(lab, T.segment(prob, dist, lab.shape, prob_t, nms_t))
        counts.append(c)
        print(f"| {os.path.basename(img_path)} | {T.average_precision([c])[0]:.3f} | {c[0]} | {c[1]} | {c[2]} |")
    ap, tp, fp, fn = T.average_precision(counts)
    print(f"| all ({len(pairs)}), prob {prob_t}, nms {nms_t} | {ap:.3f} | {tp} | {fp} | {fn} |")


if __name__ == "__main__":
    main()
