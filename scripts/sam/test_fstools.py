"""Tests of the FastSAM training scripts' own logic, on hand-made masks with known answers.

  /usr/bin/python3 -m unittest discover -s scripts/sam -p 'test_*.py'
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fstools as T  # noqa: E402


def box_mask(shape, y0, y1, x0, x1):
    """(left, top, bits) of a filled rectangle, as Prediction.mask gives masks."""
    return x0, y0, np.ones((y1 - y0, x1 - x0), bool)


class ClickTest(unittest.TestCase):
    GT = np.zeros((30, 40), np.int32)
    GT[2:12, 2:12] = 1  # 100 px
    GT[15:25, 20:36] = 2  # 160 px

    def test_a_click_selects_the_masks_holding_it(self):
        exact = box_mask(self.GT.shape, 2, 12, 2, 12)
        half = box_mask(self.GT.shape, 15, 25, 20, 28)  # 80 of object 2's 160 px
        self.assertEqual(T.click_ious(self.GT, [exact, half]), [1.0, 0.5])

    def test_the_union_of_overlapping_masks_and_a_miss(self):
        left = box_mask(self.GT.shape, 2, 12, 2, 8)
        right = box_mask(self.GT.shape, 2, 12, 6, 14)  # together 2..14: 120 px, 100 of them the object
        far = box_mask(self.GT.shape, 26, 29, 0, 5)
        ious = T.click_ious(self.GT, [left, right, far])
        self.assertAlmostEqual(ious[0], 100 / 120)
        self.assertEqual(ious[1], 0.0)  # no mask holds object 2's centre

    def test_the_click_is_on_the_object_even_when_its_centroid_is_not(self):
        ring = np.zeros((20, 20), np.int32)
        ring[2:18, 2:18] = 1
        ring[6:14, 6:14] = 0  # the centroid (9.5, 9.5) is in the hole
        inner = box_mask(ring.shape, 6, 14, 6, 14)  # holds the centroid, not the object
        whole = box_mask(ring.shape, 2, 18, 2, 18)
        self.assertAlmostEqual(T.click_ious(ring, [inner, whole])[0], 192 / 256)


if __name__ == "__main__":
    unittest.main()
