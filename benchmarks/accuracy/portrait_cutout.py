"""The truth of the busy-background suite: a plain-wall portrait cut out without the engine.

The suite (:mod:`benchmarks.accuracy.synth_portrait`) pastes plain-wall portraits onto busy
backgrounds and scores the engine's person against the cut-out. Had the cut-out been made with
the engine's own face detector and backdrop mask, a change to the engine would move the truth
along with the thing it measures (and a rewrite would break the imports). So this module is a
matte of its own, which reads the file with the safe loader and nothing else of ``wizard``.

A plain wall makes that easy at the source resolution: the wall's colour is fitted to the top
rows and the upper side columns, a pixel is wall when it is close to that colour (how close
follows the wall's own noise), the person is the non-wall region standing on the bottom edge
with its holes filled, and the edge is re-estimated by colour (:func:`edge_alpha`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from wizard.imaging.load import load_image

BORDER_SHARE = 0.06  # the wall sample: bands this share of the short side, sides down to 2/3 of the height
WALL_LEFT_MIN = 0.5  # share of the sample left once the person is taken out: less, and there is no wall to read
WALL_SHARE_MIN = 0.95  # share of that within WALL_DELTA_MAX of the fitted wall: less, and the wall is not plain
WALL_DELTA_MIN = 5.0  # ΔE: tightest wall threshold (a studio wall varies by ~1)
WALL_DELTA_MAX = 16.0  # ΔE: loosest, for a phone photo of a rough wall
WALL_DELTA_NOISE = 3.0  # wall threshold = this many times the wall's 95th-percentile residual
WHITE_WALL_MIN = 225  # every RGB channel of the wall's median at least this: a white wall
TRIM_MIN, TRIM_FACTOR, TRIM_ROUNDS = 8.0, 3.0, 4  # the wall fit drops sample pixels this far off (a shoulder)
EDGE_BAND_ROWS = 130  # edge band = picture height / this: JPEG smears colour over 2-3 px at 500 rows
EDGE_CONTRAST_MIN = 30.0  # RGB distance of wall and person colour below which the edge is feathered instead
UNMIX_FLOOR = 0.15  # as the engine's on_white: below this share un-mixing amplifies noise


@dataclass(frozen=True)
class CutOut:
    """A plain-wall portrait and the person's share of each of its pixels."""

    name: str
    rgb: np.ndarray  # H×W×3 uint8, upright as the loader gives it
    alpha: np.ndarray  # H×W float32 in 0..1
    on_white: np.ndarray  # the portrait as a perfect engine would give it: the person on #FFFFFF


def load_cut_out(path: Path) -> CutOut | None:
    """The portrait at ``path`` cut out; None when the file is absent or its wall is not plain."""
    if not path.exists():
        return None
    rgb = load_image(path).rgb
    alpha = plain_wall_alpha(rgb)
    if alpha is None:
        return None
    return CutOut(path.name, rgb, alpha, composite(rgb, alpha, np.full_like(rgb, 255)))


def plain_wall_alpha(rgb: np.ndarray) -> np.ndarray | None:
    """The person's soft share of every pixel: a hard wall/person mask, its edge re-estimated by colour."""
    person = person_mask(rgb)
    return None if person is None else edge_alpha(rgb, person, edge_band(rgb.shape[0]))


def person_mask(rgb: np.ndarray) -> np.ndarray | None:
    """Hard person mask: the non-wall region on the bottom edge, holes filled; None on a wall that is not plain.

    Twice: a light shoulder reaching into the side columns bends the first wall fit towards it
    (on plain_white_bg_man_curlyhair the fitted wall turns jacket-grey and a notch is cut into
    the jacket), so the second fit leaves out the first cut-out's person and a margin round it.
    What is left of the sample must be most of it, and nearly all of that must fit the wall:
    on a busy picture the "person" covers the sample, or the rest is no one colour.
    """
    colour, sample = lab(rgb), wall_sample(rgb.shape[:2])
    first, _ = cut_once(rgb, colour, sample)
    side = 2 * edge_band(rgb.shape[0]) + 1
    clear = sample & (cv2.dilate(first.astype(np.uint8), np.ones((side, side), np.uint8)) == 0)
    if clear.sum() <= WALL_LEFT_MIN * sample.sum():
        return None
    person, plain = cut_once(rgb, colour, clear)
    return person if plain >= WALL_SHARE_MIN else None


def cut_once(rgb: np.ndarray, colour: np.ndarray, sample: np.ndarray) -> tuple[np.ndarray, float]:
    """The person as all that is not wall-coloured and joined to the top or side edges, given where wall is.

    Also returns the share of ``sample`` within WALL_DELTA_MAX of the fitted wall: how plain it is.
    """
    surface, used = wall_surface(colour, sample)
    distance = np.linalg.norm(colour - surface, axis=2)
    delta = wall_delta(distance[sample][used])
    like_wall = distance < delta
    if np.median(rgb[sample], axis=0).min() >= WHITE_WALL_MIN:
        # The fit sees the upper part only; lower down a shadow on a white wall strays from it
        # but keeps the wall's flat colour (plain_white_bg_woman_long_braid, the lower right).
        like_wall |= np.linalg.norm(colour - np.median(colour[sample][used], axis=0), axis=2) < delta
    # Single pixels of JPEG noise on the wall would otherwise cut the wall into pieces.
    like_wall = cv2.morphologyEx(like_wall.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    wall = _touching(like_wall, sides=("top", "left", "right"), connectivity=4)
    return fill_holes(standing_region(~wall)), float(np.mean(distance[sample] < WALL_DELTA_MAX))


def lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB on OpenCV's 8-bit scale, as float32: the space in which "close to the wall" is measured."""
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB).astype(np.float32)


def wall_sample(shape: tuple[int, int]) -> np.ndarray:
    """The top rows and the upper two thirds of the side columns: wall in a head-and-shoulders portrait.

    The engine reads its backdrop from the same band (``background.border_region``); this copy is
    deliberate: the truth must not change when the engine it measures does.
    """
    h, w = shape
    band = max(2, int(BORDER_SHARE * min(h, w)))
    sample = np.zeros((h, w), bool)
    sample[:band] = True
    sample[: 2 * h // 3, :band] = True
    sample[: 2 * h // 3, w - band :] = True
    return sample


def wall_surface(colour: np.ndarray, sample: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The wall's Lab colour everywhere, a quadratic in x and y fitted to the wall pixels of ``sample``.

    Real walls are lit unevenly (a lamp on one side, vignetting): one colour would call the
    corners "not wall". Hair or a shoulder reaching into the sample bends the fit towards it,
    so round by round the pixels far from the surface are dropped and the rest fitted again.
    The first fit takes the whole sample: one from the pixels near the median colour alone
    keeps only the bright half of a wall lit from one side. Returns the surface and which
    sample pixels it kept.
    """
    h, w = colour.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w]
    u, v = xs / max(1, w - 1), ys / max(1, h - 1)
    terms = np.stack([np.ones_like(u), u, v, u * u, u * v, v * v], axis=-1).astype(np.float32)
    inside, known = terms[sample], colour[sample]
    used = np.ones(len(known), bool)
    for _ in range(TRIM_ROUNDS):
        coefficients, *_ = np.linalg.lstsq(inside[used], known[used], rcond=None)
        keep = _near(np.linalg.norm(known - inside @ coefficients, axis=1))
        if keep.sum() < 16 or np.array_equal(keep, used):
            break
        used = keep
    return terms @ coefficients.astype(np.float32), used


def _near(residual: np.ndarray) -> np.ndarray:
    return residual < max(TRIM_MIN, TRIM_FACTOR * float(np.median(residual)))


def wall_delta(residual: np.ndarray) -> float:
    """ΔE under which a pixel is wall: tight on a clean studio wall, loose on a rough one.

    A fixed ΔE 16 suits a phone photo of a wall, but on a clean beige studio wall it takes a
    white sleeve for wall (plain_beige_bg_woman_bangs): the sleeve is ΔE ~12 away, the wall ~1.
    """
    return float(np.clip(WALL_DELTA_NOISE * np.percentile(residual, 95), WALL_DELTA_MIN, WALL_DELTA_MAX))


def standing_region(mask: np.ndarray) -> np.ndarray:
    """The largest 8-connected part of ``mask`` on the bottom edge (the largest of all when none is).

    A sitter's body runs off the bottom of a portrait; a speck of wall texture or a watermark
    in a corner does not, or is smaller.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if count <= 1:
        return mask.copy()
    area = stats[1:, cv2.CC_STAT_AREA].astype(np.int64)
    standing = np.isin(np.arange(1, count), labels[-1])
    if standing.any():
        area = np.where(standing, area, -1)
    return labels == 1 + int(np.argmax(area))


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """``mask`` with every enclosed hole filled: a white shirt on a white wall is still the person."""
    return mask | ~_touching(~mask, sides=("top", "bottom", "left", "right"), connectivity=4)


def _touching(mask: np.ndarray, sides: tuple[str, ...], connectivity: int) -> np.ndarray:
    """The parts of ``mask`` connected to any of the named edges of the picture."""
    _, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=connectivity)
    edges = {"top": labels[0], "bottom": labels[-1], "left": labels[:, 0], "right": labels[:, -1]}
    found = np.unique(np.concatenate([edges[side] for side in sides]))
    return np.isin(labels, found[found != 0]) & mask


def edge_alpha(rgb: np.ndarray, person: np.ndarray, band: int) -> np.ndarray:
    """Alpha within ``band`` pixels of the hard mask's edge: where the pixel lies between wall and person colour.

    A ramp over a fixed ΔE range would count a pixel a quarter dark hair and three quarters red
    wall as all person, and the ID photos' red or blue fringe would be pasted onto the new
    background. Projecting the pixel on the line from the local wall colour to the local person
    colour gives its share; where the two colours are alike (a white shirt on a white wall)
    there is no line, and a feathered hard mask is used instead.
    """
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band + 1, 2 * band + 1))
    hard = person.astype(np.uint8)
    inner = cv2.erode(hard, kernel) > 0  # the picture's edge counts as person here: shoulders reach it
    outer = cv2.dilate(hard, kernel) == 0
    colour = rgb.astype(np.float32)
    wall, body = local_mean(colour, outer, 2 * band), local_mean(colour, inner, 2 * band)
    span = body - wall
    length2 = (span**2).sum(axis=2)
    share = np.clip(((colour - wall) * span).sum(axis=2) / np.maximum(length2, 1.0), 0.0, 1.0)
    feathered = cv2.GaussianBlur(person.astype(np.float32), (0, 0), band / 2)
    alpha = np.where(length2 > EDGE_CONTRAST_MIN**2, share, feathered)
    return np.where(inner, 1.0, np.where(outer, 0.0, alpha)).astype(np.float32)


def local_mean(colour: np.ndarray, where: np.ndarray, radius: int) -> np.ndarray:
    """The mean colour of the ``where`` pixels within ``radius`` of each pixel (the pixel itself where there are none).

    A box, not a Gaussian: the same for this purpose and ten times faster on the 3 MP portrait.
    """
    size = (2 * radius + 1, 2 * radius + 1)
    weight = where.astype(np.float32)
    spread = cv2.blur(weight, size)[..., None]
    total = cv2.blur(colour * weight[..., None], size)
    return np.where(spread > 1e-3, total / np.maximum(spread, 1e-3), colour)


def edge_band(height: int) -> int:
    return max(3, round(height / EDGE_BAND_ROWS))


def composite(portrait: np.ndarray, alpha: np.ndarray, background: np.ndarray) -> np.ndarray:
    """``alpha·F + (1 − alpha)·background``, F the portrait with its old wall un-mixed from the edge.

    An edge pixel of the portrait is part wall; pasted as it is, it would draw a red or blue
    fringe of the old wall into the truth. It is un-mixed as the engine's ``on_white`` does it,
    the old wall being the mean of the wall pixels nearby. The composite is the portrait where
    alpha = 1 and the background where alpha = 0.
    """
    a = alpha[..., None].astype(np.float32)
    colour = portrait.astype(np.float32)
    wall = local_mean(colour, alpha < 0.05, 2 * edge_band(portrait.shape[0]))
    person = np.clip((colour - (1.0 - a) * wall) / np.maximum(a, UNMIX_FLOOR), 0, 255)
    person = np.where(a >= 0.98, colour, person)
    out = a * person + (1.0 - a) * background.astype(np.float32)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)

