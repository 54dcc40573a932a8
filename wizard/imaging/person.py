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

from wizard.imaging import matting, models
from wizard.imaging.face import Face

REGION_HEIGHT = 3.6  # the region's height in face heights: crown, head, neck and shoulders
REGION_ABOVE = 1.3  # of which above the face box's top
GUIDE_RADIUS = 4  # guided filter at the output: ~1.3% of 295 px, about a hair strand's blur
GUIDE_EPS = 2e-3  # regularisation: edges weaker than this (squared, 0..1 scale) are smoothed over
STEEPNESS = 1.6  # the filtered share's ramp is made this much steeper around 0.5
HARD_STEEPNESS = 12.0  # … and this much where hair and wall are alike: a crisp cut, not a grey ring
SURE_ERODE = 5  # px: the sure person and sure background stay this far from the uncertain band
CHANGE_SIGMA = 2.0  # px: the colour's verdict is smoothed over about a hair strand's width
TRUST_FROM, TRUST_SPAN = 12.0, 20.0  # ΔE between nearby person and room colours: no trust … full trust


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


def refine(share: np.ndarray, photo: np.ndarray, steepness: float = STEEPNESS) -> np.ndarray:
    """The person's alpha at the photo's size: the share's edge snapped to the photo's own edges.

    A guided filter moves the model's coarse edge onto the photo's edges; the result is
    steepened (the model's own ramp is several pixels wide, a hair edge is not) and islands
    that are not joined to the person are dropped. (A colour-matting step in the uncertain
    band was tried: it scored a little better on the synthetic portraits but left specks of
    the old background along the hair of real photos, so it is not used.) Where the hair is the
    wall's colour the photo has no edge to snap to and the model's ramp would keep a ring of the
    wall, grey on white: the caller asks for :data:`HARD_STEEPNESS` there.
    """
    guide = cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    guided = guided_filter(guide, share.astype(np.float32), GUIDE_RADIUS, GUIDE_EPS)
    steep = np.clip((guided - 0.5) * steepness + 0.5, 0.0, 1.0)
    steep = by_local_colour(steep, photo)
    return (steep * attached_to_person(steep > 0.25)).astype(np.float32)


def by_local_colour(alpha: np.ndarray, photo: np.ndarray) -> np.ndarray:
    """``alpha`` in its uncertain band re-decided by the colours near each pixel (:mod:`matting`):
    a piece of the room the model took in (a disc of bokeh at the shoulder, a flag's stripe by
    the hair) has the colour of the room beside it, not of the person. Trusted only as far as the
    nearby person and room colours differ (dark hair on a dark wall: the mask's alpha stays)."""
    kernel = np.ones((SURE_ERODE, SURE_ERODE), np.uint8)
    sure_person = cv2.erode((alpha >= 0.99).astype(np.uint8), kernel) > 0
    sure_background = cv2.erode((alpha <= 0.01).astype(np.uint8), kernel) > 0
    band = ~sure_person & ~sure_background
    if not band.any() or not sure_person.any() or not sure_background.any():
        return alpha
    colour = matting.lab(photo)
    near = matting.local_colours(colour, sure_person, sure_background, band)
    by_colour, separation = matting.colour_alpha(colour, near)
    trust = np.clip((separation - TRUST_FROM) / TRUST_SPAN, 0.0, 1.0)
    # One pixel's nearest colours are noise (specks along an ear or grey hair): the change is
    # decided over a few pixels, then snapped to the photo's edges again.
    change = cv2.GaussianBlur(np.where(band, trust * (by_colour - alpha), 0.0).astype(np.float32), (0, 0), CHANGE_SIGMA)
    guide = cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    change = guided_filter(guide, change, 2, GUIDE_EPS)
    return np.clip(alpha + change, 0.0, 1.0).astype(np.float32)


def attached_to_person(person: np.ndarray) -> np.ndarray:
    """The part of a mask joined to the person: the largest region and any region that reaches the
    bottom edge (shoulders); islands beside the head are pieces of the old background."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(person.astype(np.uint8), connectivity=8)
    if count <= 1:
        return person.astype(np.float32)
    keep = {1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))} | (set(np.unique(labels[-1])) - {0})
    return np.isin(labels, list(keep)).astype(np.float32)


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
