"""The child process that renders PDF pages, so that a hostile PDF can cost only the child.

PDFium is C code with no memory or time limit of its own: a 4 KB PDF of nested forms or a
content-stream bomb grows past gigabytes and runs for minutes inside it. :mod:`pdf_pages`
starts :func:`serve` in a fresh interpreter (``python -c`` in a checkout, the program itself
with :data:`WORKER_FLAG` when frozen) and kills it when it is late; here the process caps its
own memory first (``RLIMIT_DATA`` where the system has it), so an allocation past the cap
fails inside PDFium instead of growing the machine's memory. Only ``pypdfium2`` is imported.

Protocol: one JSON line of arguments on stdin; on stdout, messages of one JSON line each,
a ``page`` line followed by its raw bitmap bytes.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any, BinaryIO

WORKER_FLAG = "--render-pdf-pages"
_POINTS_PER_INCH = 72
_PASSWORD = 4  # FPDF_ERR_PASSWORD


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
    """Read the arguments, render, write the messages; the exit status is 0 unless PDFium fails."""
    source, sink = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
    args = json.loads(source.readline())
    _cap_memory(int(args["memory_limit"]))
    render(args["path"], int(args["dpi"]), int(args["max_pages"]), int(args["max_side"]), sink)
    sink.flush()
    return 0


def render(path: str, dpi: int, max_pages: int, max_side: int, sink: BinaryIO) -> None:
    import pypdfium2 as pdfium

    try:
        document = _open(pdfium, path)
    except ValueError as exc:
        _send(sink, {"kind": "error", "code": str(exc)})
        return
    try:
        total = len(document)
        _send(sink, {"kind": "total", "pages": total})
        for index in range(min(total, max_pages)):
            _render_page(pdfium, document, index, dpi, max_side, sink)
        _send(sink, {"kind": "done"})
    except pdfium.PdfiumError:  # a page the page tree points at is missing or broken
        _send(sink, {"kind": "error", "code": "proof.pdf_broken"})
    finally:
        document.close()


def _send(sink: BinaryIO, header: dict[str, Any], data: bytes = b"") -> None:
    sink.write(json.dumps({**header, "bytes": len(data)}).encode("ascii") + b"\n")
    sink.write(data)
    sink.flush()


def _cap_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's time limit is the only bound
        return
    with contextlib.suppress(ValueError, OSError, AttributeError):
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _open(pdfium, path: str):
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        # PDFium's last-error code can be left over from an earlier document: a password is
        # only the reason when the file has an encryption dictionary at all.
        locked = exc.err_code == _PASSWORD and _mentions_encrypt(path)
        raise ValueError("proof.pdf_password" if locked else "proof.pdf_broken") from None


def _mentions_encrypt(path: str) -> bool:
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            if b"/Encrypt" in tail + chunk:
                return True
            tail = chunk[-8:]
    return False


def _render_page(pdfium, document, index: int, dpi: int, max_side: int, sink: BinaryIO) -> None:
    page = document[index]
    try:
        width, height = page.get_size()
        scale = min(dpi / _POINTS_PER_INCH, max_side / max(width, height, 1.0))
        bitmap = page.render(scale=scale, may_draw_forms=True, rev_byteorder=True)
        header = {"kind": "page", "width": bitmap.width, "height": bitmap.height, "stride": bitmap.stride,
                  "channels": bitmap.n_channels}
        _send(sink, header, bytes(bitmap.buffer))
    finally:
        page.close()


if __name__ == "__main__":
    sys.exit(serve())
