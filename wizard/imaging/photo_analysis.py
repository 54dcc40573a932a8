"""The expensive part of the one-inch photo, done once per picture and cached.

Face detection, the backdrop reading and the person mask do not depend on the crop box or
on the background choice, so a user who moves the frame or switches background
replacement off gets a new photo without them being computed again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import cv2
import numpy as np

from wizard.findings import Finding, error
from wizard.imaging.background import (
    SMALL_SIDE,
    Backdrop,
    grabcut_person_mask,
    plain_person_mask,
    read_backdrop,
)
from wizard.imaging.face import Face, scan_faces
from wizard.imaging.load import LoadedImage
from wizard.imaging.photo_geometry import Head
from wizard.rules import RulePack

FIELD = "attachments.photo"
_CACHE: OrderedDict[tuple, Analysis] = OrderedDict()
_CACHE_SIZE = 4


@dataclass(frozen=True)
class Analysis:
    """What the picture holds, in the pixels of ``rgb`` (the rotated, possibly draft-scaled picture)."""

    rgb: np.ndarray
    findings: list[Finding]  # blocking problems found here (no face, two faces, face cut …)
    face: Face | None = None
    head: Head | None = None
    backdrop: Backdrop | None = None
    person_small: np.ndarray | None = None  # hard person mask on the small copy
    small_scale: float = 1.0  # small copy pixels per ``rgb`` pixel
    head_touches_top: bool = False


def analyse(image: LoadedImage, rules: RulePack, rotation: int) -> Analysis:
    """The cached analysis of ``image`` turned by ``rotation`` quarter turns clockwise."""
    key = (str(image.path), image.source_size, image.scale, id(image.rgb), rotation)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    rgb = np.rot90(image.rgb, k=-rotation) if rotation else image.rgb
    result = _analyse(np.ascontiguousarray(rgb), image, rules)
    _CACHE[key] = result
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _analyse(rgb: np.ndarray, image: LoadedImage, rules: RulePack) -> Analysis:
    scan = scan_faces(rgb)
    if len(scan.faces) > 1:
        return Analysis(rgb, [error("photo.many_faces", FIELD, count=len(scan.faces))])
    if not scan.faces:
        code = "photo.face_cut" if scan.cut else "photo.no_face"
        found = [error(code, FIELD)]
        if image.grey:
            found.append(error("photo.greyscale", FIELD))
        return Analysis(rgb, found)
    face = scan.faces[0]
    if _face_at_side(face, rgb.shape[1]):
        return Analysis(rgb, [error("photo.face_cut", FIELD)], face=face)
    return _with_background(rgb, face, rules)


def _face_at_side(face: Face, width: int) -> bool:
    x, _, w, _ = face.box
    return x < 0.02 * w or x + w > width - 0.02 * w


def _with_background(rgb: np.ndarray, face: Face, rules: RulePack) -> Analysis:
    scale = min(1.0, SMALL_SIDE / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    box = tuple(v * scale for v in face.box)
    seeds = person_seeds(small.shape[:2], box, rules)
    guess = (seeds == cv2.GC_FGD) | (seeds == cv2.GC_PR_FGD)
    plain_delta = float(rules.check("photo", "plain_delta_e"))
    backdrop = read_backdrop(small, guess, float(rules.check("photo", "plain_share_min")), plain_delta)
    if backdrop.plain:
        person = plain_person_mask(small, backdrop, plain_delta) | (seeds == cv2.GC_FGD)
    else:
        person = grabcut_person_mask(small, seeds)
    head, touches = estimate_head(person, box, rules)
    head = Head(head.crown / scale, head.chin / scale, head.centre_x / scale)
    found = [error("photo.head_cut", FIELD)] if touches else []
    return Analysis(rgb, found, face, head, backdrop, person, scale, touches)


def person_seeds(shape: tuple[int, int], box, rules: RulePack) -> np.ndarray:
    """GrabCut labels: border = background, inner face and neck = person, head and shoulders = likely."""
    h, w = shape
    x, y, fw, fh = box
    seeds = np.full((h, w), cv2.GC_PR_BGD, np.uint8)
    band = max(2, int(0.03 * min(h, w)))
    seeds[:band] = cv2.GC_BGD
    seeds[: 2 * h // 3, :band] = cv2.GC_BGD
    seeds[: 2 * h // 3, w - band :] = cv2.GC_BGD
    crown = y - float(rules.check("photo", "crown_factor")) * fh
    chin = y + float(rules.check("photo", "chin_factor")) * fh
    cx = x + fw / 2
    cv2.ellipse(seeds, (int(cx), int((crown + chin) / 2)), (int(0.62 * fw), int((chin - crown) / 2)),
                0, 0, 360, cv2.GC_PR_FGD, -1)
    shoulders = np.array([[cx - 0.6 * fw, chin], [cx + 0.6 * fw, chin], [cx + 1.7 * fw, h], [cx - 1.7 * fw, h]])
    cv2.fillPoly(seeds, [shoulders.astype(np.int32)], cv2.GC_PR_FGD)
    seeds[int(y + 0.2 * fh) : int(y + 0.9 * fh), int(x + 0.2 * fw) : int(x + 0.8 * fw)] = cv2.GC_FGD
    # The forehead up to the hairline is the person on every head, bald or not: anchors dark hair.
    seeds[max(0, int(y - 0.12 * fh)) : int(y + 0.2 * fh), int(x + 0.3 * fw) : int(x + 0.7 * fw)] = cv2.GC_FGD
    seeds[int(chin) : int(chin + 0.5 * fh), int(cx - 0.2 * fw) : int(cx + 0.2 * fw)] = cv2.GC_FGD
    return seeds


def estimate_head(person: np.ndarray, box, rules: RulePack) -> tuple[Head, bool]:
    """Crown from the person mask above the face (the top of the hair), chin from the face box.

    Returns the head and whether the hair reaches the top edge of the picture (head cut off).
    """
    x, y, fw, fh = box
    chin = y + float(rules.check("photo", "chin_factor")) * fh
    fallback = y - float(rules.check("photo", "crown_factor")) * fh
    columns = person[:, max(0, int(x + 0.3 * fw)) : int(x + 0.7 * fw)]
    if columns.size == 0:
        return Head(fallback, chin, x + fw / 2), False
    filled = columns.mean(axis=1) > 0.6  # hair fills the middle; curtain folds or wall texture do not
    row = int(y + 0.2 * fh)
    while row > 0 and filled[row - 1]:
        row -= 1
    # Cut off only when the top row is person across the face's width, not a wisp of wall texture.
    top_row = person[0, max(0, int(x)) : int(x + fw)]
    touches = row == 0 and top_row.size > 0 and top_row.mean() > 0.6
    crown = float(row)
    # Trust the mask only within a sane range; hats of hair beyond it mean the mask leaked.
    if not (y - 0.9 * fh <= crown <= y - 0.05 * fh):
        crown = fallback
    return Head(crown, chin, x + fw / 2), bool(touches and crown == row)
