#!/usr/bin/env python3
"""Builds Tessera's tiny StarDist-shaped test model and the expected outputs for its tests.

The network is not trained: it is a very small fully-convolutional net with seeded
weights, shaped like a StarDist 2D model (1 input channel, grid 2, a probability
channel and 32 ray distances). It lets the Java tests check, without any real
weights, that loading, padding, layout handling and ONNX Runtime inference give
exactly what PyTorch computes.

Outputs (in the folder given as first argument, default: the test resources folder tiny-model):
  model.onnx        two outputs "prob" [N,1,H/2,W/2] and "dist" [N,32,H/2,W/2] (NCHW input)
  config.json       StarDist-style config (n_rays 32, grid [2, 2], axes YXC)
  thresholds.json   prob / nms thresholds
  expected-ramp.bin for the 32x48 ramp input x[y, x] = (y * 48 + x) / (32 * 48 - 1):
                    little-endian; five int32 (32, 48, 16, 24, 32: input height and width,
                    output height and width, rays), then float32 prob (16*24, row-major),
                    then float32 dist (16*24*32, ordered y, x, ray)

and the same network (the same weights) as TorchScript, in the folder given as second
argument (default: the first with "-torchscript" appended, i.e. tiny-model-torchscript):
  model.pt          traced with torch.jit.trace; input [N,1,H,W], returns the tuple (prob, dist)
  config.json, thresholds.json   as above

and, in that folder's sibling with "-nhwc" appended (tiny-model-torchscript-nhwc), the same
network wrapped to take channels-last input [N,H,W,1] and give channels-last outputs
[N,H/2,W/2,1], [N,H/2,W/2,32] (permuted views, as a network that permutes gives them).

and, in the first folder's sibling with "-2ch" appended (tiny-model-2ch), an ONNX model with
n_channel_in 2: the same network on input channel 0, with zero weights for channel 1, so a
2-channel image gives exactly what the 1-channel model gives on its first channel.

Needs only PyTorch (Debian's python3-torch 1.13 works; the onnx package is not needed).
The ONNX outputs are byte-for-byte reproducible with the same PyTorch.
Run:  /usr/bin/python3 scripts/stardist/make_test_model.py [out_dir [torchscript_dir]]
"""
import json
import os
import struct
import sys

import torch
from torch import nn

N_RAYS = 32
H, W = 32, 48


class ChannelsLast(nn.Module):
    """A network on [N, H, W, C] input, giving [N, h, w, k] outputs."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        prob, dist = self.net(x.permute(0, 3, 1, 2))
        return prob.permute(0, 2, 3, 1), dist.permute(0, 2, 3, 1)


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
    ts_out = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else out + "-torchscript")
    nhwc_out = ts_out + "-nhwc"
    for folder in (out, ts_out, nhwc_out):
        os.makedirs(folder, exist_ok=True)

    torch.manual_seed(20260101)
    net = TinyStarDist().eval()

    example = torch.zeros(1, 1, H, W)
    torch.onnx.export(net, example, os.path.join(out, "model.onnx"),
                      input_names=["input"], output_names=["prob", "dist"],
                      dynamic_axes={"input": {0: "n", 2: "h", 3: "w"},
                                    "prob": {0: "n", 2: "h2", 3: "w2"},
                                    "dist": {0: "n", 2: "h2", 3: "w2"}},
                      opset_version=13)

    # TorchScript: traced at one size; the network is fully convolutional, so the trace runs at any size
    traced = torch.jit.trace(net, example)
    other = torch.rand(1, 1, 48, 80, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        for a, b in zip(traced(other), net(other)):
            assert torch.equal(a, b), "the traced network differs from the network at another size"
    traced.save(os.path.join(ts_out, "model.pt"))
    torch.jit.trace(ChannelsLast(net), example.permute(0, 2, 3, 1)).save(os.path.join(nhwc_out, "model.pt"))

    config = {"n_dim": 2, "axes": "YXC", "n_channel_in": 1, "n_channel_out": 1 + N_RAYS,
              "n_rays": N_RAYS, "grid": [2, 2], "backbone": "tiny-test"}
    for folder in (out, ts_out, nhwc_out):
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(config, f, indent=1)
        with open(os.path.join(folder, "thresholds.json"), "w") as f:
            json.dump({"prob": 0.5, "nms": 0.4}, f)

    # Two input channels: the same network on channel 0, channel 1 ignored (zero weights), so a
    # 2-channel image must give what the 1-channel model gives on its first channel
    two = TinyStarDist()
    two.load_state_dict(net.state_dict())
    with torch.no_grad():
        w = torch.zeros(8, 2, 3, 3)
        w[:, 0] = net.conv1.weight[:, 0]
        two.conv1 = nn.Conv2d(2, 8, 3, padding=1)
        two.conv1.weight.copy_(w)
        two.conv1.bias.copy_(net.conv1.bias)
    two.eval()
    two_out = out + "-2ch"
    os.makedirs(two_out, exist_ok=True)
    torch.onnx.export(two, torch.zeros(1, 2, H, W), os.path.join(two_out, "model.onnx"),
                      input_names=["input"], output_names=["prob", "dist"],
                      dynamic_axes={"input": {0: "n", 2: "h", 3: "w"},
                                    "prob": {0: "n", 2: "h2", 3: "w2"},
                                    "dist": {0: "n", 2: "h2", 3: "w2"}},
                      opset_version=13)
    with open(os.path.join(two_out, "config.json"), "w") as f:
        json.dump(dict(config, n_channel_in=2), f, indent=1)
    with open(os.path.join(two_out, "thresholds.json"), "w") as f:
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
    print("wrote", out, ts_out, nhwc_out, two_out)


if __name__ == "__main__":
    main()
