"""Self-check of a replaced background: is any of the old background left inside the cut-out?

The person mask is a model's guess; where it takes in a piece of the room (a patch of bokeh
beside the shoulder, letters of a poster beside the hair, the old wall's colour as a fringe
round the head) the photo still looks white at its edges, so the whole-background check
cannot see it. Such a patch is where the mask is not sure: here every pixel the photo keeps
as person outside the mask's sure core is compared with the colours of that core (the
person) and with the colours of the old background around it; a sizeable patch that matches
the background clearly better than the person is reported, in words, instead of being
passed silently.
"""

from __future__ import annotations

import cv2
import numpy as np

PALETTE = 6  # colours per side: hair, skin, clothes … against walls, furniture, light
SAMPLES = 2500  # pixels drawn per side for the palettes (enough for six colours, fast)
SURE = 0.95  # alpha above which a pixel is surely the person (the palette of the person)
GONE = 0.05  # alpha below which a pixel is surely background (the palette of the old background)
KEPT = 0.25  # alpha from which a pixel visibly shows in the photo (a grey smear on white)
SOLID = 0.85  # alpha of the person's solid body
GHOST_DISTANCE = 0.027  # share of the photo's width (8 px of 295) beyond which a see-through pixel is no edge
MATCH_FACTOR = 0.5  # a pixel "is background" when it is this much closer to the background palette …
MATCH_MAX = 12.0  # … and within this ΔE of a background colour
RING = 6  # px: the bands inside and outside the outline compared by hair_wall_contrast
OUTER = 0.07  # share of the photo's width (20 px of 295): the person's outer layer searched for foreign colour
FOREIGN_DELTA = 40.0  # ΔE from every colour of the person's body beyond which a colour is not the person's


def leftover_share(source: np.ndarray, alpha: np.ndarray, face_box) -> float:
    """Share of the photo covered by the largest kept patch that looks like the old background.

    ``source`` is the frame before whitening (RGB, the output's size), ``alpha`` the person's
    share used to whiten it, ``face_box`` the face in the same pixels (never suspected).
    """
    colour = cv2.cvtColor(np.ascontiguousarray(source), cv2.COLOR_RGB2LAB).astype(np.float32)
    core = cv2.erode((alpha > SURE).astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    background = alpha < GONE
    if core.sum() < 200 or background.sum() < 0.03 * alpha.size:
        return 0.0  # nothing to compare with: a photo that fills the frame, or a broken mask
    to_person = _distance_to_palette(colour, colour[core])
    to_background = _distance_to_palette(colour, colour[background])
    suspect = (alpha > KEPT) & ~core & (to_background < MATCH_FACTOR * to_person) & (to_background < MATCH_MAX)
    suspect &= ~_face_region(alpha.shape, face_box)
    suspect = cv2.morphologyEx(suspect.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(suspect, connectivity=8)
    if count <= 1:
        return 0.0
    return float(stats[1:, cv2.CC_STAT_AREA].max()) / alpha.size


def foreign_share(source: np.ndarray, alpha: np.ndarray, face_box) -> float:
    """Share of the photo covered by the largest solid patch of the person's outer layer whose colour
    is found nowhere in the person's body further in.

    A mask that took in a piece of the room with confidence (a magenta disc wedged between hair
    and shoulder) is solid there, so neither the edge nor the room's palette gives it away: it is
    its own colour, and the person has no such colour. Hair, skin and clothes at the outline have
    their colours deeper in as well; a thin mixed edge is removed by an opening before measuring.
    """
    solid = (alpha > 0.5).astype(np.uint8)
    depth = cv2.distanceTransform(solid, cv2.DIST_L2, 3)
    reach = OUTER * alpha.shape[1]
    body = (alpha > SURE) & (depth > reach)
    if np.count_nonzero(body) < 200:
        return 0.0
    colour = cv2.cvtColor(np.ascontiguousarray(source), cv2.COLOR_RGB2LAB).astype(np.float32)
    foreign = (solid > 0) & (depth <= reach) & ~_face_region(alpha.shape, face_box)
    foreign[foreign] = _nearest(colour[foreign], _palette(colour[body], 8)) > FOREIGN_DELTA
    foreign = cv2.morphologyEx(foreign.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(foreign, connectivity=8)
    return 0.0 if count <= 1 else float(stats[1:, cv2.CC_STAT_AREA].max()) / alpha.size


def ghost_share(alpha: np.ndarray) -> float:
    """Share of the photo that is half see-through and far from the person's solid body.

    Hair and edges are half see-through within a few pixels of the body; a wide grey smear
    of it further out is the old background (a blurred person or flag behind) kept by a mask
    that was unsure: on white it shows as a grey veil.
    """
    body = (alpha > SOLID).astype(np.uint8)
    if not body.any():
        return 0.0
    away = cv2.distanceTransform(1 - body, cv2.DIST_L2, 3) > GHOST_DISTANCE * alpha.shape[1]
    veil = (alpha > KEPT * 0.6) & (alpha <= SOLID) & away
    return float(np.count_nonzero(veil)) / alpha.size


def hair_wall_contrast(source: np.ndarray, alpha: np.ndarray, top_row: int) -> float:
    """CIELAB distance (8-bit scale) between the hair just inside the person's outline and the old
    background just outside it, above ``top_row`` (the eyes): how well the two can be told apart.

    Dark hair on a dark wall (or fair hair on a beige one) cannot be cut cleanly by any mask: the
    edge then keeps a soft ring of the old background, grey on white. A low contrast is the risk
    itself, said before the user finds the ring.
    """
    solid = (alpha >= 0.5).astype(np.uint8)
    kernel = np.ones((3, 3), np.uint8)
    inner = (solid - cv2.erode(solid, kernel, iterations=RING)).astype(bool)
    outer = (cv2.dilate(solid, kernel, iterations=2 * RING) - cv2.dilate(solid, kernel, iterations=RING)).astype(bool)
    above = np.zeros(alpha.shape, bool)
    above[: max(0, top_row)] = True
    if not (inner & above).any() or not (outer & above).any():
        return float("inf")  # no head outline above the eyes inside the frame: nothing to compare
    colour = cv2.cvtColor(np.ascontiguousarray(source), cv2.COLOR_RGB2LAB).astype(np.float32)
    hair, wall = np.median(colour[inner & above], axis=0), np.median(colour[outer & above], axis=0)
    return float(np.linalg.norm(hair - wall))


def _distance_to_palette(colour: np.ndarray, samples: np.ndarray, palette: int = PALETTE) -> np.ndarray:
    """Every pixel's ΔE to the nearest of a few colours that stand for ``samples``."""
    return _nearest(colour.reshape(-1, 3), _palette(samples, palette)).reshape(colour.shape[:2])


def _palette(samples: np.ndarray, palette: int) -> np.ndarray:
    """A few colours (k-means centres) that stand for ``samples``."""
    rng = np.random.default_rng(0)  # the same photo gives the same answer
    if len(samples) > SAMPLES:
        samples = samples[rng.choice(len(samples), SAMPLES, replace=False)]
    k = min(palette, len(samples))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    cv2.setRNGSeed(0)
    _, _, centres = cv2.kmeans(np.ascontiguousarray(samples), k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    return centres


def _nearest(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    flat = points.reshape(-1, 1, 3) - centres.reshape(1, -1, 3)
    return np.sqrt((flat * flat).sum(axis=2)).min(axis=1)


def _face_region(shape: tuple[int, int], face_box) -> np.ndarray:
    x, y, w, h = face_box
    region = np.zeros(shape, bool)
    region[max(0, int(y)) : max(0, int(y + h)), max(0, int(x)) : max(0, int(x + w))] = True
    return region
