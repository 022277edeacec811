#!/usr/bin/python3
"""Trains a StarDist 2D model on Tessera's synthetic nuclei, reproducibly, and exports it to ONNX: the recipe of
the first default model, kept for reference (the built-in models are trained on real nuclei by train_real.py).

Data (exactly these, nothing else):
- synthetic nuclei made by Tessera's own generator (scripts/stardist/make_synthetic.groovy,
  run through scripts/tessera; made once into --data if missing; needs `mvn package`);
  split by index into training, validation (thresholds) and test (reported AP) images;
- the 2D slices of ../shared/test-data/stardist/data-images/img3d.tif + mask3d.tif (real, training only).
The real 2D image ../shared/test-data/stardist/tests-data/img2d.tif is kept OUT of training
and only used for the evaluation at the end, unless --real-crop says otherwise: "train" trains
on it too (then it is no test), "foldK" trains on three of its quadrants and evaluates the
fourth (K), so that four runs give a cross-validated AP on real nuclei (crossval.py).

Output (--out): model.onnx (input "input" [N,1,H,W]; outputs "prob" [N,1,H/2,W/2] and
"dist" [N,32,H/2,W/2], the contract of scripts/stardist/make_test_model.py), config.json,
thresholds.json (chosen on the validation images by maximising AP@0.5) and training.json
(settings and the evaluation table). The PyTorch weights go to --work/weights.pth for evaluate.py.

Run (Debian's python3-torch; see README "Training the default StarDist model"):
  /usr/bin/python3 scripts/stardist/train.py --data target/stardist-data --work target/stardist-train \
      --out target/stardist-model --steps 6000
"""
import argparse
import inspect
import json
import os
import random
import sys
import time

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtools as T  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import REAL_TEST, REAL_TRAIN, ROOT, load_pairs, make_synthetic, real_test_pairs, real_training_slices  # noqa: E402
HELD_OUT_ROW = "real tests-data/img2d.tif quadrant"  # the evaluation row of --real-crop foldK, which crossval.py pools
PROB_GRID = [round(p, 2) for p in np.arange(0.30, 0.851, 0.05)]
NMS_GRID = [0.2, 0.3, 0.4, 0.5]


def add_fit_arguments(a):
    """The options fit() reads, for every script that trains with it (train.py, distill.py)."""
    a.add_argument("--steps", type=int, default=6000, help="training steps (batches)")
    a.add_argument("--batch", type=int, default=8)
    a.add_argument("--patch", type=int, default=128, help="training crop size (multiple of 16)")
    a.add_argument("--lr", type=float, default=1e-3)
    a.add_argument("--dist-weight", type=float, default=0.2, help="lambda of the distance loss")
    a.add_argument("--real-fraction", type=float, default=0.15, help="share of crops from the real training slices")
    a.add_argument("--gamma", action="store_true", help="also bend the crops' intensities by a random gamma (half of them)")
    a.add_argument("--device", default="cpu", help="where to train: cpu, or cuda on a machine with an NVIDIA GPU")
    a.add_argument("--swa-steps", type=int, default=0,
                   help="stochastic weight averaging: this many steps after --steps at --swa-lr, their weights averaged")
    a.add_argument("--swa-lr", type=float, default=2.5e-4, help="the constant learning rate of the --swa-steps")
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--checkpoint-every", type=int, default=0,
                   help="also save the weights to --work/checkpoint.pth every this many steps (0: only at the end)")


def parse_args():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--data", default=os.path.join(ROOT, "target", "stardist-data"), help="synthetic data folder (made if missing)")
    a.add_argument("--work", default=os.path.join(ROOT, "target", "stardist-train"), help="weights and log folder")
    a.add_argument("--out", default=os.path.join(ROOT, "target", "stardist-model"), help="model folder to write")
    a.add_argument("--n-synthetic", type=int, default=320, help="synthetic images (256x256)")
    a.add_argument("--n-val", type=int, default=16, help="synthetic images for threshold tuning")
    a.add_argument("--n-test", type=int, default=16, help="synthetic images for the reported AP")
    add_fit_arguments(a)
    a.add_argument("--dim-low", type=float, default=0.4,
                   help="synthetic images: the dimmest nucleus is drawn log-uniformly from [dim-low, 0.4] of the brightest")
    a.add_argument("--cut-fraction", type=float, default=0.0, help="share of synthetic images whose border cuts nuclei")
    a.add_argument("--clutter", type=float, default=0.0,
                   help="synthetic images: up to this share of nuclei (uniform per image) get unlabelled faint cell bodies and processes")
    a.add_argument("--axis-ratio", type=float, default=0.65,
                   help="synthetic images: the most elongated nucleus's short over long semi-axis (0.65: round to 1.5:1)")
    a.add_argument("--cover-low", type=float, default=0.10,
                   help="synthetic images: nuclei cover a share of each image uniform in [cover-low, 0.45]")
    a.add_argument("--blur-low", type=float, default=1.2,
                   help="synthetic images: the optics' blur sigma is uniform in [blur-low, 1.2] px (1.2: always 1.2)")
    a.add_argument("--photons-low", type=float, default=4,
                   help="synthetic images: photons per unit intensity log-uniform in [photons-low, 800] (lower: noisier)")
    a.add_argument("--real-crop", default="test", choices=["test", "train", "fold0", "fold1", "fold2", "fold3"],
                   help="the real crop tests-data/img2d.tif: test (evaluated only), train (trained on too: no test then), "
                        "foldK (quadrant K, row-major, held out and evaluated; the other three trained on)")
    a.add_argument("--real-crop-share", type=float, default=0.25,
                   help="with --real-crop train or foldK: share of each batch's synthetic crops taken from the real crop instead")
    a.add_argument("--seed", type=int, default=2026, help="seeds the synthetic images, the initial weights and the crops")
    a.add_argument("--data-seed", type=int, help="seeds the synthetic images instead (default: --seed), so that trainings "
                                                 "with different --seed can share one --data folder")
    a.add_argument("--widths", type=lambda v: [int(w) for w in v.split(",")], default=[32, 64, 96],
                   help="the U-Net's channels on its three levels, comma-separated")
    given = a.add_mutually_exclusive_group()
    given.add_argument("--init-weights", help="start training from these weights (saved by train.py) instead of random ones")
    given.add_argument("--weights", help="skip training and use these weights (saved by a run of the same command with --device cuda "
                                     "on another machine); thresholds, evaluation and export are done here")
    return a.parse_args()


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def prepare(pairs):
    """Normalised image, grid targets and a validity map per image."""
    return prepare_normalized([(T.normalize(img), lab) for img, lab in pairs])


def prepare_normalized(pairs):
    """prepare() of images that are normalised already."""
    out = []
    for img, lab in pairs:
        prob, dist = T.targets(lab)
        out.append((img, prob, dist, np.ones_like(prob)))
    return out


def batch(items, size, n, rng, gamma=False):
    imgs, probs, dists, valids = [], [], [], []
    for _ in range(n):
        img, prob, dist, valid = items[int(rng.integers(len(items)))]
        img, prob, dist, valid = T.augment_crop(img, prob, dist, valid, size, rng)
        # intensity jitter on the normalised image: with --gamma, half the time a gamma bend (keeps 0 and 1,
        # moves faint structures up or down), then contrast and offset
        if gamma and rng.random() < 0.5:
            img = np.sign(img) * np.abs(img) ** rng.uniform(0.6, 1.5)
        img = img * rng.uniform(0.7, 1.3) + rng.uniform(-0.15, 0.15)
        imgs.append(img)
        probs.append(prob)
        dists.append(dist)
        valids.append(valid)
    t = lambda a: torch.from_numpy(np.stack(a).astype(np.float32))  # noqa: E731
    x = t(imgs)
    x = x[:, None] if x.ndim == 3 else x.permute(0, 3, 1, 2)  # channels last (RGB) to the network's channels first
    return x, t(probs)[:, None], t(dists).permute(0, 3, 1, 2), t(valids)[:, None]


def loss_fn(prob, dist, prob_t, dist_t, valid, dist_weight):
    """BCE on the probability + dist_weight * L1 on the distances weighted by the target probability."""
    bce = (F.binary_cross_entropy(prob.clamp(1e-6, 1 - 1e-6), prob_t, reduction="none") * valid).sum() / valid.sum().clamp(min=1)
    w = prob_t * valid
    l1 = (w * (dist - dist_t).abs()).sum() / (w.sum() * dist.shape[1]).clamp(min=1e-6)
    return bce + dist_weight * l1, bce.item(), l1.item()


def tune_thresholds(net, val_pairs, prob_grid=None, nms_grid=None):
    """prob/nms thresholds maximising AP@0.5 on the validation images (grid search; PROB_GRID x NMS_GRID unless given)."""
    prob_grid, nms_grid = prob_grid or PROB_GRID, nms_grid or NMS_GRID
    preps = []
    for img, lab in val_pairs:
        prob, dist = T.predict(net, T.normalize(img))
        preps.append((T.candidates(prob, dist, lab.shape, min(prob_grid)), lab))
    best = None
    for nms_t in nms_grid:
        for prob_t in prob_grid:
            counts = [T.matching_counts(lab, T.render(T.nms(s, p, prob_t, nms_t), lab.shape)) for (s, p), lab in preps]
            ap = T.average_precision(counts)[0]
            if best is None or ap > best[0] + 1e-12:
                best = (ap, prob_t, nms_t)
    return best


def evaluate(net, pairs, prob_t, nms_t, within=None):
    """AP@0.5 (ap, tp, fp, fn) over the pairs; with `within`, of the objects whose centroid lies in that mask."""
    counts = []
    for img, lab in pairs:
        prob, dist = T.predict(net, T.normalize(img))
        counts.append(T.matching_counts(lab, T.segment(prob, dist, lab.shape, prob_t, nms_t), within=within))
    return T.average_precision(counts)


def half(n, second):
    """The first or the second half of range(n) as a slice (the second gets an odd n's extra index)."""
    return slice(n // 2, None) if second else slice(0, n // 2)


def held_out_quadrant(shape, k):
    """Quadrant k (0 top left, 1 top right, 2 bottom left, 3 bottom right) of an image, as a mask."""
    mask = np.zeros(shape, bool)
    mask[half(shape[0], k >= 2), half(shape[1], k % 2 == 1)] = True
    return mask


def real_crop_training(img, lab, mode):
    """The real crop's (img, lab) prepared training items for --real-crop: none for test, all of it for train.
    For foldK the two rectangles that make up the other three quadrants (the other half of the
    rows, and the quadrant beside K), without the objects whose centroid lies in quadrant K:
    their pixels are background in the labels and get no loss (valid 0)."""
    if mode == "test":
        return []
    img, lab = T.normalize(img), T.relabel_sequential(lab)
    if mode == "train":
        return prepare_normalized([(img, lab)])
    k = int(mode[-1])
    held = np.flatnonzero(T.centroids_in(lab, int(lab.max()), held_out_quadrant(lab.shape, k))) + 1
    ignore = np.isin(lab, held)
    lab = np.where(ignore, 0, lab)
    h, w = lab.shape
    assert (h // 2) % T.GRID == 0 and (w // 2) % T.GRID == 0, "the grid must fit the quadrants"
    items = []
    for r in ((half(h, k < 2), slice(None)), (half(h, k >= 2), half(w, k % 2 == 0))):
        prob, dist = T.targets(lab[r])
        items.append((img[r], prob, dist, (~ignore[r][::T.GRID, ::T.GRID]).astype(np.float32)))
    return items


SWA_EVERY = 50  # steps between the weights averaged by --swa-steps
BN_BATCHES = 100  # batches that re-estimate the BatchNorm statistics of averaged weights


def fit(net, train_syn, train_real, args, train_crop=(), crop_share=0.0):
    """Trains net in place on args.device (Adam, one-cycle learning rate over args.steps) on
    crops of the prepared synthetic and real items, args.real_fraction of each batch real on
    average and crop_share of the rest from the train_crop items; creates args.work; returns
    the training seconds. The net is left in eval mode. args holds add_fit_arguments' options,
    args.seed and args.work.

    args.swa_steps > 0 adds stochastic weight averaging (Izmailov et al. 2018): that many more
    steps at the constant rate args.swa_lr, the weights averaged every SWA_EVERY steps; the net
    ends with the average and BatchNorm statistics measured on BN_BATCHES batches."""
    swa_steps = args.swa_steps
    net.to(args.device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.1) if args.steps >= 10 else None
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.work, exist_ok=True)

    def draw():
        n_real = int(rng.binomial(args.batch, args.real_fraction)) if train_real else 0
        n_crop = int(rng.binomial(args.batch - n_real, crop_share)) if train_crop else 0
        parts = [batch(items, args.patch, n, rng, args.gamma)
                 for items, n in ((train_syn, args.batch - n_real - n_crop), (train_real, n_real), (train_crop, n_crop)) if n]
        return (torch.cat(z).to(args.device) for z in zip(*parts))

    net.train()
    t_train = time.time()
    running, average, n_averaged = None, None, 0
    total = args.steps + swa_steps
    for step in range(1, total + 1):
        if step == args.steps + 1:
            for group in opt.param_groups:
                group["lr"] = args.swa_lr
        x, prob_t, dist_t, valid = draw()
        prob, dist = net(x)
        loss, bce, l1 = loss_fn(prob, dist, prob_t, dist_t, valid, args.dist_weight)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if sched and step <= args.steps:
            sched.step()
        if step > args.steps and (step - args.steps) % SWA_EVERY == 0:
            n_averaged += 1
            weights = [p.detach() for p in net.parameters()]
            average = [w.clone() for w in weights] if average is None else [a + (w - a) / n_averaged for a, w in zip(average, weights)]
        running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
        if step % 50 == 0 or step == total or step <= 3:
            el = time.time() - t_train
            print(f"step {step}/{total} loss {running:.4f} (bce {bce:.4f}, l1 {l1:.3f} px) {el / step:.2f} s/step", flush=True)
        if getattr(args, "checkpoint_every", 0) and step % args.checkpoint_every == 0:
            torch.save({k: v.cpu() for k, v in net.state_dict().items()}, os.path.join(args.work, "checkpoint.pth"))
    if average is not None:
        with torch.no_grad():
            for p, a in zip(net.parameters(), average):
                p.copy_(a)
            norms = [m for m in net.modules() if isinstance(m, torch.nn.BatchNorm2d)]
            for m in norms:
                m.reset_running_stats()
                m.momentum = None  # a plain average over the batches
            for _ in range(BN_BATCHES):
                net(next(draw()))
            for m in norms:
                m.momentum = 0.1
        print(f"averaged {n_averaged} weights of the last {swa_steps} steps; BatchNorm statistics of {BN_BATCHES} batches", flush=True)
    net.eval()
    return time.time() - t_train


def save_weights(net, work):
    """work/weights.pth: the net's state dict on the CPU, which evaluate.py, ensemble.py and --weights load."""
    torch.save({k: v.cpu() for k, v in net.state_dict().items()}, os.path.join(work, "weights.pth"))


def choose_thresholds_and_evaluate(net, syn_val, syn_test, real_crop="test"):
    """Thresholds maximising AP@0.5 on the validation images, then AP@0.5 on the validation,
    held-out synthetic and real test images, printed as a table; returns ((prob, nms), rows).
    real_crop is train.py's --real-crop: which part of the real crop is a test."""
    ap_val, prob_t, nms_t = tune_thresholds(net, syn_val)
    print(f"thresholds: prob {prob_t}, nms {nms_t} (validation AP@0.5 {ap_val:.3f})", flush=True)
    crop = real_test_pairs()
    if real_crop.startswith("fold"):
        k = int(real_crop[-1])
        real = (f"{HELD_OUT_ROW} {k} (held out; the other three trained on)", 1,
                evaluate(net, crop, prob_t, nms_t, within=held_out_quadrant(crop[0][1].shape, k)))
    else:
        real = ("real tests-data/img2d.tif " + ("(not trained on)" if real_crop == "test" else "(TRAINED ON: not a test)"), 1,
                evaluate(net, crop, prob_t, nms_t))
    rows = [("synthetic validation (threshold tuning)", len(syn_val), evaluate(net, syn_val, prob_t, nms_t)),
            ("synthetic test (held out)", len(syn_test), evaluate(net, syn_test, prob_t, nms_t)), real]
    print("\n| set | images | AP@0.5 | TP | FP | FN |\n|---|---|---|---|---|---|")
    for name, n, (ap, tp, fp, fn) in rows:
        print(f"| {name} | {n} | {ap:.3f} | {tp} | {fp} | {fn} |")
    return (prob_t, nms_t), rows


def evaluation_report(prob_t, nms_t, rows, real_crop="test"):
    """The training.json fields every model folder has: thresholds, the AP table, the real training data."""
    crop = [] if real_crop == "test" else [f"{os.path.relpath(p, ROOT)} ({real_crop})" for p in REAL_TEST]
    return {"torch": torch.__version__, "thresholds": {"prob": prob_t, "nms": nms_t},
            "evaluation_ap50": {name: {"images": n, "ap": round(ap, 4), "tp": tp, "fp": fp, "fn": fn} for name, n, (ap, tp, fp, fn) in rows},
            "real_training_data": [os.path.relpath(p, ROOT) for pair in REAL_TRAIN for p in pair] + crop,
            "evaluated_with": "PyTorch weights before ONNX export"}


def export(net, out, args, thresholds, report):
    os.makedirs(out, exist_ok=True)
    net = net.cpu()
    example = torch.zeros(1, getattr(net, "in_channels", 1), 64, 64)
    # the TorchScript-based exporter on every torch version (torch >= 2.9 defaults to the dynamo one)
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(net, example, os.path.join(out, "model.onnx"), input_names=["input"], output_names=["prob", "dist"],
                      dynamic_axes={"input": {0: "n", 2: "h", 3: "w"}, "prob": {0: "n", 2: "h2", 3: "w2"}, "dist": {0: "n", 2: "h2", 3: "w2"}},
                      opset_version=13, **legacy)
    config = {"n_dim": 2, "axes": "YXC", "n_channel_in": getattr(net, "in_channels", 1), "n_channel_out": 1 + T.N_RAYS, "n_rays": T.N_RAYS, "grid": [T.GRID, T.GRID],
              "backbone": "unet", "unet_n_depth": 3, "train_patch_size": [args.patch, args.patch],
              "train_dist_loss": "mae", "train_loss_weights": [1, args.dist_weight], "normalize_percentiles": [1.0, 99.8]}
    if isinstance(net, T.StarDistUNet):  # an ensemble's members may differ
        config.update(unet_n_filter_base=net.widths[0], unet_widths=list(net.widths))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    with open(os.path.join(out, "thresholds.json"), "w") as f:
        json.dump({"prob": thresholds[0], "nms": thresholds[1]}, f)
    with open(os.path.join(out, "training.json"), "w") as f:
        json.dump(report, f, indent=1)


def main():
    args = parse_args()
    assert args.patch % 16 == 0
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    t_start = time.time()
    given = args.weights or args.init_weights
    net = T.load_net(given) if given else T.StarDistUNet(widths=args.widths)
    if list(net.widths) != args.widths:
        sys.exit(f"{given}: a net of widths {','.join(map(str, net.widths))}, not --widths {','.join(map(str, args.widths))}")

    data_seed = args.seed if args.data_seed is None else args.data_seed
    make_synthetic("scripts/stardist/make_synthetic.groovy", args.data, args.n_synthetic, data_seed, dim_low=args.dim_low,
                   cut_fraction=args.cut_fraction, clutter=args.clutter, axis_ratio=args.axis_ratio,
                   cover_low=args.cover_low, blur_low=args.blur_low, photons_low=args.photons_low)
    n_train = args.n_synthetic - args.n_val - args.n_test
    assert n_train > 0, "not enough synthetic images for the training split"
    syn_train = load_pairs(args.data, range(n_train))
    syn_val = load_pairs(args.data, range(n_train, n_train + args.n_val))
    syn_test = load_pairs(args.data, range(n_train + args.n_val, args.n_synthetic))
    real = [(img, T.relabel_sequential(lab)) for img, lab in real_training_slices()]
    train_syn, train_real, train_crop = prepare(syn_train), prepare(real), real_crop_training(*real_test_pairs()[0], args.real_crop)
    print(f"data: {len(train_syn)} synthetic + {len(train_real)} real slices + {len(train_crop)} parts of the real crop for training, "
          f"{len(syn_val)} validation, {len(syn_test)} synthetic test images; targets in {time.time() - t_start:.0f} s", flush=True)

    n_params = sum(p.numel() for p in net.parameters())
    print(f"model: {n_params} parameters ({n_params * 4 / 1e6:.2f} MB as float32)", flush=True)
    train_s = None
    if not args.weights:
        train_s = fit(net, train_syn, train_real, args, train_crop, args.real_crop_share)
        save_weights(net, args.work)
    (prob_t, nms_t), rows = choose_thresholds_and_evaluate(net, syn_val, syn_test, args.real_crop)
    report = {"command": " ".join(sys.argv), "args": vars(args), "parameters": n_params, "train_seconds": train_s and round(train_s),
              **evaluation_report(prob_t, nms_t, rows, args.real_crop)}
    export(net, args.out, args, (prob_t, nms_t), report)
    size = os.path.getsize(os.path.join(args.out, "model.onnx"))
    print(f"\nwrote {args.out} (model.onnx {size / 1e6:.2f} MB); total {time.time() - t_start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
