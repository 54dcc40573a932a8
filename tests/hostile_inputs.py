"""The hostile-input corpus: odd, broken and dangerous files a user's phone or scanner may make.

Each entry makes its file in a folder and says what must happen: ``"refused"`` (exit 2 with a
Chinese message naming the file) or ``"read"`` (the picture is decoded correctly and processed).
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

NAME = "证件 照片 副本"  # Chinese characters and spaces in every path


def _portrait_like(mode: str = "RGB", size: tuple[int, int] = (300, 400)) -> Image.Image:
    image = Image.new("RGB", size, (230, 230, 228))
    return image.convert(mode) if mode != "RGB" else image


def zero_byte(folder: Path) -> Path:
    path = folder / f"{NAME}_空.jpg"
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / f"{NAME}_随机.jpg"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    return path


def text_named_jpg(folder: Path) -> Path:
    path = folder / f"{NAME}_文本.jpg"
    path.write_text("这不是图片，是一段文字。\n", encoding="utf-8")
    return path


def truncated_jpeg(folder: Path) -> Path:
    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(2).integers(0, 256, (400, 300, 3), dtype=np.uint8)).save(buffer, "JPEG")
    path = folder / f"{NAME}_截断.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    return path


def png_claiming_30000(folder: Path) -> Path:
    """A 30000×30000 PNG header in a file of a few hundred bytes (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")
    raw = b"\x89PNG\r\n\x1a\n" + body
    path = folder / f"{NAME}_炸弹.png"
    path.write_bytes(raw)
    return path


def directory_named_jpg(folder: Path) -> Path:
    path = folder / f"{NAME}_文件夹.jpg"
    path.mkdir()
    return path


def missing_file(folder: Path) -> Path:
    return folder / f"{NAME}_不存在.jpg"


def animated_gif(folder: Path) -> Path:
    frames = [_portrait_like("P"), Image.new("P", (300, 400), 3)]
    path = folder / f"{NAME}_动图.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return path


def png_16bit(folder: Path) -> Path:
    path = folder / f"{NAME}_16位.png"
    Image.fromarray(np.full((400, 300), 50000, dtype=np.uint16)).save(path)
    return path


def cmyk_jpeg(folder: Path) -> Path:
    path = folder / f"{NAME}_CMYK.jpg"
    Image.new("CMYK", (300, 400), (0, 0, 0, 30)).save(path, "JPEG")
    return path


def palette_png_transparent(folder: Path) -> Path:
    image = Image.new("P", (300, 400), 0)
    image.putpalette([255, 0, 0] + [0, 0, 255] * 255)
    image.info["transparency"] = 0
    path = folder / f"{NAME}_调色板.png"
    image.save(path, transparency=0)
    return path


def heic(folder: Path) -> Path:
    import pillow_heif

    pillow_heif.register_heif_opener()
    path = folder / f"{NAME}_苹果.heic"
    _portrait_like().save(path, "HEIF")
    return path


def multipage_tiff(folder: Path) -> Path:
    path = folder / f"{NAME}_多页.tif"
    _portrait_like().save(path, save_all=True, append_images=[Image.new("RGB", (300, 400), (0, 0, 0))])
    return path


# name → (maker, what must happen)
CORPUS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zero_byte": (zero_byte, "refused"),
    "random_bytes": (random_bytes, "refused"),
    "text_named_jpg": (text_named_jpg, "refused"),
    "truncated_jpeg": (truncated_jpeg, "refused"),
    "png_claiming_30000": (png_claiming_30000, "refused"),
    "directory_named_jpg": (directory_named_jpg, "refused"),
    "missing_file": (missing_file, "refused"),
    "animated_gif": (animated_gif, "read"),
    "png_16bit": (png_16bit, "read"),
    "cmyk_jpeg": (cmyk_jpeg, "read"),
    "palette_png_transparent": (palette_png_transparent, "read"),
    "heic": (heic, "read"),
    "multipage_tiff": (multipage_tiff, "read"),
}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    On Linux VmHWM of /proc/self/status: ``ru_maxrss`` survives fork+exec, so a child started by a
    big pytest process would report the parent's size.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if os.uname().sysname == "Darwin" else peak / 1024
