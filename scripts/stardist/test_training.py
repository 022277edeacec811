"""Tests of the StarDist training scripts' own logic, on hand-made images with known answers.

  /usr/bin/python3 -m unittest discover -s scripts/stardist -p 'test_*.py'

Needs NumPy, SciPy, tifffile and PyTorch (Debian: python3-torch python3-scipy python3-tifffile);
these scripts train models and are not part of the Maven build.
"""
import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crossval  # noqa: E402
import distill  # noqa: E402
import ensemble  # noqa: E402
import sdtools as T  # noqa: E402
import train  # noqa: E402
import train_real  # noqa: E402


def squares(shape, boxes):
    """A label image with object i + 1 filling boxes[i] = (y0, y1, x0, x1)."""
    lab = np.zeros(shape, np.int32)
    for i, (y0, y1, x0, x1) in enumerate(boxes):
        lab[y0:y1, x0:x1] = i + 1
    return lab


class MatchingCountsTest(unittest.TestCase):
    GT = squares((20, 20), [(1, 5, 1, 5), (10, 15, 10, 15), (1, 4, 12, 16)])
    # 7: the first object exactly; 8: 16 of the second's 25 px (IoU 0.64); 9: where nothing is
    PRED = squares((20, 20), [(1, 5, 1, 5), (10, 14, 10, 14), (16, 19, 1, 4)])

    def test_whole_image(self):
        self.assertEqual(T.matching_counts(self.GT, self.PRED), (2, 1, 1))

    def test_nothing_predicted_or_nothing_there(self):
        self.assertEqual(T.matching_counts(self.GT, np.zeros_like(self.PRED)), (0, 0, 3))
        self.assertEqual(T.matching_counts(np.zeros_like(self.GT), self.PRED), (0, 3, 0))

    def test_within_counts_only_objects_centred_there(self):
        top_left = np.zeros((20, 20), bool)
        top_left[:10, :10] = True
        self.assertEqual(T.matching_counts(self.GT, self.PRED, within=top_left), (1, 0, 0))
        bottom = np.zeros((20, 20), bool)
        bottom[10:] = True  # the second object (matched) and the unmatched prediction; not the third object
        self.assertEqual(T.matching_counts(self.GT, self.PRED, within=bottom), (1, 1, 0))

    def test_a_stricter_iou_unmatches(self):
        self.assertEqual(T.matching_counts(self.GT, self.PRED, iou_thresh=0.7), (1, 2, 2))


class PolygonTest(unittest.TestCase):
    """Polygons are rasterised unclipped, as Tessera's Java StarPolygon: the NMS overlap of a
    polygon at the border counts its area outside the image too; only render() clips."""
    ANGLES = T.ray_angles(32)

    def test_a_polygon_at_the_border_keeps_its_area(self):
        disc = np.full(32, 5.0)
        inside, at_border = T.Polygon(50, 50, disc, self.ANGLES), T.Polygon(2, 2, disc, self.ANGLES)
        self.assertEqual(inside.area, at_border.area)
        self.assertEqual(at_border.intersection(inside), 0)
        self.assertEqual(at_border.intersection(T.Polygon(2, 2, disc, self.ANGLES)), at_border.area)

    def test_render_paints_only_inside_the_image(self):
        at_border = T.Polygon(2, 3, np.full(32, 5.0), self.ANGLES)
        labels = T.render([at_border], (20, 30))
        painted = int((labels == 1).sum())
        self.assertGreater(painted, 0)
        self.assertLess(painted, at_border.area)
        self.assertEqual(labels[0, 0], 1)
        self.assertEqual(labels[19, 29], 0)
        ys, xs = np.nonzero(labels)
        self.assertTrue(all(abs(y - 2) ** 2 + abs(x - 3) ** 2 <= 25 for y, x in zip(ys, xs)))


class HeldOutQuadrantTest(unittest.TestCase):
    def test_the_four_quadrants_cover_every_pixel_once(self):
        for shape in ((256, 256), (7, 9)):
            cover = sum(train.held_out_quadrant(shape, k).astype(int) for k in range(4))
            self.assertTrue((cover == 1).all(), shape)

    def test_quadrant_three_is_bottom_right(self):
        mask = train.held_out_quadrant((8, 8), 3)
        self.assertTrue(mask[4:, 4:].all())
        self.assertEqual(mask.sum(), 16)


class RealCropTrainingTest(unittest.TestCase):
    # one object per quadrant, and a fifth straddling quadrants 0 and 1 with its centroid in 0
    LAB = squares((64, 64), [(4, 12, 4, 12), (4, 12, 40, 48), (40, 48, 4, 12), (40, 48, 40, 48), (20, 26, 24, 36)])
    IMG = (LAB > 0).astype(np.float32)

    def test_test_mode_trains_on_nothing_and_train_mode_on_all(self):
        self.assertEqual(train.real_crop_training(self.IMG, self.LAB, "test"), [])
        (img, prob, dist, valid), = train.real_crop_training(self.IMG, self.LAB, "train")
        self.assertEqual(img.shape, (64, 64))
        self.assertEqual(prob.shape, (32, 32))
        self.assertTrue((valid == 1).all())

    def test_a_fold_leaves_out_its_quadrant_and_the_objects_centred_there(self):
        (img_a, prob_a, _, valid_a), (img_b, prob_b, _, valid_b) = train.real_crop_training(self.IMG, self.LAB, "fold0")
        # the other half of the rows, then the quadrant beside the held-out one
        self.assertEqual(img_a.shape, (32, 64))
        self.assertEqual(img_b.shape, (32, 32))
        self.assertTrue(np.array_equal(img_a, self.IMG[32:]))
        self.assertTrue(np.array_equal(img_b, self.IMG[:32, 32:]))
        # objects 3 and 4 in the bottom half, object 2 top right: on the grid, at their centres
        self.assertGreater(prob_a[(44 - 32) // 2, 8 // 2], 0.5)
        self.assertGreater(prob_a[(44 - 32) // 2, 44 // 2], 0.5)
        self.assertGreater(prob_b[8 // 2, (44 - 32) // 2], 0.5)
        # the straddling object 5 (centroid (22.5, 29.5): quadrant 0) is neither object nor loss where it reaches quadrant 1
        reach = (slice(20 // 2, 26 // 2), slice(0, (36 - 32) // 2))
        self.assertTrue((prob_b[reach] == 0).all())
        self.assertTrue((valid_b[reach] == 0).all())
        self.assertEqual(int((valid_b == 0).sum()), 3 * 2)
        self.assertTrue((valid_a == 1).all())


class FitTest(unittest.TestCase):
    def args(self, work, **kw):
        base = dict(device="cpu", lr=1e-3, steps=3, seed=1, work=work, batch=4, patch=16, gamma=False,
                    dist_weight=0.2, real_fraction=0.15, swa_steps=0, swa_lr=2.5e-4)
        return argparse.Namespace(**{**base, **kw})

    def items(self, boxes):
        lab = squares((32, 32), boxes)
        return train.prepare_normalized([(lab.astype(np.float32) + 0.1, lab)])

    def test_batches_of_real_or_crop_items_alone_train(self):
        syn = self.items([(2, 10, 2, 10), (18, 28, 16, 26)])
        real = self.items([(4, 12, 16, 24)])
        crop = self.items([(12, 20, 6, 14)])
        for real_fraction, crop_share in ((1.0, 0.0), (0.0, 1.0), (0.5, 0.5)):
            torch.manual_seed(0)
            net = T.StarDistUNet(widths=(8, 8, 8))
            before = [p.detach().clone() for p in net.parameters()]
            with tempfile.TemporaryDirectory() as work:
                train.fit(net, syn, real, self.args(work, real_fraction=real_fraction), crop, crop_share)
            changed = any(not torch.equal(a, b) for a, b in zip(before, net.parameters()))
            self.assertTrue(changed, (real_fraction, crop_share))
            self.assertFalse(net.training)

    def test_weight_averaging_averages_the_snapshots(self):
        syn = self.items([(2, 10, 2, 10), (18, 28, 16, 26)])
        torch.manual_seed(0)
        start = T.StarDistUNet(widths=(8, 8, 8)).state_dict()

        def run(swa_steps, every):
            net = T.StarDistUNet(widths=(8, 8, 8))
            net.load_state_dict(start)
            saved, train.SWA_EVERY = train.SWA_EVERY, every
            try:
                with tempfile.TemporaryDirectory() as work:
                    train.fit(net, syn, [], self.args(work, steps=0, swa_steps=swa_steps, swa_lr=1e-2))
            finally:
                train.SWA_EVERY = saved
            return net

        first = run(1, 1)  # the weights after one step
        second = run(2, 2)  # after two steps (the same batches: same seed)
        both = run(2, 1)  # their average
        for a, b, mean in zip(first.parameters(), second.parameters(), both.parameters()):
            self.assertTrue(torch.allclose((a + b) / 2, mean, atol=1e-6))
        self.assertFalse(all(torch.equal(a, b) for a, b in zip(first.parameters(), second.parameters())))
        # BatchNorm statistics measured anew for the averaged weights, not left at their initial values
        norm = both.enc1[1]
        self.assertFalse(torch.equal(norm.running_mean, torch.zeros_like(norm.running_mean)))
        self.assertEqual(norm.momentum, 0.1)

    def test_distill_trains_with_its_own_options(self):
        syn = self.items([(2, 10, 2, 10), (18, 28, 16, 26)])
        with tempfile.TemporaryDirectory() as work:
            args = distill.parse_args(["--teacher", "t", "--work", work, "--out", "o", "--data", "d", "--steps", "2", "--batch", "2",
                                       "--patch", "16"])
            net = T.StarDistUNet(widths=(8, 8, 8))
            before = [p.detach().clone() for p in net.parameters()]
            train.fit(net, syn, [], args)
            train.save_weights(net, work)
            self.assertEqual(T.load_net(os.path.join(work, "weights.pth")).widths, (8, 8, 8))
        self.assertTrue(any(not torch.equal(a, b) for a, b in zip(before, net.parameters())))

    def test_an_ensemble_exports_as_one_model(self):
        torch.manual_seed(0)
        mean = ensemble.Mean([T.StarDistUNet(widths=(8, 8, 8)), T.StarDistUNet(widths=(8, 16, 16))]).eval()
        with tempfile.TemporaryDirectory() as out:
            train.export(mean, out, argparse.Namespace(patch=128, dist_weight=0.2), (0.4, 0.3), {"members": []})
            with open(os.path.join(out, "config.json")) as f:
                config = json.load(f)
            with open(os.path.join(out, "thresholds.json")) as f:
                thresholds = json.load(f)
            self.assertGreater(os.path.getsize(os.path.join(out, "model.onnx")), 10_000)
        self.assertEqual((config["n_rays"], config["grid"]), (32, [2, 2]))
        self.assertNotIn("unet_widths", config, "the members' widths differ")
        self.assertEqual(thresholds, {"prob": 0.4, "nms": 0.3})

    def test_saved_weights_load_with_their_widths(self):
        net = T.StarDistUNet(widths=(8, 16, 24))
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "weights.pth")
            torch.save(net.state_dict(), path)
            loaded = T.load_net(path)
        self.assertEqual(loaded.widths, (8, 16, 24))
        x = torch.rand(1, 1, 16, 16)
        net.eval()
        with torch.no_grad():
            self.assertTrue(torch.equal(net(x)[0], loaded(x)[0]))


class CrossValTest(unittest.TestCase):
    def fold_folder(self, root, fold, counts):
        folder = os.path.join(root, fold)
        os.makedirs(folder)
        tp, fp, fn = counts
        report = {"args": {"real_crop": fold}, "evaluation_ap50": {
            "synthetic test (held out)": {"images": 16, "ap": 0.99, "tp": 100, "fp": 1, "fn": 0},
            f"real tests-data/img2d.tif quadrant {fold[-1]} (held out; the other three trained on)": {"images": 1, "tp": tp, "fp": fp, "fn": fn}}}
        with open(os.path.join(folder, "training.json"), "w") as f:
            json.dump(report, f)
        return folder

    def run_main(self, folders):
        out = io.StringIO()
        saved = sys.argv
        sys.argv = ["crossval.py"] + folders
        try:
            with contextlib.redirect_stdout(out):
                crossval.main()
        finally:
            sys.argv = saved
        return out.getvalue()

    def test_pools_the_held_out_quadrants(self):
        with tempfile.TemporaryDirectory() as root:
            folders = [self.fold_folder(root, f"fold{k}", c) for k, c in ((2, (9, 1, 2)), (0, (10, 3, 3)), (3, (11, 2, 8)), (1, (20, 1, 2)))]
            table = self.run_main(folders)
        # 50 TP, 7 FP, 15 FN: 50 / 72
        self.assertIn("| pooled (cross-validated) | 0.694 | 50 | 7 | 15 |", table)
        self.assertIn("| 1 | 0.870 | 20 | 1 | 2 |", table)

    def test_refuses_a_fold_twice_or_a_model_of_no_fold(self):
        with tempfile.TemporaryDirectory() as root:
            twice = [self.fold_folder(root, f"fold{k}", (1, 0, 0)) for k in range(3)]
            os.makedirs(os.path.join(root, "again"))
            with open(os.path.join(twice[0], "training.json")) as f, open(os.path.join(root, "again", "training.json"), "w") as g:
                g.write(f.read())
            with self.assertRaises(SystemExit) as e:
                self.run_main(twice + [os.path.join(root, "again")])
            self.assertIn("fold0, fold0, fold1, fold2", str(e.exception))
            plain = os.path.join(root, "plain")
            os.makedirs(plain)
            with open(os.path.join(plain, "training.json"), "w") as f:
                json.dump({"args": {"real_crop": "test"}, "evaluation_ap50": {}}, f)
            with self.assertRaises(SystemExit) as e:
                self.run_main(twice + [plain])
            self.assertIn("not fold0..fold3", str(e.exception))


class RealTrainingTest(unittest.TestCase):
    """The pieces of train_real.py: rescaled targets, RGB input, the DSB-style score."""

    def test_a_rescaled_item_scales_the_objects_and_their_distances(self):
        lab = squares((32, 32), [(8, 24, 8, 24)])  # one 16 x 16 square
        img = lab.astype(np.float32) * 100
        small_img, small_prob, small_dist, _ = train_real.rescaled_item((img, lab, 1.0))
        big_img, big_prob, big_dist, valid = train_real.rescaled_item((img, lab, 2.0))
        self.assertEqual(small_img.shape, (32, 32))
        self.assertEqual(big_img.shape, (64, 64))
        self.assertEqual(big_prob.shape, (32, 32))
        self.assertEqual(big_dist.dtype, np.float16)
        self.assertTrue((valid == 1).all())
        # the square's centre cell: rays to its edge are twice as long after doubling
        self.assertAlmostEqual(float(big_dist[16, 16, 0]), 2 * float(small_dist[8, 8, 0]), delta=1.0)
        self.assertEqual(float(big_prob.max()), 1.0)
        self.assertEqual(int((big_prob > 0).sum()), 4 * int((small_prob > 0).sum()))

    def test_summary_pools_ap50_and_averages_the_dsb_score_over_images(self):
        # image a: 2 TP, 1 FP, 1 FN at every threshold; image b: 1 TP at 0.5..0.7 (5 thresholds), then 1 FP + 1 FN
        a = ("a", "256x256", [(2, 1, 1)] * 10)
        b = ("b", "360x360", [(1, 0, 0)] * 5 + [(0, 1, 1)] * 5)
        r = train_real.summary([a, b])
        self.assertEqual((r["tp"], r["fp"], r["fn"]), (3, 1, 1))
        self.assertAlmostEqual(r["ap50"], 0.6, places=4)
        self.assertAlmostEqual(r["dsb_map_50_95"], (0.5 + 0.5) / 2, places=4)
        rows = train_real.table([a, b, ("c", "256x256", [(0, 0, 2)] * 10)])
        self.assertEqual(list(rows), ["all", "256x256", "360x360"])
        self.assertEqual(rows["256x256"]["images"], 2)

    def test_an_rgb_net_runs_on_channels_last_images(self):
        torch.manual_seed(0)
        net = T.StarDistUNet(widths=(8, 8, 8), in_channels=3).eval()
        img = np.random.default_rng(1).random((40, 36, 3)).astype(np.float32)
        prob, dist = T.predict(net, img)
        self.assertEqual(prob.shape, (20, 18))
        self.assertEqual(dist.shape, (20, 18, T.N_RAYS))
        with tempfile.TemporaryDirectory() as work:
            train.save_weights(net, work)
            again = T.load_net(os.path.join(work, "weights.pth"))
        self.assertEqual(again.in_channels, 3)
        self.assertTrue(np.array_equal(T.predict(again, img)[0], prob))

    def test_rgb_crops_keep_their_channels_and_per_channel_normalisation(self):
        rng = np.random.default_rng(2)
        img = np.stack([rng.random((40, 40)) * 10, rng.random((40, 40)) * 1000, np.full((40, 40), 5.0)], axis=2)
        norm = T.normalize(img)
        for c in range(2):
            self.assertTrue(np.allclose(norm[..., c], T.normalize(img[..., c])))
        lab = squares((40, 40), [(10, 20, 10, 20)])
        prob, dist = T.targets(lab)
        crop = T.augment_crop(norm, prob, dist, np.ones_like(prob), 16, rng)
        x, p, d, v = crop
        self.assertEqual(x.shape, (16, 16, 3))
        self.assertEqual(p.shape, (8, 8))
        batch = train.batch([(norm, prob, dist, np.ones_like(prob))], 16, 2, rng)
        self.assertEqual(tuple(batch[0].shape), (2, 3, 16, 16))


if __name__ == "__main__":
    unittest.main()
