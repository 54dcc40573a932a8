"""The lower face covered (a face mask): is there a mouth where Face Mesh puts one?

Face Mesh places its lips even under a mask, so its points cannot say "covered"; the pixels
there can. Every uncovered mouth has horizontal edges: the top of the upper lip, the line
between the lips, the bottom of the lower lip (and teeth, in a smile). A mask, whatever its
colour, is one smooth sheet of fabric across that place. So the measure is the strength of
horizontal edges in the mouth band, read on the mouth turned level and scaled to a fixed
width, so that it depends neither on the photo's size nor on its roll.

Colour does not work: the mask of the test photo is lit peach, as close to skin as the lower
face of half the acceptable portraits. Known limit: a pleated surgical mask has horizontal
folds of its own and is not caught (masks painted on the acceptable portraits: smooth ones
read 0.08-0.14, pleated ones 2.1-2.3; real mouths ≥ 2.8).
"""

from __future__ import annotations

import cv2
import numpy as np

MOUTH_LEFT, MOUTH_RIGHT, LIP_UPPER, LIP_LOWER = 61, 291, 13, 14  # Face Mesh points
MOUTH_PX = 64  # the mouth's width in the levelled patch
BAND = 0.35  # rows within this share of the mouth width above and below the lips' centre
MIDDLE = 5 / 8  # columns: the middle of the mouth (its corners fade into the cheeks)
SMOOTH_SIGMA = 1.5  # patch pixels: JPEG noise and skin pores are not mouth edges


def mouth_width(mesh: np.ndarray) -> float:
    """The mouth's width in the picture's pixels (below ~24 px there is too little to read)."""
    return float(np.linalg.norm(mesh[MOUTH_RIGHT, :2] - mesh[MOUTH_LEFT, :2]))


def mouth_edges(rgb: np.ndarray, mesh: np.ndarray) -> float:
    """How clearly a mouth shows where Face Mesh puts it: the median over the mouth's middle columns
    of the strongest horizontal edge in the band (CIELAB L* per patch pixel)."""
    patch = _level_mouth(rgb, mesh)
    lightness = cv2.cvtColor(patch, cv2.COLOR_RGB2LAB)[..., 0].astype(np.float32) * (100 / 255)
    lightness = cv2.GaussianBlur(lightness, (0, 0), SMOOTH_SIGMA)
    vertical = np.abs(cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3)) / 8  # Sobel's weights sum to 8
    height, width = vertical.shape
    half_band, half_middle = int(BAND * MOUTH_PX), int(MIDDLE * MOUTH_PX / 2)
    band = vertical[height // 2 - half_band : height // 2 + half_band + 1,
                    width // 2 - half_middle : width // 2 + half_middle]
    return float(np.median(band.max(axis=0)))


def _level_mouth(rgb: np.ndarray, mesh: np.ndarray) -> np.ndarray:
    """The mouth turned level (corner to corner horizontal), scaled to :data:`MOUTH_PX`, centred."""
    left, right = mesh[MOUTH_LEFT, :2], mesh[MOUTH_RIGHT, :2]
    centre = (mesh[LIP_UPPER, :2] + mesh[LIP_LOWER, :2]) / 2
    angle = float(np.degrees(np.arctan2(right[1] - left[1], right[0] - left[0])))
    scale = MOUTH_PX / max(float(np.linalg.norm(right - left)), 1.0)
    size = (int(1.6 * MOUTH_PX), int(1.2 * MOUTH_PX))
    matrix = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), angle, scale)
    matrix[:, 2] += np.array(size) / 2 - centre
    return cv2.warpAffine(np.ascontiguousarray(rgb), matrix, size,
                          flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
