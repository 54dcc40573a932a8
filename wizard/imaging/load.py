"""One safe way in for every picture, whatever the user drops on a slot.

Phones and scanners produce PNGs named .jpg, HEIC, sideways JPEGs with an EXIF
orientation tag, transparent PNGs, 16-bit TIFFs and CMYK scans. Everything that reads a
picture reads it here, so that every slot sees the same thing: an upright 8-bit sRGB
array with transparency flattened onto white. Every failure is an :class:`ImageLoadError`
whose finding renders to a Chinese message naming the file.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageOps

from wizard.case.findings import Finding, error
from wizard.platform.formats import sniff_bytes

try:  # HEIC/HEIF from iPhones; optional at run time so a broken wheel never stops JPEG users
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    pillow_heif = None

# 100 MP: more than any phone or scanner page a user will upload; far less than what would exhaust memory.
MAX_PIXELS = 100_000_000
# 200 MB: a 100 MP TIFF or a phone's RAW-sized HEIC fits; anything larger is not a photo of a document.
MAX_FILE_BYTES = 200_000_000
_DECODABLE = {"jpeg", "png", "gif", "bmp", "tiff", "webp", "heif", "avif"}
_ROTATING_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class LoadedImage:
    """A picture ready for processing.

    ``rgb`` is H×W×3 uint8 RGB, upright, read-only. ``source_size`` is the (width, height) of
    the upright picture at full resolution; ``scale`` is ``rgb``'s size over that (below 1
    when decoded in draft mode). ``grey`` says the file itself had one channel.
    """

    rgb: np.ndarray
    path: Path
    fmt: str
    source_size: tuple[int, int]
    scale: float = 1.0
    grey: bool = False
    had_alpha: bool = False

    @property
    def size(self) -> tuple[int, int]:
        return self.rgb.shape[1], self.rgb.shape[0]


_CORRUPT_DATA = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError, KeyError, TypeError,
                 ZeroDivisionError)


class ImageLoadError(Exception):
    """The file is not a picture we can use; ``finding`` says why (codes ``image.*``)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.code)
        self.finding = finding


def load_image(
    path: str | os.PathLike[str], *, max_pixels: int = MAX_PIXELS, draft_for: tuple[int, int] | None = None
) -> LoadedImage:
    """Read ``path`` as an upright RGB picture.

    ``draft_for=(w, h)``: a JPEG may be decoded at 1/2, 1/4 or 1/8 scale as long as the upright
    result is still at least ``w × h`` (JPEG DCT scaling: several times faster than a full decode).
    """
    file = Path(path)
    raw = _read_bytes(file)
    fmt = sniff_bytes(raw[:32])
    if fmt not in _DECODABLE:
        raise ImageLoadError(error("image.not_image", file=str(file)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we apply our own limit below
        warnings.simplefilter("ignore", UserWarning)  # "Corrupt EXIF data": handled by keeping the picture
        try:
            image, full_size = _open(file, raw, max_pixels, draft_for)
            return _to_loaded(image, file, fmt, full_size)
        except _CORRUPT_DATA as exc:
            # Pillow reports damaged files with many exception types, some raised lazily while pixels
            # are converted (found by fuzzing): each of them means "this file is damaged".
            code = "image.truncated" if "truncated" in str(exc) else "image.unreadable"
            raise ImageLoadError(error(code, file=str(file), reason=str(exc) or type(exc).__name__)) from None


def _read_bytes(file: Path) -> bytes:
    # Bytes first, decode second: no OpenCV path handling, so Chinese folder names work everywhere.
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:  # never read a multi-gigabyte file into memory to find out
            raise ImageLoadError(error("image.file_too_big", file=str(file), bytes=size, max=MAX_FILE_BYTES))
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ImageLoadError(error("image.missing", file=str(file))) from None
    except IsADirectoryError:
        raise ImageLoadError(error("image.not_image", file=str(file))) from None
    except OSError as exc:
        raise ImageLoadError(error("image.unreadable", file=str(file), reason=exc.strerror or str(exc))) from None
    if not raw:
        raise ImageLoadError(error("image.empty", file=str(file)))
    return raw


def _open(file: Path, raw: bytes, max_pixels: int, draft_for: tuple[int, int] | None):
    try:
        image = Image.open(io.BytesIO(raw))
        image.seek(0)  # GIF / multi-page TIFF: the first frame
    except Image.DecompressionBombError:
        raise ImageLoadError(error("image.too_many_pixels", file=str(file), max=max_pixels)) from None
    except (OSError, ValueError, SyntaxError):
        raise ImageLoadError(error("image.not_image", file=str(file))) from None
    width, height = image.size
    if width * height > max_pixels:
        raise ImageLoadError(
            error("image.too_many_pixels", file=str(file), width=width, height=height, max=max_pixels)
        )
    orientation = image.getexif().get(0x0112, 1)
    full_size = (height, width) if orientation in _ROTATING_ORIENTATIONS else (width, height)
    if draft_for and image.format == "JPEG":
        want = draft_for[::-1] if orientation in _ROTATING_ORIENTATIONS else draft_for
        image.draft("RGB" if image.mode == "RGB" else None, tuple(want))
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        code = "image.truncated" if "truncated" in str(exc) or isinstance(exc, EOFError) else "image.unreadable"
        raise ImageLoadError(error(code, file=str(file), reason=str(exc))) from None
    with contextlib.suppress(OSError, ValueError, SyntaxError):  # a broken EXIF block must not cost the picture
        image = ImageOps.exif_transpose(image)
    return image, full_size


def _to_loaded(image: Image.Image, file: Path, fmt: str, full_size: tuple[int, int]) -> LoadedImage:
    had_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    grey = image.mode in ("1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "F")
    rgb = _to_rgb(image)
    rgb.setflags(write=False)  # cached and shared between re-runs: nobody may draw on it
    scale = rgb.shape[1] / full_size[0]
    return LoadedImage(rgb, file, fmt, full_size, scale=scale, grey=grey, had_alpha=had_alpha)


def _to_rgb(image: Image.Image) -> np.ndarray:
    if image.mode.startswith("I") or image.mode == "F":
        return _deep_grey(image)
    if image.mode == "P" or image.mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        return _flatten_on_white(np.asarray(image))
    if image.mode == "CMYK":
        return np.asarray(_cmyk_to_rgb(image))
    image = _to_srgb(image) if image.mode == "RGB" else image.convert("RGB")
    return np.array(image, dtype=np.uint8)


def _flatten_on_white(rgba: np.ndarray) -> np.ndarray:
    # Composite, never drop alpha: fully transparent pixels often hold leftover colours.
    alpha = rgba[..., 3:4].astype(np.uint16)
    colour = rgba[..., :3].astype(np.uint16)
    return ((colour * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)


def _deep_grey(image: Image.Image) -> np.ndarray:
    # 16-bit and float greys: scale the real range to 8 bits instead of clipping at 255.
    values = np.asarray(image).astype(np.float64)
    if image.mode == "F":
        top = 1.0 if values.max(initial=0) <= 1.0 else 255.0
    else:
        top = 65535.0 if values.max(initial=0) > 255 else 255.0
    grey = np.clip(values * (255.0 / top) + 0.5, 0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to the plain conversion below
    return image.convert("RGB")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert an RGB picture with an embedded non-sRGB profile (Display P3, Adobe RGB) to sRGB."""
    profile = image.info.get("icc_profile")
    if not profile or b"sRGB" in profile[:200] or b"s\x00R\x00G\x00B" in profile[:400]:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
