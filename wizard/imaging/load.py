"""One safe way in for every picture, whatever the user drops on a slot.

Phones and scanners produce PNGs named .jpg, HEIC, sideways JPEGs with an EXIF
orientation tag, transparent PNGs, 16-bit TIFFs and CMYK scans. Everything that reads a
picture reads it here, so that every slot sees the same thing: an upright 8-bit sRGB
array with transparency flattened onto white. Every failure is an :class:`ImageLoadError`
whose finding renders to a Chinese message naming the file.
"""

from __future__ import annotations

import errno
import io
import os
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from wizard.case.findings import Finding, error
from wizard.imaging.budget import (
    DECODE_BUDGET,
    MAX_JPEG_SCANS,
    MAX_SCAN_PIXELS,
    decode_cost,
    jpeg_reduction,
    jpeg_scans,
)
from wizard.imaging.pixels import GREY_MODES, has_alpha, to_rgb
from wizard.platform.files import FileTooBig, NotRegularFile, read_regular
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
    A picture whose decoding would cost more memory than :data:`~wizard.imaging.budget.DECODE_BUDGET`
    is refused (a JPEG is decoded at a smaller scale instead); one larger than the engines need
    arrives reduced (``scale`` below 1).
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
            image, full_size, orientation = _open(file, raw, fmt, max_pixels, draft_for)
            return _to_loaded(image, file, fmt, full_size, orientation)
        except _CORRUPT_DATA as exc:
            # Pillow reports damaged files with many exception types, some raised lazily while pixels
            # are converted (found by fuzzing): each of them means "this file is damaged".
            code = "image.truncated" if "truncated" in str(exc) else "image.unreadable"
            raise ImageLoadError(error(code, file=str(file), reason=str(exc) or type(exc).__name__)) from None


def _read_bytes(file: Path) -> bytes:
    # Bytes first, decode second: no OpenCV path handling, so Chinese folder names work everywhere.
    try:
        raw = read_regular(file, MAX_FILE_BYTES)
    except FileTooBig as exc:  # never read a multi-gigabyte file into memory to find out
        raise ImageLoadError(error("image.file_too_big", file=str(file), bytes=exc.size, max=exc.limit)) from None
    except NotRegularFile as exc:
        code = "image.is_folder" if exc.kind == "directory" else "image.is_device"
        raise ImageLoadError(error(code, file=str(file))) from None
    except OSError as exc:
        raise ImageLoadError(os_error_finding(exc, file)) from None
    if not raw:
        raise ImageLoadError(error("image.empty", file=str(file)))
    return raw


def _open(file: Path, raw: bytes, fmt: str, max_pixels: int, draft_for: tuple[int, int] | None):
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
    if image.format == "JPEG":  # its EXIF comes before the pixels: the orientation is known now
        orientation = _orientation(image)
        _jpeg_draft(image, file, raw, draft_for, orientation)
    else:  # a PNG's getexif() decodes the whole picture: price it first
        _within_budget(image, file, fmt, len(raw))
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        code = "image.truncated" if "truncated" in str(exc) or isinstance(exc, EOFError) else "image.unreadable"
        raise ImageLoadError(error(code, file=str(file), reason=str(exc))) from None
    if image.format != "JPEG":
        orientation = _orientation(image)
    full_size = (height, width) if orientation in _ROTATING_ORIENTATIONS else (width, height)
    return image, full_size, orientation


def _orientation(image: Image.Image) -> int:
    try:  # a broken EXIF block must not cost the picture
        value = image.getexif().get(0x0112, 1)
    except (OSError, ValueError, SyntaxError, struct.error, TypeError):
        return 1
    return value if isinstance(value, int) else 1


def _within_budget(image: Image.Image, file: Path, fmt: str, file_bytes: int) -> None:
    width, height = image.size
    if decode_cost(fmt, image.mode, width * height, file_bytes) > DECODE_BUDGET:
        raise _too_costly(file, image)


def _jpeg_draft(image, file: Path, raw: bytes, draft_for: tuple[int, int] | None, orientation: int) -> None:
    """Choose the JPEG's decoding scale: small enough for the budget, large enough for ``draft_for``."""
    progressive = bool(image.info.get("progressive") or image.info.get("progression"))
    width, height = image.size
    scans = jpeg_scans(raw) if progressive else 1
    if scans > MAX_JPEG_SCANS or scans * width * height > MAX_SCAN_PIXELS:
        raise ImageLoadError(error("image.too_many_scans", file=str(file), scans=scans))
    denominator = jpeg_reduction(image.size, image.mode, len(raw), progressive)
    if denominator is None:
        raise _too_costly(file, image)
    want = (-(-width // denominator), -(-height // denominator))
    if draft_for:
        wanted = draft_for[::-1] if orientation in _ROTATING_ORIENTATIONS else draft_for
        want = (min(want[0], wanted[0]), min(want[1], wanted[1]))
    if want != image.size:
        image.draft("RGB" if image.mode == "RGB" else None, want)


def _too_costly(file: Path, image: Image.Image) -> ImageLoadError:
    width, height = image.size
    return ImageLoadError(error("image.too_costly", file=str(file), width=width, height=height))


def _to_loaded(image: Image.Image, file: Path, fmt: str, full_size: tuple[int, int], orientation: int) -> LoadedImage:
    had_alpha = has_alpha(image)
    grey = image.mode in GREY_MODES
    rgb, _ = to_rgb(image, orientation)
    image.close()
    rgb.setflags(write=False)  # cached and shared between re-runs: nobody may draw on it
    scale = rgb.shape[1] / full_size[0]
    return LoadedImage(rgb, file, fmt, full_size, scale=scale, grey=grey, had_alpha=had_alpha)


_ERRNO_CODES = {errno.ENOENT: "image.missing", errno.ELOOP: "image.link_loop",
                errno.ENAMETOOLONG: "image.name_too_long", errno.EACCES: "image.no_permission",
                errno.EPERM: "image.no_permission"}


def os_error_finding(exc: OSError, file: Path, field: str = "") -> Finding:
    """Why the system would not give us the file, as a finding naming it (a code per common cause)."""
    code = _ERRNO_CODES.get(exc.errno or 0)
    if code:
        return error(code, field, file=str(file))
    return error("image.unreadable", field, file=str(file), reason=os_reason(exc))


def os_reason(exc: OSError) -> str:
    """An OS error in words: its ``strerror`` (localised by the system), or the error itself."""
    return exc.strerror or str(exc) or type(exc).__name__
