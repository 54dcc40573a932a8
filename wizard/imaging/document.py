"""身份证正面 / 身份证背面 (id_front / id_back): a photo of the card, flattened and readable.

The platform wants each side of the 居民身份证 as its own picture within 100 KB. Users
photograph the card on a table, at an angle, under a lamp. This engine finds the card's
four corners (:mod:`wizard.imaging.card_edges`), or takes the four the user set by hand
(``Adjustment.corners``), warps the card flat to the ID-1 shape at a resolution where the
small print stays readable, and says what a help-desk clerk would: card not found (the
whole picture is offered so corners can be set by hand), glare, blur, card too small in
the picture, a front (人像面) with no portrait on it, the wrong side of the card for the slot
(read from its words: :mod:`wizard.imaging.card_side`). A flat scan that is already just the
card is kept as it is: never cropped further.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from wizard.case.findings import Finding, info, warning
from wizard.case.model import Adjustment, Slot, quad_area
from wizard.case.rules import RulePack
from wizard.imaging.card_edges import cut_at_fold, edge_sides, find_card, order_corners, warp_card
from wizard.imaging.card_side import WRONG, check_side
from wizard.imaging.encode import fit_to_bytes
from wizard.imaging.face import scan_faces
from wizard.imaging.framing import framed, work_copy
from wizard.imaging.glare import blown_share, veil_share
from wizard.imaging.load import LoadedImage
from wizard.imaging.outline_score import side_ratio
from wizard.imaging.process import register
from wizard.imaging.result import ProcessResult

DPI = 300


@register(Slot.ID_FRONT, draft_for=(1400, 1000))
def process_id_front(image: LoadedImage, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
    return [process_card(image, rules, adjust, Slot.ID_FRONT)]


@register(Slot.ID_BACK, draft_for=(1400, 1000))
def process_id_back(image: LoadedImage, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
    return [process_card(image, rules, adjust, Slot.ID_BACK)]


def process_card(image: LoadedImage, rules: RulePack, adjust: Adjustment, slot: Slot) -> ProcessResult:
    rgb = framed(image, adjust)
    card, findings, metrics = flatten_card(rgb, rules, slot, _manual_corners(adjust, image.scale))
    card, side_findings, side_metrics = check_side(card, slot, rules)
    if any(f.code in WRONG.values() for f in side_findings):  # the wrong side: "no portrait" says nothing more
        findings = [f for f in findings if f.code != "document.no_portrait"]
    findings += side_findings
    metrics.update(side_metrics)
    metrics["source_card_width"] = round(metrics.get("card_width", 0) / image.scale)
    metrics["source_corners"] = _decided_corners(metrics, rgb, image.scale)
    if metrics["source_card_width"] and metrics["source_card_width"] < rules.check("document", "min_source_width"):
        findings.append(warning("document.too_small", _field(slot)))
    encoded = fit_to_bytes(card, rules.upload.max_bytes, DPI, allow_downscale=True)
    metrics.update(quality=encoded.quality, bytes=len(encoded.data))
    return ProcessResult(encoded.data, findings, metrics, adjust, encoded.size)


def _decided_corners(metrics: dict[str, Any], rgb: np.ndarray, scale: float) -> list[list[float]]:
    """The corners the engine settled on, in source pixels, for the GUI's handles: the card's when
    found (or set by hand), the whole picture's when it was kept whole (a flat scan, or no card found)."""
    if metrics.get("corners"):
        return (np.asarray(metrics["corners"], np.float64) / scale).round(1).tolist()
    h, w = rgb.shape[:2]
    return (np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float64) / scale).round(1).tolist()


def _manual_corners(adjust: Adjustment, scale: float) -> np.ndarray | None:
    # corners set through model_copy (the GUI's drag) skip the model's validation: check them here too
    if not adjust.corners or len(adjust.corners) != 4:
        return None
    corners = np.array(adjust.corners, np.float64)
    if not np.isfinite(corners).all() or quad_area([tuple(p) for p in corners]) < 1.0:
        return None
    return corners.astype(np.float32) * scale


def flatten_card(
    rgb: np.ndarray, rules: RulePack, slot: Slot, corners: np.ndarray | None = None
) -> tuple[np.ndarray, list[Finding], dict[str, Any]]:
    """The card of ``rgb`` warped flat (or the picture itself), with findings and metrics.

    ``corners`` (four points in ``rgb`` pixels, any order) skip the search: the user's own.
    """
    check = lambda key: rules.check("document", key)  # noqa: E731 - a short local alias
    aspect = rules.slots[slot].aspect or 1.5852
    field = _field(slot)
    quad, how = _locate(rgb, corners, check, aspect)
    findings: list[Finding] = []
    metrics: dict[str, Any] = {"located": how}
    if quad is None:
        card = _whole_picture(rgb, int(check("out_width")))
        findings.append(warning("document.not_found", field) if how == "none" else info("document.flat_scan", field))
        metrics["card_width"] = rgb.shape[1] if how == "flat" else 0
    else:
        ratio = side_ratio(quad)
        out_aspect = aspect if abs(ratio / aspect - 1) <= check("aspect_tolerance") else ratio
        card = warp_card(rgb, quad, int(check("out_width")), out_aspect)
        metrics.update(corners=quad.round(1).tolist(), card_width=round(_long_side(quad)), side_ratio=round(ratio, 3))
        if how == "found" and edge_sides(quad, rgb.shape[1], rgb.shape[0], near=0.005 * max(rgb.shape[:2])):
            # The outline runs along the photo's edge: the card is cut off, or the outline holds more than it.
            findings.append(warning("document.at_edge", field))
    measures = _card_measures(card, rules)
    findings += _card_checks(card, measures, rules, slot)
    metrics.update(measures)
    return card, findings, metrics


def _locate(rgb, corners, check, aspect) -> tuple[np.ndarray | None, str]:
    """The card's corners in ``rgb`` and how they were found: manual, found, flat or none."""
    if corners is not None:
        return order_corners(corners), "manual"
    work, factor = work_copy(rgb, int(check("work_side")))
    quad = find_card(work, check("min_card_area"), aspect)
    h, w = work.shape[:2]
    if _is_flat_scan(work, quad, check, aspect):
        return None, "flat"
    if quad is None:
        return None, "none"
    near = 0.025 * max(w, h)
    if edge_sides(quad, w, h, near):  # an outline running off the photo may hold a facing page
        quad = cut_at_fold(work, quad, near)
    return quad / factor, "found"


def _is_flat_scan(work: np.ndarray, quad: np.ndarray | None, check, aspect: float) -> bool:
    """Whether the picture is itself the card (a scan, or a photo cropped to the card): kept whole.

    The picture must have the card's proportions (a camera's 4:3 or 16:9 frame does not), and
    either no outline was found inside it, or the one found is the picture's own frame, or it
    covers most of the picture and the strip outside it holds print: it cut through the card's
    own print (a title line, a number band) instead of following the card's edge.
    """
    h, w = work.shape[:2]
    if abs(max(w, h) / min(w, h) / aspect - 1) > check("flat_scan_tolerance"):
        return False
    if quad is None:
        return True
    cover = cv2.contourArea(quad) / (h * w)
    return cover > check("flat_scan_area") or (cover >= check("flat_scan_cover") and _print_outside(work, quad))


def _print_outside(work: np.ndarray, quad: np.ndarray) -> bool:
    grey = cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(grey, (3, 3), 0), 40, 120)
    outside = np.ones(grey.shape, np.uint8)
    cv2.fillPoly(outside, [np.round(quad).astype(np.int32)], 0)
    outside = cv2.erode(outside, np.ones((7, 7), np.uint8))  # not the card's own edge
    return outside.sum() > 0 and float(edges[outside > 0].mean()) / 255 > 0.03


def _whole_picture(rgb: np.ndarray, width: int) -> np.ndarray:
    """The picture unchanged but for size: never cropped, only shrunk when larger than needed."""
    long_side = max(rgb.shape[:2])
    return work_copy(rgb, width)[0] if long_side > width else rgb


def _long_side(quad: np.ndarray) -> float:
    tl, tr, br, bl = quad
    return max(np.linalg.norm(tr - tl), np.linalg.norm(bl - tl), np.linalg.norm(br - bl), np.linalg.norm(br - tr))


def _card_measures(card: np.ndarray, rules: RulePack) -> dict[str, float]:
    check = lambda key: rules.check("document", key)  # noqa: E731
    grey = cv2.cvtColor(card, cv2.COLOR_RGB2GRAY)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3) / 4
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3) / 4
    return {
        "glare_share": round(blown_share(card, int(check("glare_level"))), 4),
        "veil_share": round(veil_share(card, check("veil_brighter"), check("veil_greyer")), 4),
        "sharpness": round(float(np.percentile(np.hypot(gx, gy), 95)), 2),
    }


def _card_checks(card: np.ndarray, measures: dict[str, float], rules: RulePack, slot: Slot) -> list[Finding]:
    check = lambda key: rules.check("document", key)  # noqa: E731
    field = _field(slot)
    findings = []
    if measures["glare_share"] > check("glare_share") or measures["veil_share"] > check("veil_share"):
        findings.append(warning("document.glare", field))
    if measures["sharpness"] < check("sharpness_min"):
        findings.append(warning("document.blurred", field))
    if slot is Slot.ID_FRONT and not scan_faces(card).faces:
        findings.append(warning("document.no_portrait", field))
    return findings


def _field(slot: Slot) -> str:
    return f"attachments.{slot.value}"
