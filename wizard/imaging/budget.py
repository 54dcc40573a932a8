"""What decoding a picture will cost, decided from its header before a single pixel is decoded.

A pixel limit alone does not bound memory: a 62-byte GIF or a 34-byte WebP may declare
10000×10000 pixels, and decoders differ in what a pixel costs (Pillow keeps RGB in 4 bytes,
libwebp decodes into a buffer of its own first, a progressive JPEG holds every DCT coefficient
of the picture until its last scan). Here each decode gets a price in bytes from the format
and the pixel mode; the loader refuses a picture whose price passes :data:`DECODE_BUDGET`,
and decodes a large JPEG at a reduced scale (DCT scaling) so that it fits. Work is bounded
the same way: a progressive JPEG decodes every scan over the whole picture, so the number of
scans times the pixels is capped (one scan repeated 5000 times took minutes).
"""

from __future__ import annotations

import math

# Bytes of memory the decoded picture, its decoder's buffers and the file's own bytes may take
# together. With the loader's working copy (:data:`WORK_MAX_PIXELS` × 3 bytes) and the program
# itself, a fresh process stays under 600 MB for any input.
DECODE_BUDGET = 360_000_000
# The loader hands the engines at most this many pixels; larger pictures are reduced while they
# are converted (no slot needs more: the largest output is a proof page of 2400 px).
WORK_MAX_PIXELS = 24_000_000
# Progressive JPEG: scans × pixels decoded. Cameras write 1 scan, encoders 6–12; 10 scans of a
# 100 MP picture pass, 5000 scans of anything do not.
MAX_SCAN_PIXELS = 1_500_000_000
MAX_JPEG_SCANS = 200

# Bytes per pixel of Pillow's own storage of each mode (RGB is padded to 4).
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2, "LA": 4, "PA": 4,
               "La": 4, "I": 4, "F": 4, "RGB": 4, "RGBA": 4, "RGBa": 4, "RGBX": 4, "CMYK": 4, "YCbCr": 4,
               "LAB": 4, "HSV": 4}
# Bytes per pixel a decoder needs beside Pillow's image (measured with VmHWM at 10000×10000):
# libwebp decodes into its own RGBA buffer and Pillow copies it; libheif likewise; the BMP RLE
# decoder builds the whole picture in a bytearray first; a progressive JPEG keeps 2 bytes per
# coefficient of every component (6 at 4:4:4).
_DECODER_EXTRA = {"webp": 12, "heif": 4, "avif": 4, "bmp": 2}
_PROGRESSIVE_EXTRA = 6


def decode_cost(fmt: str, mode: str, pixels: int, file_bytes: int, progressive_pixels: int = 0) -> int:
    """The bytes a decode of ``pixels`` in ``mode`` takes, with the file's bytes held beside it."""
    per_pixel = _MODE_BYTES.get(mode, 4) + _DECODER_EXTRA.get(fmt, 0)
    return file_bytes + pixels * per_pixel + progressive_pixels * _PROGRESSIVE_EXTRA


def jpeg_reduction(size: tuple[int, int], mode: str, file_bytes: int, progressive: bool) -> int | None:
    """The smallest JPEG DCT reduction (1, 2, 4 or 8) whose decode fits the budget, or None."""
    width, height = size
    coefficients = width * height if progressive else 0
    for denominator in (1, 2, 4, 8):
        pixels = math.ceil(width / denominator) * math.ceil(height / denominator)
        if decode_cost("jpeg", mode, pixels, file_bytes, coefficients) <= DECODE_BUDGET:
            return denominator
    return None


def jpeg_scans(raw: bytes) -> int:
    """An upper bound of the scans of a JPEG: SOS markers anywhere (thumbnails included).

    Inside entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so every
    ``FF DA`` pair is the start of a scan or lies in a segment's payload.
    """
    return raw.count(b"\xff\xda")


def work_reduction(size: tuple[int, int]) -> int:
    """The whole-number factor that brings ``size`` under :data:`WORK_MAX_PIXELS` (1 if it is)."""
    pixels = size[0] * size[1]
    if pixels <= WORK_MAX_PIXELS:
        return 1
    return math.ceil(math.sqrt(pixels / WORK_MAX_PIXELS))
