"""The score of the synthetic 手写签名 suite: the true ink registered onto the output, and a tolerant F1.

The engine crops, scales and centres the signature and may level it or turn it over, so the
ink drawn by :mod:`benchmarks.accuracy.synth_signature` cannot be compared with the output
pixel for pixel. The true mask is registered onto the engine's output (scale, shift, and a turn
within a few degrees of the writing as drawn or levelled, or of a half turn), then scored with
the tolerant ink F-measure usual in document binarisation: precision is the share of output ink
pixels within 1 output pixel of true ink, recall the share of true ink within 1 pixel of output
ink. An empty or missing output scores 0.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

SCALE_RANGE = 0.12  # relative to the ink boxes' ratio: junk ink that inflates the output's box is a failure
TURN_RANGE = 4.0  # degrees either way of the writing as drawn, levelled, or either turned over


def output_ink(data: bytes) -> np.ndarray:
    """The ink of an output file: pixels darker than mid-grey (an empty array when there is no file)."""
    if not data:
        return np.zeros((0, 0), bool)
    return np.asarray(Image.open(io.BytesIO(data)).convert("L")) < 128


def ink_f1(truth: np.ndarray, out: np.ndarray, level_turn: float = 0.0) -> float:
    """Tolerant ink F1 of ``out`` against ``truth`` at the best registration found.

    The engine crops, scales and centres the writing, and may straighten it (``level_turn``: the
    degrees that make the drawn writing level) or turn it over. Scale starts from the ratio of the
    two ink boxes and may vary by ``SCALE_RANGE``; turns lie within ``TURN_RANGE`` of the writing as
    drawn or levelled, or of either turned over, so an engine that turns level writing crooked scores
    low. A coarse grid finds the neighbourhood, hill climbing in finer steps the best pose; every
    pose is scored at its best shift.
    """
    if out.size == 0 or not out.any() or not truth.any():
        return 0.0
    fit = _Registration(truth, out)
    centres = sorted({0.0, 180.0, round(level_turn, 1), round(level_turn, 1) + 180.0})
    best = max([(1.0, c + a) for c in centres for a in (-4, -2, 0, 2, 4)], key=fit.f1)
    best = max([(s, best[1]) for s in np.linspace(1 - SCALE_RANGE, 1 + SCALE_RANGE, 7)], key=fit.f1)
    for ds, da in ((0.02, 1.0), (0.01, 0.5), (0.005, 0.25)):
        for _move in range(6):  # a few moves per step size are plenty
            s, a = best
            near = [(s + i * ds, a + j * da) for i in (-1, 0, 1) for j in (-1, 0, 1)]
            best = max([p for p in near if _searched(p, centres)], key=fit.f1)
            if best == (s, a):
                break
    return fit.f1(best)


def _searched(pose: tuple[float, float], centres: list[float]) -> bool:
    scale, turn = pose
    return abs(scale - 1) <= SCALE_RANGE + 1e-9 and min(abs(turn - c) for c in centres) <= TURN_RANGE + 1e-9


class _Registration:
    """The true mask laid on the output at a given (relative scale, turn), scored at its best shift."""

    FRAME = 40  # room round the output for true ink that spills over its edge
    SHIFT = 16  # shifts searched either way from the ink boxes' centres coinciding

    def __init__(self, truth: np.ndarray, out: np.ndarray):
        ys, xs = np.nonzero(truth)
        self.truth = truth[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
        self.hull = cv2.convexHull(np.stack([xs - xs.min(), ys - ys.min()], 1).astype(np.float32)).reshape(-1, 2)
        ys, xs = np.nonzero(out)
        self.out_box = np.array([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1], np.float64)
        self.out_count = int(out.sum())
        pad = self.FRAME + self.SHIFT
        near = cv2.dilate(out.astype(np.uint8), np.ones((3, 3), np.uint8))
        self.out = cv2.copyMakeBorder(out.astype(np.float32), pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
        self.near_out = cv2.copyMakeBorder(near.astype(np.float32), pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
        self.shape = out.shape
        self.seen: dict[tuple[float, float], float] = {}

    def f1(self, pose: tuple[float, float]) -> float:
        key = (round(pose[0], 4), round(pose[1], 3))
        if key not in self.seen:
            self.seen[key] = self._score(*key)
        return self.seen[key]

    def _score(self, relative: float, turn: float) -> float:
        laid, count = self._laid(relative, turn)
        if count == 0:
            return 0.0
        near = cv2.dilate(laid, np.ones((3, 3), np.uint8))
        ys, xs = np.nonzero(near)
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        # The template is the laid ink's box; the image, the output round it as far as the shifts reach.
        reach = (slice(y0, y1 + 2 * self.SHIFT), slice(x0, x1 + 2 * self.SHIFT))
        hit_out = cv2.matchTemplate(self.out[reach], near[y0:y1, x0:x1], cv2.TM_CCORR)  # output ink near true ink
        hit_truth = cv2.matchTemplate(self.near_out[reach], laid[y0:y1, x0:x1], cv2.TM_CCORR)  # true ink near output
        precision, recall = hit_out / self.out_count, hit_truth / count
        return float(np.max(2 * precision * recall / np.maximum(precision + recall, 1e-9)))

    def _laid(self, relative: float, turn: float) -> tuple[np.ndarray, int]:
        """The true mask turned, then scaled, with its box centre on the output's, in the output's frame.

        The frame is the output's size plus ``FRAME`` each side; the count is of all the laid ink,
        including any that falls outside the frame and so can never be matched.
        """
        c, s = np.cos(np.radians(turn)), np.sin(np.radians(turn))
        box = np.ptp(self.hull @ np.array([[c, -s], [s, c]]), axis=0)
        out_w, out_h = self.out_box[2:] - self.out_box[:2]
        scale = relative * float(np.sqrt(out_w / max(box[0], 1) * out_h / max(box[1], 1)))
        # Turn at full size and shrink by area afterwards, in the engine's order, so thin strokes
        # keep their share of each output pixel instead of breaking up in a second resampling.
        turned = _turned(self.truth, turn)
        size = (max(1, round(turned.shape[1] * scale)), max(1, round(turned.shape[0] * scale)))
        small = cv2.resize(turned, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR) >= 0.5
        ys, xs = np.nonzero(small)
        frame = np.zeros((self.shape[0] + 2 * self.FRAME, self.shape[1] + 2 * self.FRAME), np.float32)
        if not len(xs):
            return frame, 0
        centre = np.array([xs.min() + xs.max() + 1, ys.min() + ys.max() + 1]) / 2
        left, top = np.round((self.out_box[:2] + self.out_box[2:]) / 2 + self.FRAME - centre).astype(int)
        _paste(frame, small.astype(np.float32), top, left)
        return frame, int(small.sum())


def _turned(mask: np.ndarray, turn: float) -> np.ndarray:
    """``mask`` (float) turned by ``turn`` degrees about its centre, on a canvas that keeps every corner."""
    h, w = mask.shape
    c, s = abs(np.cos(np.radians(turn))), abs(np.sin(np.radians(turn)))
    size = (int(w * c + h * s) + 3, int(w * s + h * c) + 3)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), turn, 1.0)
    matrix[:, 2] += (size[0] / 2 - w / 2, size[1] / 2 - h / 2)
    return cv2.warpAffine(mask, matrix, size, flags=cv2.INTER_LINEAR)


def _paste(frame: np.ndarray, part: np.ndarray, top: int, left: int) -> None:
    """``part`` written into ``frame`` at (top, left), whatever falls outside the frame dropped."""
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(frame.shape[0], top + part.shape[0]), min(frame.shape[1], left + part.shape[1])
    if y0 < y1 and x0 < x1:
        frame[y0:y1, x0:x1] = part[y0 - top : y1 - top, x0 - left : x1 - left]
