#!/usr/bin/env python3
"""Builds Tessera's tiny StarDist-shaped test model and the expected outputs for its tests.

The network is not trained: it is a very small fully-convolutional net with seeded
weights, shaped like a StarDist 2D model (1 input channel, grid 2, a probability
channel and 32 ray distances). It lets the Java tests check, without any real
weights, that loading, padding, layout handling and ONNX Runtime inference give
exactly what PyTorch computes.

Outputs (in the folder given as argument, default: the test resources folder):
  model.onnx        two outputs "prob" [N,1,H/2,W/2] and "dist" [N,32,H/2,W/2] (NCHW input)
  config.json       StarDist-style config (n_rays 32, grid [2, 2], axes YXC)
  thresholds.json   prob / nms thresholds
  expected-ramp.bin for the 32x48 ramp input x[y, x] = (y * 48 + x) / (32 * 48 - 1):
                    little-endian; five int32 (32, 48, 16, 24, 32: input height and width,
                    output height and width, rays), then float32 prob (16*24, row-major),
                    then float32 dist (16*24*32, ordered y, x, ray)

Needs only PyTorch (Debian's python3-torch 1.13 works; the onnx package is not needed).
Run:  python3 scripts/stardist/make_test_model.py [out_dir]
"""
import json
import os
import struct
import sys

import torch
from torch import nn

N_RAYS = 32
H, W = 32, 48


class TinyStarDist(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.down = nn.Conv2d(8, 8, 3, stride=2, padding=1)  # grid 2
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.prob = nn.Conv2d(8, 1, 1)
        self.dist = nn.Conv2d(8, N_RAYS, 1)

    def forward(self, x):
        f = torch.relu(self.conv1(x))
        f = torch.relu(self.down(f))
        f = torch.relu(self.conv2(f))
        return torch.sigmoid(self.prob(f)), nn.functional.softplus(self.dist(f))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "src", "test", "resources", "org", "tessera", "stardist", "tiny-model")
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else default)
    os.makedirs(out, exist_ok=True)

    torch.manual_seed(20260101)
    net = TinyStarDist().eval()

    example = torch.zeros(1, 1, H, W)
    torch.onnx.export(net, example, os.path.join(out, "model.onnx"),
                      input_names=["input"], output_names=["prob", "dist"],
                      dynamic_axes={"input": {0: "n", 2: "h", 3: "w"},
                                    "prob": {0: "n", 2: "h2", 3: "w2"},
                                    "dist": {0: "n", 2: "h2", 3: "w2"}},
                      opset_version=13)

    config = {"n_dim": 2, "axes": "YXC", "n_channel_in": 1, "n_channel_out": 1 + N_RAYS,
              "n_rays": N_RAYS, "grid": [2, 2], "backbone": "tiny-test"}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    with open(os.path.join(out, "thresholds.json"), "w") as f:
        json.dump({"prob": 0.5, "nms": 0.4}, f)

    ramp = torch.arange(H * W, dtype=torch.float32).reshape(1, 1, H, W) / (H * W - 1)
    with torch.no_grad():
        prob, dist = net(ramp)
    prob = prob[0, 0]                      # (h, w)
    dist = dist[0].permute(1, 2, 0)        # (h, w, rays)
    values = prob.flatten().tolist() + dist.flatten().tolist()
    with open(os.path.join(out, "expected-ramp.bin"), "wb") as f:
        f.write(struct.pack("<5i", H, W, prob.shape[0], prob.shape[1], N_RAYS))
        f.write(struct.pack("<%df" % len(values), *values))
    print("wrote", out)


if __name__ == "__main__":
    main()
