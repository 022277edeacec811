#!/usr/bin/python3
"""The time of one U-Net training step in Python PyTorch (forward, cross-entropy, backward, Adam)
on a fixed random batch: the peer of org.tessera.bench.TrainStepBench, which times the same
step in the JVM. Prints one JSON line.

  /usr/bin/python3 scripts/bench/train_step.py [grid] [batch] [patch] [steps]
"""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "unet"))
import unet  # noqa: E402


def main():
    grid, batch, patch, steps = (int(a) for a in (sys.argv[1:] + ["1", "8", "128", "20"][len(sys.argv) - 1:]))
    threads = int(os.environ.get("THREADS", os.cpu_count()))
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    net = unet.UNet(1, 3, grid=grid)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=1000, pct_start=0.1)
    x = torch.from_numpy(rng.random((batch, 1, patch, patch), dtype=np.float32))
    labels = torch.from_numpy(rng.integers(0, 3, (batch, patch // grid, patch // grid)))
    net.train()
    ms = []
    for s in range(steps + 3):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = unet.loss_fn(net(x), labels)
        loss.item()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        if os.environ.get("PHASES"):
            print(f"forward {(t1 - t0) * 1e3:.0f} backward {(t2 - t1) * 1e3:.0f} adam {(time.perf_counter() - t2) * 1e3:.0f} ms", file=sys.stderr)
        sched.step()
        loss.item()
        if s >= 3:
            ms.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"engine": "python-pytorch " + torch.__version__, "grid": grid, "batch": batch, "patch": patch, "threads": threads,
                      "median_ms": round(float(np.median(ms)), 1), "ms": [round(m) for m in ms]}))


if __name__ == "__main__":
    main()
