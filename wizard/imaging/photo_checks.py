"""Checks of the finished one-inch photo, as findings with stable codes.

Each measure is modelled on an ISO/IEC 29794-5 component as OFIQ implements it (named in
``[checks.photo]`` of the rule pack, where the thresholds live), computed on the 295×413
output so that what is checked is exactly what is uploaded.
"""

from __future__ import annotations

import cv2
import numpy as np

from wizard.case.findings import Finding, error, warning
from wizard.case.rules import RulePack
from wizard.imaging.hands import find_hands
from wizard.imaging.landmarks import FaceLandmarks
from wizard.imaging.mouth_cover import mouth_edges, mouth_width
from wizard.imaging.photo_geometry import FrameBounds, Placement

FIELD = "attachments.photo"


def placement_findings(placement: Placement, bounds: FrameBounds) -> list[Finding]:
    """Head size [HeadSize], margin above the head [MarginAbove], centring [MarginLeft/Right]."""
    found = []
    lo, _, hi = bounds.head_ratio
    if not lo - 0.005 <= placement.head_ratio <= hi + 0.005:
        found.append(error("photo.head_size", FIELD, ratio=_pct(placement.head_ratio), min=_pct(lo), max=_pct(hi)))
    lo, _, hi = bounds.crown_margin
    if not lo - 0.005 <= placement.crown_margin <= hi + 0.005:
        found.append(error("photo.crown_margin", FIELD, margin=_pct(placement.crown_margin), min=_pct(lo),
                           max=_pct(hi)))
    if abs(placement.centre_offset) > bounds.centre_tolerance + 0.005:
        found.append(error("photo.off_centre", FIELD, offset=_pct(abs(placement.centre_offset)),
                           max=_pct(bounds.centre_tolerance)))
    return found


def pose_findings(marks: FaceLandmarks, rules: RulePack) -> list[Finding]:
    """Head pose [HeadPose roll, yaw, pitch], eyes open [EyesOpen], mouth closed [MouthClosed]."""
    check = lambda key: float(rules.check("photo", key))  # noqa: E731
    found = []
    if abs(marks.roll) > check("roll_error_deg"):
        found.append(error("photo.eyes_not_level", FIELD, degrees=round(abs(marks.roll))))
    elif abs(marks.roll) > check("eye_roll_max_deg"):
        found.append(warning("photo.eyes_not_level", FIELD, degrees=round(abs(marks.roll))))
    turn = max(abs(marks.yaw), abs(marks.pitch))
    if abs(marks.yaw) > check("yaw_error_deg") or abs(marks.pitch) > check("pitch_error_deg"):
        found.append(error("photo.not_frontal", FIELD, degrees=round(turn)))
    elif abs(marks.yaw) > check("yaw_warn_deg") or abs(marks.pitch) > check("pitch_warn_deg"):
        found.append(warning("photo.not_frontal", FIELD, degrees=round(turn)))
    found += _eye_findings(marks.eye_open, check)
    if marks.mouth_open > check("mouth_open_max"):
        found.append(warning("photo.mouth_open", FIELD))
    return found


def _eye_findings(eye_open: tuple[float, float], check) -> list[Finding]:
    """Both eyes shut, or one clearly shut (a wink): an error; one eye half shut: a warning."""
    least, most = sorted(eye_open)
    if most < check("eye_open_min") or least < check("eye_shut_max"):
        return [error("photo.eyes_closed", FIELD)]
    if least < check("eye_open_min"):
        return [warning("photo.eyes_closed", FIELD)]
    return []


def cover_findings(rgb: np.ndarray, face_box, marks: FaceLandmarks, rules: RulePack) -> list[Finding]:
    """A hand near or over the face, the lower face covered (a face mask): the face must be free."""
    check = lambda key: float(rules.check("photo", key))  # noqa: E731
    found = []
    hands = [h for h in find_hands(rgb, face_box, marks.points)
             if h.presence >= check("hand_presence_min") and h.extent >= check("hand_min_extent")
             and h.gap <= check("hand_near_gap")]
    if hands:
        over_eyes = any(h.over_upper_face for h in hands)
        found.append((error if over_eyes else warning)("photo.hand_near_face", FIELD))
    if mouth_width(marks.points) >= check("mouth_min_px") and mouth_edges(rgb, marks.points) < check(
            "mouth_edge_min"):
        found.append(error("photo.face_covered", FIELD))
    return found


def source_face_findings(rgb: np.ndarray, face_box, rules: RulePack) -> list[Finding]:
    """A face too blurred to use, judged on the picture as it came (the inner face at 128×128 px, so
    that a large and a small face are measured alike), and a black-and-white photo: errors whatever
    else is wrong, so that a photo refused for its size still hears that it must be in colour."""
    region = _face_region(rgb, face_box)
    grey = cv2.cvtColor(region, cv2.COLOR_RGB2GRAY)
    inner = cv2.resize(grey, (128, 128), interpolation=cv2.INTER_AREA).astype(np.float32)
    found = []
    if float(cv2.Laplacian(inner, cv2.CV_32F).var()) < rules.check("photo", "source_sharpness_min"):
        found.append(error("photo.face_blurred", FIELD))
    if face_chroma(region) < rules.check("photo", "chroma_min"):
        found.append(error("photo.greyscale", FIELD))
    return found


def face_chroma(region: np.ndarray) -> float:
    """Mean CIELAB chroma (8-bit scale) of the inner face: a black-and-white photo has next to none."""
    lab = cv2.cvtColor(np.ascontiguousarray(region), cv2.COLOR_RGB2LAB).astype(np.float32)
    return float(np.hypot(lab[..., 1] - 128, lab[..., 2] - 128).mean())


def face_quality(photo: np.ndarray, face_box, rules: RulePack) -> tuple[list[Finding], dict[str, float]]:
    """Sharpness, exposure, even lighting and colour of the face region of the finished photo."""
    region = _face_region(photo, face_box)
    grey = cv2.cvtColor(region, cv2.COLOR_RGB2GRAY).astype(np.float32)
    sharpness = float(cv2.Laplacian(grey, cv2.CV_32F).var())
    luminance = float(grey.mean())
    half = grey.shape[1] // 2
    left, right = float(grey[:, :half].mean()), float(grey[:, half:].mean())
    imbalance = abs(left - right) / max(1.0, (left + right) / 2)
    chroma = face_chroma(region)  # a black-and-white face is said from the source (source_face_findings)
    found = []
    if sharpness < rules.check("photo", "sharpness_min"):
        found.append(warning("photo.blurry", FIELD))
    if luminance < rules.check("photo", "face_luminance_min"):
        found.append(warning("photo.too_dark", FIELD))
    elif luminance > rules.check("photo", "face_luminance_max"):
        found.append(warning("photo.too_bright", FIELD))
    if imbalance > rules.check("photo", "lighting_imbalance_max"):
        found.append(warning("photo.uneven_light", FIELD))
    metrics = {"sharpness": round(sharpness, 1), "face_luminance": round(luminance, 1),
               "lighting_imbalance": round(imbalance, 3), "face_chroma": round(chroma, 1)}
    return found, metrics


def background_whiteness(photo: np.ndarray) -> float:
    """Lowest per-channel mean along the top edge and the upper half of each side edge."""
    h = photo.shape[0]
    strips = (photo[:2], photo[: h // 2, :2], photo[: h // 2, -2:])
    return float(min(strip.reshape(-1, 3).mean(axis=0).min() for strip in strips))


def background_findings(
    photo: np.ndarray, person: np.ndarray, rules: RulePack, old_wall: np.ndarray | None = None,
    whole_sides: bool = False,
) -> tuple[list[Finding], float]:
    """The finished background must be white [BackgroundUniformity], all of it.

    ``person`` is the person's share of every pixel (0..1) as used for the photo. The edge
    strips must be white on average; besides, no patch anywhere outside the person may stay
    off-white (a piece of the old wall beside a shoulder, a shadow, a window frame).
    ``old_wall`` (RGB) is the colour of a plain wall that was replaced: a region of that
    colour reaching the top or a side edge is old wall even where the person mask took it
    in, which is how such a patch usually survives; ``whole_sides`` (the person was cut by the wall's
    colour, so clothes of that colour were cut away with it) lets it reach the lower sides too.
    """
    whiteness = background_whiteness(photo)
    if whiteness < rules.check("photo", "white_edge_min"):
        if _person_at_side(person) >= rules.check("photo", "person_at_side_min"):
            return [error("photo.person_at_edge", FIELD)], whiteness  # hair or an arm runs out of the picture
        return [error("photo.background_not_white", FIELD, value=round(whiteness))], whiteness
    share, level = largest_background_patch(photo, person, rules, old_wall, whole_sides)
    found = []
    if share >= rules.check("photo", "background_patch_error_share") and level <= rules.check(
        "photo", "background_patch_error_level"
    ):
        found.append(error("photo.background_patch", FIELD, share=_pct(share)))
    elif share >= rules.check("photo", "background_patch_warn_share"):
        found.append(warning("photo.background_patch", FIELD, share=_pct(share)))
    elif longest_background_line(photo, person, rules) >= rules.check("photo", "background_line_warn"):
        found.append(warning("photo.background_line", FIELD))
    return found, whiteness


def longest_background_line(photo: np.ndarray, person: np.ndarray, rules: RulePack) -> float:
    """Length (share of the photo's height) of the longest thin off-white stroke in the background: a
    blind's cord, a door frame's edge, a seam of repeated edge pixels. Too thin to count as a patch,
    it still shows as a line on the white."""
    off_white = photo.min(axis=2) < rules.check("photo", "background_pixel_min")
    clear = cv2.erode((person < 0.02).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    count, _, stats, _ = cv2.connectedComponentsWithStats((off_white & clear).astype(np.uint8), connectivity=8)
    if count <= 1:
        return 0.0
    sides = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    return float(sides.max()) / photo.shape[0]


def _person_at_side(person: np.ndarray) -> float:
    """Share of the upper half of the side edges that is the person (hair or an arm cut by the picture)."""
    upper = person[: person.shape[0] // 2]
    return float(max((upper[:, :2] > 0.5).mean(), (upper[:, -2:] > 0.5).mean()))


def largest_background_patch(
    photo: np.ndarray, person: np.ndarray, rules: RulePack, old_wall: np.ndarray | None = None,
    whole_sides: bool = False,
) -> tuple[float, float]:
    """Area (share of the photo) and mean darkest channel of the largest off-white background patch."""
    region = background_patch_region(photo, person, rules, old_wall, whole_sides)
    if region is None:
        return 0.0, 255.0
    return float(np.count_nonzero(region)) / region.size, float(photo.min(axis=2)[region].mean())


def background_patch_region(
    photo: np.ndarray, person: np.ndarray, rules: RulePack, old_wall: np.ndarray | None = None,
    whole_sides: bool = False,
) -> np.ndarray | None:
    """The largest off-white patch of the background (a boolean mask), or None when it is all white."""
    off_white = photo.min(axis=2) < rules.check("photo", "background_pixel_min")
    # Feathered hair and shoulder edges are partly background by design: stay clear of them.
    clear = cv2.erode((person < 0.02).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    candidates = off_white & clear
    if old_wall is not None:
        delta = float(rules.check("photo", "plain_delta_e"))
        candidates |= off_white & _old_wall_from_edges(photo, old_wall, delta, whole_sides)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(candidates.astype(np.uint8), connectivity=8)
    if count <= 1:
        return None
    return labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))


def _old_wall_from_edges(photo: np.ndarray, old_wall: np.ndarray, delta: float, whole_sides: bool) -> np.ndarray:
    """Pixels of the old wall's colour connected to the top edge or the upper half of a side edge
    (not lower: the shoulders reach the sides and the bottom, and a dark gown on a dark wall is
    the wall's colour too)."""
    reference = cv2.cvtColor(np.clip(old_wall, 0, 255).astype(np.uint8).reshape(1, 1, 3), cv2.COLOR_RGB2LAB)
    distance = np.linalg.norm(cv2.cvtColor(photo, cv2.COLOR_RGB2LAB).astype(np.float32) - reference[0, 0], axis=2)
    like_wall = (distance < delta).astype(np.uint8)
    _, labels = cv2.connectedComponents(like_wall, connectivity=4)
    upper = labels.shape[0] if whole_sides else labels.shape[0] // 2
    touching = set(np.unique(labels[0])) | set(np.unique(labels[:upper, 0])) | set(np.unique(labels[:upper, -1]))
    touching.discard(0)
    return np.isin(labels, list(touching))


def _face_region(photo: np.ndarray, face_box) -> np.ndarray:
    x, y, w, h = face_box
    # The inner face (no hair, no background): the middle of the cascade's box.
    x0, x1 = int(max(0, x + 0.2 * w)), int(min(photo.shape[1], x + 0.8 * w))
    y0, y1 = int(max(0, y + 0.2 * h)), int(min(photo.shape[0], y + 0.9 * h))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return photo
    return np.ascontiguousarray(photo[y0:y1, x0:x1])


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"
