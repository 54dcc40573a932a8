"""手写签名 (signature): from a phone photo of a signature on paper to the upload file.

The guide's standard is "字体清晰工整，白纸黑字，文字居中": clear writing, black on white,
centred. A phone photo has none of that: shade, coloured paper, coloured ink, ruled
lines, the table beyond the sheet. :mod:`wizard.imaging.ink` finds the ink; this module
decides whether it is one usable signature, straightens and centres it on a canvas sized
by the rule pack, and encodes it within the byte limit. It never guesses for the user:
several separate signatures (a scanned letter) are reported, never merged or picked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from wizard.case.findings import Finding, error, info, warning
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.imaging import ink
from wizard.imaging.encode import fit_to_bytes
from wizard.imaging.framing import framed, work_copy
from wizard.imaging.load import LoadedImage
from wizard.imaging.process import register
from wizard.imaging.result import ProcessResult, failed

FIELD = f"attachments.{Slot.SIGNATURE.value}"


@dataclass
class SignatureOutcome:
    """The finished canvas (greyscale, or None when nothing usable was found) and what was seen."""

    canvas: np.ndarray | None
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)


@register(Slot.SIGNATURE, draft_for=(1200, 1200))
def process_signature(image: LoadedImage, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
    outcome = clean_signature(framed(image, adjust), rules, source_scale=image.scale)
    if outcome.canvas is None:
        return [failed(outcome.findings, adjust, **outcome.metrics)]
    spec = rules.slots[Slot.SIGNATURE]
    encoded = fit_to_bytes(outcome.canvas, rules.upload.max_bytes, spec.dpi or 300)
    metrics = {**outcome.metrics, "quality": encoded.quality, "bytes": len(encoded.data)}
    return [ProcessResult(encoded.data, outcome.findings, metrics, adjust, encoded.size)]


def clean_signature(rgb: np.ndarray, rules: RulePack, source_scale: float = 1.0) -> SignatureOutcome:
    """Find the ink of ``rgb`` and lay it out as the 手写签名 canvas, with findings."""
    check = lambda key: rules.check("signature", key)  # noqa: E731 - a short local alias
    work, factor = work_copy(rgb, int(check("work_side")))
    score = ink.ink_score(work)
    mask, notes = _ink_of(score, check)
    metrics: dict[str, Any] = {"ink_share": round(float(mask.mean()), 5), **notes}
    if mask.mean() < check("min_ink_share"):
        return SignatureOutcome(None, [error("signature.no_ink", FIELD)], metrics)
    boxes = ink.candidate_boxes(mask, check("group_gap"), check("candidate_share"))
    if len(boxes) > 1:
        to_source = 1.0 / (factor * source_scale)
        metrics["candidates"] = [[round(v * to_source) for v in box] for box in boxes]
        return SignatureOutcome(None, [error("signature.several", FIELD, count=len(boxes))], metrics)
    return _lay_out(score, mask, rules, metrics, notes)


def _ink_of(score: np.ndarray, check) -> tuple[np.ndarray, dict[str, Any]]:
    """The ink mask: thresholded, off-paper edges and ruled lines out, specks gone."""
    h, w = score.shape
    min_area = max(8, int(h * w * check("speck_area")))
    stroke = max(5, max(h, w) // 60)
    mask, edge_removed = ink.ink_mask(score, check("ink_high"), check("ink_low"), min_area, stroke)
    mask, lines = ink.remove_ruled_lines(mask, check("line_span"))
    mask = ink.remove_specks(mask, min_area)
    return mask, {"edge_removed": edge_removed, "lines_removed": lines}


def _lay_out(
    score: np.ndarray, mask: np.ndarray, rules: RulePack, metrics: dict[str, Any], notes: dict[str, Any]
) -> SignatureOutcome:
    check = lambda key: rules.check("signature", key)  # noqa: E731
    findings: list[Finding] = []
    tilt = ink.tilt_degrees(mask, check("max_tilt_deg"))
    if abs(tilt) >= 1.0:
        score, mask = _straightened(score, mask, tilt)
    ys, xs = np.nonzero(mask)
    height, width = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    contrast = float(np.median(score[mask]))
    # Blur spreads ink: strokes smeared into blobs fill much of their own bounding box.
    density = float(mask.sum() / (height * width))
    canvas, sharpness = _canvas(score, mask, rules)
    metrics.update(
        tilt_deg=round(tilt, 1), contrast=round(contrast, 3), sharpness=round(sharpness, 3), density=round(density, 3)
    )
    if height > check("portrait_ratio") * width:
        findings.append(warning("signature.maybe_rotated", FIELD))
    if contrast < check("faint_contrast"):
        findings.append(warning("signature.faint", FIELD))
    if sharpness < check("sharpness_min") or density > check("max_ink_density"):
        findings.append(warning("signature.blurred", FIELD))
    if notes["lines_removed"]:
        findings.append(info("signature.lines_removed", FIELD, count=notes["lines_removed"]))
    if notes["edge_removed"]:
        findings.append(info("signature.edge_removed", FIELD))
    findings.append(info("signature.check_upright", FIELD))
    return SignatureOutcome(canvas, findings, metrics)


def _straightened(score: np.ndarray, mask: np.ndarray, tilt: float) -> tuple[np.ndarray, np.ndarray]:
    """Turn score and mask so the writing's main axis is level (the canvas grows to keep every corner)."""
    h, w = mask.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos) + 1, int(h * cos + w * sin) + 1
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    turn = lambda a: cv2.warpAffine(a, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR)  # noqa: E731
    return turn(score), turn(mask.astype(np.float32)) >= 0.5


def _canvas(score: np.ndarray, mask: np.ndarray, rules: RulePack) -> tuple[np.ndarray, float]:
    """Black ink centred on white at the slot's size; and the edge sharpness at that scale."""
    spec = rules.slots[Slot.SIGNATURE]
    out_w, out_h = spec.width or 600, spec.height or 240
    ys, xs = np.nonzero(mask)
    margin = rules.check("signature", "crop_margin")
    pad = int(margin * max(xs.max() - xs.min(), ys.max() - ys.min())) + 2
    y0, y1 = max(0, ys.min() - pad), min(mask.shape[0], ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(mask.shape[1], xs.max() + pad + 1)
    box_w, box_h = (spec.ink_max_width or 0.8) * out_w, (spec.ink_max_height or 0.7) * out_h
    f = min(box_w / (x1 - x0), box_h / (y1 - y0))
    size = (max(1, round((x1 - x0) * f)), max(1, round((y1 - y0) * f)))
    interpolation = cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC
    ink_part = cv2.resize(mask[y0:y1, x0:x1].astype(np.float32), size, interpolation=interpolation)
    seen = cv2.resize(score[y0:y1, x0:x1], size, interpolation=interpolation)
    # A steep ramp keeps the strokes solid black with one or two grey pixels of edge: crisp,
    # and kinder to JPEG than a hard 0/255 step.
    level = np.clip((ink_part - 0.25) / 0.5, 0.0, 1.0)
    canvas = np.full((out_h, out_w), 255, np.uint8)
    top, left = (out_h - size[1]) // 2, (out_w - size[0]) // 2
    canvas[top : top + size[1], left : left + size[0]] = np.round(255 * (1 - level)).astype(np.uint8)
    return canvas, _sharpness(seen, ink_part >= 0.5)


def _sharpness(seen: np.ndarray, inked: np.ndarray) -> float:
    """Steepest edges of the ink score per output pixel, relative to the ink's contrast."""
    if not inked.any():
        return 0.0
    gx = cv2.Sobel(seen, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(seen, cv2.CV_32F, 0, 1, ksize=3) / 8
    near = cv2.dilate(inked.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    steep = float(np.percentile(np.hypot(gx, gy)[near], 95))
    contrast = float(np.percentile(seen[inked], 90))
    return steep / max(contrast, 1e-3)
