"""Words left on the finished photo: a watermark, a caption, a logo. Removed where that is safe.

Photos found on the web carry a site's name, and many phones print "shot on …" in a corner;
either can survive the crop. The OCR engine reads the finished 295×413 photo (the same engine
that reads the ID card). A line counts from the rule pack's confidence and two characters: what
a face or a collar is misread as is shorter or less sure. Words on the clothes or the background
are painted out from their surroundings and the photo is read again; only when nothing is read
any more is that said as an info. Words on or by the head (a cap's logo) are never touched:
a warning asks for another photo.
"""

from __future__ import annotations

import cv2
import numpy as np

from wizard.case.findings import Finding, info, warning
from wizard.case.rules import RulePack
from wizard.imaging.text_lines import OcrLine, OcrUnavailable, has_text, read_lines

FIELD = "attachments.photo"
MARGIN = 3  # px around a text box that is painted out with it (anti-aliased letter edges)


def without_words(photo: np.ndarray, face_box, rules: RulePack) -> tuple[np.ndarray, list[Finding]]:
    """The photo with words on the clothes or background painted out, and what was found or done."""
    try:
        lines = _words(photo, rules) if has_text(photo, rules) else []
    except OcrUnavailable:
        return photo, [warning("photo.text_unchecked", FIELD)]
    if not lines:
        return photo, []
    text = _said(lines)
    head = _head_region(photo.shape, face_box)
    if any(_box_mask(photo.shape, [line])[head].any() for line in lines):
        return photo, [warning("photo.text_on_photo", FIELD, text=text)]
    cleaned = cv2.inpaint(photo, _box_mask(photo.shape, lines).astype(np.uint8), 5, cv2.INPAINT_TELEA)
    left = _words(cleaned, rules)
    if left:
        return photo, [warning("photo.text_on_photo", FIELD, text=_said(left))]
    return cleaned, [info("photo.text_removed", FIELD, text=text)]


def _words(photo: np.ndarray, rules: RulePack) -> list[OcrLine]:
    minimum = float(rules.check("photo", "text_confidence_min"))
    return [line for line in read_lines(photo, rules, upright=True)
            if line.confidence >= minimum and len(line.text.strip()) >= 2]


def _said(lines: list[OcrLine]) -> str:
    return "、".join(line.text.strip() for line in lines)[:40]


def _head_region(shape, face_box) -> np.ndarray:
    """The face, the hair above it and the ears beside it: never painted over."""
    x, y, w, h = face_box
    region = np.zeros(shape[:2], bool)
    rows = slice(max(0, int(y - 0.6 * h)), max(0, int(y + 1.1 * h)))
    region[rows, max(0, int(x - 0.25 * w)) : max(0, int(x + 1.25 * w))] = True
    return region


def _box_mask(shape, lines: list[OcrLine]) -> np.ndarray:
    mask = np.zeros(shape[:2], np.uint8)
    for line in lines:
        cv2.fillPoly(mask, [np.round(np.array(line.box)).astype(np.int32)], 1)
    return cv2.dilate(mask, np.ones((2 * MARGIN + 1, 2 * MARGIN + 1), np.uint8)) > 0
