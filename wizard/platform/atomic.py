"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every byte the program writes goes through here: write to a temporary file in the
same folder, flush and fsync, then rename over the target (and fsync the folder on
POSIX so the rename itself survives a power cut).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from wizard.platform.pids import pid_alive

PRIVATE_FILE_MODE = 0o600


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, private: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically; ``private`` makes the file owner-only on POSIX."""
    target = Path(path)
    sweep_temps(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not private:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(target.parent)
    return target


def sweep_temps(target: Path) -> None:
    """Remove the temporary files of writes to ``target`` by processes that were killed before the rename."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for leftover in target.parent.iterdir():
            name = leftover.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid = name[len(prefix):].split("-", 1)[0]
            if pid.isdigit() and not pid_alive(int(pid)):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def write_text_atomic(path: str | os.PathLike[str], text: str, *, private: bool = True) -> Path:
    """Write UTF-8 text atomically (see :func:`write_bytes_atomic`)."""
    return write_bytes_atomic(path, text.encode("utf-8"), private=private)


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Make a rename in ``folder`` durable; a no-op where folders cannot be opened (Windows)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
