"""The user's framing of a source picture: quarter turns and crop box, then a working copy.

Every engine of this package applies :class:`~wizard.case.model.Adjustment` the same way, so a
crop box drawn in the GUI means the same pixels to the 手写签名, 身份证 and 证明材料
engines: ``rotation`` quarter turns clockwise come first, and ``crop_box`` is given in
pixels of the turned picture at full source resolution (the loader may have decoded a
smaller draft; ``LoadedImage.scale`` converts).
"""

from __future__ import annotations

import cv2
import numpy as np

from wizard.case.model import Adjustment
from wizard.imaging.load import LoadedImage


def turned(rgb: np.ndarray, quarter_turns: int) -> np.ndarray:
    """``rgb`` turned clockwise by ``quarter_turns`` × 90°."""
    return np.ascontiguousarray(np.rot90(rgb, k=-(quarter_turns % 4)))


def framed(image: LoadedImage, adjust: Adjustment) -> np.ndarray:
    """The picture as the user framed it: turned, then cropped (in draft pixels)."""
    rgb = turned(image.rgb, adjust.rotation)
    if adjust.crop_box is None:
        return rgb
    x, y, w, h = (round(v * image.scale) for v in adjust.crop_box)
    height, width = rgb.shape[:2]
    x0, y0 = min(max(0, x), width - 1), min(max(0, y), height - 1)
    x1, y1 = min(width, max(x0 + 1, x + w)), min(height, max(y0 + 1, y + h))
    return np.ascontiguousarray(rgb[y0:y1, x0:x1])


def work_copy(rgb: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """A copy whose long side is at most ``long_side``, and its scale relative to ``rgb``.

    Analysis runs on this copy: a 12 MP phone photo holds far more pixels than finding
    ink or card edges needs, and time grows with the pixel count.
    """
    factor = min(1.0, long_side / max(rgb.shape[:2]))
    if factor == 1.0:
        return rgb, 1.0
    h, w = rgb.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), factor
