"""Putting a bundle on disk so that a reader never sees half of one.

The folder is built under a temporary name beside the target and renamed into place; an
existing bundle is first renamed aside, then the new one renamed in, then the old one
deleted. The zip is written to a temporary name and renamed. A kill at any moment leaves
at the target name either the previous bundle, the new one, or nothing (between the two
renames); the next export puts a previous bundle left aside back before it starts.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

from wizard.platform.atomic import fsync_dir
from wizard.platform.pids import pid_alive

_STAGING, _ASIDE, _ZIP_TEMP = "tmp", "old", "ziptmp"


def temp_name(target: Path, kind: str) -> Path:
    """A hidden sibling of ``target`` that records who made it (pid) for later clean-up."""
    return target.with_name(f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}")


def write_file(path: Path, data: bytes) -> None:
    """Write one file of a staging folder durably (the folder itself is renamed atomically)."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def make_staging(target: Path) -> Path:
    staging = temp_name(target, _STAGING)
    staging.mkdir(mode=0o700)
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``, replacing a previous bundle by rename-aside."""
    fsync_dir(staging)
    if not target.exists():
        os.rename(staging, target)
        fsync_dir(target.parent)
        return
    aside = temp_name(target, _ASIDE)
    os.rename(target, aside)
    os.rename(staging, target)
    fsync_dir(target.parent)
    shutil.rmtree(aside, ignore_errors=True)


def write_zip(folder: Path, target: Path, top: str) -> Path:
    """Zip ``folder`` as ``top/…`` to ``target`` via a temporary file; names are stored as UTF-8."""
    temp = temp_name(target, _ZIP_TEMP)
    try:
        # owner-only like the folder it packs (0700): it holds the full ID and phone number
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(folder.iterdir()):
                    archive.write(path, f"{top}/{path.name}")  # non-ASCII names get flag bit 11 (UTF-8)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(target.parent)
    return target


def recover(target: Path) -> None:
    """Undo what a killed export left: restore a bundle left aside, remove its temporary files."""
    for leftover in _leftovers(target):
        kind, pid = _parse(leftover.name, target.name)
        if _alive(pid):
            continue
        if kind == _ASIDE and not target.exists():
            os.rename(leftover, target)
        elif leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                leftover.unlink()


def _leftovers(target: Path) -> Iterator[Path]:
    prefix = f".{target.name}."
    if target.parent.is_dir():
        yield from sorted(p for p in target.parent.iterdir() if p.name.startswith(prefix))


def _parse(name: str, target_name: str) -> tuple[str, int]:
    rest = name[len(target_name) + 2:]
    kind, _, tail = rest.partition("-")
    pid_text = tail.split("-")[0]
    return kind, int(pid_text) if pid_text.isdigit() else -1


def _alive(pid: int) -> bool:
    """Whether the export that made a leftover may still be running (then it is not ours to touch)."""
    return pid_alive(pid)
