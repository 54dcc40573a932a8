"""The expensive part of the one-inch photo, done once per picture and cached.

Face detection (YuNet), the landmarks (Face Mesh, Iris), the backdrop reading and the person
mask (Selfie Segmentation; the wall's colour where the wall is plain and both agree) do not
depend on the crop box or on the background choice, so a user who moves the frame or switches
background replacement off gets a new photo without them being computed again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

import cv2
import numpy as np

from wizard.case.findings import Finding, error
from wizard.case.rules import RulePack
from wizard.imaging.background import SMALL_SIDE, Backdrop, plain_person_mask, read_backdrop
from wizard.imaging.face import Face, scan_faces
from wizard.imaging.landmarks import FaceLandmarks, measure_face
from wizard.imaging.load import LoadedImage
from wizard.imaging.person import PersonMask, segment_person
from wizard.imaging.photo_checks import cover_findings
from wizard.imaging.photo_geometry import Head

FIELD = "attachments.photo"
OUTLINE = (10, 152, 234, 454)  # Face Mesh: top of the forehead, chin, the two cheeks
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
    landmarks: FaceLandmarks | None = None
    segment: PersonMask | None = None  # the learned person mask
    by_colour: bool = False  # the person was cut by the plain wall's colour (else by the learned mask)
    mask_agreement: float = 0.0  # IoU of the colour mask and the learned mask on a plain wall
    faces: tuple[Face, ...] = ()  # every face found, when there is more than one
    cover: tuple[Finding, ...] = ()  # a hand by the face, a face mask (found once, with the landmarks)


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
        return Analysis(rgb, [error("photo.many_faces", FIELD, count=len(scan.faces))], faces=tuple(scan.faces))
    if not scan.faces:
        found = [error("photo.no_face", FIELD)]
        if image.grey:
            found.append(error("photo.greyscale", FIELD))
        return Analysis(rgb, found)
    face = scan.faces[0]
    marks = measure_face(rgb, face) if not scan.cut else None
    cover = tuple(cover_findings(rgb, face.box, marks, rules)) if marks is not None else ()
    if marks is None or _outline_outside(marks, face, rgb.shape):
        return Analysis(rgb, [error("photo.face_cut", FIELD)], face=face, landmarks=marks, cover=cover)
    return replace(_with_background(rgb, face, marks, rules), cover=cover)


def _outline_outside(marks: FaceLandmarks, face: Face, shape: tuple[int, ...]) -> bool:
    """Whether the face's outline (forehead, chin, both cheeks) runs past the picture's edge: a cut face."""
    outline = marks.points[list(OUTLINE), :2]
    margin = 0.02 * face.box[2]
    height, width = shape[:2]
    return bool((outline[:, 0] < -margin).any() or (outline[:, 0] > width + margin).any()
                or (outline[:, 1] < -margin).any() or (outline[:, 1] > height + margin).any())


def _with_background(rgb: np.ndarray, face: Face, marks: FaceLandmarks, rules: RulePack) -> Analysis:
    scale = min(1.0, SMALL_SIDE / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    box = tuple(v * scale for v in face.box)
    segment = segment_person(rgb, face)
    learned = segment.warp_to((0, 0, rgb.shape[1], rgb.shape[0]), (small.shape[1], small.shape[0])) > 0.5
    seeds = person_seeds(small.shape[:2], box, rules)
    guess = (seeds == cv2.GC_FGD) | (seeds == cv2.GC_PR_FGD) | learned
    plain_delta = float(rules.check("photo", "plain_delta_e"))
    backdrop = read_backdrop(small, guess, float(rules.check("photo", "plain_share_min")), plain_delta)
    person, agreement = learned, 0.0
    if backdrop.plain:
        by_colour = plain_person_mask(small, backdrop, plain_delta) | (seeds == cv2.GC_FGD)
        agreement = _iou(by_colour, learned)
        if agreement >= float(rules.check("photo", "colour_mask_agreement_min")) and _head_loss(
            by_colour, learned, box, marks.chin[1] * scale
        ) <= float(rules.check("photo", "colour_mask_head_loss_max")):
            person = by_colour
    head, touches = estimate_head(person, box, marks.chin[1] * scale, rules)
    head = Head(head.crown / scale, head.chin / scale, head.centre_x / scale)
    found = [error("photo.head_cut", FIELD)] if touches else []
    return Analysis(rgb, found, face, head, backdrop, person, scale, touches, marks, segment,
                    person is not learned, round(agreement, 3))


def _head_loss(by_colour: np.ndarray, learned: np.ndarray, box, chin: float) -> float:
    """Share of the learned mask's head (crown to chin, beside the face too) that the colour cut drops:
    dark hair on a dark wall, fair hair on a beige one, which the whole-picture agreement hides."""
    x, y, fw, fh = box
    rows = slice(max(0, int(y - 0.9 * fh)), max(0, int(chin)))
    cols = slice(max(0, int(x - 0.5 * fw)), max(0, int(x + 1.5 * fw)))
    head = learned[rows, cols]
    return float(np.count_nonzero(head & ~by_colour[rows, cols])) / max(1, np.count_nonzero(head))


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    union = np.count_nonzero(a | b)
    return float(np.count_nonzero(a & b)) / union if union else 0.0


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


def estimate_head(person: np.ndarray, box, chin: float, rules: RulePack) -> tuple[Head, bool]:
    """Crown from the person mask above the face (the top of the hair), chin from the landmarks.

    Returns the head and whether the hair reaches the top edge of the picture (head cut off).
    """
    x, y, fw, fh = box
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
    # Hair at the top edge, or a head whose crown must lie above the picture: the frame cuts the head.
    cut = (touches and crown == row) or crown < -0.02 * fh
    return Head(crown, chin, x + fw / 2), bool(cut)
