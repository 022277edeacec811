"""Shared pieces of Tessera's StarDist 2D training and evaluation scripts.

Written for Tessera from the StarDist paper (Schmidt et al., "Cell Detection
with Star-convex Polygons", MICCAI 2018); no code from the stardist package.
Needs NumPy, SciPy and PyTorch (Debian's python3-torch 1.13 works).

Conventions (the same as Tessera's Java loader and post-processing,
org.tessera.stardist):
- images are normalised per image to (x - p1) / (p99.8 - p1 + 1e-20);
- ray k has the angle phi_k = 2 pi k / n_rays and moves by (sin phi, cos phi)
  in (y, x); a polygon's vertex k is (y + d_k sin phi_k, x + d_k cos phi_k);
- the network predicts on grid 2: output cell (i, j) belongs to pixel (2i, 2j);
- the ONNX model has one input "input" [N, 1, H, W] and two outputs
  "prob" [N, 1, H/2, W/2] (sigmoid) and "dist" [N, n_rays, H/2, W/2] (pixels);
- post-processing: candidates with prob > threshold whose centre is at least
  2 px from the border, greedy NMS by probability where the overlap is the
  intersection over the smaller polygon's area (pixel centres inside, even-odd
  rule, not clipped to the image), then painting in increasing probability.
"""
import numpy as np
import torch
from scipy import ndimage
from torch import nn
from torch.nn import functional as F

N_RAYS = 32
GRID = 2
DIVISOR = 16  # the loader pads images to a multiple of this
BOUNDARY = 2  # px, Fiji StarDist's boundary exclusion


# ---------------------------------------------------------------- data


def normalize(img, low=1.0, high=99.8):
    """Percentile normalisation as StarDist/CSBDeep and Tessera's Normalize do it; an image with
    channels last (h, w, c) has each channel normalised by its own percentiles, as Tessera's
    Normalize.percentilesPerChannel does."""
    x = img.astype(np.float32)
    if x.ndim == 3:
        return np.stack([normalize(x[..., c], low, high) for c in range(x.shape[2])], axis=2)
    p_low, p_high = np.percentile(x, [low, high])
    return ((x - p_low) / (p_high - p_low + 1e-20)).astype(np.float32)


def relabel_sequential(labels):
    """Labels 1..n in order of first appearance of the old values (0 stays 0)."""
    values = np.unique(labels)
    values = values[values != 0]
    lut = np.zeros(int(labels.max()) + 1 if labels.size else 1, dtype=np.int32)
    lut[values] = np.arange(1, len(values) + 1)
    return lut[labels]


def object_probability(labels):
    """StarDist's object probability: per object, the Euclidean distance to the
    background (anything outside the object, including the image border),
    divided by the object's maximum."""
    prob = np.zeros(labels.shape, np.float32)
    for index, sl in enumerate(ndimage.find_objects(labels), start=1):
        if sl is None:
            continue
        # one pixel of margin, so the object's edge touches background
        sl = tuple(slice(max(s.start - 1, 0), s.stop + 1) for s in sl)
        inside = labels[sl] == index
        padded = np.pad(inside, 1)  # the image border is background too
        d = ndimage.distance_transform_edt(padded)[1:-1, 1:-1]
        d = d[inside]
        prob[sl][inside] = d / d.max()
    return prob


def ray_angles(n_rays=N_RAYS):
    return 2 * np.pi * np.arange(n_rays) / n_rays


def star_distances(labels, n_rays=N_RAYS, grid=GRID, step=0.5):
    """Distances along the rays from each grid pixel (2i, 2j) inside an object
    to the object's boundary, shape (ceil(H/grid), ceil(W/grid), n_rays); 0 outside.

    Each ray is marched in steps of `step` pixels; the position is rounded to the
    nearest pixel; the first position outside the object (another label, the
    background or the image) ends the ray, and the distance is the midpoint of
    the last step, which lies on the pixel edge within step / 2.
    """
    h, w = labels.shape
    sub = labels[::grid, ::grid]
    out = np.zeros(sub.shape + (n_rays,), np.float32)
    ys, xs = np.nonzero(sub)
    if len(ys) == 0:
        return out
    own = sub[ys, xs][:, None]
    y0 = (ys * grid).astype(np.float64)[:, None]
    x0 = (xs * grid).astype(np.float64)[:, None]
    phi = ray_angles(n_rays)[None, :]
    dy, dx = np.sin(phi), np.cos(phi)
    dist = np.zeros((len(ys), n_rays))
    active = np.ones((len(ys), n_rays), bool)
    t = 0.0
    while active.any():
        t += step
        yy = np.rint(y0 + t * dy).astype(np.int64)
        xx = np.rint(x0 + t * dx).astype(np.int64)
        inside = (yy >= 0) & (yy < h) & (xx >= 0) & (xx < w)
        same = np.zeros_like(active)
        same[inside] = labels[yy[inside], xx[inside]] == np.broadcast_to(own, active.shape)[inside]
        ended = active & ~same
        dist[ended] = t - step / 2
        active &= same
    out[ys, xs] = dist
    return out


def targets(labels, n_rays=N_RAYS, grid=GRID):
    """(prob on the grid (h, w), distances on the grid (h, w, n_rays))."""
    labels = relabel_sequential(labels)
    prob = object_probability(labels)[::grid, ::grid]
    return prob, star_distances(labels, n_rays, grid)


# The eight flips/transpositions of the square, acting on the rays:
# flipping y maps ray k to -k, flipping x maps k to n/2 - k, transposing maps k to n/4 - k.
def ray_permutation(flip_y, flip_x, transpose, n_rays=N_RAYS):
    """new[..., perm[k]] = old[..., k] for the transform: flip y, then flip x, then transpose."""
    k = np.arange(n_rays)
    if flip_y:
        k = (-k) % n_rays
    if flip_x:
        k = (n_rays // 2 - k) % n_rays
    if transpose:
        k = (n_rays // 4 - k) % n_rays
    return k


def augment_crop(img, prob, dist, valid, size, rng, grid=GRID):
    """A random size x size crop of a full-resolution image and its grid targets,
    under a random flip/transposition.

    Flipping an axis of an even-sized crop maps even pixels to odd ones, so a
    crop to be flipped along an axis starts at an odd offset there: its odd
    pixels, which become even, are exactly the grid pixels of the targets.
    Images smaller than size + 1 are padded (mirrored); padded cells get
    `valid` 0 and no loss. The image may have channels last (h, w, c)."""
    assert size % (2 * grid) == 0 and grid == 2
    flip_y, flip_x, transpose = rng.random(3) < 0.5
    h, w = img.shape[:2]
    need = size + 2
    if h < need or w < need:
        # pad to an even size, so the grid targets cover the padded image exactly
        ph, pw = max(need, h + h % 2) - h, max(need, w + w % 2) - w
        img = np.pad(img, ((0, ph), (0, pw)) + ((0, 0),) * (img.ndim - 2), mode="reflect")
        gh, gw = img.shape[0] // grid, img.shape[1] // grid
        prob = np.pad(prob, ((0, gh - prob.shape[0]), (0, gw - prob.shape[1])))
        dist = np.pad(dist, ((0, gh - dist.shape[0]), (0, gw - dist.shape[1]), (0, 0)))
        valid = np.pad(valid, ((0, gh - valid.shape[0]), (0, gw - valid.shape[1])))
        h, w = img.shape[:2]

    def offset(n, flip):
        o = int(rng.integers(0, (n - size - 1) // 2 + 1)) * 2
        return o + 1 if flip else o

    y0, x0 = offset(h, flip_y), offset(w, flip_x)
    gy0, gx0, gs = (y0 + 1) // 2, (x0 + 1) // 2, size // grid
    img = img[y0:y0 + size, x0:x0 + size]
    prob, dist, valid = (a[gy0:gy0 + gs, gx0:gx0 + gs] for a in (prob, dist, valid))
    assert img.shape[:2] == (size, size) and prob.shape == (gs, gs), (img.shape, prob.shape)
    perm = ray_permutation(flip_y, flip_x, transpose, dist.shape[-1])
    permuted = np.empty_like(dist)
    permuted[..., perm] = dist
    dist = permuted
    for flip, axis in ((flip_y, 0), (flip_x, 1)):
        if flip:
            img, prob, dist, valid = (np.flip(a, axis) for a in (img, prob, dist, valid))
    if transpose:
        img, prob, dist, valid = (a.swapaxes(0, 1) for a in (img, prob, dist, valid))
    return (np.ascontiguousarray(a) for a in (img, prob, dist, valid))


# ---------------------------------------------------------------- model


def _block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class StarDistUNet(nn.Module):
    """A small U-Net for StarDist 2D on grid 2: a full-resolution stem, a stride-2
    convolution to the grid, then three levels (32, 64, 96 channels) on the grid,
    a 3x3 feature layer, a sigmoid probability head and a softplus distance head.
    Input sizes must be multiples of 8 (the loader pads to 16). `widths` sets the
    three levels' channels; `in_channels` the image's (1 for fluorescence, 3 for RGB)."""

    def __init__(self, n_rays=N_RAYS, widths=(32, 64, 96), in_channels=1):
        super().__init__()
        a, b, c = widths
        self.widths = (a, b, c)
        self.in_channels = in_channels
        self.stem = nn.Sequential(nn.Conv2d(in_channels, 16, 3, padding=1), nn.ReLU(inplace=True),
                                  nn.Conv2d(16, a, 3, stride=2, padding=1), nn.BatchNorm2d(a), nn.ReLU(inplace=True))
        self.enc1 = _block(a, a)
        self.enc2 = _block(a, b)
        self.enc3 = _block(b, c)
        self.dec2 = _block(c + b, b)
        self.dec1 = _block(b + a, a)
        self.features = nn.Sequential(nn.Conv2d(a, 64, 3, padding=1), nn.ReLU(inplace=True))
        self.prob = nn.Conv2d(64, 1, 1)
        self.dist = nn.Conv2d(64, n_rays, 1)

    def forward(self, x):
        e1 = self.enc1(self.stem(x))
        e2 = self.enc2(F.max_pool2d(e1, 2))
        e3 = self.enc3(F.max_pool2d(e2, 2))
        d2 = self.dec2(torch.cat([F.interpolate(e3, scale_factor=2.0, mode="nearest"), e2], 1))
        d1 = self.dec1(torch.cat([F.interpolate(d2, scale_factor=2.0, mode="nearest"), e1], 1))
        f = self.features(d1)
        return torch.sigmoid(self.prob(f)), F.softplus(self.dist(f))


def load_net(path):
    """The StarDistUNet whose state dict train.py saved at path, in eval mode on the CPU;
    its widths and input channels are read off the weights' shapes."""
    state = torch.load(path, map_location="cpu")
    net = StarDistUNet(widths=[state[f"enc{i}.0.weight"].shape[0] for i in (1, 2, 3)], in_channels=state["stem.0.weight"].shape[1])
    net.load_state_dict(state)
    return net.eval()


def device_of(net):
    """Where a module's parameters are (the CPU for a plain function, such as an ONNX session wrapper)."""
    params = net.parameters() if isinstance(net, nn.Module) else iter(())
    return next(params, torch.zeros(0)).device


def predict(net, img):
    """Runs the network on one normalised 2D image (h, w), or (h, w, channels), as Tessera's
    loader does (mirror padding at the bottom/right to a multiple of 16), returning prob
    (h, w) and dist (h, w, n_rays) on the grid, cropped to ceil(H/2) x ceil(W/2)."""
    h, w = img.shape[:2]
    ph, pw = -h % DIVISOR, -w % DIVISOR
    x = np.pad(img, ((0, ph), (0, pw)) + ((0, 0),) * (img.ndim - 2), mode="reflect") if ph or pw else img
    x = torch.from_numpy(np.ascontiguousarray(x))
    x = x[None, None] if x.ndim == 2 else x.permute(2, 0, 1)[None]
    with torch.no_grad():
        prob, dist = net(x.to(device_of(net)))
    gh, gw = -(-h // GRID), -(-w // GRID)
    return prob[0, 0, :gh, :gw].cpu().numpy(), dist[0, :, :gh, :gw].permute(1, 2, 0).cpu().numpy()


TRANSFORMS = [(bool(t & 4), bool(t & 2), bool(t & 1)) for t in range(8)]  # (flip y, flip x, transpose); [0]: identity


def predict_transformed(net, img, transform):
    """predict() on the image under one of TRANSFORMS (flip y, then flip x, then
    transpose), mapped back to the image's own grid and rays.

    The grid is on the even pixels, so an axis to be flipped is first padded
    (mirrored) to an odd length P: pixel y becomes P - 1 - y, even again, and
    grid cell i becomes (P - 1) / 2 - i."""
    flip_y, flip_x, transpose = transform
    h, w = img.shape
    x = np.pad(img, ((0, 1 - h % 2 if flip_y else 0), (0, 1 - w % 2 if flip_x else 0)), mode="reflect")
    if flip_y:
        x = x[::-1]
    if flip_x:
        x = x[:, ::-1]
    if transpose:
        x = x.T
    prob, dist = predict(net, np.ascontiguousarray(x))
    if transpose:
        prob, dist = prob.T, dist.transpose(1, 0, 2)
    if flip_x:
        prob, dist = prob[:, ::-1], dist[:, ::-1]
    if flip_y:
        prob, dist = prob[::-1], dist[::-1]
    gh, gw = -(-h // GRID), -(-w // GRID)
    return prob[:gh, :gw], dist[:gh, :gw][..., ray_permutation(flip_y, flip_x, transpose, dist.shape[-1])]


def predict_flips(net, img):
    """predict() averaged over the eight TRANSFORMS (test-time augmentation)."""
    outputs = [predict_transformed(net, img, t) for t in TRANSFORMS]
    return sum(p for p, _ in outputs) / len(outputs), sum(d for _, d in outputs) / len(outputs)


# ---------------------------------------------------------------- post-processing


class Polygon:
    """A star polygon rasterised to the pixel centres inside it (even-odd rule).
    The raster is not clipped to the image, as in Tessera's StarPolygon: a polygon
    at the border keeps the area outside it for the NMS overlap (as StarDist's own
    NMS, which intersects the polygons exactly), and only render() clips."""
    __slots__ = ("y0", "x0", "mask", "area")

    def __init__(self, cy, cx, d, angles):
        py = cy + d * np.sin(angles)
        px = cx + d * np.cos(angles)
        self.y0 = int(np.floor(py.min()))
        self.x0 = int(np.floor(px.min()))
        y1 = int(np.ceil(py.max()))
        x1 = int(np.ceil(px.max()))
        yy = np.arange(self.y0, y1 + 1, dtype=np.float64)[:, None, None]
        xx = np.arange(self.x0, x1 + 1, dtype=np.float64)[None, :, None]
        ya, yb = py, np.roll(py, -1)
        xa, xb = px, np.roll(px, -1)
        crosses = (ya > yy) != (yb > yy)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = xa + (yy - ya) * (xb - xa) / (yb - ya)
        self.mask = (np.count_nonzero(crosses & (xc <= xx), axis=2) % 2) == 1
        self.area = int(self.mask.sum())

    def bounds(self):
        return self.y0, self.x0, self.y0 + self.mask.shape[0], self.x0 + self.mask.shape[1]

    def intersection(self, other):
        ay0, ax0, ay1, ax1 = self.bounds()
        by0, bx0, by1, bx1 = other.bounds()
        y0, x0, y1, x1 = max(ay0, by0), max(ax0, bx0), min(ay1, by1), min(ax1, bx1)
        if y1 <= y0 or x1 <= x0:
            return 0
        a = self.mask[y0 - ay0:y1 - ay0, x0 - ax0:x1 - ax0]
        b = other.mask[y0 - by0:y1 - by0, x0 - bx0:x1 - bx0]
        return int(np.count_nonzero(a & b))


def candidates(prob, dist, shape, min_prob, grid=GRID, boundary=BOUNDARY):
    """Polygons of all grid cells with prob > min_prob away from the border,
    sorted by decreasing probability: (scores, polygons)."""
    h, w = shape
    iy, ix = np.nonzero(prob > min_prob)
    cy, cx = iy * grid, ix * grid
    keep = np.minimum(np.minimum(cy, cx), np.minimum(h - 1 - cy, w - 1 - cx)) >= boundary
    iy, ix, cy, cx = iy[keep], ix[keep], cy[keep], cx[keep]
    scores = prob[iy, ix]
    order = np.argsort(-scores, kind="stable")
    angles = ray_angles(dist.shape[-1])
    polys = [Polygon(cy[i], cx[i], dist[iy[i], ix[i]].astype(np.float64), angles) for i in order]
    return scores[order], polys


def nms(scores, polys, prob_thresh, nms_thresh):
    """Greedy NMS over candidates sorted by decreasing score: a candidate is
    dropped when its intersection over the smaller area with a kept polygon
    exceeds nms_thresh. Returns the kept polygons in decreasing score."""
    kept, boxes = [], np.zeros((len(polys), 4), np.int64)
    for s, p in zip(scores, polys):
        if s <= prob_thresh:
            break
        if p.area == 0:
            continue
        y0, x0, y1, x1 = p.bounds()
        n = len(kept)
        if n:
            b = boxes[:n]
            near = np.nonzero((b[:, 0] < y1) & (b[:, 2] > y0) & (b[:, 1] < x1) & (b[:, 3] > x0))[0]
            if any(p.intersection(kept[j]) > nms_thresh * min(p.area, kept[j].area) for j in near):
                continue
        boxes[n] = (y0, x0, y1, x1)
        kept.append(p)
    return kept


def render(polys, shape):
    """Label image of the kept polygons (numbered 1..n by decreasing score),
    painted in increasing score so the more probable one wins."""
    out = np.zeros(shape, np.int32)
    h, w = shape
    for label in range(len(polys), 0, -1):
        p = polys[label - 1]
        y0, x0, y1, x1 = p.bounds()
        cy0, cx0, cy1, cx1 = max(y0, 0), max(x0, 0), min(y1, h), min(x1, w)
        if cy1 > cy0 and cx1 > cx0:
            out[cy0:cy1, cx0:cx1][p.mask[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]] = label
    return out


def segment(prob, dist, shape, prob_thresh, nms_thresh):
    scores, polys = candidates(prob, dist, shape, prob_thresh)
    return render(nms(scores, polys, prob_thresh, nms_thresh), shape)


# ---------------------------------------------------------------- metrics


def matching_counts(gt, pred, iou_thresh=0.5, within=None):
    """(TP, FP, FN) with true positives = pairs of objects with IoU > iou_thresh
    (for a threshold >= 0.5 such a match is unique, so no assignment is needed).

    With `within` (a boolean mask of the image) only objects whose centroid lies in it
    count: TP and FN are the ground-truth objects there, matched or not, FP the
    unmatched predictions there; matching is still done over the whole image."""
    gt = relabel_sequential(gt)
    pred = relabel_sequential(pred)
    ng, npred = int(gt.max()), int(pred.max())
    inter = np.bincount(gt.ravel().astype(np.int64) * (npred + 1) + pred.ravel(),
                        minlength=(ng + 1) * (npred + 1)).reshape(ng + 1, npred + 1)
    area_g = inter.sum(1, keepdims=True)
    area_p = inter.sum(0, keepdims=True)
    matched = (inter / np.maximum(area_g + area_p - inter, 1))[1:, 1:] > iou_thresh
    g_in, p_in = (np.ones(n, bool) if within is None else centroids_in(lab, n, within) for lab, n in ((gt, ng), (pred, npred)))
    g_matched, p_matched = matched.any(1), matched.any(0)
    return (int(np.count_nonzero(g_matched & g_in)), int(np.count_nonzero(~p_matched & p_in)),
            int(np.count_nonzero(~g_matched & g_in)))


def centroids_in(labels, n, mask):
    """Whether the centroid (rounded to a pixel) of each object 1..n of labels lies in mask."""
    area = np.maximum(np.bincount(labels.ravel(), minlength=n + 1), 1)
    ys, xs = np.indices(labels.shape)
    cy = np.rint(np.bincount(labels.ravel(), ys.ravel(), minlength=n + 1) / area).astype(np.int64)
    cx = np.rint(np.bincount(labels.ravel(), xs.ravel(), minlength=n + 1) / area).astype(np.int64)
    return mask[cy, cx][1:]


def average_precision(counts):
    """AP = TP / (TP + FP + FN) summed over images, as in the StarDist paper."""
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    return tp / max(tp + fp + fn, 1), tp, fp, fn
