"""PDF pages as pictures, for the 证明材料 slot: one safe way to open a PDF and render its pages.

Certificates come as PDFs from a scanner or a government website. pypdfium2 (PDFium, the
engine of Chrome's PDF viewer) renders them without any other program installed. A PDF can
be built to exhaust memory or time inside PDFium, so the pages are rendered in a child
process (:mod:`wizard.imaging.pdf_worker`) with a memory cap and a deadline. Every way a PDF
can fail (not a regular file, too large, damaged, locked with a password, no pages, too
costly to render) becomes an :class:`~wizard.imaging.load.ImageLoadError` whose finding
names the file, so the CLI and the GUI report it as they report an unreadable picture.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import numpy as np

import wizard
from wizard.case.findings import error
from wizard.imaging.load import MAX_FILE_BYTES, ImageLoadError, os_error_finding
from wizard.imaging.pdf_worker import WORKER_FLAG
from wizard.platform.files import NotRegularFile, regular_size

FIELD = "attachments.proof"
RENDER_SECONDS = 8.0  # every page of one PDF; a scanned page takes PDFium a fraction of a second
WORKER_MEMORY = 450_000_000  # the child's data limit: pages of 2400 px need ~25 MB each
MAX_PAGE_BYTES = 64_000_000  # one bitmap from the child: 2400 × 2400 × 4 is 23 MB


def render_pages(path: Path, dpi: int, max_pages: int, max_side: int) -> tuple[list[np.ndarray], int]:
    """The first ``max_pages`` pages of ``path`` as RGB arrays at ``dpi`` (long side at most
    ``max_side``), and the document's page count."""
    _check_file(path)
    args = {"path": str(path), "dpi": dpi, "max_pages": max_pages, "max_side": max_side,
            "memory_limit": WORKER_MEMORY}
    pages, total = _render_isolated(path, args)
    if total == 0:
        raise _failure("proof.pdf_empty", path)
    return pages, total


def _check_file(path: Path) -> None:
    try:
        size = regular_size(path)
    except NotRegularFile as exc:
        code = "image.is_folder" if exc.kind == "directory" else "image.is_device"
        raise _failure(code, path) from None
    except OSError as exc:
        raise ImageLoadError(os_error_finding(exc, path, FIELD)) from None
    if size > MAX_FILE_BYTES:
        raise _failure("image.file_too_big", path, bytes=size, max=MAX_FILE_BYTES)


def worker_command() -> list[str]:
    """How to start the worker: the frozen program knows :data:`WORKER_FLAG`; a checkout runs Python
    in isolated mode (no user site, no PYTHONPATH) with the parent's own ``wizard`` first on the path."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    root = str(Path(wizard.__file__).resolve().parents[1])
    code = f"import sys; sys.path.insert(0, {root!r}); from wizard.imaging.pdf_worker import serve; sys.exit(serve())"
    return [sys.executable, "-I", "-c", code]


def _render_isolated(path: Path, args: dict[str, Any]) -> tuple[list[np.ndarray], int]:
    worker = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    try:
        worker.stdin.write(json.dumps(args).encode("utf-8") + b"\n")
        worker.stdin.close()
        return _receive(worker.stdout, path, time.monotonic() + RENDER_SECONDS)
    except OSError:  # the child died before it read its arguments
        raise _too_costly(path) from None
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close()


def _receive(stream: IO[bytes], path: Path, deadline: float) -> tuple[list[np.ndarray], int]:
    messages: queue.Queue = queue.Queue()
    threading.Thread(target=_read_messages, args=(stream, messages), daemon=True).start()
    pages: list[np.ndarray] = []
    total = 0
    while True:
        try:
            header, data = messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise _too_costly(path) from None
        kind = header.get("kind")
        if kind == "error":
            raise _failure(str(header.get("code")), path)
        if kind == "total":
            total = int(header["pages"])
        elif kind == "page":
            pages.append(_rgb(header, data))
        elif kind == "done":
            return pages, total
        else:  # the end of the pipe: the child died (out of memory inside PDFium, or crashed)
            raise _too_costly(path)


def _read_messages(stream: IO[bytes], messages: queue.Queue) -> None:
    try:
        while line := stream.readline(4096):
            header = json.loads(line)
            size = int(header.get("bytes", 0))
            if not 0 <= size <= MAX_PAGE_BYTES:
                break
            data = stream.read(size)
            if len(data) != size:
                break
            messages.put((header, data))
    except (OSError, ValueError):
        pass
    messages.put(({"kind": "ended"}, b""))


def _rgb(header: dict[str, Any], data: bytes) -> np.ndarray:
    width, height, stride, channels = (int(header[k]) for k in ("width", "height", "stride", "channels"))
    rows = np.frombuffer(data, np.uint8).reshape(height, stride)
    return np.ascontiguousarray(rows[:, : width * channels].reshape(height, width, channels)[..., :3])


def _too_costly(path: Path) -> ImageLoadError:
    return _failure("proof.pdf_too_costly", path, seconds=round(RENDER_SECONDS))


def _failure(code: str, path: Path, **params) -> ImageLoadError:
    return ImageLoadError(error(code, FIELD, file=str(path), **params))
