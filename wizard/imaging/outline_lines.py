"""Outlines from long straight lines: the cue that still works when the card's outline is not closed.

A card lying on a printed page touches the page's text all round, so no closed contour follows
its edge alone; a white card on a white desk shows its edge only in pieces. Its four sides are
still long straight lines. Segments are found on the edge map, joined into lines (same direction,
same offset), and every two pairs of roughly parallel lines that cross at roughly right angles
make a candidate quadrilateral. The candidates are scored by :mod:`wizard.imaging.outline_score`
with everyone else's.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

MAX_LINES = 28  # the longest lines kept: enough for the card's four among a page's text rows
PARALLEL_DEG = 18.0  # a rectangle seen at an angle: opposite sides within this of each other
SAME_LINE_DEG, SAME_LINE_PX = 2.0, 5.0


def line_quads(edges: np.ndarray, min_area: float, ratio_range: tuple[float, float]) -> list[np.ndarray]:
    """Quadrilaterals (tl, tr, br, bl) whose sides lie on long lines of ``edges``."""
    h, w = edges.shape
    lines = np.array(_lines(edges), np.float64).reshape(-1, 3)
    if len(lines) < 4:
        return []
    pairs = np.array(_parallel_pairs(lines, 0.08 * min(h, w)), int).reshape(-1, 2)
    first, second = np.triu_indices(len(pairs), 1)
    a, b = pairs[first, 0], pairs[first, 1]
    c, d = pairs[second, 0], pairs[second, 1]
    gap = np.abs(np.degrees(_gaps(lines[a, 0], lines[c, 0])) - 90)
    keep = gap < 90 - 2 * PARALLEL_DEG
    a, b, c, d = a[keep], b[keep], c[keep], d[keep]
    crossings = _crossings(lines)
    corners = np.stack([crossings[a, c], crossings[a, d], crossings[b, d], crossings[b, c]], axis=1)
    corners = _ordered(corners[np.isfinite(corners).all(axis=(1, 2))])
    return [q.astype(np.float32) for q in corners[_plausible(corners, w, h, min_area, ratio_range)]]


def _gaps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    gap = np.abs(a - b) % np.pi
    return np.minimum(gap, np.pi - gap)


def _crossings(lines: np.ndarray) -> np.ndarray:
    """Where every two lines cross: (n, n, 2), NaN for (nearly) parallel lines."""
    cos, sin, rho = np.cos(lines[:, 0]), np.sin(lines[:, 0]), lines[:, 1]
    det = cos[:, None] * sin[None, :] - sin[:, None] * cos[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (rho[:, None] * sin[None, :] - sin[:, None] * rho[None, :]) / det
        y = (cos[:, None] * rho[None, :] - rho[:, None] * cos[None, :]) / det
    out = np.stack([x, y], axis=2)
    out[np.abs(det) < 1e-6] = np.nan
    return out


def _lines(edges: np.ndarray) -> list[tuple[float, float, float]]:
    """(angle in [0, π), offset, length of its longest segment) of the longest lines, longest first."""
    h, w = edges.shape
    side = max(h, w)
    found = cv2.HoughLinesP(edges, 1, np.pi / 360, 60, minLineLength=int(0.05 * side), maxLineGap=int(0.012 * side))
    if found is None:
        return []
    segments = found[:, 0].astype(np.float64)
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    lines: list[list[float]] = []
    for k in np.argsort(-lengths)[:400]:
        x1, y1, x2, y2 = segments[k]
        theta = np.arctan2(x2 - x1, -(y2 - y1)) % np.pi  # the normal's angle
        rho = x1 * np.cos(theta) + y1 * np.sin(theta)
        for line in lines:
            if _angle_gap(line[0], theta) < np.radians(SAME_LINE_DEG) and abs(_offset(line, theta, rho)) < SAME_LINE_PX:
                break
        else:
            lines.append([theta, rho, lengths[k]])
    lines.sort(key=lambda line: -line[2])
    return [tuple(line) for line in lines[:MAX_LINES]]


def _angle_gap(a: float, b: float) -> float:
    gap = abs(a - b) % np.pi
    return min(gap, np.pi - gap)


def _offset(line, theta: float, rho: float) -> float:
    """Offset between a line and (theta, rho) measured along the line's own normal."""
    if abs(line[0] - theta) > np.pi / 2:  # the same direction given the other way round
        rho = -rho
    return line[1] - rho


def _parallel_pairs(lines, min_gap: float) -> list[tuple[int, int]]:
    pairs = []
    for i, j in itertools.combinations(range(len(lines)), 2):
        parallel = _angle_gap(lines[i][0], lines[j][0]) < np.radians(PARALLEL_DEG)
        if parallel and abs(_offset(lines[i], lines[j][0], lines[j][1])) > min_gap:
            pairs.append((i, j))
    return pairs


def _ordered(quads: np.ndarray) -> np.ndarray:
    """(n, 4, 2) corners clockwise on screen from the top-left."""
    centre = quads.mean(axis=1, keepdims=True)
    angle = np.arctan2(quads[..., 1] - centre[..., 1], quads[..., 0] - centre[..., 0])
    quads = np.take_along_axis(quads, np.argsort(angle, axis=1)[..., None], axis=1)
    start = np.argmin(quads.sum(axis=2), axis=1)
    order = (np.arange(4)[None, :] + start[:, None]) % 4
    return np.take_along_axis(quads, order[..., None], axis=1)


def _plausible(quads: np.ndarray, w: int, h: int, min_area: float, ratio_range: tuple[float, float]) -> np.ndarray:
    """Which quadrilaterals lie in the picture, are convex, large enough and of a document's proportions."""
    margin = 0.02 * max(w, h)
    x, y = quads[..., 0], quads[..., 1]
    inside = ((x >= -margin) & (x <= w + margin) & (y >= -margin) & (y <= h + margin)).all(axis=1)
    nxt = np.roll(quads, -1, axis=1)
    edges = nxt - quads
    cross = edges[..., 0] * np.roll(edges, -1, axis=1)[..., 1] - edges[..., 1] * np.roll(edges, -1, axis=1)[..., 0]
    convex = (cross > 0).all(axis=1) | (cross < 0).all(axis=1)
    area = 0.5 * np.abs((x * nxt[..., 1] - nxt[..., 0] * y).sum(axis=1))
    length = np.linalg.norm(edges, axis=2)
    across, down = (length[:, 0] + length[:, 2]) / 2, (length[:, 1] + length[:, 3]) / 2
    ratio = np.maximum(across, down) / np.maximum(np.minimum(across, down), 1.0)
    return inside & convex & (area >= min_area) & (ratio >= ratio_range[0]) & (ratio <= ratio_range[1])
