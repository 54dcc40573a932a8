"""Fit a finished picture into the upload limit at the best quality it can have.

The platform takes at most 100 KB per file (the rule pack's ``upload.max_bytes``). Other
tools hit the limit by padding a JPEG with zero bytes or by a fixed low quality; we search
for the highest JPEG quality whose file fits, write a plain baseline JPEG whose JFIF header
carries the slot's dpi, and write nothing else: no EXIF, GPS, XMP, ICC or comments.

Use from any engine::

    from wizard.imaging.encode import fit_to_bytes
    encoded = fit_to_bytes(rgb, rules.upload.max_bytes, dpi=300)              # H×W×3 uint8 RGB
    encoded = fit_to_bytes(grey, rules.upload.max_bytes, dpi=300)             # H×W uint8: 1-channel JPEG
    encoded = fit_to_bytes(page, limit, dpi=150, allow_downscale=True)        # may shrink to fit
    encoded.data, encoded.quality, encoded.size                               # bytes, 1..100, (w, h)

The result is never larger than ``max_bytes`` and never padded. If it cannot fit at
``min_quality`` (and downscaling is not allowed, or cannot help), :class:`BudgetError`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

MAX_QUALITY = 100
DEFAULT_MIN_QUALITY = 60  # below this, JPEG blocking shows on faces and strokes
DOWNSCALE_STEP = 0.85  # each shrink keeps 85% of width and height (about 72% of the pixels)
MIN_SIDE = 64  # never shrink below this: the result would be useless anyway


@dataclass(frozen=True)
class Encoded:
    data: bytes
    quality: int
    size: tuple[int, int]  # (width, height) of the encoded picture


class BudgetError(ValueError):
    """The picture does not fit ``max_bytes`` at the lowest acceptable quality."""

    def __init__(self, smallest: int, max_bytes: int) -> None:
        super().__init__(f"smallest encoding is {smallest} bytes, limit {max_bytes}")
        self.smallest = smallest
        self.max_bytes = max_bytes


def fit_to_bytes(
    pixels: np.ndarray,
    max_bytes: int,
    dpi: int,
    *,
    allow_downscale: bool = False,
    min_quality: int = DEFAULT_MIN_QUALITY,
) -> Encoded:
    """The highest-quality baseline JPEG of ``pixels`` that is at most ``max_bytes`` long."""
    image = _to_image(pixels)
    while True:
        found = _best_quality(image, max_bytes, dpi, min_quality)
        if isinstance(found, Encoded):
            return found
        smaller = _shrunk(image)
        if not allow_downscale or smaller is None:
            raise BudgetError(found, max_bytes)
        image = smaller


def encode_jpeg(image: Image.Image, quality: int, dpi: int) -> bytes:
    """One baseline JPEG: JFIF density ``dpi``, optimised Huffman tables, no metadata at all."""
    buffer = io.BytesIO()
    # optimize=True only builds better Huffman tables: still baseline, same pixels, fewer bytes.
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=False, dpi=(dpi, dpi))
    return buffer.getvalue()


def _best_quality(image: Image.Image, max_bytes: int, dpi: int, min_quality: int) -> Encoded | int:
    """Binary search: the highest quality in [min_quality, 100] that fits, or the smallest size seen."""
    low, high = min_quality, MAX_QUALITY
    best: Encoded | None = None
    smallest = None
    while low <= high:
        quality = (low + high) // 2
        data = encode_jpeg(image, quality, dpi)
        if len(data) <= max_bytes:
            best = Encoded(data, quality, image.size)
            low = quality + 1
        else:
            smallest = len(data) if smallest is None else min(smallest, len(data))
            high = quality - 1
    return best if best is not None else smallest


def _to_image(pixels: np.ndarray) -> Image.Image:
    array = np.ascontiguousarray(pixels, dtype=np.uint8)
    if array.ndim == 2:
        return Image.fromarray(array, "L")  # greyscale stays one channel: a third of the bytes
    if array.ndim == 3 and array.shape[2] == 3:
        return Image.fromarray(array, "RGB")
    raise ValueError(f"expected H×W grey or H×W×3 RGB, got shape {array.shape}")


def _shrunk(image: Image.Image) -> Image.Image | None:
    width, height = (round(side * DOWNSCALE_STEP) for side in image.size)
    if min(width, height) < MIN_SIDE:
        return None
    return image.resize((width, height), Image.Resampling.LANCZOS)
