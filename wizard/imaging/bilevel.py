"""A text page as a black-and-white PNG: the format that keeps the most print in 100 KB.

A page of print on white paper, once its paper is white (:func:`wizard.imaging.page.scan_look`),
needs one bit a pixel; PNG's compression of long white runs then holds two to four times the
pixels a greyscale JPEG does in the same bytes, and every stroke keeps a clean edge instead of
JPEG's ringing. The threshold is the page's own (Otsu's, between paper and print); the largest
size that fits the byte limit is found by halving the interval of scales.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from wizard.imaging.encode import Encoded

MIN_SIDE = 200


def bilevel(grey: np.ndarray) -> np.ndarray:
    """True where the page is paper (white), by Otsu's threshold of the grey page."""
    _, paper = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return paper > 0


def fit_bilevel_png(grey: np.ndarray, max_bytes: int, dpi: int) -> Encoded | None:
    """The largest black-and-white PNG of ``grey`` within ``max_bytes`` (None if even small ones are not).

    A bilevel PNG's size grows about as its scale (its bytes are the strokes' edges), so the first
    guess is the scale that ratio predicts; a few steps then close in on the largest that fits."""
    h, w = grey.shape[:2]
    data, size = _encode(grey, 1.0, dpi)
    if len(data) <= max_bytes:
        return Encoded(data, 100, size)
    low, high, best = MIN_SIDE / max(h, w), 1.0, None
    guess = 0.97 * max_bytes / len(data)
    for _ in range(5):
        scale = min(max(guess, low), high)
        data, size = _encode(grey, scale, dpi)
        if len(data) <= max_bytes:
            best, low = Encoded(data, 100, size), scale
        else:
            high = scale
        if high - low < 0.02:
            break
        guess = (low + high) / 2
    return best


def _encode(grey: np.ndarray, scale: float, dpi: int) -> tuple[bytes, tuple[int, int]]:
    h, w = grey.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = grey if scale >= 1.0 else cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    image = Image.fromarray(bilevel(small)).convert("1")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True, dpi=(dpi, dpi))
    return buffer.getvalue(), size
