"""How much an outline looks like the document we want: one score for every candidate, whatever cue found it.

Outlines come from several cues (closed contours of edge maps, a brightness split, long straight
line segments) and each cue also finds things that are not the card: the page the card lies on,
a block of text, a table's board. Every candidate is therefore scored the same way, by what a
person checks when pointing at "the card":

- **support**: its four sides lie on real edges along most of their length (the weakest side counts);
- **shape**: its side ratio is that of the document (ID-1 85.6 × 54 mm for a card; A4/A5/letter for a
  page), allowing for the foreshortening of a phone held at an angle;
- **corners**: its corners are near right angles (a rectangle seen at an angle stays within ~15°);
- **contrast**: the document differs from what it lies on: just inside each side the colour is not
  the colour just outside (the cells of a printed table have lines all round but paper on both sides);
- **content**: there is print inside it (a bare patch of table or a white sheet is no card);
- **size**: a larger outline is more likely the document than a detail of it, but only weakly, so a
  card lying on a printed page beats the page.

Pure numpy/OpenCV; the numbers are the score's shape, not thresholds tuned to particular photos.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

SHAPE_SPREAD = 0.07  # log side-ratio spread of a document seen at up to ~15° of tilt
ANGLE_SPREAD = 15.0  # degrees
SHAPE_FLOOR = 0.15  # an outline of another shape (a passport in the card slot) can still win alone
SAMPLES = 48  # points looked at along each side


@dataclass(frozen=True)
class Evidence:
    """The edge maps a picture's candidates are scored against (built once per picture)."""

    near_edge: np.ndarray  # uint8 0/1: an edge pixel within 4 px (a region's outline lies inside its edge)
    on_edge: np.ndarray  # uint8 0/1: an edge pixel within 1 px (for the lines beyond the corners)
    edges: np.ndarray  # uint8 0/255: the union of the edge maps
    lab: np.ndarray  # float32 CIELAB of the smoothed picture (L 0..100)


def evidence(edge_maps: Sequence[np.ndarray], rgb: np.ndarray) -> Evidence:
    union = np.max(np.stack(edge_maps), axis=0)
    edge = (union > 0).astype(np.uint8)
    near, on = cv2.dilate(edge, np.ones((9, 9), np.uint8)), cv2.dilate(edge, np.ones((3, 3), np.uint8))
    smooth = cv2.GaussianBlur(rgb, (5, 5), 0).astype(np.float32) / 255
    return Evidence(near, on, union, cv2.cvtColor(smooth, cv2.COLOR_RGB2LAB))


def score(quad: np.ndarray, found: Evidence, aspects: Sequence[float], floor: float = SHAPE_FLOOR) -> float:
    """0 (no document) .. about 1 (a well-supported outline of the right shape filling the picture).
    ``floor`` is what an outline of another shape keeps (pages come in more shapes than cards)."""
    bound = upper_bound(quad, found, aspects, floor)
    if bound <= 0:
        return 0.0
    support = side_support(quad, found.near_edge)
    if support <= 0.35:
        return 0.0
    ends = side_ends(quad, found.on_edge)
    return bound * support**4 * ends * side_contrast(quad, found.lab) * content_fit(quad, found.edges)


def upper_bound(quad: np.ndarray, found: Evidence, aspects: Sequence[float], floor: float = SHAPE_FLOOR) -> float:
    """The score the outline would have with perfect edges, contrast and print: the cheap part of it."""
    h, w = found.near_edge.shape
    area = float(cv2.contourArea(quad.astype(np.float32)))
    if area <= 0:
        return 0.0
    shape = floor + (1 - floor) * shape_fit(quad, aspects)
    fit = shape * corner_fit(quad)
    return 0.0 if fit < 0.02 else fit * (area / (h * w)) ** 0.15


def _along(quad: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points at fractions ``t`` along each side: shape (4, len(t), 2)."""
    ends = np.roll(quad, -1, axis=0)
    return quad[:, None, :] + t[None, :, None] * (ends - quad)[:, None, :]


def _hits(points: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``mask`` at ``points`` (…, 2), 0 outside the picture."""
    h, w = mask.shape
    xy = np.round(points).astype(int)
    inside = (xy[..., 0] >= 0) & (xy[..., 0] < w) & (xy[..., 1] >= 0) & (xy[..., 1] < h)
    values = mask[np.clip(xy[..., 1], 0, h - 1), np.clip(xy[..., 0], 0, w - 1)]
    return np.where(inside, values, 0)


def side_support(quad: np.ndarray, near_edge: np.ndarray) -> float:
    """The share of each side's middle 80% that lies on an edge; the weakest side's, blended with the mean."""
    shares = _hits(_along(quad, np.linspace(0.1, 0.9, SAMPLES)), near_edge).mean(axis=1)
    return 0.5 * float(shares.min()) + 0.5 * float(shares.mean())


def side_ends(quad: np.ndarray, near_edge: np.ndarray) -> float:
    """1 when no side's line runs on beyond the corners; down to 0.2 when every side is part of a longer line.
    Beyond the picture's edge nothing runs on: those points count as ending."""
    beyond = np.concatenate([np.linspace(-0.25, -0.06, SAMPLES // 4), np.linspace(1.06, 1.25, SAMPLES // 4)])
    runs = _hits(_along(quad, beyond), near_edge).mean()
    return float(np.clip(1.25 - float(runs), 0.2, 1.0))


def side_contrast(quad: np.ndarray, lab: np.ndarray) -> float:
    """How different the colour just inside the outline is from just outside: the median colour
    difference (ΔE) of the two strips, per side, averaged; 0.35 (none) .. 1 (ΔE 10 or more)."""
    h, w = lab.shape[:2]
    along = _along(quad, np.linspace(0.15, 0.85, SAMPLES // 2))
    normal = along - quad.mean(axis=0)
    normal /= np.maximum(np.linalg.norm(normal, axis=2, keepdims=True), 1e-6)
    lengths = np.linalg.norm(np.roll(quad, -1, axis=0) - quad, axis=1)
    gap = np.maximum(3.0, 0.02 * lengths)[:, None, None]
    strips = []
    for step in (-gap, gap):  # inside, then outside
        xy = np.round(along + step * normal).astype(int)
        strips.append(np.median(lab[np.clip(xy[..., 1], 0, h - 1), np.clip(xy[..., 0], 0, w - 1)], axis=1))
    return float(np.clip(np.linalg.norm(strips[0] - strips[1], axis=1).mean() / 10, 0.35, 1.0))


def shape_fit(quad: np.ndarray, aspects: Sequence[float]) -> float:
    """1 when the side ratio is one of ``aspects``; falls off with the log of the mismatch."""
    ratio = side_ratio(quad)
    return max(float(np.exp(-((np.log(ratio / a) / SHAPE_SPREAD) ** 2))) for a in aspects)


def corner_fit(quad: np.ndarray) -> float:
    """1 for right-angled corners, falling off with the worst corner's departure from 90°."""
    worst = max(abs(90.0 - angle) for angle in corner_angles(quad))
    return float(np.exp(-((worst / ANGLE_SPREAD) ** 2)))


def corner_angles(quad: np.ndarray) -> list[float]:
    angles = []
    for i in range(4):
        u, v = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cos = float(u @ v) / max(float(np.linalg.norm(u) * np.linalg.norm(v)), 1e-6)
        angles.append(float(np.degrees(np.arccos(np.clip(cos, -1, 1)))))
    return angles


def content_fit(quad: np.ndarray, edges: np.ndarray) -> float:
    """Some print inside: 1 from ~1.5% edge pixels in the outline's inner part, down to 0.3 for a bare patch."""
    centre = quad.mean(axis=0)
    inner = (centre + 0.8 * (quad - centre)).astype(np.int32)
    x, y, bw, bh = cv2.boundingRect(inner)
    x, y = max(0, x), max(0, y)
    window = edges[y : y + bh, x : x + bw]
    if window.size == 0:
        return 0.3
    mask = np.zeros(window.shape, np.uint8)
    cv2.fillPoly(mask, [inner - np.array([x, y], np.int32)], 1)
    count = max(int(mask.sum()), 1)
    density = float(np.count_nonzero(window[mask > 0])) / count
    return float(np.clip(density / 0.015, 0.3, 1.0))


def side_ratio(quad: np.ndarray) -> float:
    """Long side over short side, each averaged over the two opposite sides."""
    tl, tr, br, bl = quad
    across = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    down = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return float(max(across, down) / max(min(across, down), 1.0))
