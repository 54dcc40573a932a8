"""Ink on paper: separate handwriting from the paper it was photographed on.

The 手写签名 slot wants "白纸黑字": black writing on white paper. Phone photos of a
signature bring shadows, light gradients, grey or yellow paper, coloured ink, ruled
lines, the dark edge of the table beyond the sheet and specks of dust. :func:`find_ink`
turns such a photo into an ink mask in four steps: the paper's own colour and the ink's
darkness against it (:mod:`wizard.imaging.paper`), a hysteresis threshold set from the
paper's noise, ruled and margin lines out (:mod:`wizard.imaging.ruled_lines`), specks
out. :mod:`wizard.imaging.signature` turns the mask into the finished picture and the
findings. Everything here is numpy/OpenCV on arrays, no files.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from wizard.imaging import paper, ruled_lines

# Specks smaller than this many squared pen widths are dust or paper grain: a Chinese 点
# is about a pen width long and across, so it stays.
SPECK_PENS = 0.8


@dataclass
class Ink:
    """What :func:`find_ink` saw: the darkness score (0 paper .. 1 black), the ink mask, the pen's
    width in pixels, the thresholds used, how many ruled lines went and whether dark areas along
    the picture's edge (off the sheet) were taken out."""

    score: np.ndarray
    mask: np.ndarray
    pen: float
    high: float
    low: float
    lines_removed: int
    edge_removed: bool


def find_ink(work: np.ndarray, limits: paper.Limits, scale: float = 1.0, strokes: float = paper.CLOSE_STROKES) -> Ink:
    """The ink of ``work`` (RGB): normalised by the paper, thresholded, lines and specks out.
    ``scale`` multiplies both thresholds (the user's ink slider; below 1 keeps fainter ink);
    ``strokes`` is the paper closing's size in pen widths (larger: smoother paper)."""
    pen, widest = paper.stroke_widths(work)
    # The paper's closing must span the boldest ink, or a marker comes out hollow; specks, lines
    # and grouping go by the pen line.
    score = paper.darkness(work, paper.paper_colour(work, widest, strokes))
    high, low = (scale * t for t in paper.thresholds(score, limits))
    h, w = score.shape
    min_area = max(6, int(SPECK_PENS * pen * pen))
    mask, edge_removed = ink_mask(score, high, low, min_area, max(5, max(h, w) // 60))
    # Lines are searched on all weak ink: a pale ruled line reaches the hysteresis mask only
    # where it touches a stroke.
    weak = cv2.GaussianBlur(score, (0, 0), max(1.0, max(h, w) / 1000)) >= low
    mask, lines = ruled_lines.remove_lines(mask, pen, weak, score)
    mask = remove_specks(mask, min_area)
    return Ink(score, mask, pen, high, low, lines, edge_removed)


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


