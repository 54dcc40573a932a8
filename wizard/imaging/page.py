"""证明材料 pages as a scanner would give them: found on the desk, flattened, straightened, paper white.

An applicant photographs the certificate lying on a desk, at an angle, under a lamp. The page is
found as the card is (:func:`wizard.imaging.card_edges.find_card`, scored for the page sizes A4/A5
and US letter, any other oblong allowed when it is the only document), warped flat at the
resolution the photo gives it, and straightened by the angle of its text lines when no page edge
was seen (a scan placed askew). The "scan" look makes the paper white and the print black and
takes the lamp's shadow away: the paper's own colour is estimated under the print, as the signature
engine does it (:mod:`wizard.imaging.paper`), and divided out (:func:`scan_look`). A page that fills
the picture (a scan) is never cropped.
"""

from __future__ import annotations

import cv2
import numpy as np

from wizard.imaging.card_edges import Quad, find_card
from wizard.imaging.framing import work_copy
from wizard.imaging.outline_score import side_ratio
from wizard.imaging.paper import paper_colour, stroke_widths

PAGE_ASPECTS = (2**0.5, 11 / 8.5)  # A4 and A5 (√2), US letter
SNAP = 0.04  # a measured side ratio this close to a page size is that page size
FILLS_PICTURE = 0.9  # a page outline covering this share of the picture is the picture: a scan
# Receipts, notepads and half sheets are proof too: the page sizes are preferred, weakly. A strong
# preference cut a receipt at a text row, where the A4-shaped part of it ended.
SHAPE_FLOOR = 0.6


def find_page(rgb: np.ndarray, min_area: float) -> Quad | None:
    """The page's corners in ``rgb`` pixels, or None when no page lies inside the picture."""
    work, factor = work_copy(rgb, 1000)
    quad = find_card(work, min_area, PAGE_ASPECTS, shape_floor=SHAPE_FLOOR)
    if quad is None or cv2.contourArea(quad) > FILLS_PICTURE * work.shape[0] * work.shape[1]:
        return None
    return quad / factor


def flatten_page(rgb: np.ndarray, quad: Quad, max_side: int) -> np.ndarray:
    """The page inside ``quad`` warped flat, the way up it was photographed, at most ``max_side`` long."""
    centre = quad.mean(axis=0)
    # Half a per cent inside the outline: its edge pixels are half desk, a dark sliver on white paper.
    tl, tr, br, bl = (centre + 0.995 * (quad - centre)).astype(np.float32)
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    ratio = side_ratio(quad)
    standard = min(PAGE_ASPECTS, key=lambda a: abs(np.log(ratio / a)))
    if abs(ratio / standard - 1) <= SNAP:  # the foreshortening of a tilted phone, not the page's shape
        long_side, short_side = max(width, height), max(width, height) / standard
        width, height = (long_side, short_side) if width >= height else (short_side, long_side)
    scale = min(1.0, max_side / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    target = np.float32([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]])
    matrix = cv2.getPerspectiveTransform(np.float32([tl, tr, br, bl]), target)
    return cv2.warpPerspective(rgb, matrix, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)


def skew_angle(rgb: np.ndarray, limit: float = 5.0, step: float = 0.25) -> float:
    """The angle (degrees, counter-clockwise) that makes the text lines level: the turn whose row
    profile of ink is the most peaked (text rows and the gaps between them sharpest)."""
    small, _ = work_copy(rgb, 800)
    grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    ink = cv2.adaptiveThreshold(grey, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    if ink.mean() < 0.005:
        return 0.0
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best, best_value = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, float(angle), 1.0), (w, h))
        value = float(np.var(turned.sum(axis=1)))
        if value > best_value:
            best, best_value = float(angle), value
    return best


def deskew(rgb: np.ndarray, angle: float) -> np.ndarray:
    """``rgb`` turned by ``angle`` degrees about its centre, the corners filled with the paper's colour."""
    h, w = rgb.shape[:2]
    paper = tuple(int(v) for v in np.percentile(rgb.reshape(-1, 3), 90, axis=0))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(rgb, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper)


def scan_look(rgb: np.ndarray) -> np.ndarray:
    """Paper white, print black, no shadow: each channel divided by the paper under it.

    The paper is the signature engine's estimate (:func:`wizard.imaging.paper.paper_colour`: a
    per-channel closing a few strokes wide, which removes the print and keeps a shadow's edge as
    paper), sized to the page's boldest print. Divided out, the paper is white everywhere; the
    print is then stretched so its darkest part is black. Colour (a red seal) keeps its hue.
    """
    _pen, widest = stroke_widths(rgb)
    paper = paper_colour(rgb, widest)
    flat = cv2.divide(rgb, np.maximum(paper, 1), scale=255.0)
    dark = float(np.percentile(flat.min(axis=2)[::4, ::4], 0.5))
    white = 0.92 * 255  # paper a little darker than its surroundings still comes out white
    lut = np.clip((np.arange(256, dtype=np.float32) - dark) / max(white - dark, 1.0) * 255, 0, 255).astype(np.uint8)
    return cv2.LUT(flat, lut)
