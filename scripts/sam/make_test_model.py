#!/usr/bin/env python3
"""Builds Tessera's tiny FastSAM-shaped (Ultralytics YOLOv8-seg, one class) test models.

None of them is trained: their outputs are designed by hand, so that the Java tests know the
answers. Every model is a real ONNX graph (its constant outputs are parameters plus 0 * the
input), with the contract of a FastSAM export:
  input  "images"  [1, 3, S, S] float RGB in [0, 1], letterboxed
  output "output0" [1, 4 + 1 + nm, N]  box cx, cy, w, h (input pixels), confidence, nm mask coefficients
  output "output1" [1, nm, S/4, S/4]    mask prototypes

Files (in the folder given as first argument, default: the test resources folder org/tessera/sam):

  fixed.onnx        S = 256, nm = 4, N = 7 constant detections D0..D6 (in this order in the tensor:
                    D3, D5, D0, D6, D1, D2, D4) and constant prototypes:
                      prototype 0: +10 on the 64x64 cells whose centre (4 px + 2) lies within 24 input
                                   pixels of (64, 64), -10 elsewhere (a disc)
                      prototype 1: +10 everywhere (the mask is the whole box)
                      prototype 2: cell column - 50 (a ramp: sigmoid > 0.5 from image column 202 on)
                      prototype 3: seeded noise, used by no kept detection
                    D0 box (64, 64, 64, 64) conf 0.9 disc
                    D1 box (65, 64, 64, 64) conf 0.8 disc: box IoU 0.969 with D0, suppressed
                    D2 box (180, 180, 60, 40) conf 0.7 whole box
                    D3 box (200, 120, 30, 30) conf 0.3 below the default confidence 0.4
                    D4 box (100, 64, 64, 64) conf 0.6 whole box, overlaps D0's disc
                    D5 box (200, 40, 40, 40) conf 0.4 ramp (exactly the default confidence: kept)
                    D6 box (64, 64, 96, 96) conf 0.5 whole box, contains D0's disc and box
  fixed-swapped.onnx the same with its outputs in the other order and named "protos", "detections"
  fixed-expected.txt the masks of the kept detections on a 256 x 256 image (no letterbox), computed
                    here with PyTorch's own bilinear interpolation (F.interpolate, align_corners=False)
                    of sigmoid(coefficients . prototypes) to 256 x 256, kept where the pixel centre
                    lies in [x0, x1) x [y0, y1) of the box and the value is > 0.5. Lines:
                      image <width> <height>
                      detection <name> <score> <x0> <y0> <x1> <y1>     (decreasing score)
                      run <y> <x0> <x1>                                (mask pixels x0 <= x < x1 of row y)

  follow.onnx       S = 320, nm = 32, N = 8: an "image-following" model. Prototype 0 is
                    40 * (4x4 average pool of input channel 0 - 0.5), so sigmoid(prototype 0) > 0.5
                    on bright pixels; prototypes 1..31 are 0 * the pool. All detections have
                    coefficients (1, 0, ..., 0), so each mask is the bright pixels inside its box.
                    The boxes surround the three objects of the 300 x 200 test image (image pixels,
                    x0 <= x < x1):
                      O1 rectangle 30 <= x < 110, 40 <= y < 110   box (24, 34, 116, 116) conf 0.95
                      O2 disc centre (200, 120) radius 45        box (149, 69, 251, 171) conf 0.90
                      O3 rectangle 250 <= x < 290, 15 <= y < 55   box (244, 9, 296, 61)  conf 0.80
                    plus O1's box shifted by 1 px (conf 0.85, suppressed), one at conf 0.1 and
                    three at conf 0. The boxes are mapped to input pixels by Tessera's letterbox
                    (scale r = min(S / w, S / h), resized size round(w r) x round(h r), centred with
                    integer offsets (S - size) // 2; image x maps to offset + x * resized / w).
  follow-dynamic.onnx the same with a dynamic input size; Tessera runs such a model at S = the image's
                    larger side rounded up to a multiple of 32 (within [64, 1024]), so for the 300 x 200
                    test image at S = 320, and its boxes are those for S = 320.

  wrong-rows.onnx   output0 [1, 36, 4] but output1 [1, 32, 16, 16]: 36 rows are not 4 + 1 + 32
  single-output.onnx only output0 [1, 37, 4]
  grey-input.onnx   input [1, 1, 64, 64] (one channel), outputs as a valid model

Needs only PyTorch (Debian's python3-torch 1.13 works; the onnx package is not needed).
Run:  /usr/bin/python3 scripts/sam/make_test_model.py [out_dir]
"""
import math
import os
import sys

import torch
from torch import nn
import torch.nn.functional as F

OPSET = 13


class Constant(nn.Module):
    """Outputs held as parameters, plus 0 * the input so that the export is a graph on the input."""

    def __init__(self, det, proto=None):
        super().__init__()
        self.det = nn.Parameter(det, requires_grad=False)
        self.proto = None if proto is None else nn.Parameter(proto, requires_grad=False)

    def forward(self, x):
        zero = 0 * x.mean()
        if self.proto is None:
            return self.det + zero
        return self.det + zero, self.proto + zero


class Swapped(nn.Module):
    """The outputs in the other order: prototypes first."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        det, proto = self.net(x)
        return proto, det


class Following(nn.Module):
    """Prototype 0 follows input channel 0 (bright pixels give sigmoid > 0.5); constant detections."""

    def __init__(self, det, nm):
        super().__init__()
        self.det = nn.Parameter(det, requires_grad=False)
        self.nm = nm

    def forward(self, x):
        pool = F.avg_pool2d(x[:, :1], 4)
        protos = torch.cat([40 * (pool - 0.5)] + [0 * pool] * (self.nm - 1), dim=1)
        return self.det + 0 * x.mean(), protos


def detections(rows, nm):
    """[1, 4 + 1 + nm, N] from (cx, cy, w, h, conf, coefficients) tuples."""
    det = torch.zeros(1, 5 + nm, len(rows))
    for i, (cx, cy, w, h, conf, coef) in enumerate(rows):
        det[0, :5, i] = torch.tensor([cx, cy, w, h, conf])
        det[0, 5:5 + len(coef), i] = torch.tensor(coef, dtype=torch.float32)
    return det


def export(module, example, path, dynamic=None, outputs=("output0", "output1")):
    module.eval()
    torch.onnx.export(module, example, path, input_names=["images"], output_names=list(outputs),
                      dynamic_axes=dynamic, opset_version=OPSET)


def fixed_model(out):
    s, nm = 256, 4
    g = s // 4
    d = {
        "D0": (64, 64, 64, 64, 0.9, [1, 0, 0, 0]),
        "D1": (65, 64, 64, 64, 0.8, [1, 0, 0, 0]),
        "D2": (180, 180, 60, 40, 0.7, [0, 1, 0, 0]),
        "D3": (200, 120, 30, 30, 0.3, [0, 1, 0, 0]),
        "D4": (100, 64, 64, 64, 0.6, [0, 1, 0, 0]),
        "D5": (200, 40, 40, 40, 0.4, [0, 0, 1, 0]),
        "D6": (64, 64, 96, 96, 0.5, [0, 1, 0, 0]),
    }
    order = ["D3", "D5", "D0", "D6", "D1", "D2", "D4"]
    det = detections([d[k] for k in order], nm)
    cy, cx = torch.meshgrid(torch.arange(g, dtype=torch.float32) * 4 + 2, torch.arange(g, dtype=torch.float32) * 4 + 2, indexing="ij")
    proto = torch.zeros(1, nm, g, g)
    proto[0, 0] = torch.where((cx - 64) ** 2 + (cy - 64) ** 2 <= 24 ** 2, 10.0, -10.0)
    proto[0, 1] = 10.0
    proto[0, 2] = torch.arange(g, dtype=torch.float32)[None, :] - 50
    proto[0, 3] = torch.randn(g, g, generator=torch.Generator().manual_seed(7)) * 5
    export(Constant(det, proto), torch.zeros(1, 3, s, s), os.path.join(out, "fixed.onnx"))
    export(Swapped(Constant(det, proto)), torch.zeros(1, 3, s, s), os.path.join(out, "fixed-swapped.onnx"), outputs=("protos", "detections"))

    # the expected masks on a 256 x 256 image (the letterbox is the identity)
    kept = ["D0", "D2", "D4", "D6", "D5"]
    lines = ["image %d %d" % (s, s)]
    centres = torch.arange(s, dtype=torch.float64) + 0.5
    for k in kept:
        bx, by, bw, bh, conf, coef = d[k]
        x0, y0, x1, y1 = bx - bw / 2, by - bh / 2, bx + bw / 2, by + bh / 2
        logits = (torch.tensor(coef, dtype=torch.float32) @ proto[0].reshape(nm, -1)).reshape(1, 1, g, g)
        up = F.interpolate(torch.sigmoid(logits), size=(s, s), mode="bilinear", align_corners=False)[0, 0]
        inside = ((centres >= y0) & (centres < y1))[:, None] & ((centres >= x0) & (centres < x1))[None, :]
        mask = (up > 0.5) & inside
        lines.append("detection %s %r %r %r %r %r" % (k, float(torch.tensor(conf, dtype=torch.float32)), x0, y0, x1, y1))
        for y in range(s):
            row = mask[y].tolist()
            x = 0
            while x < s:
                if row[x]:
                    start = x
                    while x < s and row[x]:
                        x += 1
                    lines.append("run %d %d %d" % (y, start, x))
                else:
                    x += 1
    with open(os.path.join(out, "fixed-expected.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


# the objects of the image-following model's test image (FastSamFollowTest draws the same)
IMAGE_W, IMAGE_H = 300, 200
BOXES = [  # image pixels x0, y0, x1, y1 and confidence
    ((24, 34, 116, 116), 0.95),
    ((149, 69, 251, 171), 0.90),
    ((244, 9, 296, 61), 0.80),
    ((25, 34, 117, 116), 0.85),   # O1's box shifted by 1 px: IoU > 0.9 with it, suppressed
    ((149, 9, 240, 60), 0.10),    # below the confidence threshold
    ((0, 0, 10, 10), 0.0),
    ((0, 0, 10, 10), 0.0),
    ((0, 0, 10, 10), 0.0),
]


def letterbox(s):
    """Tessera's letterbox of the test image into S x S: per-axis scale and offsets."""
    r = min(s / IMAGE_W, s / IMAGE_H)
    rw, rh = round(IMAGE_W * r), round(IMAGE_H * r)
    return rw / IMAGE_W, rh / IMAGE_H, (s - rw) // 2, (s - rh) // 2


def dynamic_size(w, h):
    """FastSamModel.dynamicSize: the larger side rounded up to a multiple of 32, within [64, 1024]."""
    return min(1024, max(64, -(-max(w, h) // 32) * 32))


def follow_detections(s, nm):
    sx, sy, px, py = letterbox(s)
    rows = []
    for (x0, y0, x1, y1), conf in BOXES:
        ix0, iy0, ix1, iy1 = px + x0 * sx, py + y0 * sy, px + x1 * sx, py + y1 * sy
        rows.append(((ix0 + ix1) / 2, (iy0 + iy1) / 2, ix1 - ix0, iy1 - iy0, conf, [1]))
    return detections(rows, nm)


def follow_models(out):
    nm = 32
    export(Following(follow_detections(320, nm), nm), torch.zeros(1, 3, 320, 320), os.path.join(out, "follow.onnx"))
    export(Following(follow_detections(dynamic_size(IMAGE_W, IMAGE_H), nm), nm), torch.zeros(1, 3, 64, 64), os.path.join(out, "follow-dynamic.onnx"),
           dynamic={"images": {2: "height", 3: "width"}, "output1": {2: "proto_height", 3: "proto_width"}})


def wrong_models(out):
    s = 64
    x = torch.zeros(1, 3, s, s)
    rows = [(32, 32, 16, 16, 0.9, [1])] * 4
    export(Constant(detections(rows, 31), torch.zeros(1, 32, 16, 16)), x, os.path.join(out, "wrong-rows.onnx"))
    export(Constant(detections(rows, 32)), x, os.path.join(out, "single-output.onnx"), outputs=("output0",))
    export(Constant(detections(rows, 32), torch.zeros(1, 32, 16, 16)), torch.zeros(1, 1, s, s), os.path.join(out, "grey-input.onnx"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "src", "test", "resources", "org", "tessera", "sam")
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else default)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(20260301)
    fixed_model(out)
    follow_models(out)
    wrong_models(out)
    print("wrote", out)


if __name__ == "__main__":
    main()
