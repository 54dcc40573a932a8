"""Reading a file the user named, without trusting what the name points at.

``stat`` says a device such as ``/dev/zero`` has size 0, so a size cap alone lets it through
and a read then grows until the process is killed; opening a FIFO blocks for ever. Every file
the program reads on a user's behalf (pictures, PDFs, case files, the files of a bundle) goes
through :func:`read_regular`: it refuses anything but a regular file before opening it (and
again on the open descriptor, in case the name was swapped), opens without blocking, and
never reads more than the cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path names a folder, a FIFO, a device or a socket; ``kind`` says which."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path}: {kind}")
        self.path = path
        self.kind = kind  # directory / fifo / device / socket / other


class FileTooBig(OSError):
    """The file is larger than the reader's cap (``size`` may be the cap + 1 for a growing file)."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path}: {size} > {limit} bytes")
        self.path = path
        self.size = size
        self.limit = limit


def kind_of(mode: int) -> str:
    """What a ``st_mode`` describes, in the words of :class:`NotRegularFile`."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def regular_size(path: str | os.PathLike[str]) -> int:
    """The size of ``path`` after making sure it is a regular file (links followed)."""
    file = Path(path)
    mode = os.stat(file)
    if not stat.S_ISREG(mode.st_mode):
        raise NotRegularFile(file, kind_of(mode.st_mode))
    return mode.st_size


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """All bytes of the regular file ``path``; :class:`NotRegularFile` / :class:`FileTooBig` otherwise.

    Other ``OSError`` (missing, no permission, a symlink loop, a name too long) pass through.
    """
    file = Path(path)
    size = regular_size(file)
    if size > max_bytes:
        raise FileTooBig(file, size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for a FIFO or device between stat and open
            raise NotRegularFile(file, kind_of(mode))
        return _read_at_most(fd, file, max_bytes)
    finally:
        os.close(fd)


def _read_at_most(fd: int, file: Path, max_bytes: int) -> bytes:
    chunks, total = [], 0
    while chunk := os.read(fd, min(_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:  # the file grew after stat
            raise FileTooBig(file, total, max_bytes)
    return b"".join(chunks)


def kind_at(path: str | os.PathLike[str]) -> str:
    """``file``, ``directory``, ``fifo``, ``device``, ``socket``, ``missing``, or ``unreadable`` (a symlink
    loop, a name too long, no permission): never raises, unlike ``Path.is_file`` on a name too long."""
    try:
        return kind_of(os.stat(path).st_mode)
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError):
        return "unreadable"
