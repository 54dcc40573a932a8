"""Which side of the outline a pixel's colour belongs to, judged by the colours *near* it.

A learned person mask is coarse (256 px for the whole head and shoulders), and a busy room
behind the person has many colours: a palette of the whole background misses the one magenta
disc that sits against the shoulder, and a grey guide cannot tell that disc from the hair.
What can is the neighbourhood: a pixel whose colour is found among the sure background a few
pixels away, and not among the sure person, is background, whatever the mask says.

Sparse local sampling (after the sampling-based matting of Gastal and Oliveira 2010, "Shared
Sampling for Real-Time Alpha Matting", much simplified): for every pixel of the uncertain band
the nearest colour among sure-person and among sure-background pixels is looked up at a fixed
set of offsets around it (rings of radius up to :data:`REACH`); the pair (F, B) that explains
the pixel best as ``a·F + (1−a)·B`` gives its alpha, and how far apart F and B are says how
much that alpha can be trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

RINGS = (3, 6, 10, 15, 21)  # px at 295×413: from a hair strand's width to a shoulder's curve
DIRECTIONS = 12  # offsets per ring
FAR = 1e4  # distance standing for "no sample of this side at any offset"


@dataclass(frozen=True)
class LocalColours:
    """For every pixel: the nearest sure-person and sure-background colour around it (CIELAB, 8-bit
    scale) and their distances to the pixel's own colour (``FAR`` where no sample was in reach)."""

    person: np.ndarray  # H×W×3
    background: np.ndarray  # H×W×3
    to_person: np.ndarray  # H×W
    to_background: np.ndarray  # H×W


def offsets() -> list[tuple[int, int]]:
    steps = []
    for ring, radius in enumerate(RINGS):
        turn = np.pi / DIRECTIONS * (ring % 2)  # rings staggered so that the directions interleave
        for k in range(DIRECTIONS):
            angle = 2 * np.pi * k / DIRECTIONS + turn
            steps.append((round(radius * float(np.cos(angle))), round(radius * float(np.sin(angle)))))
    return list(dict.fromkeys(steps))


OFFSETS = offsets()


def local_colours(colour: np.ndarray, sure_person: np.ndarray, sure_background: np.ndarray,
                  where: np.ndarray) -> LocalColours:
    """The nearest colours of each side around the pixels of ``where`` (elsewhere: FAR).

    ``colour`` is CIELAB float32 (H×W×3); the two ``sure`` masks are boolean.
    """
    h, w = where.shape
    rows, cols = np.nonzero(where)
    steps = np.array(OFFSETS)
    y, x = rows[:, None] + steps[None, :, 1], cols[:, None] + steps[None, :, 0]  # N × offsets
    inside = (y >= 0) & (y < h) & (x >= 0) & (x < w)
    flat = np.clip(y, 0, h - 1) * w + np.clip(x, 0, w - 1)
    planes = [colour[..., c].reshape(-1) for c in range(3)]  # per channel: no reduction over a short axis
    own = rows * w + cols
    square = sum((plane[flat] - plane[own][:, None]) ** 2 for plane in planes)
    found = []
    pick = np.arange(len(rows))
    for side in (sure_person, sure_background):
        candidate = np.where(inside & side.reshape(-1)[flat], square, FAR * FAR)
        best = candidate.argmin(axis=1)
        chosen = flat[pick, best]
        sample = np.stack([plane[chosen] for plane in planes], axis=1)
        found.append((np.sqrt(candidate[pick, best]).astype(np.float32), sample.astype(np.float32)))
    return _spread(found, rows, cols, (h, w))


def _spread(found, rows, cols, shape) -> LocalColours:
    person, background = np.zeros((*shape, 3), np.float32), np.zeros((*shape, 3), np.float32)
    to_person, to_background = np.full(shape, FAR, np.float32), np.full(shape, FAR, np.float32)
    (dp, cp), (db, cb) = found
    person[rows, cols], to_person[rows, cols] = cp, dp
    background[rows, cols], to_background[rows, cols] = cb, db
    return LocalColours(person, background, to_person, to_background)


def lab(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB).astype(np.float32)


def colour_alpha(colour: np.ndarray, near: LocalColours) -> tuple[np.ndarray, np.ndarray]:
    """The alpha that explains each pixel as a mix of its nearest person and background colours, and
    how far apart those two are (ΔE): where they are alike the alpha says nothing."""
    f, b = near.person, near.background
    span = f - b
    separation = np.linalg.norm(span, axis=2)
    alpha = ((colour - b) * span).sum(axis=2) / np.maximum(separation * separation, 1e-3)
    missing = (near.to_person >= FAR) | (near.to_background >= FAR)
    separation = np.where(missing, 0.0, separation)
    return np.clip(alpha, 0.0, 1.0).astype(np.float32), separation.astype(np.float32)
