"""Hostile PDFs for the 证明材料 slot: files of a few KB that cost PDFium gigabytes or minutes,
a page tree pointing at a page that is not there, a huge sparse file.

Each maker writes its file into a folder and returns the path. The PDFs are written by hand
(objects, a cross-reference table, a trailer) so that nothing but these bytes decides what
PDFium is asked to do.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

NAME = "证明 材料"


def pdf_bytes(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF of numbered ``objects`` (the body between ``obj`` and ``endobj``) with a valid xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(contents: bytes, resources: bytes = b"<< >>", extra: dict[int, bytes] | None = None) -> bytes:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources " + resources + b" >>",
        4: contents,
    }
    return pdf_bytes({**objects, **(extra or {})})


def nested_forms(folder: Path) -> Path:
    """Form XObjects ten deep, each drawing the next twelve times: 12^10 draws from 4 KB."""
    depth, fan = 10, 12
    extra = {}
    for level in range(depth):
        number = 10 + level
        if level == depth - 1:
            body = b"0 0 m 595 842 l S"
            resources = b"<< >>"
        else:
            body = b" ".join(b"q 1 0 0 1 %d 0 cm /F Do Q" % i for i in range(fan))
            resources = b"<< /XObject << /F %d 0 R >> >>" % (number + 1)
        extra[number] = _stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources)
    page = _one_page(_stream(b"/F Do"), b"<< /XObject << /F 10 0 R >> >>", extra)
    return _write(folder, "嵌套表单", page)


def content_bomb(folder: Path) -> Path:
    """A content stream of a few hundred KB that inflates to 200 MB of drawing operators."""
    line = b"0 0 m 595 842 l 1 w S\n"
    chunk = line * (1_000_000 // len(line))
    packer = zlib.compressobj(6)
    data = b"".join(packer.compress(chunk) for _ in range(200)) + packer.flush()
    contents = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _write(folder, "内容炸弹", _one_page(contents))


def missing_page(folder: Path) -> Path:
    """The page tree lists a second page whose object does not exist."""
    page = pdf_bytes({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: _stream(b"0 0 m 595 842 l S"),
    })
    return _write(folder, "缺页", page)


def sliver_page(folder: Path) -> Path:
    """A page 1 point wide and 842 high: renders as a 3-pixel-wide strip."""
    page = pdf_bytes({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1 842] /Contents 4 0 R >>",
        4: _stream(b"0 0 m 1 842 l S"),
    })
    return _write(folder, "细条", page)


def sparse_huge(folder: Path) -> Path:
    """A real one-page PDF followed by 3 GB of holes (takes no disk space)."""
    path = _write(folder, "巨大", _one_page(_stream(b"0 0 m 595 842 l S")))
    with open(path, "r+b") as handle:
        handle.truncate(3_000_000_000)
    return path


def plain_pdf(folder: Path) -> Path:
    """A valid one-page PDF with a line of drawing: what a good file looks like."""
    return _write(folder, "正常", _one_page(_stream(b"0 0 m 595 842 l S")))


def _write(folder: Path, label: str, data: bytes) -> Path:
    path = folder / f"{NAME}_{label}.pdf"
    path.write_bytes(data)
    return path


def fifo_pdf(folder: Path) -> Path:
    path = folder / f"{NAME}_管道.pdf"
    os.mkfifo(path)
    return path


# name → maker; every one must be refused with exit 2 and a message naming the file
PDF_CORPUS = {
    "nested_forms": nested_forms,
    "content_bomb": content_bomb,
    "missing_page": missing_page,
    "sparse_huge": sparse_huge,
    "fifo_pdf": fifo_pdf,
}
