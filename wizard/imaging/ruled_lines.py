"""Ruled and margin lines at any angle: found on the ink evidence, removed only where they are not ink.

A ruled line is straight, thin and runs across the sheet; handwriting is none of the three for
long. Lines are found by the standard Hough transform (half size, near-level and near-upright
families apart) on everything above the weak ink threshold, since a pale ruled line reaches the
hysteresis mask only where it touches a stroke. A candidate is a line when, along its whole chord
across the picture, it is inked with paper on both sides (thin) for ``MIN_COVER`` of the chord, or,
parallel to two such lines, for ``FAMILY_COVER`` of it starting at the picture's edge (a ruled line
fading under uneven light). Each line is then read in a strip turned to be level: the band the
line covers is cleared, except where a stroke crosses it -- ink just above at x+d and just below
at x−d, a straight path through the band -- which stays whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A line's chord must be covered by ink for this share of its length (a flourish is not).
MIN_COVER = 0.5
# Hough candidates: accumulator votes as a share of the picture's shorter side.
VOTES = 0.12
MAX_CANDIDATES = 150
# Ruled lines within 30° of level, margin lines within 30° of upright (θ is the normal's angle).
FAMILIES = ((np.pi / 3, 2 * np.pi / 3), (0.0, np.pi / 6), (5 * np.pi / 6, np.pi))
FAMILY_COVER = 0.1  # a weaker line parallel to two strong ones: this cover
FAMILY_RUN = 0.1  # and a straight stretch this long from the picture's edge
EDGE_MIN = 0.03  # a line's thin stretch from the picture's edge, share of the chord (lines seen: ≥ 0.09)
MIN_RUN = 0.3  # ... and one unbroken stretch of this share of it (gaps where something crosses bridged)
LONE_DEG = 3.0  # lines within this many degrees of each other's direction are one family
ALONG_STROKES = 3.0  # ink thicker than the line for this many pen widths along it: a stroke, kept
DARKER = 1.6  # ... or this many times darker than the line typically is


def find_lines(mask: np.ndarray, stroke: float) -> list[tuple[float, float, float]]:
    """Straight thin lines as (theta, rho, cover) in Hough's convention (x cosθ + y sinθ = ρ).

    Candidates closer than a few strokes in ρ and 3° in θ to a stronger one are the same line.
    """
    m = mask.astype(np.uint8)
    h, w = m.shape
    votes = max(30, int(VOTES * min(h, w)))
    band = 1 + int(stroke / 2)
    # Ink within the band of a line point, read once per point instead of across the band.
    near = cv2.dilate(m, np.ones((2 * band + 1, 2 * band + 1), np.uint8))
    seen: list[_Chord] = []
    # Near-horizontal (ruled) and near-vertical (margin) lines are searched apart: a dozen ruled
    # lines would otherwise fill the strongest candidates and hide the one margin line.
    # The votes are cast at half size (a quarter of the pixels); the chord is read at full size.
    half = (cv2.resize(m, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA) > 0).astype(np.uint8)
    for low, high in FAMILIES:
        found = cv2.HoughLines(half, 1, np.pi / 360, votes // 2, min_theta=low, max_theta=high)
        for rho, theta in ([] if found is None else found[:MAX_CANDIDATES, 0] * (2, 1)):
            # A thick line votes in many neighbouring cells: one look per line, kept or not.
            if seen:
                ts, rs = np.array([c.theta for c in seen]), np.array([c.rho for c in seen])
                gap = np.abs(theta - ts) % np.pi
                if np.any((np.abs(rho - rs) < 3 * stroke + 4) & (np.minimum(gap, np.pi - gap) < np.radians(3))):
                    continue
            seen.append(_Chord(float(theta), float(rho), _thin_hits(near, float(theta), float(rho), band), band))
    # A long straight pen stroke, or a chord through a dense signature, can look as thin and straight
    # as a printed line. A printed line runs in from the picture's edge, if only for a stretch under
    # a shadow; one that does not at all (a sheet lying on a table) is believed only with company
    # (ruled lines are a family) and in one long stretch.
    strong = [c for c in seen if c.cover >= MIN_COVER]
    strong = [c for c in strong
              if c.edge_run() >= EDGE_MIN
              or (sum(_angle_gap(c.theta, o.theta) < np.radians(LONE_DEG) for o in strong) >= 3
                  and c.longest_run() >= MIN_RUN)]
    # Ruled lines come in families: a line fading out under uneven light still runs parallel
    # to two strong ones, straight for a good part of the chord.
    family = [c for c in seen if FAMILY_COVER <= c.cover < MIN_COVER
              and sum(_angle_gap(c.theta, o.theta) < np.radians(1) for o in strong) >= 2
              and c.edge_run() >= FAMILY_RUN]
    return [(c.theta, c.rho, c.cover) for c in strong + family]


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b) % np.pi
    return min(d, np.pi - d)


@dataclass
class _Chord:
    """A candidate line and, for each point of its chord inside the picture, whether it is thin
    line there (inked, paper on both sides: see :func:`_thin_hits`)."""

    theta: float
    rho: float
    hit: np.ndarray
    band: int

    @property
    def cover(self) -> float:
        """Share of the chord that is thin line. Through a dark border, a shadow or a bold stroke
        every chord is inked; only a thin line has paper beside it."""
        return float(self.hit.mean()) if len(self.hit) >= 20 else 0.0

    def edge_run(self) -> float:
        """The stretch of the chord that is thin line from either end of it, as a share of the chord.
        A ruled line enters the picture at its edge; a straight pen stroke lies inside it."""
        n = len(self.hit)
        near_end = max(3, n // 50)
        runs = [e - s for s, e in self._runs() if s <= near_end or e >= n - near_end]
        return float(max(runs) / n) if runs and n >= 20 else 0.0

    def longest_run(self) -> float:
        """The longest stretch of the chord that is thin line, as a share of the chord. A printed line
        is one stretch broken only where something crosses it; a chord through a dense signature is
        inked only in short bits where it crosses the strokes."""
        runs = [e - s for s, e in self._runs()]
        return float(max(runs) / len(self.hit)) if runs and len(self.hit) >= 20 else 0.0

    def _runs(self) -> list[tuple[int, int]]:
        """Runs of thin line, gaps as long as a crossing line leaves closed (its own few pixels and
        the ``band`` the ink was grown by on either side): a margin line crossed by every ruled line
        is one run."""
        gap = 2 * self.band + 9
        hit = self.hit.astype(np.uint8)[None]
        return _runs(cv2.morphologyEx(hit, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))[0])


def _thin_hits(near: np.ndarray, theta: float, rho: float, band: int) -> np.ndarray:
    """Chord points inside the picture inked on the line and with paper beside it on both sides: at
    ``3 band + 2`` px, or (a double margin line, its twin that close) at twice that."""
    off = 3 * band + 2
    on, inside = _chord_hits(near, theta, rho)
    beside = {k: _chord_hits(near, theta, rho + k * off)[0] for k in (-2, -1, 1, 2)}
    side = (beside[-1] & beside[-2]) | (beside[1] & beside[2])
    return (on & ~side)[inside]


def _chord_hits(near: np.ndarray, theta: float, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel step along the line's chord: inked?, and inside the picture? (Full length, so the
    chords at ρ and at ρ ± an offset line up point for point.)"""
    h, w = near.shape
    c, s = np.cos(theta), np.sin(theta)
    length = int(np.hypot(h, w))
    t = np.arange(-length, length, 1.0)
    xs, ys = np.round(c * rho - s * t).astype(int), np.round(s * rho + c * t).astype(int)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    hit = np.zeros(len(t), bool)
    hit[inside] = near[ys[inside], xs[inside]] > 0
    return hit, inside


def remove_lines(
    mask: np.ndarray, stroke: float, evidence: np.ndarray | None = None, score: np.ndarray | None = None
) -> tuple[np.ndarray, int]:
    """``mask`` without its ruled and margin lines, crossing strokes kept; and how many went.

    Lines are looked for in ``evidence`` when given: everything above the weak ink threshold.
    A pale ruled line reaches the ink mask only where it touches a stroke (the hysteresis keeps
    weak ink joined to strong ink), too little of its chord to be found there. ``score`` (the
    ink's darkness) tells a pen stroke lying along a printed line from the line: it is darker.

    All lines are cleared first; a crossing is then judged on what is left, so where a ruled
    line meets the margin line neither counts as a stroke crossing the other. Bands and kept
    crossings are drawn straight into the picture's frame (no full-frame warps: 10+ lines stay
    cheap).
    """
    seen = (mask if evidence is None else evidence).astype(np.uint8)
    found = find_lines(seen, stroke)
    if not found:
        return mask, 0
    m = mask.astype(np.uint8)
    gone = np.zeros_like(m)
    bands = []
    whole = []
    for theta, rho, _cover in found:
        flat, turn = _strip(seen, theta, rho, stroke)  # the line's thickness where all of it shows
        half = _half_thickness(flat, stroke)
        bands.append((theta, rho, half, turn))
        band = np.zeros_like(m)
        _draw_along(band, turn, flat.shape, 0, flat.shape[1], half + 1)
        whole.append(band)
    every = np.bitwise_or.reduce(whole) if len(whole) > 1 else whole[0]
    for (theta, rho, half, turn), band in zip(bands, whole, strict=True):
        # The other lines are out of the way first, so a crossing of two lines is no stroke.
        inked, _ = _strip(m & ~(every & ~band), theta, rho, stroke)
        dark = None if score is None else _strip(score, theta, rho, stroke)[0]
        for start, end in _runs(~_ink_along(inked, dark, half, stroke)):
            _draw_along(gone, turn, inked.shape, start, end, half + 1)
    clean = m & ~gone
    kept = np.zeros_like(m)
    for theta, rho, half, turn in bands:
        flat, _ = _strip(clean, theta, rho, stroke)
        for start, end in _runs(_crossing(flat, half)):
            _draw_along(kept, turn, flat.shape, start, end, half + 1)
    return (clean | (kept & m)).astype(bool), len(found)


def _strip(m: np.ndarray, theta: float, rho: float, stroke: float) -> tuple[np.ndarray, np.ndarray]:
    """The neighbourhood of one line, turned so the line runs along the strip's middle row.

    Only a strip a few strokes tall is warped, which costs far less than turning the picture.
    """
    h, w = m.shape
    c, s = np.cos(theta), np.sin(theta)
    foot = (c * rho, s * rho)
    length = int(np.hypot(h, w)) + 2
    rows = 3 * int(stroke) + 8
    turn = cv2.getRotationMatrix2D(foot, np.degrees(theta) - 90.0, 1.0)
    turn[:, 2] += (length - foot[0], rows - foot[1])
    return cv2.warpAffine(m, turn, (2 * length, 2 * rows + 1), flags=cv2.INTER_NEAREST), turn


def _half_thickness(flat: np.ndarray, stroke: float) -> int:
    """Half the line's thickness: rows round the middle inked along most of the line, or half its
    thicker columns, counted only over columns where the ink through the middle is about as thick as
    the line typically is, so that a bold stroke lying along a stretch of a faint line does not make
    the whole line look thick."""
    row = flat.shape[0] // 2
    reach = int(2 * stroke) + 3
    through = _through(flat, reach)
    shown = through > 0
    if not shown.any():
        return 1
    line_like = shown & (through <= 2 * np.median(through[shown]) + 2)
    window = flat[row - reach : row + reach + 1][:, line_like].astype(np.float32)
    inked = np.nonzero(window.mean(axis=1) >= 0.4)[0]
    rows = int(max(abs(inked.min() - reach), abs(inked.max() - reach))) + 1 if len(inked) else 1
    # A line whose position wanders by a pixel along its chord covers fewer rows at 40%: its
    # thicker columns (upper quartile) say how far it reaches.
    return max(rows, int(np.ceil(np.percentile(through[line_like], 75) / 2)) + 1)


def _ink_along(inked: np.ndarray, dark: np.ndarray | None, half: int, stroke: float) -> np.ndarray:
    """Columns of a line's strip where a pen stroke lies along the line: the ink through the line
    is much thicker than the line, or much darker than the line typically is (a printed line is
    pale blue or red, the pen dark), for at least ``ALONG_STROKES`` pen widths. A shorter stretch
    is a bump of the line or a stroke crossing it (the crossing test keeps those)."""
    through = _through(inked)
    along = through > 2 * half + 3
    if dark is not None:
        row = inked.shape[0] // 2
        level = dark[row - half : row + half + 1].max(axis=0)
        line_like = (through > 0) & ~along
        if line_like.sum() >= 20:
            typical = float(np.median(level[line_like]))
            along |= (through > 0) & (level > max(DARKER * typical, typical + 0.15))
    for start, end in _runs(along):
        along[start:end] = end - start >= ALONG_STROKES * stroke
    return along


def _through(flat: np.ndarray, reach: int | None = None) -> np.ndarray:
    """Per column of a strip, the length of the inked run through its middle row (0 where the middle
    is paper), counted at most ``reach`` rows either way (the whole strip by default)."""
    row = flat.shape[0] // 2
    reach = row if reach is None else min(reach, row)
    window = flat[row - reach : row + reach + 1] > 0
    # Rows above the middle that are inked all the way down to it, and likewise below.
    up = np.cumprod(window[reach::-1], axis=0).sum(axis=0)
    down = np.cumprod(window[reach:], axis=0).sum(axis=0)
    return np.where(window[reach], up + down - 1, 0)


def _crossing(flat_clean: np.ndarray, half: int) -> np.ndarray:
    """Columns a stroke crosses the line through: ink just above at x+d and just below at x−d.

    Such a straight path through the band, leaning up to ~63°, is a pen stroke crossing the
    line; letters merely sitting above and below the line (inside a dense signature) are not,
    so the line between them still goes.
    """
    row = flat_clean.shape[0] // 2
    # The cleared band is a pixel wider than the line (``half + 1``): look just beyond it.
    above = flat_clean[row - half - 4 : row - half - 1].any(axis=0)
    below = flat_clean[row + half + 2 : row + half + 5].any(axis=0)
    reach = 2 * half + 4
    crossing = np.zeros_like(above)
    for d in range(-reach, reach + 1):
        crossing |= np.roll(above, -d) & np.roll(below, d)
    return crossing.astype(np.uint8)


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True))


def _draw_along(canvas: np.ndarray, turn: np.ndarray, shape: tuple[int, int], start: int, end: int,
                half: int) -> None:
    """Set the pixels of strip columns ``start..end`` within ``half`` rows of the middle, in the picture's frame."""
    back = cv2.invertAffineTransform(turn)
    row = shape[0] // 2
    corners = np.array([[start, row - half], [end, row - half], [end, row + half], [start, row + half]], np.float64)
    points = corners @ back[:, :2].T + back[:, 2]
    cv2.fillConvexPoly(canvas, np.round(points).astype(np.int32), 1)
