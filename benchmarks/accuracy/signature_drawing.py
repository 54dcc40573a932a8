"""The pen line of a synthetic 手写签名: Chinese names in the Kai font, Latin spline signatures.

The signature suite (:mod:`benchmarks.accuracy.synth_signature`) scores the engine against the ink
it drew, so the writing has to look like a ballpoint's and be known to the pixel. Chinese names
are common surnames and given names set in the Kai font (ukai) and thinned to a one-pixel centre
line (Zhang–Suen), so a pen of any width can be run along them; Latin signatures are connected
Catmull–Rom strokes with loops and a flourish. Either becomes a :class:`Writing`, placed on the
sheet at a tilt and turned into pen coverage; the paper it lies on is
:mod:`benchmarks.accuracy.signature_paper`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

KAI_FONT = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")  # Debian package fonts-arphic-ukai

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官")
GIVEN_NAMES = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
               "超", "秀兰", "霞", "平", "刚", "桂英", "冰", "浩", "心", "玲", "文")


@dataclass
class Writing:
    """A pen's centre line: points (x, y) in picture pixels and the pen width at each."""

    points: np.ndarray
    widths: np.ndarray
    glyph: np.ndarray | None = None  # for a Chinese name: which character each point belongs to


def kai_font_present() -> bool:
    return KAI_FONT.exists()


def thinned(mask: np.ndarray) -> np.ndarray:
    """Zhang–Suen thinning to a one-pixel centre line, both sub-iterations on whole arrays at once."""
    img = np.pad(mask.astype(np.uint8), 1)
    changed = True
    while changed:
        changed = False
        for first in (True, False):
            ring = _neighbours(img)
            north, east, south, west = ring[0], ring[2], ring[4], ring[6]
            count = sum(ring)
            turns = sum((a == 0) & (b == 1) for a, b in zip(ring, ring[1:] + ring[:1], strict=True))
            # The first sub-iteration peels south-east boundary pixels, the second north-west ones.
            pair, other = (east & south, north | west) if first else (north & west, east | south)
            side = (pair & other) == 0
            drop = (img == 1) & (count >= 2) & (count <= 6) & (turns == 1) & side
            if drop.any():
                img[drop] = 0
                changed = True
    return img[1:-1, 1:-1].astype(bool)


def _neighbours(img: np.ndarray) -> list[np.ndarray]:
    """P2…P9 of Zhang–Suen: north, then clockwise round the pixel."""
    q = np.pad(img, 1)
    h, w = img.shape
    steps = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))
    return [q[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w] for dy, dx in steps]


@lru_cache(maxsize=128)
def glyph_centre_line(char: str, size: int) -> np.ndarray:
    """The Kai glyph of ``char`` at ``size`` px, thinned: points (x, y) around the em box's centre."""
    font = ImageFont.truetype(str(KAI_FONT), size)
    canvas = Image.new("L", (2 * size, 2 * size), 0)
    ImageDraw.Draw(canvas).text((size, size), char, fill=255, font=font, anchor="mm")
    ink = np.asarray(canvas) > 127
    ys, xs = np.nonzero(ink)
    y0, x0 = ys.min(), xs.min()
    cy, cx = np.nonzero(thinned(ink[y0 : ys.max() + 1, x0 : xs.max() + 1]))
    return np.stack([cx + x0 - size, cy + y0 - size], axis=1).astype(np.float64)


def chinese_writing(text: str, rng: np.random.Generator, char_px: float, pen: float) -> Writing:
    """``text`` written a little off the line: each character jittered in size, turn and height."""
    size = max(16, round(char_px / 8) * 8)  # a few sizes only, so thinned glyphs are reused
    parts, widths, glyph, x, last = [], [], [], 0.0, 1.0
    for k, char in enumerate(text):
        grow, turn = rng.uniform(0.9, 1.08), np.radians(rng.uniform(-5, 5))
        if k:
            x += size * rng.uniform(0.94, 1.12) * (grow + last) / 2
        c, s = np.cos(turn), np.sin(turn)
        pts = glyph_centre_line(char, size) * grow * char_px / size @ np.array([[c, s], [-s, c]])
        pts += (x, np.clip(rng.normal(0, 0.05), -0.1, 0.1) * size)
        parts.append(pts)
        widths.append(np.full(len(pts), pen * rng.uniform(0.9, 1.1)))
        glyph.append(np.full(len(pts), k))
        last = grow
    return Writing(np.vstack(parts), np.concatenate(widths), np.concatenate(glyph))


def chinese_name(rng: np.random.Generator) -> str:
    """A common name of 2–4 characters: surname and given name."""
    if rng.random() < 0.15:
        two = [g for g in GIVEN_NAMES if len(g) == 2]
        return str(rng.choice(COMPOUND_SURNAMES)) + str(rng.choice(two))
    given = str(rng.choice(GIVEN_NAMES))
    if len(given) == 1 and rng.random() < 0.5:
        given += str(rng.choice([g for g in GIVEN_NAMES if len(g) == 1 and g != given]))
    return str(rng.choice(SURNAMES)) + given


# Cursive letter shapes as control points, in letter heights from the pen's position on the baseline
# (y grows downward): an arch (n, m), a loop crossing its own upstroke (l, e, h), a bowl (a, o), a dip (u).
LETTERS = (
    ((0.05, -0.85), (0.25, -1.0), (0.45, -0.7), (0.5, 0.0)),
    ((0.35, -0.8), (0.4, -1.0), (0.15, -0.85), (0.2, 0.0)),
    ((0.45, -0.9), (0.1, -0.75), (0.12, -0.05), (0.45, -0.6), (0.5, 0.0)),
    ((0.05, -0.9), (0.15, -0.05), (0.4, -0.1), (0.45, -0.9), (0.55, 0.0)),
)


def latin_writing(rng: np.random.Generator, span: float, tallest: float, pen: float) -> Writing:
    """1–3 connected cursive strokes through random control points, with loops and a closing flourish.

    The strokes are sized so that the whole signature is ``span`` px wide and at most ``tallest`` high.
    """
    words, x = [], 0.0
    count = int(rng.integers(1, 4))
    for word in range(count):
        # A tall looped capital: up, over to the left and back down through the upstroke.
        high = 1.7 + rng.uniform(0, 0.6)
        pts = [(x, 0.2), (x + 0.5, -high * 0.8), (x + 0.3, -high), (x, -high * 0.7), (x + 0.3, 0.05)]
        x += 0.4
        for _letter in range(int(rng.integers(3, 8)) if word or count == 1 else int(rng.integers(0, 2))):
            tall = 1.0 + (rng.random() < 0.25) * rng.uniform(0.5, 0.9)
            shape = LETTERS[int(rng.integers(len(LETTERS)))]
            pts += [(x + dx * rng.uniform(0.85, 1.2), dy * tall + rng.normal(0, 0.05)) for dx, dy in shape]
            x = pts[-1][0] + rng.uniform(0.05, 0.2)
        if word == count - 1:  # the flourish sweeps back under the name
            pts += [(x + 0.6, 0.2), (x * rng.uniform(0.5, 0.8), 0.75), (x * rng.uniform(0.1, 0.3), 0.55)]
        words.append(np.array(pts))
        x += rng.uniform(0.6, 1.0)
    every = np.vstack(words)
    extent = np.ptp(every, axis=0)
    letter_px = min(span / extent[0], tallest / extent[1])
    points = np.vstack([_densified(_catmull_rom(w * letter_px), 0.5) for w in words])
    along = np.arange(len(points)) * 0.5 / letter_px
    wobble = 1 + 0.12 * np.sin(along * rng.uniform(1.5, 3.0) + rng.uniform(0, 6.3))
    return Writing(points, pen * wobble)


def _catmull_rom(points: np.ndarray, per_unit: float = 0.25) -> np.ndarray:
    """A Catmull–Rom spline through ``points``, sampled finely enough to densify linearly."""
    p = np.vstack([points[0], points, points[-1]])
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1 : i + 3]
        n = max(8, int(np.linalg.norm(p2 - p1) * per_unit))
        t = np.linspace(0, 1, n, endpoint=False)[:, None]
        out.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (3 * p1 - p0 - 3 * p2 + p3) * t**3))
    return np.vstack([*out, p[-2][None]])


def _densified(line: np.ndarray, step: float) -> np.ndarray:
    """The polyline resampled every ``step`` px along its length, so the drawn line has no gaps."""
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
    at = np.arange(0.0, arc[-1] + step, step)
    return np.stack([np.interp(at, arc, line[:, 0]), np.interp(at, arc, line[:, 1])], axis=1)


def placed(writing: Writing, centre: tuple[float, float], tilt_deg: float) -> Writing:
    """The writing turned by ``tilt_deg`` (the sheet not level) and moved so its box centre is ``centre``."""
    c, s = np.cos(np.radians(tilt_deg)), np.sin(np.radians(tilt_deg))
    pts = writing.points @ np.array([[c, s], [-s, c]])
    pts += np.array(centre) - (pts.min(axis=0) + pts.max(axis=0)) / 2
    return Writing(pts, writing.widths, writing.glyph)


def pen_coverage(writing: Writing, shape: tuple[int, int]) -> np.ndarray:
    """How much of each pixel the pen covers (0…1): pen width minus distance to the nearest centre pixel."""
    margin = int(np.ceil(writing.widths.max())) + 3
    x0, y0 = np.maximum(0, np.floor(writing.points.min(axis=0)).astype(int) - margin)
    x1, y1 = np.minimum(shape[::-1], np.ceil(writing.points.max(axis=0)).astype(int) + margin)
    xs, ys = np.round(writing.points - (x0, y0)).astype(int).T
    inside = (xs >= 0) & (ys >= 0) & (xs < x1 - x0) & (ys < y1 - y0)
    width_at = np.zeros((y1 - y0, x1 - x0), np.float32)
    np.maximum.at(width_at, (ys[inside], xs[inside]), writing.widths[inside])
    centre = (width_at == 0).astype(np.uint8)
    dist, labels = cv2.distanceTransformWithLabels(centre, cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL)
    # Labels number the centre pixels in raster order, the order numpy lists them in.
    by_label = np.concatenate([[0.0], width_at[centre == 0]]).astype(np.float32)
    coverage = np.zeros(shape, np.float32)
    coverage[y0:y1, x0:x1] = np.clip(by_label[labels] / 2 + 0.5 - dist, 0.0, 1.0)
    return coverage
