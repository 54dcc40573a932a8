"""The hostile-input corpus: odd, broken and dangerous files a user's phone or scanner may make.

Each entry makes its file in a folder and says what must happen: ``"refused"`` (exit 2 with a
Chinese message naming the file) or ``"read"`` (the picture is decoded correctly and processed).
"""

from __future__ import annotations

import io
import itertools
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


# --- round two (issue 18): small files that cost gigabytes, names that are not files -----------


def _png(folder: Path, label: str, width: int, height: int, depth: int, colour: int, row_bytes: int) -> Path:
    """A PNG of zero rows, compressed as a stream so that the test never holds the picture."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\0" * (row_bytes + 1)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    path = folder / f"{NAME}_{label}.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def png_rgba_10000(folder: Path) -> Path:
    """10000×10000 RGBA in 389 KB: 400 MB to decode, 2.9 GB with the old conversion."""
    return _png(folder, "透明炸弹", 10_000, 10_000, 8, 6, 40_000)


def png_16bit_10000(folder: Path) -> Path:
    """10000×10000 16-bit grey in 194 KB: within the budget (200 MB), read reduced to 3334×3334."""
    return _png(folder, "16位炸弹", 10_000, 10_000, 16, 0, 20_000)


def gif_screen_10000(folder: Path) -> Path:
    """A 1×1 GIF whose logical screen says 10000×10000: 37 bytes."""
    buffer = io.BytesIO()
    Image.new("P", (1, 1)).save(buffer, "GIF")
    data = bytearray(buffer.getvalue())
    data[6:10] = struct.pack("<HH", 10_000, 10_000)
    path = folder / f"{NAME}_画布炸弹.gif"
    path.write_bytes(bytes(data))
    return path


def webp_header_10000(folder: Path) -> Path:
    """A 34-byte lossless WebP whose header says 10000×10000 (libwebp allocates before it fails)."""
    bits = (10_000 - 1) | ((10_000 - 1) << 14)
    payload = b"\x2f" + struct.pack("<I", bits) + b"\0" * 9
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + payload
    path = folder / f"{NAME}_WebP炸弹.webp"
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk)
    return path


def heic_claiming_10000(folder: Path) -> Path:
    """A small HEIC whose image-size box says 10000×10000."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 200, 200)).save(buffer, "HEIF", quality=10)
    data = bytearray(buffer.getvalue())
    at = data.find(b"ispe")
    struct.pack_into(">II", data, at + 8, 10_000, 10_000)
    path = folder / f"{NAME}_HEIC炸弹.heic"
    path.write_bytes(bytes(data))
    return path


def bmp_rle8_10000(folder: Path) -> Path:
    """A 10000×10000 8-bit RLE BMP of 820 KB: 1.1 GB with the old loader."""
    width = height = 10_000
    row = b"\xff\x00" * 39 + bytes([width - 39 * 255, 0]) + b"\x00\x00"
    pixels = row * height + b"\x00\x01"
    palette = b"\x80\x80\x80\x00" * 256
    offset = 14 + 40 + len(palette)
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 1, len(pixels), 2835, 2835, 256, 0)
    path = folder / f"{NAME}_RLE炸弹.bmp"
    path.write_bytes(b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + header + palette + pixels)
    return path


def progressive_5000_scans(folder: Path) -> Path:
    """A progressive JPEG whose smallest scan is repeated 5000 times: minutes of decoding from ~400 KB."""
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1500), (120, 130, 140)).save(buffer, "JPEG", progressive=True, quality=60)
    data = buffer.getvalue()
    starts = [i for i in range(len(data) - 1) if data[i: i + 2] == b"\xff\xda"] + [len(data) - 2]
    scan = min((data[a:b] for a, b in itertools.pairwise(starts)), key=len)  # with the tables before the next
    path = folder / f"{NAME}_扫描炸弹.jpg"
    path.write_bytes(data[:-2] + scan * 5000 + b"\xff\xd9")
    return path


def symlink_loop(folder: Path) -> Path:
    first, second = folder / f"{NAME}_环1.jpg", folder / f"{NAME}_环2.jpg"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    return first


def name_too_long(folder: Path) -> Path:
    return folder / ("长" * 90 + ".jpg")  # 270 bytes in UTF-8: past the 255 a file system allows


def fifo_named_jpg(folder: Path) -> Path:
    path = folder / f"{NAME}_管道.jpg"
    os.mkfifo(path)
    return path


def link_to_dev_zero(folder: Path) -> Path:
    path = folder / f"{NAME}_零.jpg"
    path.symlink_to("/dev/zero")
    return path


def control_characters_in_name(folder: Path) -> Path:
    """Not a picture, and its name clears the screen, rings the bell and starts a fake line."""
    path = folder / "坏\x1b[2J\x07\r结论：没有发现问题。\n.jpg"
    path.write_text("不是图片", encoding="utf-8")
    return path


# name → (maker, what must happen): "refused" = exit 2 naming the file; "bounded" = read (reduced) within
# the budget, then judged by the slot (exit 0 or 1), never a traceback
ROUND_TWO: dict[str, tuple[Callable[[Path], Path], str]] = {
    "png_rgba_10000": (png_rgba_10000, "refused"),
    "webp_header_10000": (webp_header_10000, "refused"),
    "heic_claiming_10000": (heic_claiming_10000, "refused"),
    "progressive_5000_scans": (progressive_5000_scans, "refused"),
    "symlink_loop": (symlink_loop, "refused"),
    "name_too_long": (name_too_long, "refused"),
    "fifo_named_jpg": (fifo_named_jpg, "refused"),
    "link_to_dev_zero": (link_to_dev_zero, "refused"),
    "control_characters_in_name": (control_characters_in_name, "refused"),
    "gif_screen_10000": (gif_screen_10000, "bounded"),
    "png_16bit_10000": (png_16bit_10000, "bounded"),
    "bmp_rle8_10000": (bmp_rle8_10000, "bounded"),
}
