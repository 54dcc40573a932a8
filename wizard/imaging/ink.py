"""Ink on paper: separate handwriting from the paper it was photographed on.

The 手写签名 slot wants "白纸黑字": black writing on white paper. Phone photos of a
signature bring shadows, light gradients, grey or yellow paper, coloured ink, ruled
lines, the dark edge of the table beyond the sheet and specks of dust. This module turns
such a photo into an ink mask; :mod:`wizard.imaging.signature` turns the mask into the
finished picture and the findings. Everything here is numpy/OpenCV on arrays, no files.
"""

from __future__ import annotations

import cv2
import numpy as np


def ink_score(rgb: np.ndarray) -> np.ndarray:
    """Darkness relative to the local paper colour, so shade and vignettes cancel out.

    The paper colour is estimated by a grey-level closing (max filter) wider than any
    pen stroke: it keeps the paper and fills in the strokes. Dividing by it removes
    shadows and coloured paper; taking the darkest channel makes blue, green and red ink
    count as ink even when their luminance is close to the paper's.
    """
    img = rgb.astype(np.float32)
    paper = _paper_colour(img)
    # In a dark vignette the ratio would amplify paper grain into "ink": the divisor never
    # drops below a fraction of the brightest paper.
    floor = 0.6 * np.percentile(paper, 95, axis=(0, 1))
    ratio = np.clip(1.0 - (paper - img) / np.maximum(paper, floor), 0.0, 1.0)
    # Two element-wise minimums, not ratio.min(axis=2): numpy reduces a length-3 last axis
    # pixel by pixel, eight times slower here (72 ms of a 12 MP signature's 430 ms).
    darkest = np.minimum(np.minimum(ratio[..., 0], ratio[..., 1]), ratio[..., 2])
    return (1.0 - darkest).astype(np.float32)


def _paper_colour(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = max(5, (max(h, w) // 80) | 1)  # ~1/20 of the long side at full scale: wider than strokes
    small = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    small = cv2.GaussianBlur(small, (0, 0), k / 2)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def ink_mask(score: np.ndarray, high: float, low: float, min_area: int, stroke: int) -> tuple[np.ndarray, bool]:
    """Hysteresis threshold: faint parts of a stroke survive if they touch a clearly dark part.

    Dark areas along the picture's edge (off the sheet) are taken out of the clearly dark
    part first, and the faint part may not grow back into them: otherwise paper grain
    next to a black bar would be kept as ink. Returns the mask and whether such an area
    was removed.
    """
    # Paper grain is finer than a pen stroke: smoothing at a scale tied to the picture size
    # quiets the grain and keeps the strokes.
    smooth = cv2.GaussianBlur(score, (0, 0), max(1.0, max(score.shape) / 1000))
    strong, edge_removed = remove_edge_regions(smooth >= high, 0.25)
    weak = smooth >= low
    if edge_removed:
        banned = (smooth >= high) & ~strong
        weak &= ~cv2.dilate(banned.astype(np.uint8), np.ones((stroke, stroke), np.uint8)).astype(bool)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(weak.astype(np.uint8), connectivity=8)
    keep = np.zeros(count, dtype=bool)
    keep[np.unique(labels[strong & weak])] = True
    keep[0] = False
    keep &= stats[:, cv2.CC_STAT_AREA] >= min_area  # dust and paper grain
    return keep[labels], edge_removed


def remove_ruled_lines(mask: np.ndarray, span: float) -> tuple[np.ndarray, int]:
    """Take out straight lines running across most of the picture (ruled paper, table borders).

    Straight runs longer than a tenth of the picture are collected, collinear runs are
    joined across small gaps (a stroke crossing the line, a faint stretch), and only a
    joined line spanning ``span`` of the width (or height) goes: a signature's own strokes
    are never that long. Where a pen stroke crosses a removed line, the gap is closed
    again from the ink just above and below it.
    """
    m = mask.astype(np.uint8)
    # Vertical lines must run almost the whole height: a tightly cropped signature's tall
    # strokes span most of it, and ruled paper is horizontal anyway.
    lines = _long_lines(m, span, horizontal=True) | _long_lines(m, max(span, 0.95), horizontal=False)
    count = cv2.connectedComponents(lines)[0] - 1
    if not count:
        return mask, 0
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8)) & m
    kept = m & ~lines
    bridge = cv2.morphologyEx(kept, cv2.MORPH_CLOSE, np.ones((9, 3), np.uint8)) & lines
    return (kept | bridge).astype(bool), count


def _long_lines(m: np.ndarray, span: float, horizontal: bool) -> np.ndarray:
    mm = m if horizontal else m.T
    w = mm.shape[1]
    run = max(10, w // 10)
    # Thicken across the line first so a slight tilt does not break the run.
    thick = cv2.dilate(mm, np.ones((3, 1), np.uint8))
    runs = cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)) & mm
    joined = cv2.dilate(runs, np.ones((3, run), np.uint8))
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    long = stats[:, cv2.CC_STAT_WIDTH] >= span * w
    long[0] = False
    found = (long[labels] & (runs > 0)).astype(np.uint8)
    return found if horizontal else np.ascontiguousarray(found.T)


def remove_edge_regions(mask: np.ndarray, contact: float) -> tuple[np.ndarray, bool]:
    """Drop dark regions lying along the picture's edge: the table beyond the sheet, a black bar.

    A pen stroke may touch the edge where the photo was cropped tight, but only at a
    point; a region in contact with more than ``contact`` of one side is not writing.
    Strokes that merely touch such a region survive: only the part of it that runs
    straight along that side (an opening with a line as long as the contact) goes.
    """
    edge = _edge_touching(mask, contact).astype(np.uint8)
    if not edge.any():
        return mask, False
    h, w = mask.shape
    body = np.zeros_like(edge)
    along_rows = max(3, int(contact * w))  # top and bottom sides: horizontal runs
    along_cols = max(3, int(contact * h))  # left and right sides: vertical runs
    body |= cv2.morphologyEx(edge, cv2.MORPH_OPEN, np.ones((1, along_rows), np.uint8))
    body |= cv2.morphologyEx(edge, cv2.MORPH_OPEN, np.ones((along_cols, 1), np.uint8))
    body = cv2.dilate(body, np.ones((3, 3), np.uint8)).astype(bool) & edge.astype(bool)
    rest = mask & ~body
    return rest & ~_edge_touching(rest, contact), True


def _edge_touching(mask: np.ndarray, contact: float) -> np.ndarray:
    count, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    h, w = mask.shape
    drop = np.zeros(count, dtype=bool)
    for side, length in ((labels[0, :], w), (labels[-1, :], w), (labels[:, 0], h), (labels[:, -1], h)):
        ids, hits = np.unique(side[side > 0], return_counts=True)
        drop[ids[hits > contact * length]] = True
    return drop[labels]


def remove_specks(mask: np.ndarray, min_area: int) -> np.ndarray:
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= min_area
    keep[0] = False
    return keep[labels]


def candidate_boxes(mask: np.ndarray, gap: float, min_share: float) -> list[tuple[int, int, int, int]]:
    """Separate groups of ink (x, y, w, h), largest first: each one a possible signature.

    Strokes closer than ``gap`` times the typical letter height belong together (the
    words of one signature); groups with less than ``min_share`` of all the ink are dots
    and flourishes, not candidates.
    """
    m = mask.astype(np.uint8)
    letter = _typical_letter_height(m)
    if letter == 0:
        return []
    kx, ky = max(3, int(letter * gap)), max(3, int(letter * gap * 0.5))
    grouped = _grow(m, kx, ky)
    count, labels, _stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    ink = np.bincount(labels[m > 0], minlength=count)
    ink[0] = 0
    order = [i for i in np.argsort(-ink) if ink[i] > 0]
    boxes = []
    for i in order:
        if ink[i] < min_share * ink.sum():
            break
        ys, xs = np.nonzero((labels == i) & (m > 0))
        boxes.append((int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)))
    return boxes


def _grow(m: np.ndarray, width: int, height: int) -> np.ndarray:
    """Binary dilation by a ``width``×``height`` rectangle, the same pixels as ``cv2.dilate`` gives.

    A pixel is set when the box around it holds any ink. Box sums are running sums, so the
    time does not grow with the box: a signature filling a 12 MP photo has letters ~700 px
    high and a grouping box of ~1500×700, which cost cv2.dilate 85 ms and costs this 4 ms.
    """
    sums = cv2.boxFilter(m, cv2.CV_32S, (width, height), normalize=False, borderType=cv2.BORDER_CONSTANT)
    return (sums > 0).astype(np.uint8)


def _typical_letter_height(m: np.ndarray) -> int:
    """The ink-weighted median height of the connected strokes (dots weigh little)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    if count <= 1:
        return 0
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    order = np.argsort(heights)
    cumulative = np.cumsum(areas[order])
    return int(heights[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def tilt_degrees(mask: np.ndarray, limit: float) -> float:
    """The small tilt of the writing's main axis, 0 when the writing is not clearly elongated."""
    ys, xs = np.nonzero(mask)
    if len(xs) < 50:
        return 0.0
    cov = np.cov(np.stack([xs, ys]).astype(np.float64))
    values, vectors = np.linalg.eigh(cov)
    if values[1] < 4 * max(values[0], 1e-6):
        return 0.0  # roughly round: no main direction to straighten to
    vx, vy = vectors[:, 1]
    angle = float(np.degrees(np.arctan2(vy, vx)))
    angle = (angle + 90) % 180 - 90
    return angle if abs(angle) <= limit else 0.0
