"""Can the upload file still be read? The shipped OCR reads the page at full quality and the upload
file, and counts how many of the characters read at full quality it still reads.

Shrinking a page to 100 KB loses strokes before it loses "sharpness" by any pixel measure, so the
measure is the reader's own: the text lines are found once on the full-quality page, up to
``SAMPLE`` of the smallest print, spread from top to bottom, are read there and at the same place in the decoded
upload file, and the characters kept are those the two readings share in order (a longest
common subsequence, so one misread character costs one, not the rest of the line). The figure is
a sample of the page's lines, said as such in the metrics; a page with no line the reader is
sure of at full quality has no figure.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from wizard.case.rules import RulePack
from wizard.imaging.text_lines import line_crop, recognise, text_boxes

SAMPLE = 6  # lines read on each side: the smallest print, which the shrinking loses first
PIECE = 10.0  # a long line is read only this many line heights along (the recogniser's time grows with width)
SURE = 0.8  # lines the reader is less sure of than this at full quality are not a reference
DETECT_SIDE = 960  # the page's long side for finding its lines (the OCR's own working size)


@dataclass(frozen=True)
class Reference:
    """The sampled lines of the full-quality page: their boxes (page pixels) and what they say."""

    boxes: tuple[np.ndarray, ...]
    texts: tuple[str, ...]
    size: tuple[int, int]  # (w, h) of the page the boxes belong to

    @property
    def characters(self) -> int:
        """Characters read, spaces not counted (the comparison ignores them too)."""
        return sum(len(t.replace(" ", "")) for t in self.texts)


def reference(page: np.ndarray, rules: RulePack) -> Reference:
    """Read up to ``SAMPLE`` lines of the full-quality page (RGB or grey)."""
    rgb = _rgb(page)
    boxes = [b for b in text_boxes(rgb, rules, max_side=DETECT_SIDE) if _wide(b)]
    boxes = [_piece(b) for b in _smallest(boxes, SAMPLE)]
    read = recognise([line_crop(rgb, b) for b in boxes], rules)
    kept = [(b, t) for b, (t, c) in zip(boxes, read, strict=False) if c >= SURE and t.strip()]
    return Reference(tuple(b for b, _ in kept), tuple(t for _, t in kept), (rgb.shape[1], rgb.shape[0]))


def kept_share(ref: Reference, upload: bytes, rules: RulePack) -> float | None:
    """The share (0..1) of the reference's characters read in the upload file; None without a reference."""
    if not ref.texts:
        return None
    with Image.open(io.BytesIO(upload)) as image:
        small = np.asarray(image.convert("RGB"))
    factor = np.array([small.shape[1] / ref.size[0], small.shape[0] / ref.size[1]], np.float32)
    read = recognise([line_crop(small, box * factor) for box in ref.boxes], rules)
    kept = sum(_common(want, got) for want, (got, _) in zip(ref.texts, read, strict=False))
    return kept / max(ref.characters, 1)


def _common(want: str, got: str) -> int:
    """Characters of ``want`` that ``got`` has too, in order (spaces ignored)."""
    want, got = want.replace(" ", ""), got.replace(" ", "")
    return sum(block.size for block in difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks())


def _piece(box: np.ndarray) -> np.ndarray:
    """The start of a long line's box, at most ``PIECE`` heights long (a short line whole)."""
    tl, tr, br, bl = box
    height = float(np.linalg.norm(bl - tl))
    share = min(1.0, PIECE * height / max(float(np.linalg.norm(tr - tl)), 1.0))
    return np.array([tl, tl + share * (tr - tl), bl + share * (br - bl), bl], np.float32)


def _smallest(boxes: list[np.ndarray], count: int) -> list[np.ndarray]:
    """``count`` lines of the smallest print, spread down the page: of the lower half of the line
    heights (a title is not at risk), evenly from top to bottom."""
    if len(boxes) <= count:
        return boxes
    heights = np.array([float(np.linalg.norm(b[3] - b[0])) for b in boxes])
    small = [b for b, h in zip(boxes, heights, strict=False) if h <= np.median(heights)]
    small = sorted(small if len(small) >= count else boxes, key=lambda b: float(b[:, 1].mean()))
    return [small[round(i)] for i in np.linspace(0, len(small) - 1, count)]


def _wide(box: np.ndarray) -> bool:
    return float(np.linalg.norm(box[1] - box[0])) >= 1.5 * float(np.linalg.norm(box[3] - box[0]))


def _rgb(page: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.repeat(page[:, :, None], 3, axis=2) if page.ndim == 2 else page)
