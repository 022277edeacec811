"""Shared pieces of the training and evaluation of Tessera's default FastSAM model.

Written for Tessera; facts about the format come from the Ultralytics YOLOv8-seg export
contract, no code from Ultralytics. Needs NumPy and PyTorch (Debian's python3-torch 1.13).

The network ("TinySeg") is a small one-class YOLOv8-seg-like model:
- backbone: strided 3x3 conv stages at strides 4, 8, 16 and 32 (32, 48, 64, 64 channels);
- a light top-down fusion to 56 channels at strides 8, 16 and 32;
- one head per level (a 3x3 conv, then 1x1 convs): a box as distances from the cell centre to
  its four sides in stride units (left, top, right, bottom; may be negative, so that a small
  object next to a cell centre can still be predicted), one confidence logit and 32 mask
  coefficients;
- a prototype branch at stride 4 (32 prototypes) from the stride-4 features and the fused
  stride-8 ones.
Exported (Export) with the FastSAM / YOLOv8-seg contract:
  input  "images"  [1, 3, S, S] RGB in [0, 1], letterboxed (S dynamic, a multiple of 32)
  output "output0" [1, 4 + 1 + 32, N]  box cx, cy, w, h (input pixels), sigmoid confidence, coefficients
  output "output1" [1, 32, S/4, S/4]    prototypes

Pre-processing is exactly Tessera's Java side (org.tessera.sam): a grey image is normalised by
its 1 / 99.8 percentiles (numpy's linear interpolation), clipped to [0, 1] and given as R = G = B;
the letterbox scales it by r = min(S / w, S / h) to round(w r) x round(h r) (bilinear, half-pixel
centres, like F.interpolate(align_corners=False)), centres it at integer offsets and pads with
114 / 255. Post-processing is FastSamDecoder's: confidence >= conf, greedy box NMS at IoU > iou,
at most max_det, masks sigmoid(coef . protos) upsampled bilinearly at each image pixel centre,
kept inside the box and > 0.5.
"""
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

PAD = 114.0 / 255.0
NM = 32
STRIDES = (8, 16, 32)
MIN_SIZE, MAX_SIZE, MULTIPLE = 64, 1024, 32


# ---------------------------------------------------------------- pre-processing (as Java)


def normalize(img, low=1.0, high=99.8):
    """FastSamImage.grey: (x - p_low) / (p_high - p_low + 1e-20), clipped to [0, 1]."""
    x = img.astype(np.float64)
    p_low, p_high = np.percentile(x, [low, high])
    return np.clip(((x - p_low) * (1 / (p_high - p_low + 1e-20))).astype(np.float32), 0, 1)


def input_size(width, height):
    """FastSamModel's input size for a model with a dynamic size: the image's larger side
    rounded up to a multiple of 32, within [64, 1024]."""
    s = -(-max(width, height) // MULTIPLE) * MULTIPLE
    return int(min(MAX_SIZE, max(MIN_SIZE, s)))


def java_round(v):
    """Math.round: floor(v + 0.5)."""
    return int(np.floor(v + 0.5))


def letterbox(img, s):
    """The [1, 3, s, s] network input for a normalised grey image (as Letterbox.apply)."""
    h, w = img.shape
    r = min(s / w, s / h)
    rw = int(max(1, min(s, java_round(w * r))))
    rh = int(max(1, min(s, java_round(h * r))))
    ox, oy = (s - rw) // 2, (s - rh) // 2
    out = torch.full((1, 1, s, s), PAD)
    t = torch.from_numpy(np.ascontiguousarray(img, dtype=np.float32))[None, None]
    if (rw, rh) != (w, h):
        t = F.interpolate(t, size=(rh, rw), mode="bilinear", align_corners=False)
    out[:, :, oy:oy + rh, ox:ox + rw] = t
    return out.expand(1, 3, s, s).contiguous(), (rw / w, rh / h, ox, oy)


# ---------------------------------------------------------------- model


def conv(cin, cout, k=3, s=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, k // 2, bias=False), nn.BatchNorm2d(cout), nn.SiLU(inplace=True))


class Res(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a = conv(c, c)
        self.b = conv(c, c)

    def forward(self, x):
        return x + self.b(self.a(x))


class Head(nn.Module):
    def __init__(self, c, nm=NM):
        super().__init__()
        self.stem = conv(c, c)
        self.box = nn.Conv2d(c, 4, 1)
        self.conf = nn.Conv2d(c, 1, 1)
        self.coef = nn.Conv2d(c, nm, 1)
        nn.init.constant_(self.box.bias, 1.0)   # boxes start 2 strides wide
        nn.init.constant_(self.conf.bias, -4.0)  # few confident cells at the start

    def forward(self, x):
        f = self.stem(x)
        return self.box(f), self.conf(f), self.coef(f)


class TinySeg(nn.Module):
    def __init__(self, widths=(16, 32, 48, 64, 64), fpn=56, proto=32, nm=NM):
        super().__init__()
        c2, c4, c8, c16, c32 = widths
        self.s4 = nn.Sequential(conv(3, c2, 3, 2), conv(c2, c4, 3, 2), Res(c4))
        self.s8 = nn.Sequential(conv(c4, c8, 3, 2), Res(c8))
        self.s16 = nn.Sequential(conv(c8, c16, 3, 2), Res(c16))
        self.s32 = nn.Sequential(conv(c16, c32, 3, 2), Res(c32))
        self.lat32, self.lat16, self.lat8 = conv(c32, fpn, 1), conv(c16, fpn, 1), conv(c8, fpn, 1)
        self.fuse16, self.fuse8 = conv(fpn, fpn), conv(fpn, fpn)
        self.heads = nn.ModuleList([Head(fpn, nm) for _ in STRIDES])
        self.proto_lat4, self.proto_lat8 = conv(c4, proto, 1), conv(fpn, proto, 1)
        self.proto = nn.Sequential(conv(proto, proto), conv(proto, proto), nn.Conv2d(proto, nm, 1))

    def forward(self, x):
        """Raw outputs: [(box [B,4,g,g], conf logit [B,1,g,g], coef [B,nm,g,g]) per level], protos [B,nm,S/4,S/4]."""
        c4 = self.s4(x)
        c8 = self.s8(c4)
        c16 = self.s16(c8)
        c32 = self.s32(c16)
        p32 = self.lat32(c32)
        p16 = self.fuse16(self.lat16(c16) + F.interpolate(p32, scale_factor=2.0, mode="nearest"))
        p8 = self.fuse8(self.lat8(c8) + F.interpolate(p16, scale_factor=2.0, mode="nearest"))
        levels = [h(p) for h, p in zip(self.heads, (p8, p16, p32))]
        protos = self.proto(self.proto_lat4(c4) + F.interpolate(self.proto_lat8(p8), scale_factor=2.0, mode="nearest"))
        return levels, protos


def cell_centres(g_h, g_w, stride, device=None):
    """x, y of the cell centres, [g_h * g_w] each, row by row."""
    ys = (torch.arange(g_h, dtype=torch.float32, device=device) + 0.5) * stride
    xs = (torch.arange(g_w, dtype=torch.float32, device=device) + 0.5) * stride
    return xs.repeat(g_h), ys.repeat_interleave(g_w)


def decode_boxes(box, stride):
    """[B,4,g,g] raw distances -> x0, y0, x1, y1 in input pixels, each [B, g*g]."""
    b, _, gh, gw = box.shape
    cx, cy = cell_centres(gh, gw, stride, box.device)
    d = box.reshape(b, 4, gh * gw) * stride
    return cx - d[:, 0], cy - d[:, 1], cx + d[:, 2], cy + d[:, 3]


class Export(nn.Module):
    """The YOLOv8-seg contract: output0 [1, 4 + 1 + nm, N] (cx, cy, w, h, confidence, coefficients), output1 protos."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        levels, protos = self.net(x)
        parts = []
        for (box, conf, coef), stride in zip(levels, STRIDES):
            b, _, gh, gw = box.shape
            ys = (torch.arange(gh, dtype=torch.float32) + 0.5) * stride
            xs = (torch.arange(gw, dtype=torch.float32) + 0.5) * stride
            cy = ys[:, None].expand(gh, gw).reshape(1, -1)
            cx = xs[None, :].expand(gh, gw).reshape(1, -1)
            d = box.reshape(b, 4, -1) * stride
            x0, y0, x1, y1 = cx - d[:, 0], cy - d[:, 1], cx + d[:, 2], cy + d[:, 3]
            xywh = torch.stack([(x0 + x1) / 2, (y0 + y1) / 2, torch.clamp(x1 - x0, min=0.0), torch.clamp(y1 - y0, min=0.0)], 1)
            parts.append(torch.cat([xywh, torch.sigmoid(conf.reshape(b, 1, -1)), coef.reshape(b, coef.shape[1], -1)], 1))
        return torch.cat(parts, 2), protos


# ---------------------------------------------------------------- post-processing (as Java)


def box_iou_one(box, boxes):
    x0 = np.maximum(box[0], boxes[:, 0])
    y0 = np.maximum(box[1], boxes[:, 1])
    x1 = np.minimum(box[2], boxes[:, 2])
    y1 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    a = (box[2] - box[0]) * (box[3] - box[1])
    b = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return inter / np.maximum(a + b - inter, 1e-12)


class Prediction:
    """One network run on an image: candidates (boxes in image pixels, scores, coefficients) and prototypes."""

    def __init__(self, net, img):
        h, w = img.shape
        s = input_size(w, h)
        x, (sx, sy, ox, oy) = letterbox(normalize(img), s)
        with torch.no_grad():
            det, protos = Export(net)(x)
        det = det[0].numpy().astype(np.float32)
        self.w, self.h, self.s = w, h, s
        self.sx, self.sy, self.ox, self.oy = sx, sy, ox, oy
        cx, cy, bw, bh = det[0], det[1], det[2], det[3]
        # input box -> image box (Letterbox.toImage), clipped like Box.clip
        self.boxes = np.stack([((cx - bw / 2) - ox) / sx, ((cy - bh / 2) - oy) / sy, ((cx + bw / 2) - ox) / sx, ((cy + bh / 2) - oy) / sy], 1)
        self.scores = det[4]
        self.coef = det[5:].T
        self.protos = protos[0].numpy()

    def select(self, conf, iou, max_det):
        cand = np.nonzero(self.scores >= np.float32(conf))[0]
        order = cand[np.argsort(-self.scores[cand], kind="stable")]
        kept = []
        kept_boxes = np.zeros((0, 4))
        for i in order:
            if len(kept) >= max_det:
                break
            b = self.boxes[i]
            if len(kept) and np.any(box_iou_one(b, kept_boxes) > iou):
                continue
            kept.append(i)
            kept_boxes = np.vstack([kept_boxes, b[None]])
        return kept

    def mask(self, i):
        """(left, top, bits) of candidate i's mask in image pixels (FastSamDecoder.mask)."""
        x0, y0, x1, y1 = self.boxes[i]
        x0, y0 = min(max(x0, 0), self.w), min(max(y0, 0), self.h)
        x1, y1 = min(max(x1, 0), self.w), min(max(y1, 0), self.h)
        # pixels whose centre lies in [x0, x1): first = ceil(x0 - 0.5), end = ceil(x1 - 0.5)
        left, right = int(np.ceil(x0 - 0.5)), int(np.ceil(x1 - 0.5))
        top, bottom = int(np.ceil(y0 - 0.5)), int(np.ceil(y1 - 0.5))
        left, top, right, bottom = max(0, left), max(0, top), min(self.w, right), min(self.h, bottom)
        if right <= left or bottom <= top:
            return left, top, np.zeros((0, 0), bool)
        nm, ph, pw = self.protos.shape
        gx, gy = pw / self.s, ph / self.s
        fx = np.clip((self.ox + (np.arange(left, right) + 0.5) * self.sx) * gx - 0.5, 0, pw - 1)
        fy = np.clip((self.oy + (np.arange(top, bottom) + 0.5) * self.sy) * gy - 0.5, 0, ph - 1)
        x0i, y0i = np.floor(fx).astype(int), np.floor(fy).astype(int)
        x1i, y1i = np.minimum(x0i + 1, pw - 1), np.minimum(y0i + 1, ph - 1)
        tx, ty = fx - x0i, fy - y0i
        cx0, cx1, cy0, cy1 = x0i[0], x1i[-1], y0i[0], y1i[-1]
        logits = np.tensordot(self.coef[i], self.protos[:, cy0:cy1 + 1, cx0:cx1 + 1], axes=(0, 0))
        sig = 1 / (1 + np.exp(-logits.astype(np.float64)))
        a = sig[(y0i - cy0)[:, None], (x0i - cx0)[None, :]]
        b = sig[(y0i - cy0)[:, None], (x1i - cx0)[None, :]]
        c = sig[(y1i - cy0)[:, None], (x0i - cx0)[None, :]]
        d = sig[(y1i - cy0)[:, None], (x1i - cx0)[None, :]]
        v = (1 - ty)[:, None] * ((1 - tx)[None] * a + tx[None] * b) + ty[:, None] * ((1 - tx)[None] * c + tx[None] * d)
        return left, top, v > 0.5


# ---------------------------------------------------------------- metrics


def match(gt, masks, thresh=0.5):
    """Greedy one-to-one matching of predicted masks [(left, top, bits)] to the ground-truth
    label image by decreasing IoU, pairs with IoU > thresh. Returns (matched IoUs, n_gt, n_pred)."""
    ids = np.unique(gt)
    ids = ids[ids != 0]
    lut = np.zeros(int(gt.max()) + 1, np.int64)
    lut[ids] = np.arange(1, len(ids) + 1)
    g = lut[gt]
    area_g = np.bincount(g.ravel(), minlength=len(ids) + 1)
    pairs = []
    n_pred = 0
    for k, (left, top, bits) in enumerate(masks):
        if bits.size == 0 or not bits.any():
            continue
        n_pred += 1
        under = g[top:top + bits.shape[0], left:left + bits.shape[1]][bits]
        inter = np.bincount(under, minlength=len(ids) + 1)
        area = int(bits.sum())
        for j in np.nonzero(inter[1:])[0] + 1:
            iou = inter[j] / (area + area_g[j] - inter[j])
            if iou > thresh:
                pairs.append((iou, k, j))
    pairs.sort(key=lambda p: -p[0])
    used_p, used_g, ious = set(), set(), []
    for iou, k, j in pairs:
        if k in used_p or j in used_g:
            continue
        used_p.add(k)
        used_g.add(j)
        ious.append(iou)
    return ious, len(ids), n_pred


def summary(results):
    """Mean IoU of matched pairs, recall, precision and AP@0.5 = TP / (TP + FP + FN) over several images."""
    ious = [v for r in results for v in r[0]]
    n_gt = sum(r[1] for r in results)
    n_pred = sum(r[2] for r in results)
    tp = len(ious)
    fp, fn = n_pred - tp, n_gt - tp
    return {"mean_iou": float(np.mean(ious)) if ious else 0.0, "recall": tp / max(n_gt, 1), "precision": tp / max(n_pred, 1),
            "ap50": tp / max(tp + fp + fn, 1), "tp": tp, "fp": fp, "fn": fn, "objects": n_gt}


def click_ious(gt, masks):
    """For each ground-truth object of the label image: the IoU with it of what one positive click at its
    centre selects (FastSamPrompts.points: the union of the masks [(left, top, bits)] that contain the click;
    nothing, IoU 0, when none does). The click is the object's pixel nearest to its centroid."""
    from scipy import ndimage
    out = []
    boxes = [(left, top, left + bits.shape[1], top + bits.shape[0], bits) for left, top, bits in masks if bits.size]
    for index, sl in enumerate(ndimage.find_objects(gt), start=1):
        if sl is None:
            continue
        obj = gt[sl] == index
        ys, xs = np.nonzero(obj)
        k = int(np.argmin((ys - ys.mean()) ** 2 + (xs - xs.mean()) ** 2))
        py, px = ys[k] + sl[0].start, xs[k] + sl[1].start
        chosen = [b for b in boxes if b[0] <= px < b[2] and b[1] <= py < b[3] and b[4][py - b[1], px - b[0]]]
        if not chosen:
            out.append(0.0)
            continue
        y0 = min([sl[0].start] + [b[1] for b in chosen])
        x0 = min([sl[1].start] + [b[0] for b in chosen])
        y1 = max([sl[0].stop] + [b[3] for b in chosen])
        x1 = max([sl[1].stop] + [b[2] for b in chosen])
        union = np.zeros((y1 - y0, x1 - x0), bool)
        for left, top, right, bottom, bits in chosen:
            union[top - y0:bottom - y0, left - x0:right - x0] |= bits
        truth = gt[y0:y1, x0:x1] == index
        out.append(float(np.count_nonzero(union & truth)) / float(np.count_nonzero(union | truth)))
    return out
