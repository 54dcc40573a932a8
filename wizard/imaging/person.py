"""The person's mask from MediaPipe Selfie Segmentation, and its edge refined at the output's size.

The model sees a 256×256 copy of a region around the head and shoulders (not the whole
picture: in a full-length photo the head would be a few pixels there). Its soft mask is
carried to any frame by one affine map, and refined where it is used, at the 295×413 of the
finished photo, by a guided filter with the photo as guide (He et al. 2013): the mask's
edge then follows hair strands and shoulders instead of the model's coarse 256 px grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from wizard.imaging import models
from wizard.imaging.face import Face

REGION_HEIGHT = 3.6  # the region's height in face heights: crown, head, neck and shoulders
REGION_ABOVE = 1.3  # of which above the face box's top
GUIDE_RADIUS = 4  # guided filter at the output: ~1.3% of 295 px, about a hair strand's blur
GUIDE_EPS = 2e-3  # regularisation: edges weaker than this (squared, 0..1 scale) are smoothed over
LOCAL_SIGMA = 5.0  # px at the output: how far around a band pixel the person's and background's colours are read
COLOUR_APART_MIN = 30.0  # RGB distance below which person and background colours cannot tell a pixel apart


@dataclass(frozen=True)
class PersonMask:
    share: np.ndarray  # 256×256 float32, the person's share of each pixel of the region
    region: tuple[float, float, float, float]  # x, y, w, h of the region in the analysed picture

    def warp_to(self, frame: tuple[float, float, float, float], size: tuple[int, int]) -> np.ndarray:
        """The share as seen in ``frame`` (x, y, w, h of the picture) scaled to ``size`` (w, h); 0 outside."""
        fx, fy, fw, fh = frame
        rx, ry, rw, rh = self.region
        side = self.share.shape[1], self.share.shape[0]
        # output pixel (u, v) → picture (fx + u·fw/W, fy + v·fh/H) → share ((X − rx)·S/rw, (Y − ry)·S/rh)
        sx, sy = side[0] / rw, side[1] / rh
        matrix = np.array([[fw / size[0] * sx, 0, (fx - rx) * sx], [0, fh / size[1] * sy, (fy - ry) * sy]])
        return cv2.warpAffine(self.share, matrix, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)


def segment_person(rgb: np.ndarray, face: Face) -> PersonMask:
    """Selfie Segmentation on the head-and-shoulders region of ``face`` in ``rgb``."""
    x, y, w, h = face.box
    height = REGION_HEIGHT * h
    top = max(0.0, y - REGION_ABOVE * h)
    bottom = min(float(rgb.shape[0]), top + height)
    left = max(0.0, x + w / 2 - height / 2)
    right = min(float(rgb.shape[1]), x + w / 2 + height / 2)
    region = rgb[int(top) : int(np.ceil(bottom)), int(left) : int(np.ceil(right))]
    share = models.person_share(region)
    return PersonMask(share, (float(int(left)), float(int(top)), float(region.shape[1]), float(region.shape[0])))


def refine(share: np.ndarray, photo: np.ndarray) -> np.ndarray:
    """The person's alpha at the photo's size: the share's edge snapped to the photo's own edges.

    First a guided filter moves the model's coarse edge onto the photo's edges. Then, in the
    band where the model is unsure, each pixel's colour is matched against the person's and
    the background's colours nearby: a pixel of background colour beside the hair (a patch
    of the old room, a fringe) goes, a strand of hair in front of it stays.
    """
    guide = cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    guided = np.clip(guided_filter(guide, share.astype(np.float32), GUIDE_RADIUS, GUIDE_EPS), 0.0, 1.0)
    sure_person = cv2.erode((guided > 0.9).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    sure_background = cv2.erode((guided < 0.1).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    band = ~sure_person & ~sure_background
    by_colour, confidence = _colour_alpha(photo.astype(np.float32), sure_person, sure_background)
    steep = np.clip((guided - 0.5) * 1.6 + 0.5, 0.0, 1.0)
    mixed = confidence * by_colour + (1 - confidence) * steep
    alpha = np.where(sure_person, 1.0, np.where(sure_background, 0.0, np.where(band, mixed, steep)))
    return (alpha * attached_to_person(alpha > 0.25)).astype(np.float32)


def attached_to_person(person: np.ndarray) -> np.ndarray:
    """The part of a mask joined to the person: the largest region and any region that reaches the
    bottom edge (shoulders); islands beside the head are pieces of the old background."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(person.astype(np.uint8), connectivity=8)
    if count <= 1:
        return person.astype(np.float32)
    keep = {1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))} | (set(np.unique(labels[-1])) - {0})
    return np.isin(labels, list(keep)).astype(np.float32)


def _colour_alpha(colour: np.ndarray, person: np.ndarray, background: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Alpha from the colours around: the pixel projected on the line from the local background colour
    to the local person colour, and how far apart those two are (0 = cannot tell, 1 = clearly apart)."""
    near_person = _local_mean(colour, person)
    near_background = _local_mean(colour, background)
    axis = near_person - near_background
    length = np.sum(axis * axis, axis=2)
    alpha = np.sum((colour - near_background) * axis, axis=2) / np.maximum(length, 1.0)
    confidence = np.clip((np.sqrt(length) - COLOUR_APART_MIN) / COLOUR_APART_MIN, 0.0, 1.0)
    return np.clip(alpha, 0.0, 1.0), confidence


def _local_mean(colour: np.ndarray, where: np.ndarray) -> np.ndarray:
    weight = where.astype(np.float32)
    spread = cv2.GaussianBlur(weight, (0, 0), LOCAL_SIGMA)[..., None]
    total = cv2.GaussianBlur(colour * weight[..., None], (0, 0), LOCAL_SIGMA)
    return total / np.maximum(spread, 1e-4)


def guided_filter(guide: np.ndarray, source: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """He, Sun and Tang's guided filter with a grey guide, by box sums (O(1) per pixel)."""
    size = (2 * radius + 1, 2 * radius + 1)

    def mean(a: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(a, cv2.CV_32F, size, borderType=cv2.BORDER_REFLECT)

    mean_i, mean_p = mean(guide), mean(source)
    var_i = mean(guide * guide) - mean_i * mean_i
    cov_ip = mean(guide * source) - mean_i * mean_p
    a = cov_ip / (var_i + eps)
    b = mean_p - a * mean_i
    return mean(a) * guide + mean(b)
