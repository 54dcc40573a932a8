"""Make the background of the one-inch photo white (#FFFFFF), without a halo.

Three cases, decided from the picture's borders:

* plain (a wall, near-white or coloured or grey): the background is "colour close to the
  border's colour and connected to the border"; its edge is softened by colour distance at
  the output size, and edge pixels are un-mixed from the old colour before going on white;
* busy (room, street, flags), or a plain wall whose colour cut disagrees with the learned
  person mask: the learned mask (:mod:`wizard.imaging.person`), refined at the output's size
  and un-mixed the same way;
* busy where the person still touches the border after segmentation: no output, the user
  is asked to retake against a plain wall.

Masks are float32 "person" shares in 0..1 (1 = person).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

SMALL_SIDE = 320  # long side of the copy the backdrop is read and the wall's colour cut on
SURFACE_ROUNDS = 4  # trimmed refits of the wall surface; two or three usually settle it
SURFACE_TRIM_MIN = 8.0  # ΔE: border pixels this close to the fitted wall are never dropped from the fit
SURFACE_TRIM_FACTOR = 3.0  # drop border pixels farther than this many median residuals (a shoulder, a suit)


@dataclass(frozen=True)
class Backdrop:
    """What the border of the picture says about the background."""

    colour: np.ndarray  # median RGB of the border, float32
    plain: bool
    near_white: bool
    plain_share: float  # share of border pixels close to the fitted wall colour
    surface: np.ndarray  # fitted CIELAB wall colour at every pixel of the small copy


def lab(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB).astype(np.float32)


def delta_e(rgb: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """CIELAB distance (8-bit OpenCV scale) of every pixel from ``colour``."""
    reference = lab(np.clip(colour, 0, 255).astype(np.uint8).reshape(1, 1, 3))[0, 0]
    return np.linalg.norm(lab(rgb) - reference, axis=2)


def read_backdrop(rgb: np.ndarray, person_guess: np.ndarray, share_min: float, plain_delta: float) -> Backdrop:
    region = border_region(rgb.shape[:2]) & ~person_guess
    if region.sum() < 16:
        region = border_region(rgb.shape[:2])
    colour = np.median(rgb[region], axis=0).astype(np.float32)
    fitted, surface = wall_surfaces(rgb, region)
    # "Plain or busy" is decided on the untrimmed fit: a trimmed one finds some wall in the
    # majority colour of any border (the flags behind a speaker would pass as plain).
    distance = np.linalg.norm(lab(rgb)[region] - fitted[region], axis=1)
    share = float(np.mean(distance < plain_delta))
    near_white = bool(colour.min() >= 225 and share >= share_min)
    return Backdrop(colour, share >= share_min, near_white, share, surface)


def border_region(shape: tuple[int, int]) -> np.ndarray:
    h, w = shape
    band = max(2, int(0.06 * min(h, w)))
    region = np.zeros((h, w), bool)
    region[:band] = True
    region[: 2 * h // 3, :band] = True
    region[: 2 * h // 3, w - band :] = True
    return region


def wall_surfaces(rgb: np.ndarray, region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The wall's CIELAB colour everywhere, as quadratic surfaces fitted to ``region``: plain and trimmed.

    Real walls are lit unevenly (a lamp on one side, vignetting): one colour would call
    the corners "not wall"; a smooth surface follows the light and still not the person.
    The trimmed fit drops border pixels far from the surface and fits again: a shoulder or
    a dark suit reaching into the border band would otherwise bend the surface towards it,
    and the wall beside the shoulder, now "far from the wall colour", would be kept as
    person (a grey patch left on the white photo).
    """
    h, w = rgb.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w]
    u, v = xs / max(1, w - 1), ys / max(1, h - 1)
    terms = np.stack([np.ones_like(u), u, v, u * u, u * v, v * v], axis=-1)
    inside, known = terms[region], lab(rgb)[region]
    coefficients, *_ = np.linalg.lstsq(inside, known, rcond=None)
    first, used = coefficients, np.ones(len(known), bool)
    for _ in range(SURFACE_ROUNDS):
        residual = np.linalg.norm(known - inside @ coefficients, axis=1)
        keep = residual < max(SURFACE_TRIM_MIN, SURFACE_TRIM_FACTOR * float(np.median(residual)))
        if keep.sum() < 16 or np.array_equal(keep, used):
            break
        used = keep
        coefficients, *_ = np.linalg.lstsq(inside[used], known[used], rcond=None)
    return (terms @ first).astype(np.float32), (terms @ coefficients).astype(np.float32)


def plain_person_mask(rgb: np.ndarray, backdrop: Backdrop, plain_delta: float) -> np.ndarray:
    """Person = everything not background-coloured-and-connected-to-the-border (hard mask)."""
    distance = np.linalg.norm(lab(rgb) - backdrop.surface, axis=2)
    like_wall = distance < plain_delta
    if backdrop.near_white:
        # Window frames and shadows on a light wall stray from the fitted surface but keep
        # the wall's colour: the finished-photo check would (rightly) call them leftover wall.
        like_wall |= delta_e(rgb, backdrop.colour) < plain_delta
    like_wall = like_wall.astype(np.uint8)
    like_wall = cv2.morphologyEx(like_wall, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    _, labels = cv2.connectedComponents(like_wall, connectivity=4)
    edge_labels = set(np.unique(labels[0])) | set(np.unique(labels[:, 0])) | set(np.unique(labels[:, -1]))
    wall = np.isin(labels, [lab_ for lab_ in edge_labels if lab_ != 0]) & (like_wall > 0)
    person = ~wall
    return _largest_blob(person)


def _largest_blob(person: np.ndarray) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(person.astype(np.uint8), connectivity=8)
    if count <= 1:
        return person
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    blob = labels == biggest
    # Fill holes (a white shirt on a white wall is still the person).
    holes = ~blob
    count, labels = cv2.connectedComponents(holes.astype(np.uint8), connectivity=4)
    outside = set(np.unique(labels[0])) | set(np.unique(labels[-1])) | set(np.unique(labels[:, 0]))
    outside |= set(np.unique(labels[:, -1]))
    return blob | (holes & ~np.isin(labels, list(outside)))


def soft_alpha(person: np.ndarray, rgb: np.ndarray, backdrop: Backdrop | None, feather: float) -> np.ndarray:
    """A float alpha at ``rgb``'s size from a (scaled-up) hard mask, softened at the edge only."""
    alpha = cv2.GaussianBlur(person.astype(np.float32), (0, 0), feather)
    if backdrop is not None and backdrop.plain:
        # In the edge band, let colour distance from the nearby wall decide: hair strands stay sharp.
        wall = np.clip(local_background(rgb, alpha), 0, 255).astype(np.uint8)
        distance = np.linalg.norm(lab(rgb) - lab(wall), axis=2)
        by_colour = np.clip((distance - 6.0) / 18.0, 0.0, 1.0)
        band = (alpha > 0.02) & (alpha < 0.98)
        alpha = np.where(band, by_colour * np.clip(alpha * 1.5, 0, 1), alpha)
    return alpha.astype(np.float32)


def on_white(rgb: np.ndarray, alpha: np.ndarray, old_background: np.ndarray) -> np.ndarray:
    """Composite on #FFFFFF after un-mixing the old background from edge pixels (no halo).

    A pixel at the person's edge is ``a·F + (1−a)·B``; we recover ``F`` with the old background
    ``B`` (a colour or a per-pixel estimate), then write ``a·F + (1−a)·255``.
    """
    a = alpha[..., None]
    colour = rgb.astype(np.float32)
    safe = np.maximum(a, 0.15)  # below this the un-mixing amplifies noise; those pixels are mostly white anyway
    person = np.clip((colour - (1.0 - a) * old_background) / safe, 0, 255)
    person = np.where(a >= 0.98, colour, person)
    out = a * person + (1.0 - a) * 255.0
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def local_background(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Per-pixel estimate of the old background near the person: blur of background-only pixels."""
    weight = (alpha < 0.05).astype(np.float32)
    sigma = max(3.0, rgb.shape[0] / 40)
    spread = cv2.GaussianBlur(weight, (0, 0), sigma)[..., None]
    total = cv2.GaussianBlur(rgb.astype(np.float32) * weight[..., None], (0, 0), sigma)
    fallback = rgb.astype(np.float32)
    return np.where(spread > 1e-3, total / np.maximum(spread, 1e-3), fallback)


def remove_spill(rgb: np.ndarray, alpha: np.ndarray, wall: np.ndarray, width: int = 3) -> np.ndarray:
    """Take a coloured wall's tint out of the person's outline (a red or blue rim round the hair).

    Light from a saturated wall tints the hair and shoulders along their edge, inside the mask,
    where un-mixing cannot reach. Within ``width`` pixels of the edge, the part of each pixel's
    chroma (CIELAB a, b) that points towards the wall's hue, beyond what the person's colour a
    little further in already has, is removed.
    """
    wall_lab = lab(np.clip(wall, 0, 255).astype(np.uint8).reshape(1, 1, 3))[0, 0]
    hue = wall_lab[1:] - 128.0
    if float(np.linalg.norm(hue)) < 20.0:  # a grey or white wall tints nothing
        return rgb
    hue /= np.linalg.norm(hue)
    inside = (alpha > 0.5).astype(np.uint8)
    depth = cv2.distanceTransform(inside, cv2.DIST_L2, 3)
    rim = (depth > 0) & (depth <= width)
    colour = lab(rgb)
    towards = (colour[..., 1:] - 128.0) @ hue
    inner = (depth > width) & (depth <= 3 * width)
    usual = float(np.median(towards[inner])) if inner.any() else 0.0
    spill = np.where(rim, np.clip(towards - max(usual, 0.0), 0.0, None), 0.0)
    colour[..., 1:] -= spill[..., None] * hue
    fixed = cv2.cvtColor(np.clip(colour, 0, 255).astype(np.uint8), cv2.COLOR_LAB2RGB)
    return np.where(rim[..., None], fixed, rgb)
