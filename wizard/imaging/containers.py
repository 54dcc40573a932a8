"""The containers around a picture's pixels: JPEG segments, PNG chunks, GIF blocks, BMP's length.

Pixels are not the only thing a picture file carries. Anything can ride along: bytes after
the end-of-image marker (a copy of a system file), a payload inside an APP0 segment, private
PNG chunks, a GIF comment. A decoder ignores them, so a check that only asks the decoder
misses them. :func:`extras` walks the file's structure and names every part a plain upload
file has no use for; :func:`canonical_jpeg` rebuilds a JPEG from only the segments that make
its pixels (losslessly: the compressed data is copied, not re-encoded).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

_SOI, _EOI, _SOS, _APP0, _APP14, _COM = 0xD8, 0xD9, 0xDA, 0xE0, 0xEE, 0xFE
# Segments that make the pixels of a baseline or progressive JPEG: SOF0-2, DHT, DQT, DRI, SOS.
_PIXEL_MARKERS = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, _SOS}
_JFIF_LENGTH, _ADOBE_LENGTH = 16, 14  # a JFIF APP0 without thumbnail; Adobe's colour-transform APP14
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_ALLOWED = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"pHYs"}  # pHYs carries the dpi


class NotWellFormed(ValueError):
    """The container's structure is broken (a length past the end, a marker where none can be)."""


@dataclass(frozen=True)
class Segment:
    marker: int
    start: int  # offset of the 0xFF of its marker
    end: int  # offset after its payload (after the entropy-coded data for SOS)


def jpeg_segments(data: bytes) -> tuple[list[Segment], int]:
    """The segments of a JPEG after SOI, and the offset just after its EOI marker."""
    if not data.startswith(b"\xff\xd8"):
        raise NotWellFormed("no SOI")
    segments, pos = [], 2
    while True:
        if pos >= len(data) or data[pos] != 0xFF:
            raise NotWellFormed(f"no marker at {pos}")
        while pos + 1 < len(data) and data[pos + 1] == 0xFF:  # fill bytes
            pos += 1
        if pos + 1 >= len(data):
            raise NotWellFormed("cut inside a marker")
        marker = data[pos + 1]
        if marker == _EOI:
            return segments, pos + 2
        if pos + 4 > len(data):
            raise NotWellFormed("cut inside a segment length")
        length = struct.unpack(">H", data[pos + 2: pos + 4])[0]
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise NotWellFormed(f"segment length {length} at {pos}")
        if marker == _SOS:
            end = _scan_end(data, end)
        segments.append(Segment(marker, pos, end))
        pos = end


def _scan_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data starting at ``pos`` ends: the next marker that is not a restart."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            raise NotWellFormed("scan runs to the end of the file")
        follower = data[pos + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7 or follower == 0xFF:
            pos += 1 if follower == 0xFF else 2
            continue
        return pos


def jpeg_extras(data: bytes) -> list[str]:
    """What a JPEG carries beside its pixels: ``trailing_data``, ``app0_payload``, ``exif``, ``comment``…"""
    segments, end = jpeg_segments(data)
    found = ["trailing_data"] if end < len(data) else []
    for segment in segments:
        kind = _segment_kind(data, segment)
        if kind and kind not in found:
            found.append(kind)
    return found


def _segment_kind(data: bytes, segment: Segment) -> str | None:
    marker, length = segment.marker, segment.end - segment.start - 2
    body = data[segment.start + 4: segment.end]
    if marker in _PIXEL_MARKERS:
        return None
    if marker == _APP0:
        return None if body.startswith(b"JFIF\x00") and length == _JFIF_LENGTH else "app0_payload"
    if marker == _APP14:
        return None if body.startswith(b"Adobe") and length == _ADOBE_LENGTH else "app14_payload"
    if marker == _COM:
        return "comment"
    if body.startswith(b"Exif"):
        return "exif"
    if body.startswith(b"http://ns.adobe.com/xap") or body.startswith(b"http://ns.adobe.com/xmp"):
        return "xmp"
    if body.startswith(b"ICC_PROFILE"):
        return "icc_profile"
    return f"APP{marker - _APP0}" if 0xE0 <= marker <= 0xEF else f"marker_{marker:02X}"


def canonical_jpeg(data: bytes) -> bytes:
    """The same JPEG with only SOI, one plain JFIF header (its density kept), the pixel segments, a
    plain Adobe colour-transform segment if it had one (it says how to read the colours), and EOI."""
    segments, _ = jpeg_segments(data)
    units, x_density, y_density = 0, 1, 1
    for segment in segments:
        body = data[segment.start + 4: segment.end]
        if segment.marker == _APP0 and body.startswith(b"JFIF\x00") and len(body) >= 12:
            units, x_density, y_density = body[7], *struct.unpack(">HH", body[8:12])
            break
    jfif = b"\xff\xe0" + struct.pack(">H5sBBBHHBB", _JFIF_LENGTH, b"JFIF\x00", 1, 1, units, x_density, y_density, 0, 0)
    kept = b"".join(data[s.start: s.end] for s in segments
                    if s.marker in _PIXEL_MARKERS or (s.marker == _APP14 and _segment_kind(data, s) is None))
    return b"\xff\xd8" + jfif + kept + b"\xff\xd9"


def png_extras(data: bytes) -> list[str]:
    """Chunks of a PNG beside IHDR/PLTE/IDAT/IEND/tRNS/pHYs, and bytes after IEND."""
    if not data.startswith(_PNG_SIGNATURE):
        raise NotWellFormed("no PNG signature")
    found, pos = [], len(_PNG_SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise NotWellFormed("cut inside a chunk header")
        length, kind = struct.unpack(">I4s", data[pos: pos + 8])
        pos += 12 + length
        if pos > len(data):
            raise NotWellFormed("chunk past the end")
        if kind not in _PNG_ALLOWED:
            name = "png_" + kind.decode("latin-1", "replace")
            if name not in found:
                found.append(name)
        if kind == b"IEND":
            return found + (["trailing_data"] if pos < len(data) else [])


def gif_extras(data: bytes) -> list[str]:
    """Comment, plain-text and application blocks of a GIF (the NETSCAPE loop is fine), bytes after its trailer."""
    if len(data) < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        raise NotWellFormed("no GIF header")
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    found: list[str] = []
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            return found + (["trailing_data"] if pos + 1 < len(data) else [])
        if block == 0x21 and pos + 1 < len(data):
            label = data[pos + 1]
            end = _sub_blocks(data, pos + 2)
            kind = _gif_extension_kind(label, data[pos + 2: end])
            if kind and kind not in found:
                found.append(kind)
            pos = end
        elif block == 0x2C and pos + 10 <= len(data):
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            pos = _sub_blocks(data, pos + 1)  # after the LZW minimum code size
        else:
            raise NotWellFormed(f"unknown GIF block {block:#x} at {pos}")
    raise NotWellFormed("no GIF trailer")


def _sub_blocks(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos]:
        pos += 1 + data[pos]
    if pos >= len(data):
        raise NotWellFormed("GIF data runs to the end of the file")
    return pos + 1


def _gif_extension_kind(label: int, body: bytes) -> str | None:
    if label == 0xF9:  # graphic control: transparency and delay
        return None
    if label == 0xFF and body[1:12] == b"NETSCAPE2.0":
        return None
    return {0xFE: "comment", 0x01: "gif_text", 0xFF: "gif_application"}.get(label, f"gif_extension_{label:02X}")


def bmp_extras(data: bytes) -> list[str]:
    """Bytes after the length a BMP's header declares."""
    if len(data) < 6 or not data.startswith(b"BM"):
        raise NotWellFormed("no BMP header")
    declared = struct.unpack("<I", data[2:6])[0]
    return ["trailing_data"] if declared and len(data) > declared else []


EXTRAS = {"jpeg": jpeg_extras, "png": png_extras, "gif": gif_extras, "bmp": bmp_extras}


def extras(data: bytes, fmt: str) -> list[str]:
    """Everything the file of format ``fmt`` (by content) carries beside its pixels; :class:`NotWellFormed`."""
    walker = EXTRAS.get(fmt)
    return walker(data) if walker else []


def clean_picture(data: bytes, fmt: str) -> bytes:
    """The picture with nothing but its pixels and dpi: a JPEG rebuilt from its pixel segments
    (the compressed data copied as it is), any other format decoded and written again by Pillow
    with no metadata. :class:`NotWellFormed` when the bytes are not a picture of that format."""
    if fmt == "jpeg":
        return canonical_jpeg(data)
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format is None or image.format.lower() != fmt or image.width * image.height > 25_000_000:
                raise NotWellFormed(f"not a plain {fmt}")
            image.load()
            dpi = image.info.get("dpi")
            transparency = image.info.get("transparency")
            plain = image.copy()
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, Image.DecompressionBombError) as exc:
        raise NotWellFormed(str(exc)) from None
    plain.info = {}
    options = {"dpi": dpi} if dpi and fmt in ("png", "bmp") else {}
    if transparency is not None and fmt in ("png", "gif"):
        options["transparency"] = transparency
    buffer = io.BytesIO()
    plain.save(buffer, fmt.upper(), **options)
    return buffer.getvalue()
