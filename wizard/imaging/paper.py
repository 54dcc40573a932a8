"""Paper, light and shadow: the paper's own colour, so that ink can be measured against it.

Handwriting and print are photographed on paper under a lamp, a window, a hand's shadow. To see
the ink whatever the light, the paper's colour is estimated at every pixel and the picture
divided by it. A grey-level *closing* (max filter, then min filter, same element) fills only dark
structures narrower than the element and gives a step edge back where it was: with an element a
few pen strokes wide it removes the writing and keeps a cast shadow's hard edge as paper, where a
wide blur would carry the light side into the shadow and the division would draw a black bar
there. The ink threshold is then set from the paper's own noise and the ink's contrast, not fixed.

The signature engine uses all of it; a proof page's "scan look" uses :func:`paper_colour` and
:func:`darkness` the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# The closing's element, in stroke widths: must span a stroke, a crossing of two and a blurred
# edge (an underestimated width leaves ink in the paper); a step edge survives any size, only a
# shadow's corner narrower than this is filled.
CLOSE_STROKES = 5.0
# A median of this many stroke widths after the closing removes the residual paper grain peaks.
MEDIAN_STROKES = 1.5
# The paper is estimated on a copy where a stroke is about this many pixels wide.
SHRINK_STROKE = 2.5
# Paper darker than this share of the brightest paper has its score scaled down (a dark vignette's
# grain is not ink); a hard shadow at 0.45 of the light keeps 3/4 of its ink's score.
FLOOR = 0.6
# The strong ink threshold is at least this many noise spreads above the paper, the weak one this many.
HIGH_NOISE = 6.0
LOW_NOISE = 3.0


def stroke_widths(rgb: np.ndarray) -> tuple[float, float]:
    """(pen, widest): the pen line's width in pixels, and the width of the darkest, boldest ink.

    Both are twice the upper-quartile ridge of the distance transform of rough ink: a black-hat at
    a generous scale thresholded by Otsu (pieces shorter than the element dropped, they are grain).
    ``pen`` measures every ridge of that mask; ``widest`` only the ridges that reach twice Otsu's
    level, the pen's own ink where thin ruled lines (paler) outnumber it: on ruled paper with a bold
    marker signature the first is the ruled line's width, the second the marker's. Specks, lines
    and grouping use ``pen``; the paper's closing must span ``widest``, or bold strokes come out
    hollow. Measured at half size above 800 px: the black-hat's wide element is the costly part.
    """
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    shrink = 2 if max(grey.shape) > 800 else 1
    if shrink == 2:
        grey = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_AREA)
    k = max(9, (max(grey.shape) // 50) | 1)
    hat = cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    level, rough = cv2.threshold(hat, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if level < 8 or rough.sum() < 50:
        return 3.0 * shrink, 3.0 * shrink
    dist = cv2.distanceTransform(rough, cv2.DIST_L2, 5)
    ridge = (dist >= cv2.dilate(dist, np.ones((3, 3), np.uint8))) & (dist > 0.5)
    top = shrink * max(grey.shape) / 40
    widths = []
    for strong in (rough, (hat >= 2 * level).astype(np.uint8)):
        _count, labels, stats, _ = cv2.connectedComponentsWithStats(strong, connectivity=8)
        long = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= k
        long[0] = False
        at = ridge & long[labels]
        widths.append(float(np.clip(2 * shrink * np.percentile(dist[at], 75), 1.5, top)) if at.sum() >= 20 else None)
    pen = widths[0] if widths[0] is not None else 3.0 * shrink
    return pen, max(pen, widths[1] or pen)


def paper_colour(rgb: np.ndarray, stroke: float, strokes: float = CLOSE_STROKES) -> np.ndarray:
    """Per-channel paper colour: closing at ``strokes`` pen widths, then a median, on a copy
    shrunk so a stroke is ~``SHRINK_STROKE`` px wide (at most to half, at least to a quarter).

    The closing is exact for a step edge, so the shadow's edge is the paper's; the shrink keeps
    the elements small, which is what makes a 12 MP photo cheap.
    """
    h, w = rgb.shape[:2]
    f = float(np.clip(SHRINK_STROKE / stroke, 0.25, 0.5))
    small = cv2.resize(rgb, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    k = int(max(3, round(strokes * stroke * f)) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    m = int(max(3, round(MEDIAN_STROKES * stroke * f)) | 1)
    closed = cv2.medianBlur(closed, min(m, 255))
    return cv2.resize(closed, (w, h), interpolation=cv2.INTER_LINEAR)


def darkness(rgb: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """0 on paper .. 1 black: one minus the darkest channel's share of the paper's brightness.

    The darkest channel makes blue, green and purple ink (dark in red or green) as strong as black;
    pencil grey is dark in every channel. Where the paper itself is dark (a black vignette, the
    table), dividing amplifies its grain: there the score is scaled down by the paper's brightness
    below ``FLOOR`` of the brightest paper. Scaling, unlike a floor under the divisor, never makes a
    cast shadow (paper at 0.45–0.7) darker than its paper. 8-bit OpenCV throughout (float numpy
    costs ~0.3 s on a 1600 px copy).
    """
    bright = np.percentile(paper[::8, ::8], 95, axis=(0, 1))
    divisor = np.maximum(paper, (0.1 * bright).astype(np.uint8)[None, None, :])
    ratio = cv2.divide(rgb, divisor, scale=255.0)
    r, g, b = cv2.split(ratio)
    score = (255 - cv2.min(cv2.min(r, g), b)).astype(np.float32) * np.float32(1 / 255)
    lum = cv2.cvtColor(paper, cv2.COLOR_RGB2GRAY).astype(np.float32)
    weight = np.minimum(lum * np.float32(1 / (FLOOR * float(np.mean(bright)))), np.float32(1.0))
    return score * weight


@dataclass(frozen=True)
class Limits:
    """The range the hysteresis thresholds may take (rule pack ``checks.signature``)."""

    high_min: float = 0.12
    high_max: float = 0.28
    low_min: float = 0.07
    low_max: float = 0.20


def thresholds(score: np.ndarray, limits: Limits = Limits()) -> tuple[float, float]:
    """(high, low) for the hysteresis: above the paper's noise, below the ink's contrast.

    Noise is the robust spread of the score (most pixels are paper). The strong threshold sits at
    a share of the ink's peak so faint pencil (peak ~0.25) still seeds its strokes, and never
    below a multiple of the noise so grain never seeds.
    """
    sample = score[::4, ::4]
    median = float(np.median(sample))
    noise = 1.4826 * float(np.median(np.abs(sample - median))) + 1e-4
    peak = float(np.percentile(sample, 99.7))
    high = float(np.clip(0.5 * peak, max(limits.high_min, median + HIGH_NOISE * noise), limits.high_max))
    low = float(np.clip(0.55 * high, max(limits.low_min, median + LOW_NOISE * noise), limits.low_max))
    return high, low
