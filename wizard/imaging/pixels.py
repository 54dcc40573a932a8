"""A decoded Pillow picture of any mode as an upright 8-bit RGB array, in bounded memory.

Converting a whole 100-megapixel picture at once costs many times its size (an RGBA picture
became uint16 copies, a 16-bit one float64, and numpy's view of a Pillow image is built by
joining a copy of its bytes). Here the picture is converted one band of rows at a time into
one preallocated output, reduced on the way by a whole-number factor when it has more pixels
than any engine needs, and turned upright last, on the small result.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageCms

from wizard.imaging.budget import work_reduction

_BAND_PIXELS = 2_000_000  # pixels converted at once: a few MB of temporary arrays
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
GREY_MODES = ("1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "I;16N", "F")

Converter = Callable[[Image.Image, int], np.ndarray]  # (band, reduction factor) -> uint8 RGB


def has_alpha(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or "transparency" in image.info


def to_rgb(image: Image.Image, orientation: int = 1) -> tuple[np.ndarray, int]:
    """``image`` as H×W×3 uint8 RGB, upright for EXIF ``orientation``; and the reduction factor used."""
    width, height = image.size
    factor = work_reduction(image.size)
    convert = _converter(image)
    out = np.empty((-(-height // factor), -(-width // factor), 3), np.uint8)
    rows = factor * max(1, _BAND_PIXELS // (width * factor))
    for top in range(0, height, rows):
        band = convert(image.crop((0, top, width, min(height, top + rows))), factor)
        out[top // factor: top // factor + band.shape[0]] = band
    return upright(out, orientation), factor


def upright(rgb: np.ndarray, orientation: int) -> np.ndarray:
    """Apply an EXIF orientation (2–8) to an array, as ``ImageOps.exif_transpose`` does to a picture."""
    turned = {
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.transpose(1, 0, 2),
        6: lambda a: np.rot90(a, -1),
        7: lambda a: a.transpose(1, 0, 2)[::-1, ::-1],
        8: lambda a: np.rot90(a, 1),
    }.get(orientation)
    return np.ascontiguousarray(turned(rgb)) if turned else rgb


def _converter(image: Image.Image) -> Converter:
    mode = image.mode
    if mode.startswith("I") or mode == "F":
        return _deep_grey(image)
    if has_alpha(image):
        return _on_white
    to_srgb = _profiled(image, mode) if mode in ("RGB", "CMYK") else None
    if to_srgb is None:
        return lambda band, factor: _reduced(band if band.mode == "RGB" else band.convert("RGB"), factor)
    return lambda band, factor: _reduced(to_srgb(band), factor)


def _reduced(band: Image.Image, factor: int) -> np.ndarray:
    return np.asarray(band.reduce(factor) if factor > 1 else band)


def _on_white(band: Image.Image, factor: int) -> np.ndarray:
    rgba = band.convert("RGBA")
    if factor == 1:
        return flatten_on_white(np.asarray(rgba))
    # Composite first (in Pillow, fast), reduce second: averaging before compositing would let the
    # colours of transparent pixels show.
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return _reduced(Image.alpha_composite(white, rgba).convert("RGB"), factor)


def flatten_on_white(rgba: np.ndarray) -> np.ndarray:
    """Composite on white, never drop alpha: fully transparent pixels often hold leftover colours."""
    alpha = rgba[..., 3:4].astype(np.uint16)
    colour = rgba[..., :3].astype(np.uint16)
    return ((colour * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)


def _deep_grey(image: Image.Image) -> Converter:
    # 16-bit and float greys: scale the real range to 8 bits instead of clipping at 255.
    top_value = image.getextrema()[1] if image.size[0] and image.size[1] else 0
    full_scale = {True: (1.0, 255.0), False: (255.0, 65535.0)}[image.mode == "F"]
    top = full_scale[0] if top_value <= full_scale[0] else full_scale[1]

    def convert(band: Image.Image, factor: int) -> np.ndarray:
        if factor > 1:
            band = (band if band.mode in ("I", "F") else band.convert("I")).reduce(factor)
        values = np.asarray(band).astype(np.float32)
        grey = np.clip(values * np.float32(255.0 / top) + np.float32(0.5), 0, 255).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)

    return convert


def _profiled(image: Image.Image, mode: str) -> Callable[[Image.Image], Image.Image] | None:
    """A converter to sRGB through the embedded ICC profile (Display P3, Adobe RGB, a CMYK press profile)."""
    profile = image.info.get("icc_profile")
    if not profile:
        return None
    if mode == "RGB" and (b"sRGB" in profile[:200] or b"s\x00R\x00G\x00B" in profile[:400]):
        return None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        transform = ImageCms.buildTransform(source, ImageCms.createProfile("sRGB"), mode, "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # a broken profile: the plain conversion
    return lambda band: ImageCms.applyTransform(band, transform)
