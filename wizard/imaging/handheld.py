"""手持身份证照 (id_handheld): the applicant's face and the 居民身份证 they hold up, both readable.

The guide's standard is "手持身份证照片要求面部、证件内容清晰可辨". The reviewer compares the
face with the card's portrait and reads the card, so the picture must show exactly one
person and a card, and the upload file (≤ 100 KB) must keep both clear: the picture is
shrunk to a size where a good JPEG quality fits, never squeezed to quality-25 mush.

The small portrait printed on the card is a face too. It is not a second person when it
lies inside the card's outline and is much smaller than the applicant's face (the card's
portrait is about a tenth of a real face's width at arm's length; even a card held close
to the camera keeps it well under half). Any other face, however small, is a second
person: a bystander in the background is exactly what the reviewer rejects.

No card found is an error: the photo's whole point is the card. The card's words are read
(:mod:`wizard.imaging.card_words`) both as photographed and mirrored: a phone's front camera
mirrors the picture, and the card's print with it, so when the mirrored reading is the clean
one the whole picture is flipped back (the applicant then appears as a rear camera sees them)
and the user is told. A card whose words cannot be read is one the reviewer cannot read either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from wizard.case.findings import Finding, error, info, warning
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.imaging.card_edges import Quad, card_candidates, warp_card
from wizard.imaging.card_words import BACK, read_card_words
from wizard.imaging.encode import fit_to_bytes
from wizard.imaging.face import Face, scan_faces
from wizard.imaging.framing import framed, work_copy
from wizard.imaging.load import LoadedImage
from wizard.imaging.outline_score import side_ratio
from wizard.imaging.process import register
from wizard.imaging.result import ProcessResult, failed
from wizard.imaging.text_lines import OcrUnavailable

FIELD = f"attachments.{Slot.ID_HANDHELD.value}"
ID1_ASPECT = 1.5852
DPI = 150  # a phone snapshot, not a print: the JFIF density only matters to a printer


@dataclass
class HandheldView:
    """What is in the picture: the applicant's face, the card, and who else is there."""

    face: Face | None
    card: Quad | None
    others: list[Face] = field(default_factory=list)  # faces that are people, beside the applicant
    printed: list[Face] = field(default_factory=list)  # faces printed on the card (its portrait)


@register(Slot.ID_HANDHELD, draft_for=(1600, 1200))
def process_handheld(image: LoadedImage, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
    rgb = framed(image, adjust)
    view = look(rgb, rules)
    findings, metrics = judge(rgb, view, rules, image.scale)
    if any(f.severity.value == "error" for f in findings):
        return [failed(findings, adjust, **metrics)]
    words, word_findings = read_held_card(rgb, view, rules, metrics)
    findings += word_findings
    if any(f.severity.value == "error" for f in word_findings):  # no card after all: its measures say nothing
        kept = [f for f in findings if not f.code.startswith("handheld.card_")]
        return [failed(kept, adjust, **metrics)]
    if words is not None and words.mirrored:
        rgb = np.ascontiguousarray(rgb[:, ::-1])
    out, _ = work_copy(rgb, int(_check(rules, "out_long_side")))
    encoded = fit_to_bytes(
        out, rules.upload.max_bytes, DPI, allow_downscale=True, min_quality=int(_check(rules, "min_quality"))
    )
    findings += _output_checks(view, encoded.size[0] / rgb.shape[1], rules, metrics)
    metrics.update(quality=encoded.quality, bytes=len(encoded.data), out_size=list(encoded.size))
    return [ProcessResult(encoded.data, findings, metrics, adjust, encoded.size)]


def read_held_card(rgb: np.ndarray, view: HandheldView, rules: RulePack, metrics: dict[str, Any]):
    """The card's words read as photographed and mirrored, and what they say: mirrored (fixed), the
    国徽面 held up instead of the 人像面, words that cannot be read (the reviewer could not either), or
    no print and no portrait at all: then the outline was something card-shaped, not a card."""
    flat = warp_card(rgb, view.card, 640, ID1_ASPECT)
    try:
        words = read_card_words(flat, rules, mirror=True)
    except OcrUnavailable:
        return None, [info("handheld.card_unchecked", FIELD)]
    metrics.update(card_side=words.side, card_view=words.view, mirrored=words.mirrored,
                   card_text_confidence=round(words.confidence, 3))
    if words.side is None and not words.texts and not view.printed:
        return words, [error("handheld.no_card", FIELD)]
    if words.side is None:
        return words, [warning("handheld.card_unreadable", FIELD)]
    findings = [info("handheld.mirrored_fixed", FIELD)] if words.mirrored else []
    if words.side == BACK:
        findings.append(warning("handheld.card_back", FIELD))
    return words, findings


def _check(rules: RulePack, key: str) -> Any:
    return rules.check("handheld", key)


def look(rgb: np.ndarray, rules: RulePack) -> HandheldView:
    """Find the faces and the card of ``rgb`` and tell the applicant from the card's portrait."""
    faces = scan_faces(rgb).faces  # largest first
    if not faces:
        return HandheldView(None, find_held_card(rgb, rules, None))
    main = faces[0]
    card = find_held_card(rgb, rules, main)
    ratio = float(_check(rules, "portrait_max_ratio"))
    if card is None:
        # No card outline: a small face may be the portrait of a card held where no outline shows
        # (a hand over its edge). The missing card is the error then; only faces too large to be a
        # card's portrait count as people.
        printed = [f for f in faces[1:] if f.box[2] <= ratio * main.box[2]]
    else:
        printed = [f for f in faces[1:] if is_printed_on(f, card, main, ratio)]
    others = [f for f in faces[1:] if f not in printed]
    return HandheldView(main, card, others, printed)


def is_printed_on(face: Face, card: Quad, main: Face, max_ratio: float) -> bool:
    """Whether ``face`` is the card's portrait: inside the card and much smaller than the applicant's."""
    x, y, w, h = face.box
    inside = cv2.pointPolygonTest(card.astype(np.float32).reshape(-1, 1, 2), (x + w / 2, y + h / 2), False) >= 0
    return inside and w <= max_ratio * main.box[2]


def find_held_card(rgb: np.ndarray, rules: RulePack, main: Face | None) -> Quad | None:
    """The best card-shaped outline that is not the applicant's own head (corners in ``rgb`` pixels)."""
    work, factor = work_copy(rgb, int(_check(rules, "work_side")))
    tolerance = float(_check(rules, "aspect_tolerance"))
    max_area = float(_check(rules, "max_card_area")) * work.shape[0] * work.shape[1]
    best, best_score = None, 0.0
    for quad, score in card_candidates(work, float(_check(rules, "min_card_area")), ID1_ASPECT):
        if abs(side_ratio(quad) / ID1_ASPECT - 1) > tolerance or cv2.contourArea(quad) > max_area:
            continue
        if main is not None and _contains(quad / factor, main):
            continue
        if score > best_score:
            best, best_score = quad, score
    return None if best is None else best / factor


def _contains(quad: Quad, face: Face) -> bool:
    x, y, w, h = face.box
    return cv2.pointPolygonTest(quad.astype(np.float32).reshape(-1, 1, 2), (x + w / 2, y + h / 2), False) >= 0


def judge(rgb: np.ndarray, view: HandheldView, rules: RulePack, scale: float) -> tuple[list[Finding], dict[str, Any]]:
    """Findings about the picture itself (before encoding) and the measures behind them."""
    metrics: dict[str, Any] = {"faces": 1 + len(view.others) if view.face else 0, "printed_faces": len(view.printed)}
    if view.face is None:
        return [error("handheld.no_face", FIELD)], metrics
    if view.others:
        return [error("handheld.several_people", FIELD, count=1 + len(view.others))], metrics
    findings = _face_checks(rgb, view.face, rules, scale, metrics)
    if view.card is None:
        findings.append(error("handheld.no_card", FIELD))
    else:
        findings += _card_checks(rgb, view.card, rules, scale, metrics)
    return findings, metrics


def _face_checks(rgb, face: Face, rules: RulePack, scale: float, metrics: dict[str, Any]) -> list[Finding]:
    x, y, w, h = (round(v) for v in face.box)
    crop = rgb[max(0, y) : y + h, max(0, x) : x + w]
    metrics.update(face_box=[round(v / scale) for v in face.box], face_sharpness=sharpness(crop, 160))
    findings = []
    if w / scale < _check(rules, "min_face_source"):
        findings.append(warning("handheld.face_too_small", FIELD))
    if metrics["face_sharpness"] < _check(rules, "face_sharpness_min"):
        findings.append(warning("handheld.face_blurred", FIELD))
    return findings


def _card_checks(rgb, card: Quad, rules: RulePack, scale: float, metrics: dict[str, Any]) -> list[Finding]:
    flat = warp_card(rgb, card, 480, ID1_ASPECT)
    long_side = _long_side(card)
    metrics.update(card_corners=(card / scale).round(1).tolist(), card_sharpness=sharpness(flat, 480))
    findings = []
    if long_side / scale < _check(rules, "min_card_source"):
        findings.append(warning("handheld.card_too_small", FIELD))
    if metrics["card_sharpness"] < _check(rules, "card_sharpness_min"):
        findings.append(warning("handheld.card_blurred", FIELD))
    return findings


def _output_checks(view: HandheldView, factor: float, rules: RulePack, metrics: dict[str, Any]) -> list[Finding]:
    """After shrinking: are the face and the card still big enough in the upload file to be read?"""
    face_px = round(view.face.box[2] * factor) if view.face else 0
    card_px = round(_long_side(view.card) * factor) if view.card is not None else 0
    metrics.update(out_face_width=face_px, out_card_width=card_px)
    small = (view.face and face_px < _check(rules, "min_face_out")) or (
        view.card is not None and card_px < _check(rules, "min_card_out")
    )
    return [warning("handheld.shrunk_too_far", FIELD)] if small else []


def _long_side(quad: Quad) -> float:
    return float(max(np.linalg.norm(quad[i] - quad[(i + 1) % 4]) for i in range(4)))


def sharpness(rgb: np.ndarray, width: int) -> float:
    """95th percentile of the gradient magnitude (0..255 scale) at a fixed width, so sizes compare."""
    if rgb.size == 0:
        return 0.0
    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    factor = width / grey.shape[1]
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    grey = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=interpolation)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3) / 4
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3) / 4
    return round(float(np.percentile(np.hypot(gx, gy), 95)), 2)
