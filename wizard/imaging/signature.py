"""手写签名 (signature): from a phone photo of a signature on paper to the upload file.

The guide's standard is "字体清晰工整，白纸黑字，文字居中": clear writing, black on white,
centred. A phone photo has none of that: shade, coloured paper, coloured ink, ruled
lines, the table beyond the sheet. :mod:`wizard.imaging.ink` finds the ink;
:mod:`wizard.imaging.ink_groups` decides whether it is one signature; this module centres
it on a canvas sized by the rule pack, turns a Chinese name that reads better upside down,
and encodes it within the byte limit; :mod:`wizard.imaging.signature_check` judges the
finished picture as a reviewer would. It never guesses for the user: several separate
signatures (two copies, a scanned letter) are reported, never merged or picked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from wizard.case.findings import Finding, Severity, error, info, warning
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.imaging import ink as inks
from wizard.imaging import ink_groups, paper, signature_check
from wizard.imaging.encode import fit_to_bytes
from wizard.imaging.framing import framed, work_copy
from wizard.imaging.load import LoadedImage
from wizard.imaging.process import register
from wizard.imaging.result import ProcessResult, failed

FIELD = f"attachments.{Slot.SIGNATURE.value}"
# Ink running along the picture's edge for more than this many pen widths is said (our reading:
# on the corpus, strokes crossing the edge touch it for ≤ 2.8 pen widths, a pen tip 3.5, objects
# and cut letters 4-8).
EDGE_CONTACT = 3.0
EDGE_DROP_SHARE = 0.03
EDGE_BOLD = 2.5  # ... and a piece there this many pen widths across is no pen stroke (corpus: strokes ≤ 2.1)
EDGE_BOLD_SHARE = 0.25  # ... unless it holds this much of the ink: then it may be the signature, and is said


@dataclass
class SignatureOutcome:
    """The finished canvas (greyscale, or None when nothing usable was found) and what was seen."""

    canvas: np.ndarray | None
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)


@register(Slot.SIGNATURE, draft_for=(1200, 1200))
def process_signature(image: LoadedImage, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
    outcome = clean_signature(framed(image, adjust), rules, source_scale=image.scale, strength=adjust.ink_strength,
                              erase=adjust.erase)
    if outcome.canvas is None:
        return [failed(outcome.findings, adjust, **outcome.metrics)]
    spec = rules.slots[Slot.SIGNATURE]
    encoded = fit_to_bytes(outcome.canvas, rules.upload.max_bytes, spec.dpi or 300)
    metrics = {**outcome.metrics, "quality": encoded.quality, "bytes": len(encoded.data)}
    return [ProcessResult(encoded.data, outcome.findings, metrics, adjust, encoded.size)]


def clean_signature(
    rgb: np.ndarray, rules: RulePack, source_scale: float = 1.0, strength: int = 0,
    erase: list[tuple[int, int, int]] | None = None,
) -> SignatureOutcome:
    """Find the ink of ``rgb`` and lay it out as the 手写签名 canvas, with findings.

    ``source_scale`` is the size of ``rgb`` relative to the user's file (a draft decode is
    smaller), so that sizes said to the user are in the file's own pixels. ``strength`` is the
    user's ink slider, -3..+3: each step moves both ink thresholds by ``ink_step`` of their value
    (+ takes fainter ink, - only darker). ``erase`` are the user's eraser dabs (x, y, radius) on the
    finished canvas, painted white before the canvas is judged.
    """
    check = lambda key: rules.check("signature", key)  # noqa: E731 - a short local alias
    work, factor = _analysis_copy(rgb, int(check("work_side")), int(check("min_work_side")))
    side = _source_side(rgb, source_scale)

    def attempt(strokes: float) -> SignatureOutcome:
        return _attempt(work, factor * source_scale, side, rules, strength, erase or [], strokes)

    outcome = attempt(paper.CLOSE_STROKES)
    if outcome.canvas is not None and "signature.broken" in {f.code for f in outcome.findings}:
        # Faint ink on textured paper: the paper, estimated close round each stroke, keeps the
        # grain, and the strokes break up. A smoother paper is tried; it is kept only when the
        # picture it gives passes every look (a cast shadow's corner it fills would show as bars).
        smoother = attempt(float(check("smooth_paper_strokes")))
        doubts = {f.code for f in smoother.findings if f.severity is Severity.WARNING}
        if smoother.canvas is not None and not doubts:
            smoother.metrics["paper_strokes"] = float(check("smooth_paper_strokes"))
            return smoother
    return outcome


def _attempt(
    work: np.ndarray, factor: float, side: str, rules: RulePack, strength: int, erase: list[tuple[int, int, int]],
    strokes: float,
) -> SignatureOutcome:
    """One pass over the analysis copy ``work`` (``factor`` of the user's file's size) with the
    paper estimated at ``strokes`` pen widths."""
    check = lambda key: rules.check("signature", key)  # noqa: E731
    found = inks.find_ink(work, _limits(rules), 1.0 - strength * float(check("ink_step")), strokes)
    to_source = 1.0 / factor
    metrics: dict[str, Any] = {
        "ink_share": round(float(found.mask.mean()), 5), "pen_px": round(found.pen * to_source, 1),
        "ink_high": round(found.high, 3), "ink_low": round(found.low, 3),
        "lines_removed": found.lines_removed, "edge_removed": found.edge_removed,
    }
    if found.mask.mean() < check("min_ink_share"):
        small = max(work.shape[:2]) * to_source < check("min_source_side")
        code = "signature.too_small" if small else "signature.no_ink"
        return SignatureOutcome(None, [error(code, FIELD, side=side)], metrics)
    # Ink standing on its side (a portrait ink box) is grouped and laid out turned a quarter, as
    # writing runs across; the layout turns it back unless the OCR reads it clearly that way.
    score, mask, lying = _lying_down(found.score, found.mask, float(check("portrait_ratio")))
    if lying and _page_of_writing(found.mask, found.pen):  # lines of a page, as the photo stands
        return SignatureOutcome(None, [error("signature.page", FIELD)], metrics)
    groups, size = ink_groups.groups(mask, found.pen)
    metrics.update(char_px=round(size * to_source, 1), groups=len(groups))
    refusal = _not_one_signature(groups, mask, size, to_source, metrics, lying)
    if refusal is not None:
        return SignatureOutcome(None, [refusal], metrics)
    mask, dropped, at_edge = _along_edge(ink_groups.main_ink(mask, groups), found.pen)
    found.edge_removed |= dropped
    layout = Layout(to_source, side, erase, lying)
    outcome = _lay_out(score, mask, rules, metrics, layout)
    if at_edge:
        outcome.findings.append(warning("signature.at_edge", FIELD))
    outcome.findings += _removed(found, len(groups))
    return outcome


def _along_edge(mask: np.ndarray, pen: float) -> tuple[np.ndarray, bool, bool]:
    """``mask`` without the pieces of ink at the picture's edge that are not writing; whether any
    went; and whether a piece is left there that may be writing.

    A piece touching the edge for more than ``EDGE_CONTACT`` pen widths is an object reaching in
    from beyond the sheet or writing cut by the edge; a stroke merely crossing the edge touches it
    for a pen width or two. Such a piece goes when it holds under ``EDGE_DROP_SHARE`` of the ink (a
    shadow's sliver), or under ``EDGE_BOLD_SHARE`` and it is far bolder than the pen anywhere
    (``EDGE_BOLD`` pen widths across: a pen's tip, a finger, an object's shadow); any other one
    cannot be told from the signature and is said.
    """
    d = max(1, round(pen))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    along = set()
    for band, axis in ((labels[:d], 0), (labels[-d:], 0), (labels[:, :d], 1), (labels[:, -d:], 1)):
        along |= {int(i) for i in np.unique(band[band > 0]) if (band == i).any(axis=axis).sum() > EDGE_CONTACT * pen}
    if not along:
        return mask, False, False
    # The widest inscribed circle of each piece, measured once over the whole mask.
    depth = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 5)
    widest = np.zeros(count, np.float32)
    np.maximum.at(widest, labels.ravel(), depth.ravel())
    total = max(1, int(mask.sum()))
    share = {i: stats[i, cv2.CC_STAT_AREA] / total for i in along}
    bold = {i for i in along if share[i] < EDGE_BOLD_SHARE and 2 * widest[i] > EDGE_BOLD * pen}
    gone = [i for i in along if share[i] < EDGE_DROP_SHARE or i in bold]
    kept = mask & ~np.isin(labels, gone) if gone else mask
    return kept, bool(gone), len(gone) < len(along)


def _page_of_writing(mask: np.ndarray, pen: float) -> bool:
    groups, size = ink_groups.groups(mask, pen)
    return ink_groups.cluttered(groups, mask, size)


def _lying_down(score: np.ndarray, mask: np.ndarray, ratio: float) -> tuple[np.ndarray, np.ndarray, bool]:
    """Score and mask turned a quarter anticlockwise when the ink is more than ``ratio`` times as
    tall as wide (writing that runs down the picture); and whether they were."""
    ys, xs = np.nonzero(mask)
    if ys.max() - ys.min() + 1 <= ratio * (xs.max() - xs.min() + 1):
        return score, mask, False
    return np.ascontiguousarray(np.rot90(score)), np.ascontiguousarray(np.rot90(mask)), True


def _analysis_copy(rgb: np.ndarray, work_side: int, min_side: int) -> tuple[np.ndarray, float]:
    """The copy the ink is found on: at most ``work_side`` long, and a tiny picture enlarged to
    ``min_side`` so that the paper's morphology has a few pixels per stroke to work with."""
    if max(rgb.shape[:2]) >= min_side:
        return work_copy(rgb, work_side)
    f = min_side / max(rgb.shape[:2])
    size = (round(rgb.shape[1] * f), round(rgb.shape[0] * f))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_CUBIC), f


def _limits(rules: RulePack) -> paper.Limits:
    check = lambda key: float(rules.check("signature", key))  # noqa: E731
    return paper.Limits(check("ink_high_min"), check("ink_high_max"), check("ink_low_min"), check("ink_low_max"))


def _source_side(rgb: np.ndarray, source_scale: float) -> str:
    h, w = rgb.shape[:2]
    return f"{round(w / source_scale)}×{round(h / source_scale)}"


def _not_one_signature(
    groups: list[dict], mask: np.ndarray, size: float, to_source: float, metrics: dict[str, Any], lying: bool
) -> Finding | None:
    """A page of writing, or two signature-like groups far apart for their size: not one signature.
    The candidates' boxes are said in the user's file's pixels (turned back when ``lying``)."""
    several = ink_groups.candidates(groups, size)
    if ink_groups.cluttered(groups, mask, size):
        return error("signature.page", FIELD)
    if len(several) > 1:
        width = mask.shape[0]  # the unturned picture's width, when the mask was turned a quarter
        boxes = [(width - y - h, x, h, w) if lying else (x, y, w, h) for x, y, w, h in (g["box"] for g in several)]
        metrics["candidates"] = [[round(v * to_source) for v in box] for box in boxes]
        return error("signature.several", FIELD, count=len(several))
    return None


def _removed(found: inks.Ink, n_groups: int) -> list[Finding]:
    """What was taken out of the picture besides the signature, said so the user can check."""
    out: list[Finding] = []
    if found.lines_removed:
        out.append(info("signature.lines_removed", FIELD, count=found.lines_removed))
    if found.edge_removed:
        out.append(info("signature.edge_removed", FIELD))
    if n_groups > 1:
        out.append(info("signature.strays_removed", FIELD, count=n_groups - 1))
    return out


@dataclass
class Layout:
    """What the layout needs beyond the ink: the scale to the user's file and its size in words, the
    eraser's dabs, and whether the ink was turned a quarter to lie down (``_lying_down``)."""

    to_source: float
    side: str
    erase: list[tuple[int, int, int]]
    lying: bool = False


def _lay_out(
    score: np.ndarray, mask: np.ndarray, rules: RulePack, metrics: dict[str, Any], layout: Layout
) -> SignatureOutcome:
    """The canvas, then what a reviewer would doubt about it. Small tilts are left as written: a
    Chinese name's characters sit at different heights, and levelling by the ink's main axis turned
    level writing crooked more often than it levelled tilted writing; the rotate control is there."""
    check = lambda key: rules.check("signature", key)  # noqa: E731
    findings: list[Finding] = []
    canvas, sharpness, scale = _canvas(score, mask, rules)
    canvas, turned, sure = signature_check.upright(canvas, rules, metrics)
    if layout.lying and not sure:  # no reading says which way it stands: as it was, and the user turns it
        score, mask = np.ascontiguousarray(np.rot90(score, -1)), np.ascontiguousarray(np.rot90(mask, -1))
        canvas, sharpness, scale = _canvas(score, mask, rules)
        findings.append(warning("signature.maybe_rotated", FIELD))
    elif layout.lying:
        findings.append(info("signature.turned_quarter", FIELD, degrees=90 if turned else 270))
    elif turned:
        findings.append(info("signature.turned", FIELD))
    ys, xs = np.nonzero(mask)
    contrast = float(np.median(score[mask]))
    # Blur spreads ink: strokes smeared into blobs fill much of their own bounding box.
    density = float(mask.sum() / ((ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)))
    enlarged = scale / layout.to_source  # canvas pixels per pixel of the user's file
    metrics.update(contrast=round(contrast, 3), sharpness=round(sharpness, 3), density=round(density, 3),
                   enlarged=round(enlarged, 2))
    if enlarged > check("max_enlarge"):
        findings.append(warning("signature.small", FIELD, side=layout.side, factor=f"{enlarged:.1f}"))
    for x, y, r in layout.erase:
        cv2.circle(canvas, (x, y), r, 255, -1)
    if layout.erase:
        findings.append(info("signature.erased", FIELD))
    if not (canvas < 128).any():
        return SignatureOutcome(None, [error("signature.erased_all", FIELD)], metrics)
    if contrast < check("faint_contrast"):
        # The canvas is black whatever the ink was; what faint ink can do to it (strokes broken
        # into pieces) is the self-check's to say.
        findings.append(info("signature.faint", FIELD))
    if sharpness < check("sharpness_min") or density > check("max_ink_density"):
        findings.append(warning("signature.blurred", FIELD))
    findings += signature_check.findings(canvas, rules, metrics)
    return SignatureOutcome(canvas, findings, metrics)


def _canvas(score: np.ndarray, mask: np.ndarray, rules: RulePack) -> tuple[np.ndarray, float, float]:
    """Black ink centred on white at the slot's size; the edge sharpness at that scale; and the
    scale (canvas pixels per pixel of ``mask``)."""
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
    return canvas, _sharpness(seen, ink_part >= 0.5), f


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
