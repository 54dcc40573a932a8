"""Tell a file's format by its first bytes, not by its name (a PNG named .jpg is common)."""

from __future__ import annotations

import os
import stat

# (format, prefix) pairs; checked in order.
_SIGNATURES: tuple[tuple[str, bytes], ...] = (
    ("jpeg", b"\xff\xd8\xff"),
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("gif", b"GIF87a"),
    ("gif", b"GIF89a"),
    ("bmp", b"BM"),
    ("tiff", b"II*\x00"),
    ("tiff", b"MM\x00*"),
    ("pdf", b"%PDF-"),
)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1", b"avif"}

# Formats the upload dialog accepts (the rule pack lists jpg/jpeg/bmp/gif/png by extension).
EXTENSIONS = {"jpeg": ("jpg", "jpeg"), "png": ("png",), "gif": ("gif",), "bmp": ("bmp",)}


def sniff_bytes(head: bytes) -> str | None:
    """The format named by the first bytes of a file, or ``None`` if unknown."""
    for name, prefix in _SIGNATURES:
        if head.startswith(prefix):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "avif" if head[8:12] == b"avif" else "heif"
    return None


def sniff_file(path: str | os.PathLike[str]) -> str | None:
    """The format of a regular file by its first bytes; ``None`` for anything else (opening a FIFO
    without ``O_NONBLOCK`` would wait for a writer for ever; a device is not a picture)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return sniff_bytes(os.read(fd, 32))
    finally:
        os.close(fd)


def upload_format_ok(fmt: str | None, allowed_extensions: list[str]) -> bool:
    """Whether a sniffed format is one of the upload dialog's accepted extensions."""
    return fmt is not None and any(ext in allowed_extensions for ext in EXTENSIONS.get(fmt, ()))
