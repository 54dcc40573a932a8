"""证明材料 (proof): a certificate from the police or the personnel-exam office, as upload files.

Applicants have these as a photo, a scan or a PDF of several pages. The upload dialog takes
pictures of at most 100 KB each, so every page becomes one JPEG: PDF pages are rendered
with pypdfium2 at a resolution where print is sharp, then shrunk only as far as the byte
limit demands. A page with no colour is written as a one-channel JPEG (a third of the
bytes, so more pixels fit). When the shrinking leaves the text too small to read, the
applicant is told so (split the page, or upload a clearer scan) instead of uploading a
page the reviewer cannot read. A PDF that cannot be opened is an
:class:`~wizard.imaging.load.ImageLoadError` naming the file, like any unreadable picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

from wizard.case.findings import Finding, error, info, warning
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.imaging.encode import encode_jpeg, fit_to_bytes
from wizard.imaging.framing import framed, work_copy
from wizard.imaging.load import load_image
from wizard.imaging.pdf_pages import render_pages
from wizard.imaging.process import register
from wizard.imaging.result import ProcessResult
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
    return [proof_page(page, rules, adjust, page=1, source_dpi=None)]


def _sniff(path: Path) -> str | None:
    try:
        return sniff_file(path)
    except OSError:
        return None  # the loader reports missing and unreadable files with its own messages


def proof_page(
    rgb: np.ndarray, rules: RulePack, adjust: Adjustment, page: int, source_dpi: int | None
) -> ProcessResult:
    """One page as an upload file: grey when it has no colour, shrunk only as far as the limit needs."""
    check = lambda key: rules.check("proof", key)  # noqa: E731
    grey = is_greyscale(rgb, float(check("colour_chroma")), float(check("colour_share")))
    pixels = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if grey else np.ascontiguousarray(rgb)
    text_px = text_height(pixels if grey else cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    start = _starting_size(pixels, rules.upload.max_bytes, int(check("min_quality")))
    encoded = fit_to_bytes(
        start, rules.upload.max_bytes, int(check("dpi")), allow_downscale=True, min_quality=int(check("min_quality"))
    )
    factor = encoded.size[0] / rgb.shape[1]
    metrics: dict[str, Any] = {
        "page": page, "grey": grey, "quality": encoded.quality, "bytes": len(encoded.data),
        "source_size": [rgb.shape[1], rgb.shape[0]], "scale": round(factor, 3),
        "text_height_px": None if text_px is None else round(text_px * factor, 1),
    }
    if source_dpi:
        metrics["effective_dpi"] = round(source_dpi * factor)
    findings = _page_findings(metrics, text_px, rules, page)
    unusable = _unusable(rgb, text_px, rules, page)
    if unusable:  # nothing a reviewer could read: no file, so that it is never uploaded
        return ProcessResult(b"", [unusable, *findings], metrics, adjust, encoded.size)
    return ProcessResult(encoded.data, findings, metrics, adjust, encoded.size)


def _unusable(rgb: np.ndarray, text_px: float | None, rules: RulePack, page: int) -> Finding | None:
    """A sliver (a page a few pixels wide) or a blank page (one grey level everywhere, no text)."""
    height, width = rgb.shape[:2]
    if min(width, height) < int(rules.check("proof", "min_page_side")):
        return error("proof.page_sliver", FIELD, page=page, width=width, height=height)
    small, _ = work_copy(rgb, 800)
    if text_px is None and float(small.std()) < float(rules.check("proof", "blank_std")):
        return error("proof.page_blank", FIELD, page=page)
    return None


def _page_findings(metrics: dict[str, Any], text_px: float | None, rules: RulePack, page: int) -> list[Finding]:
    findings: list[Finding] = []
    if text_px is None:
        findings.append(info("proof.no_text", FIELD, page=page))
    elif metrics["text_height_px"] < rules.check("proof", "min_text_px"):
        findings.append(warning("proof.text_too_small", FIELD, page=page, px=metrics["text_height_px"]))
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
