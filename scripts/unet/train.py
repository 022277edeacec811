#!/usr/bin/python3
"""Trains Tessera's semantic U-Net in Python PyTorch: the peer of `tessera train-unet`, with the
same network, targets (background, object, boundary from object labels), crops, augmentation,
Adam with the one-cycle schedule, validation every steps/20 steps (at most 100) and the best
network by validation loss. Writes a model folder that `tessera unet` runs (model.onnx exported
with torch.onnx, unet.json, training.json).

  /usr/bin/python3 scripts/unet/train.py --images DIR --labels DIR --val-images DIR --val-labels DIR \\
      --steps 400 --batch 8 --patch 128 --seed 1 --out target/unet-python
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np
import tifffile
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import unet  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "stardist"))
import sdtools  # noqa: E402  (percentile normalisation, as at inference)

CLASSES = ["background", "object", "boundary"]


def three_classes(labels):
    """0 background, 1 inside an object, 2 an object pixel with a 4-neighbour of another value
    (the image's edge is not a boundary), as org.tessera.train.SemanticTargets.fromInstances."""
    edge = np.zeros(labels.shape, bool)
    edge[:, 1:] |= labels[:, 1:] != labels[:, :-1]
    edge[:, :-1] |= labels[:, :-1] != labels[:, 1:]
    edge[1:, :] |= labels[1:, :] != labels[:-1, :]
    edge[:-1, :] |= labels[:-1, :] != labels[1:, :]
    out = np.where(labels > 0, np.where(edge, 2, 1), 0)
    return out.astype(np.int64)


def load(images, labels):
    items = []
    for path in sorted(glob.glob(os.path.join(images, "*.tif"))):
        img = tifffile.imread(path).astype(np.float32)
        lab = tifffile.imread(os.path.join(labels, os.path.basename(path))).astype(np.int64)
        img = sdtools.normalize(img)  # each channel by its own percentiles 1 and 99.8
        img = img[None] if img.ndim == 2 else np.moveaxis(img, 2, 0)
        items.append((path, np.ascontiguousarray(img), three_classes(lab)))
    if not items:
        raise SystemExit(f"no TIFF images in {images}")
    return items


def validate(net, items):
    """Mean cross-entropy and mean foreground IoU on whole images (mirror-padded to 4), as SemanticTraining.validate."""
    net.eval()
    loss, n = 0.0, 0
    inter, union = np.zeros(3), np.zeros(3)
    with torch.no_grad():
        for _, img, lab in items:
            c, h, w = img.shape
            ph, pw = -h % 4, -w % 4
            x = np.pad(img, ((0, 0), (0, ph), (0, pw)), mode="reflect")
            p = torch.softmax(net(torch.from_numpy(x)[None]), 1)[0, :, :h, :w].numpy()
            pred = p.argmax(0)
            loss -= np.log(np.maximum(np.take_along_axis(p, lab[None], 0)[0], 1e-12)).sum()
            n += lab.size
            for k in range(3):
                inter[k] += np.sum((lab == k) & (pred == k))
                union[k] += np.sum((lab == k) | (pred == k))
    net.train()
    return loss / n, float(np.mean(inter[1:] / np.maximum(union[1:], 1)))


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--images", required=True)
    a.add_argument("--labels", required=True)
    a.add_argument("--val-images", required=True)
    a.add_argument("--val-labels", required=True)
    a.add_argument("--steps", type=int, default=2000)
    a.add_argument("--batch", type=int, default=8)
    a.add_argument("--patch", type=int, default=128)
    a.add_argument("--lr", type=float, default=1e-3)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--threads", type=int, default=os.cpu_count())
    a.add_argument("--out", required=True)
    args = a.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train, val = load(args.images, args.labels), load(args.val_images, args.val_labels)
    net = unet.UNet(train[0][1].shape[0], len(CLASSES))
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.1)
    every = max(1, min(100, args.steps // 20))
    best, best_state, history, losses = None, None, [], []
    t0 = time.time()
    net.train()
    for step in range(1, args.steps + 1):
        crops = [unet.crop(*train[int(rng.integers(len(train)))][1:], args.patch, rng) for _ in range(args.batch)]
        x = torch.from_numpy(np.stack([c[0] for c in crops]))
        y = torch.from_numpy(np.stack([c[1] for c in crops]))
        opt.zero_grad()
        loss = unet.loss_fn(net(x), y)
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        if step % every == 0 or step == args.steps:
            vl, iou = validate(net, val)
            history.append({"step": step, "validation_loss": vl, "validation_iou": iou, "training_loss": float(np.mean(losses[-20:]))})
            if best is None or vl < best["validation_loss"]:
                best = history[-1]
                best_state = {k: v.clone() for k, v in net.state_dict().items()}
            print(f"step {step}/{args.steps}: training loss {np.mean(losses[-20:]):.4f}, validation loss {vl:.4f}, IoU {iou:.3f}"
                  f" ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    seconds = time.time() - t0
    net.load_state_dict(best_state)
    net.eval()
    os.makedirs(args.out, exist_ok=True)

    class WithSoftmax(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            return torch.softmax(self.inner(x), 1)

    c = train[0][1].shape[0]
    torch.onnx.export(WithSoftmax(net), torch.zeros(1, c, 64, 64), os.path.join(args.out, "model.onnx"), input_names=["input"],
                      output_names=["probabilities"], opset_version=13,
                      dynamic_axes={"input": {0: "N", 2: "H", 3: "W"}, "probabilities": {0: "N", 2: "H", 3: "W"}})
    config = {"format": "tessera-unet", "classes": CLASSES, "input_channels": c, "normalize_percentiles": [1.0, 99.8], "divisor": 4,
              "halo": 32, "instance_class": "object", "boundary_class": "boundary"}
    with open(os.path.join(args.out, "unet.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump({"trainer": "scripts/unet/train.py (Python PyTorch " + torch.__version__ + ")", "settings": vars(args),
                   "result": {"seconds": round(seconds, 1), "best_step": best["step"], "best_validation_loss": best["validation_loss"],
                              "best_validation_iou": best["validation_iou"], "history": history}}, f, indent=2)
    print(json.dumps({"seconds": round(seconds, 1), "best": best}))


if __name__ == "__main__":
    main()
