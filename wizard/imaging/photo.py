"""免冠证件照: turn an everyday portrait into the 295×413, 300 dpi, white-background photo.

The engine of :data:`Slot.PHOTO`. Steps: analyse the picture once (face, eyes, backdrop,
person mask; cached, see :mod:`photo_analysis`), place the frame (head size, margin
above the head and centring from the rule pack, or the user's crop box), cut and scale
without ever enlarging, whiten the background, check the result and fit it into the
upload limit. Every problem is a finding; only an unreadable file raises.
"""

from __future__ import annotations

import cv2
import numpy as np

from wizard.case.findings import Finding, error, has_errors, info, warning
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.imaging import photo_checks as checks
from wizard.imaging import photo_marks as marks
from wizard.imaging.background import local_background, on_white, remove_spill, soft_alpha
from wizard.imaging.encode import fit_to_bytes
from wizard.imaging.load import LoadedImage
from wizard.imaging.person import HARD_STEEPNESS, STEEPNESS, refine
from wizard.imaging.photo_analysis import FIELD, Analysis, analyse
from wizard.imaging.photo_geometry import FrameBounds, frame_for_head, frame_from_box, overflow, place
from wizard.imaging.photo_leftover import foreign_share, ghost_share, hair_wall_contrast, leftover_share
from wizard.imaging.photo_text import without_words
from wizard.imaging.process import load_cached, register
from wizard.imaging.result import ProcessResult, failed

OVERSAMPLE = 1.5  # a draft-decoded picture is used when its crop has this many pixels per output pixel
SILENT_PAD = 0.01  # a frame reaching this little below the picture (edge rows repeated) needs no word


@register(Slot.PHOTO, draft_for=(1000, 1400))
def process_photo(image: LoadedImage, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
    analysis = analyse(image, rules, adjust.rotation)
    # Pose, eyes, mouth and a blurred face need no frame: said even when the photo is refused for
    # something else, so that the user hears every reason to retake it at once.
    pose = checks.pose_findings(analysis.landmarks, rules) if analysis.landmarks is not None else []
    if analysis.face is not None:
        pose += checks.source_face_findings(analysis.rgb, analysis.face.box, rules)
    pose += analysis.cover
    if has_errors(analysis.findings):
        found = list(analysis.findings) + pose + _resolution_at_best(analysis, image, rules)
        return [_refused(found, adjust, analysis, image)]
    spec = rules.slots[Slot.PHOTO]
    size = (spec.width, spec.height)
    bounds = FrameBounds.from_rules(rules, white_room=adjust.replace_background)
    frame = _frame(analysis, image, adjust, size, bounds)
    findings = pose + _frame_findings(analysis, image, frame, size, rules)
    if has_errors(findings):
        return [_refused(findings, adjust, analysis, image, frame)]
    photo, mask = _cut(analysis, image, frame, size)
    source = photo
    arm = any(f.code == "photo.hand_near_face" for f in pose)  # an arm reaching the edge is no busy room
    face_box = _face_in_frame(analysis, frame, size)
    # Hair the wall's colour (above the eyes): cut crisply, and said, since where it ends is a guess.
    contrast = hair_wall_contrast(photo, mask, int(face_box[1] + 0.4 * face_box[3]))
    alike = contrast < float(rules.check("photo", "hair_wall_contrast_min"))
    photo, person, background_found = _whiten(photo, mask, analysis, adjust, rules, alike, arm)
    inside = _rows_inside(analysis, frame, size)
    if inside < size[1]:  # continued from the finished rows, so that no old wall is smeared into the clothes
        photo[inside:] = continued_clothes(photo[:inside], size[1] - inside)
        person[inside:] = person[inside - 1]
    photo, words = without_words(photo, face_box, rules)
    result_findings, metrics = _check(photo, person, analysis, frame, face_box, bounds, rules)
    result_findings += words
    metrics["hair_wall_contrast"] = round(contrast, 1)
    if adjust.replace_background:  # the user already asked for white: say what is left to do
        result_findings = [_after_replacing(f) for f in result_findings]
    if adjust.replace_background and not has_errors(background_found):
        result_findings += _leftover(source, person, analysis, face_box, alike, rules, metrics)
    findings += background_found + result_findings
    metrics.update(_face_metrics(analysis, image))
    source_box = tuple(round(v / image.scale) for v in frame)
    metrics["crop_box"] = list(source_box)
    used = adjust.model_copy(update={"crop_box": source_box})
    if has_errors(findings):  # no file, but the picture is kept so that what is wrong can be shown
        shown = marks.outline(photo, _patch_to_mark(findings, photo, person, analysis, rules))
        return [ProcessResult(b"", findings, metrics, used, size, extra={"pixels": shown})]
    encoded = fit_to_bytes(photo, rules.upload.max_bytes, spec.dpi)
    metrics.update(bytes=len(encoded.data), quality=encoded.quality)
    return [ProcessResult(encoded.data, findings, metrics, used, encoded.size, extra={"pixels": photo})]


def _refused(findings: list[Finding], adjust: Adjustment, analysis: Analysis, image: LoadedImage,
             frame=None) -> ProcessResult:
    """A refusal before anything was cut: the picture itself, with what is wrong drawn on it."""
    result = failed(findings, adjust, **_face_metrics(analysis, image))
    result.extra["pixels"] = marks.mark_source(analysis, findings, frame)
    return result


def _patch_to_mark(findings: list[Finding], photo, person, analysis: Analysis, rules: RulePack):
    if not any(f.code == "photo.background_patch" for f in findings):
        return None
    old_wall = analysis.backdrop.colour if analysis.backdrop.plain else None
    return checks.background_patch_region(photo, person, rules, old_wall, analysis.by_colour)


def _frame(analysis: Analysis, image: LoadedImage, adjust: Adjustment, size, bounds) -> tuple:
    aspect = size[0] / size[1]
    if adjust.crop_box is not None:
        box = tuple(v * image.scale for v in adjust.crop_box)
        return frame_from_box(box, aspect)
    limits = (analysis.rgb.shape[1], analysis.rgb.shape[0])
    return frame_for_head(analysis.head, aspect, bounds, limits)


def _frame_findings(analysis: Analysis, image: LoadedImage, frame, size, rules: RulePack) -> list[Finding]:
    """Resolution (never enlarge) and a frame that would need invented pixels below the picture."""
    found = []
    source_height = frame[3] / image.scale
    if source_height < size[1] * float(rules.check("photo", "min_source_scale")):
        found.append(error("photo.resolution_low", FIELD, length=round(source_height), min=size[1]))
    elif source_height < size[1] - 0.5:
        percent = max(1, int(np.ceil(100 * (size[1] / source_height - 1))))
        found.append(info("photo.upscaled", FIELD, length=round(source_height), min=size[1], percent=percent))
    limits = (analysis.rgb.shape[1], analysis.rgb.shape[0])
    below = overflow(frame, limits)["bottom"] / frame[3]
    if below > float(rules.check("photo", "body_extend_max")) + 0.005:
        found.append(error("photo.frame_short", FIELD))
    elif below > SILENT_PAD:
        found.append(info("photo.body_extended", FIELD, percent=round(100 * below)))
    return found


def _resolution_at_best(analysis: Analysis, image: LoadedImage, rules: RulePack) -> list[Finding]:
    """For a photo refused before any frame: too few pixels even for the largest head the bounds allow."""
    if analysis.head is None:
        return []
    spec = rules.slots[Slot.PHOTO]
    height = analysis.head.height / float(rules.check("photo", "head_ratio_max")) / image.scale
    if height < spec.height * float(rules.check("photo", "min_source_scale")):
        return [error("photo.resolution_low", FIELD, length=round(height), min=spec.height)]
    return []


def _cut(analysis: Analysis, image: LoadedImage, frame, size) -> tuple[np.ndarray, np.ndarray]:
    """The frame's pixels at the output size, and the person mask cut the same way."""
    picture, factor = analysis.rgb, 1.0
    if image.scale < 1.0 and frame[3] < OVERSAMPLE * size[1]:
        full = load_cached(image.path)  # the draft has too few pixels here: use the full decode
        picture = np.rot90(full.rgb, k=-_rotation(analysis, full)) if analysis.rgb.shape != full.rgb.shape else full.rgb
        factor = picture.shape[1] / analysis.rgb.shape[1]
    scaling = cv2.INTER_CUBIC if frame[3] * factor < size[1] else cv2.INTER_AREA  # enlarging a few % at most
    photo = _crop_resized(picture, tuple(v * factor for v in frame), size, scaling)
    if not analysis.by_colour:
        mask = analysis.segment.warp_to(frame, size)
        inside = _rows_inside(analysis, frame, size)
        if inside < size[1]:  # clothes continued below the picture: the person continues with them
            mask[inside:] = mask[inside - 1]
        return photo, mask
    small = tuple(v * analysis.small_scale for v in frame)
    mask = _crop_resized(analysis.person_small.astype(np.float32), small, size, cv2.INTER_LINEAR)
    return photo, mask


def _rows_inside(analysis: Analysis, frame, size) -> int:
    """How many rows of the finished photo lie inside the picture (the rest continue the clothes)."""
    inside = int(np.floor((analysis.rgb.shape[0] - frame[1]) / frame[3] * size[1]))
    return min(size[1], max(1, inside))


def continued_clothes(above: np.ndarray, rows: int) -> np.ndarray:
    """``rows`` rows that continue the clothes at the bottom of ``above``: the colours of its last few
    rows, smoothed sideways more the further down, so that no edge pixel is drawn out into a streak
    (fabric going out of focus rather than a smear of the collar's last row)."""
    band = above[-max(2, rows // 8):].astype(np.float32).mean(axis=0)  # width × 3
    out = np.empty((rows, *band.shape), np.float32)
    for row in range(rows):
        sigma = 1.0 + 12.0 * (row + 1) / rows
        out[row] = cv2.GaussianBlur(band[np.newaxis], (0, 0), sigmaX=sigma, sigmaY=0.1)[0]
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def _rotation(analysis: Analysis, full: LoadedImage) -> int:
    # The analysed picture is the loaded one turned; find the same turn for the full decode.
    same_orientation = (analysis.rgb.shape[0] > analysis.rgb.shape[1]) == (full.rgb.shape[0] > full.rgb.shape[1])
    return 0 if same_orientation else 1


def _crop_resized(picture: np.ndarray, frame, size, interpolation) -> np.ndarray:
    """Cut ``frame`` (may reach past the edges: edge pixels repeat) and scale it to ``size``."""
    x, y, w, h = frame
    left, top = int(np.floor(x)), int(np.floor(y))
    right, bottom = int(np.ceil(x + w)), int(np.ceil(y + h))
    height, width = picture.shape[:2]
    inner = picture[max(0, top) : min(height, bottom), max(0, left) : min(width, right)]
    pads = (max(0, -top), max(0, bottom - height), max(0, -left), max(0, right - width))
    if any(pads):
        inner = cv2.copyMakeBorder(np.ascontiguousarray(inner), *pads, cv2.BORDER_REPLICATE)
    return cv2.resize(np.ascontiguousarray(inner), size, interpolation=interpolation)


def _whiten(photo, mask, analysis: Analysis, adjust: Adjustment, rules: RulePack, crisp: bool,
            arm: bool = False):
    """The photo on white, the person's share of every pixel, and what was done. A person mask that
    touches much of the border means the mask ran into a busy room, unless an arm (a hand by the
    face, said already) is what reaches the edge. ``crisp``: the hair is the wall's colour, and a
    soft edge would keep a grey ring of the wall."""
    backdrop = analysis.backdrop
    if not adjust.replace_background:
        return photo, mask, []
    code = "photo.background_normalised" if backdrop.near_white else "photo.background_replaced"
    if analysis.by_colour:
        alpha = soft_alpha(mask > 0.5, photo, backdrop, feather=0.8)
        photo = remove_spill(photo, alpha, backdrop.colour)
        return on_white(photo, alpha, local_background(photo, alpha)), alpha, [info(code, FIELD)]
    alpha = refine(mask, photo, HARD_STEEPNESS if crisp else STEEPNESS)
    if not arm and _touch_share(alpha > 0.5) > float(rules.check("photo", "busy_border_touch_max")):
        return photo, alpha, [error("photo.background_busy", FIELD)]
    whitened = on_white(photo, alpha, local_background(photo, alpha))
    return whitened, alpha, [info(code, FIELD)]


def _touch_share(person: np.ndarray) -> float:
    """Share of the top edge and upper side edges that the person mask covers (should be none)."""
    h = person.shape[0]
    edges = np.concatenate([person[:3].ravel(), person[: h // 2, :3].ravel(), person[: h // 2, -3:].ravel()])
    return float(edges.mean())


def _face_in_frame(analysis: Analysis, frame, size) -> tuple[float, float, float, float]:
    """The face box in the pixels of the finished photo."""
    scale = size[1] / frame[3]
    fx, fy, fw, fh = analysis.face.box
    return ((fx - frame[0]) * scale, (fy - frame[1]) * scale, fw * scale, fh * scale)


def _check(photo, person, analysis: Analysis, frame, face_box, bounds: FrameBounds, rules: RulePack):
    placement = place(analysis.head, frame)
    found = checks.placement_findings(placement, bounds)
    quality, metrics = checks.face_quality(photo, face_box, rules)
    old_wall = analysis.backdrop.colour if analysis.backdrop.plain else None
    white_found, whiteness = checks.background_findings(photo, person, rules, old_wall, analysis.by_colour)
    metrics.update(head_ratio=round(placement.head_ratio, 3), crown_margin=round(placement.crown_margin, 3),
                   centre_offset=round(placement.centre_offset, 3), background_whiteness=round(whiteness, 1))
    return found + quality + white_found, metrics


def _after_replacing(finding: Finding) -> Finding:
    if finding.code == "photo.background_not_white":
        return finding.model_copy(update={"code": "photo.background_not_white_replaced"})
    return finding


def _leftover(source, person, analysis: Analysis, face_box, hair_like_wall: bool, rules: RulePack,
              metrics: dict) -> list[Finding]:
    """A patch of the old background kept as person, a see-through veil, or hair the wall's colour
    (self-check): a warning to look at the edges."""
    share = leftover_share(source, person, face_box)
    ghost = ghost_share(person) if not analysis.by_colour else 0.0
    foreign = foreign_share(source, person, face_box)
    metrics.update(leftover_share=round(share, 4), ghost_share=round(ghost, 4), foreign_share=round(foreign, 4))
    check = lambda key: float(rules.check("photo", key))  # noqa: E731
    if (share >= check("leftover_warn_share") or ghost >= check("ghost_warn_share")
            or foreign >= check("foreign_warn_share") or hair_like_wall):
        return [warning("photo.background_check_edges", FIELD)]
    return []


def _face_metrics(analysis: Analysis, image: LoadedImage) -> dict:
    metrics: dict = {}
    if analysis.face is not None:
        metrics["face_box"] = [round(v / image.scale) for v in analysis.face.box]
        metrics["eyes_found"] = len(analysis.face.eyes)
    if analysis.backdrop is not None:
        kind = "white" if analysis.backdrop.near_white else "plain" if analysis.backdrop.plain else "busy"
        metrics["background"] = kind
        metrics["background_plain_share"] = round(analysis.backdrop.plain_share, 3)
        metrics["person_mask"] = "wall colour" if analysis.by_colour else "learned"
        metrics["mask_agreement"] = analysis.mask_agreement
    if analysis.landmarks is not None:
        marks = analysis.landmarks
        metrics.update(yaw=round(marks.yaw, 1), pitch=round(marks.pitch, 1), roll=round(marks.roll, 1),
                       eye_open=[round(v, 3) for v in marks.eye_open], mouth_open=round(marks.mouth_open, 3))
    return metrics
