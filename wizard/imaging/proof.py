"""证明材料 (proof): a certificate from the police or the personnel-exam office, as upload files.

Applicants have these as a photo, a scan or a PDF of several pages. The upload dialog takes
pictures of at most 100 KB each, so every page becomes one file: PDF pages are rendered with
pypdfium2 at a resolution where print is sharp; a photographed page is first found on the
desk, flattened, straightened and given a scanner's look (:mod:`wizard.imaging.page`). A page
with colour (a red seal) is a colour JPEG; a page without is a greyscale JPEG or, when it
reads better, a black-and-white PNG (:mod:`wizard.imaging.bilevel`), each shrunk only as far
as the byte limit demands. Which one is *measured*: the shipped OCR reads lines of the
full-quality page and of each upload file (:mod:`wizard.imaging.legibility`), the file that
keeps most of the characters is chosen, and a page that keeps less than the rule pack's share
is warned by its number, instead of uploading a page the reviewer cannot read. A PDF that
cannot be opened is an :class:`~wizard.imaging.load.ImageLoadError` naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

from wizard.case.findings import Finding, error, info, warning
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.imaging.bilevel import fit_bilevel_png
from wizard.imaging.encode import encode_jpeg, fit_to_bytes
from wizard.imaging.framing import framed, work_copy
from wizard.imaging.legibility import kept_share, reference
from wizard.imaging.load import load_image
from wizard.imaging.page import deskew, find_page, flatten_page, scan_look, skew_angle
from wizard.imaging.pdf_pages import render_pages
from wizard.imaging.process import register
from wizard.imaging.result import ProcessResult
from wizard.imaging.text_lines import OcrUnavailable
from wizard.platform.formats import sniff_file

FIELD = f"attachments.{Slot.PROOF.value}"


@register(Slot.PROOF, takes_path=True)
def process_proof(path: Path, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
    check = lambda key: rules.check("proof", key)  # noqa: E731 - a short local alias
    if _sniff(path) == "pdf":
        dpi = int(check("render_dpi"))
        pages, total = render_pages(path, dpi, int(check("max_pages")), int(check("max_side")))
        results = [proof_page(rgb, rules, adjust, page=n, source_dpi=dpi) for n, rgb in enumerate(pages, 1)]
        if total > len(pages):
            note = warning("proof.too_many_pages", FIELD, count=total, max=len(pages))
            results[-1].findings.append(note)
        return results
    image = load_image(path)
    page, _ = work_copy(framed(image, adjust), int(check("max_side")))
    return [proof_page(page, rules, adjust, page=1, source_dpi=None, photographed=True)]


def _sniff(path: Path) -> str | None:
    try:
        return sniff_file(path)
    except OSError:
        return None  # the loader reports missing and unreadable files with its own messages


def proof_page(
    rgb: np.ndarray, rules: RulePack, adjust: Adjustment, page: int, source_dpi: int | None,
    photographed: bool = False,
) -> ProcessResult:
    """One page as an upload file; ``photographed``: a photo of the page, found and flattened first."""
    check = lambda key: rules.check("proof", key)  # noqa: E731
    metrics: dict[str, Any] = {"page": page, "source_size": [rgb.shape[1], rgb.shape[0]]}
    if photographed:
        rgb = as_scanned(rgb, rules, metrics)
    colour_test = _inner(rgb) if photographed else rgb
    grey = is_greyscale(colour_test, float(check("colour_chroma")), float(check("colour_share")))
    text_px = text_height(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    unusable = _unusable(rgb, text_px, rules, page)
    clean = scan_look(rgb) if photographed else rgb
    pixels = cv2.cvtColor(clean, cv2.COLOR_RGB2GRAY) if grey else np.ascontiguousarray(clean)
    encoded, fmt, legible = choose_encoding(pixels, rules, metrics)
    factor = encoded.size[0] / pixels.shape[1]
    metrics.update(grey=grey, format=fmt, quality=encoded.quality, bytes=len(encoded.data),
                   scale=round(factor, 3), text_height_px=None if text_px is None else round(text_px * factor, 1))
    if source_dpi:
        metrics["effective_dpi"] = round(source_dpi * factor)
    findings = _page_findings(metrics, text_px, rules, page, legible)
    if unusable:  # nothing a reviewer could read: no file, so that it is never uploaded
        return ProcessResult(b"", [unusable, *findings], metrics, adjust, encoded.size)
    return ProcessResult(encoded.data, findings, metrics, adjust, encoded.size, fmt=fmt)


def _inner(rgb: np.ndarray, margin: float = 0.03) -> np.ndarray:
    """The page without a thin margin: a flattened photo's edge may keep a sliver of the desk."""
    h, w = rgb.shape[:2]
    dy, dx = round(margin * h), round(margin * w)
    return rgb[dy : h - dy, dx : w - dx] if h > 2 * dy and w > 2 * dx else rgb


def as_scanned(rgb: np.ndarray, rules: RulePack, metrics: dict[str, Any]) -> np.ndarray:
    """The photographed page found and flattened (or, filling the picture, straightened by its text)."""
    quad = find_page(rgb, float(rules.check("proof", "page_min_area")))
    if quad is not None:
        metrics.update(located="found", corners=quad.round(1).tolist())
        return flatten_page(rgb, quad, int(rules.check("proof", "max_side")))
    angle = skew_angle(rgb)
    metrics.update(located="whole", deskew_degrees=angle)
    return deskew(rgb, angle) if abs(angle) >= 0.3 else rgb


def choose_encoding(pixels: np.ndarray, rules: RulePack, metrics: dict[str, Any]):
    """The upload file that keeps the most of the page's characters: (encoded, format, kept share or None)."""
    candidates = [(_jpeg(pixels, rules), "jpeg")]
    try:
        ref = reference(pixels, rules)
    except OcrUnavailable:
        ref = None
    shares = {"jpeg": None if ref is None else kept_share(ref, candidates[0][0].data, rules)}
    # A grey page that the JPEG does not keep whole may read better in black and white, at more pixels.
    # A grey page may read better in black and white: worth reading when the JPEG lost characters, or
    # when the PNG holds the page at much higher resolution (the reader saturates; a person does not).
    # Unmeasured, the greyscale JPEG stays: black and white would lose a photo printed on the page unseen.
    if pixels.ndim == 2 and shares["jpeg"] is not None:
        png = fit_bilevel_png(pixels, rules.upload.max_bytes, int(rules.check("proof", "dpi")))
        width = candidates[0][0].size[0]
        if png is not None and png.size[0] > width and (shares["jpeg"] < 0.99 or png.size[0] >= 1.3 * width):
            candidates.append((png, "png"))
            shares["png"] = kept_share(ref, png.data, rules)
    if ref is None:
        metrics["legibility"] = None
        return candidates[0][0], candidates[0][1], None
    metrics.update(legibility_lines=len(ref.texts), legibility_chars=ref.characters,
                   legibility_by_format={k: None if v is None else round(v, 3) for k, v in shares.items()})
    if ref.characters == 0:
        metrics["legibility"] = None
        return candidates[0][0], candidates[0][1], None
    # The most characters kept; between equals, the larger picture.
    encoded, fmt = max(candidates, key=lambda c: (round(shares[c[1]], 2), c[0].size[0]))
    metrics["legibility"] = round(shares[fmt], 3)
    return encoded, fmt, shares[fmt]


def _jpeg(pixels: np.ndarray, rules: RulePack):
    quality = int(rules.check("proof", "min_quality"))
    start = _starting_size(pixels, rules.upload.max_bytes, quality)
    return fit_to_bytes(start, rules.upload.max_bytes, int(rules.check("proof", "dpi")), allow_downscale=True,
                        min_quality=quality)


def _unusable(rgb: np.ndarray, text_px: float | None, rules: RulePack, page: int) -> Finding | None:
    """A sliver (a page a few pixels wide) or a blank page (one grey level everywhere, no text)."""
    height, width = rgb.shape[:2]
    if min(width, height) < int(rules.check("proof", "min_page_side")):
        return error("proof.page_sliver", FIELD, page=page, width=width, height=height)
    small, _ = work_copy(rgb, 800)
    if text_px is None and float(small.std()) < float(rules.check("proof", "blank_std")):
        return error("proof.page_blank", FIELD, page=page)
    return None


def _page_findings(
    metrics: dict[str, Any], text_px: float | None, rules: RulePack, page: int, legible: float | None
) -> list[Finding]:
    findings: list[Finding] = []
    if legible is not None and legible < rules.check("proof", "min_kept_share"):
        findings.append(warning("proof.illegible", FIELD, page=page, share=round(100 * legible)))
    if text_px is None:
        findings.append(info("proof.no_text", FIELD, page=page))
    elif legible is None and metrics["text_height_px"] < rules.check("proof", "min_text_px"):
        # Without a reading to go by (no line the OCR is sure of, or no OCR), the height of the print says it.
        findings.append(warning("proof.text_too_small", FIELD, page=page, px=metrics["text_height_px"]))
    if metrics.get("legibility", 0) is None and text_px is not None:
        findings.append(info("proof.legibility_unchecked", FIELD, page=page))
    if metrics["grey"]:
        findings.append(info("proof.greyscale", FIELD, page=page))
    return findings


def is_greyscale(rgb: np.ndarray, chroma: float, share: float) -> bool:
    """No colour worth keeping: fewer than ``share`` of the pixels differ between channels by ``chroma``."""
    small, _ = work_copy(rgb, 800)
    spread = small.max(axis=2).astype(np.int16) - small.min(axis=2)
    return float((spread > chroma).mean()) < share


def text_height(grey: np.ndarray) -> float | None:
    """Median height (pixels) of the text lines of a page, or None when it has no text.

    Dark marks are found by Otsu's split and the letter-sized ones kept (not specks, not
    rules or pictures). Letters of a line are then joined by a closing as wide as a letter
    is tall, and the line-shaped blobs measured: their median height is the height of a
    Chinese character, or of a Latin line from ascender to descender. Parts of a Chinese
    character alone would understate it (部 is two marks, each half as wide).
    """
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.mean() > 0.5 * 255:  # mostly "ink": a photo or a dark page, not text on paper
        return None
    letters, heights = _letter_marks(ink)
    if heights.size < 20:
        return None
    size = float(np.median(heights))
    kernel = np.ones((max(1, round(size / 3)), max(3, round(1.2 * size))), np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(cv2.morphologyEx(letters, cv2.MORPH_CLOSE, kernel))
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    lines = h[(w >= 3 * h) & (h >= size) & (h <= 4 * size)]
    return float(np.median(lines)) if lines.size >= 3 else size


def _letter_marks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The letter-sized marks of ``ink`` as a mask, and their heights."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    letter = (h >= 3) & (h <= ink.shape[0] * 0.05) & (w <= 4 * h) & (area >= 6) & (area <= 0.9 * w * h)
    keep = np.concatenate([[False], letter])
    return (keep[labels] * 255).astype(np.uint8), h[letter]


def _starting_size(pixels: np.ndarray, max_bytes: int, quality: int) -> np.ndarray:
    """A first guess at the size that fits, from one trial encoding: saves the encoder many shrink steps."""
    from PIL import Image

    image = Image.fromarray(pixels)
    trial = len(encode_jpeg(image, quality, 72))
    if trial <= max_bytes:
        return pixels
    factor = 0.97 * (max_bytes / trial) ** 0.5
    size = (max(64, round(image.width * factor)), max(64, round(image.height * factor)))
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
