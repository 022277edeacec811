"""Tessera's semantic U-Net in PyTorch: the peer of the JVM training (org.tessera.train).

The same network as org.tessera.train.UNet (and, with grid 2 and the StarDist heads, as
scripts/stardist/sdtools.StarDistUNet): a 3x3 stem to 16 channels, a 3x3 convolution to the
grid, three levels of two conv-batchnorm-ReLU blocks (widths 32, 64, 96) joined by 2x2 max
pooling and nearest upsampling with skips, a 64-channel 3x3 feature layer, a 1x1 head.
The same training: Adam with PyTorch's OneCycleLR (pct_start 0.1), cross-entropy over the
labelled pixels, crops augmented as org.tessera.train.Augmentation does (zoom 0.75-1.33,
the eight flips/transpositions, half of them bent by a gamma in [0.7, 1.4], intensities
scaled by [0.8, 1.25] and shifted by [-0.1, 0.1]).
Needs NumPy and PyTorch (Debian's python3-torch 1.13 works).
"""
import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def _block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, in_channels=1, classes=3, widths=(32, 64, 96), grid=1):
        super().__init__()
        a, b, c = widths
        self.stem = nn.Sequential(nn.Conv2d(in_channels, 16, 3, padding=1), nn.ReLU(inplace=True),
                                  nn.Conv2d(16, a, 3, stride=grid, padding=1), nn.BatchNorm2d(a), nn.ReLU(inplace=True))
        self.enc1 = _block(a, a)
        self.enc2 = _block(a, b)
        self.enc3 = _block(b, c)
        self.dec2 = _block(c + b, b)
        self.dec1 = _block(b + a, a)
        self.features = nn.Sequential(nn.Conv2d(a, 64, 3, padding=1), nn.ReLU(inplace=True))
        self.probabilities = nn.Conv2d(64, classes, 1)

    def forward(self, x):
        e1 = self.enc1(self.stem(x))
        e2 = self.enc2(F.max_pool2d(e1, 2))
        e3 = self.enc3(F.max_pool2d(e2, 2))
        d2 = self.dec2(torch.cat([F.interpolate(e3, scale_factor=2.0, mode="nearest"), e2], 1))
        d1 = self.dec1(torch.cat([F.interpolate(d2, scale_factor=2.0, mode="nearest"), e1], 1))
        return self.probabilities(self.features(d1))  # logits; softmax over dim 1 gives the probabilities


def mirror(i, n):
    if n == 1:
        return np.zeros_like(i)
    period = 2 * (n - 1)
    i = np.mod(i, period)
    return np.where(i < n, i, period - i)


def crop(image, labels, patch, rng, scale_range=(0.75, 4 / 3), flips=True, intensity=True, gamma=True):
    """One augmented crop of image (c, h, w) and labels (h, w; -1 unlabelled), as org.tessera.train.Augmentation."""
    c, h, w = image.shape
    lo, hi = scale_range
    s = math.exp(math.log(lo) + rng.random() * math.log(hi / lo)) if hi > lo else lo
    t = int(rng.integers(8)) if flips else 0
    window = patch / s
    oy = rng.random() * max(0.0, h - window)
    ox = rng.random() * max(0.0, w - window)
    i, j = np.meshgrid(np.arange(patch), np.arange(patch), indexing="ij")
    a, b = (j, i) if t & 1 else (i, j)
    if t & 2:
        b = patch - 1 - b
    if t & 4:
        a = patch - 1 - a
    y = oy + (a + 0.5) / s - 0.5
    x = ox + (b + 0.5) / s - 0.5
    ny, nx = np.floor(y + 0.5).astype(int), np.floor(x + 0.5).astype(int)
    inside = (ny >= 0) & (nx >= 0) & (ny < h) & (nx < w)
    lab = np.where(inside, labels[np.clip(ny, 0, h - 1), np.clip(nx, 0, w - 1)], -1)
    y0, x0 = np.floor(y).astype(int), np.floor(x).astype(int)
    fy, fx = y - y0, x - x0
    ya, yb, xa, xb = mirror(y0, h), mirror(y0 + 1, h), mirror(x0, w), mirror(x0 + 1, w)
    top = image[:, ya, xa] * (1 - fx) + image[:, ya, xb] * fx
    bottom = image[:, yb, xa] * (1 - fx) + image[:, yb, xb] * fx
    img = (top * (1 - fy) + bottom * fy).astype(np.float32)
    if gamma and rng.random() < 0.5:
        g = math.exp(math.log(0.7) + rng.random() * math.log(1.4 / 0.7))
        img = np.maximum(img, 0) ** g
    if intensity:
        k = math.exp(math.log(0.8) + rng.random() * math.log(1.25 / 0.8))
        img = img * k + (-0.1 + 0.2 * rng.random())
    return img.astype(np.float32), lab.astype(np.int64)


def loss_fn(logits, labels):
    """Mean cross-entropy over the labelled pixels (labels -1 get none)."""
    return F.cross_entropy(logits, labels, ignore_index=-1)
