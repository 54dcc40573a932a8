"""The finished 手写签名 judged as a reviewer would: what it looks like, and which way up it stands.

Measured on the output only (black ink on white at the slot's size), so it judges whatever the
engine did. A pen line has one width; a shadow turned to ink is a wide filled area (``thick``),
a ruled line left in is a long straight run (``straight``), faint ink broken up is many small
pieces (``specks``, ``pieces``). Widths are relative to the output's own stroke width, so the
size of the writing on the canvas does not matter. Each measure over its limit is a warning in
words: a broken picture is never passed with an info note.

Which way up: a half turn leaves no cue on Latin handwriting that we could measure reliably,
but a Chinese name can be read: the OCR engine we ship reads it both ways and the picture is
turned when the other way reads clearly better. Ink standing on its side is laid down by the
engine and read the same way; when no reading wins, it is left as it was and the user is asked
to turn it.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from wizard.case.findings import Finding, warning
from wizard.case.model import Slot
from wizard.case.rules import RulePack
from wizard.imaging import text_lines

FIELD = f"attachments.{Slot.SIGNATURE.value}"
MEASURES = ("thick", "straight", "specks", "pieces")
# The warning each measure over its limit gives (specks and pieces say the same thing).
CODES = {
    "thick": "signature.bars",
    "straight": "signature.lines_left",
    "specks": "signature.broken",
    "pieces": "signature.broken",
}


def measures(canvas: np.ndarray) -> dict[str, float]:
    """thick: share of ink deeper than 2.5 half-strokes from paper; straight: longest straight run
    over the ink's width; specks: pieces under 3 stroke² in area; pieces: all pieces."""
    ink = canvas < 128
    if not ink.any():
        return dict.fromkeys(MEASURES, 0.0)
    half, dist = _half_stroke(ink)
    thick = float((dist > max(2.5 * half, 3.0)).sum() / ink.sum())
    xs = np.nonzero(ink.any(axis=0))[0]
    width = xs.max() - xs.min() + 1
    m = ink.astype(np.uint8)
    segs = cv2.HoughLinesP(m, 1, np.pi / 360, 60, minLineLength=int(0.3 * width), maxLineGap=3)
    longest = 0.0 if segs is None else max(np.hypot(x1 - x0, y1 - y0) for x0, y0, x1, y1 in segs[:, 0])
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    specks = int((areas < 3 * (2 * half) ** 2).sum())
    return {"thick": round(thick, 4), "straight": round(float(longest / width), 3), "specks": specks,
            "pieces": count - 1}


def _half_stroke(ink: np.ndarray) -> tuple[float, np.ndarray]:
    """Half the pen's width on the canvas (median ridge of the distance to paper), and the distances."""
    dist = cv2.distanceTransform(ink.astype(np.uint8), cv2.DIST_L2, 3)
    ridge = (dist >= cv2.dilate(dist, np.ones((3, 3), np.uint8))) & (dist > 0)
    return (float(np.median(dist[ridge])) if ridge.any() else 1.0), dist


def findings(canvas: np.ndarray, rules: RulePack, metrics: dict[str, Any]) -> list[Finding]:
    """A warning for each thing a reviewer would refuse the picture for, in words."""
    seen = measures(canvas)
    metrics["self_check"] = seen
    codes: list[str] = []
    for name in MEASURES:
        if seen[name] > rules.check("signature", f"{name}_max") and CODES[name] not in codes:
            codes.append(CODES[name])
    return [warning(code, FIELD) for code in codes]


def upright(canvas: np.ndarray, rules: RulePack, metrics: dict[str, Any]) -> tuple[np.ndarray, bool, bool]:
    """The canvas, turned by 180° when it looks like Chinese writing that the OCR reads clearly
    better turned over; whether it was turned; and whether a reading said which way it stands (it
    read clearly better one way than the other).

    The ink box is one line of writing, so only the recogniser runs (no detector). A reading that
    already finds about every character upright is not tried the other way.
    """
    blocks = chinese_blocks(canvas)
    if blocks < 2:
        return canvas, False, False
    line = _ink_line(canvas)
    try:
        as_is = _reading_weight(line, rules)
        over = 0.0 if as_is >= 0.9 * blocks else _reading_weight(np.ascontiguousarray(line[::-1, ::-1]), rules)
    except text_lines.OcrUnavailable:
        metrics["orientation"] = "unchecked"
        return canvas, False, False
    metrics["orientation_weights"] = [round(as_is, 2), round(over, 2)]
    ratio = float(rules.check("signature", "turn_ratio"))
    if over >= ratio * as_is and over >= 1.0:
        return np.ascontiguousarray(canvas[::-1, ::-1]), True, True
    return canvas, False, as_is >= ratio * over and as_is >= 1.0


def _ink_line(canvas: np.ndarray) -> np.ndarray:
    """The ink box with a margin of a quarter of its height, as RGB: the recogniser's input."""
    ys, xs = np.nonzero(canvas < 128)
    pad = (ys.max() - ys.min()) // 4 + 2
    box = canvas[max(0, ys.min() - pad) : ys.max() + pad + 1, max(0, xs.min() - pad) : xs.max() + pad + 1]
    return np.ascontiguousarray(np.repeat(box[:, :, None], 3, axis=2))


def _reading_weight(rgb: np.ndarray, rules: RulePack) -> float:
    """How well the OCR reads the line as it stands: confidence × the CJK characters read."""
    text, confidence = (text_lines.recognise([rgb], rules) or [("", 0.0)])[0]
    return confidence * sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def chinese_blocks(canvas: np.ndarray) -> int:
    """How many blocks about as wide as they are tall, nearly the ink's height, side by side, when
    they hold most of the ink (the characters of a Chinese name); else 0. Latin words are wider
    than tall."""
    ink = (canvas < 128).astype(np.uint8)
    ys = np.nonzero(ink.any(axis=1))[0]
    if len(ys) == 0:
        return 0
    tall = ys.max() - ys.min() + 1
    gap = max(3, tall // 8)  # the strokes of one character are closer than this
    grown = cv2.dilate(ink, np.ones((gap, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    weight = np.bincount(labels[ink > 0], minlength=count)
    w, h = stats[:, cv2.CC_STAT_WIDTH] - gap + 1, stats[:, cv2.CC_STAT_HEIGHT] - gap + 1
    square = (w >= 0.6 * h) & (w <= 1.3 * h) & (h >= 0.6 * tall)
    square[0] = False
    return int(square.sum()) if weight[square].sum() >= 0.6 * ink.sum() else 0
