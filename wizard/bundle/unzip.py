"""Unpacking a bundle zip for ``check``, refusing everything a bundle we export never holds.

A zip is somebody else's file: paths out of the folder, links, members that inflate a
thousand-fold, damaged or deflate64 or encrypted members, a member ``x`` beside ``x/y``,
names longer than a file system takes. Each becomes a :class:`BundleUnreadable` whose
finding names the zip (and the member), never a traceback. The members are unpacked into a
private temporary folder whose name carries our process id: a ``check`` killed half-way
leaves it behind, holding the applicant's full ID and phone number, so every ``check``
first removes the folders of processes that are gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from wizard.case.findings import Finding, error
from wizard.platform.pids import pid_alive

MAX_ZIP_ENTRIES = 200  # a bundle has about a dozen files
MAX_ZIP_BYTES = 50_000_000  # unpacked, all files together: ten proof pages of 100 KB plus a PDF is ~2 MB
MAX_RATIO = 200  # a deflated JPEG barely shrinks; a member inflating 200-fold is a bomb
MAX_NAME_BYTES = 255  # one path component, as every common file system counts it
MAX_PATH_CHARS = 400
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_CHUNK = 1 << 16
_TEMP_PREFIX = "jzs-check-"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BundleUnreadable(Exception):
    """Not a bundle we can open at all (missing, not a folder or zip, unsafe zip); ``finding`` says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.code)
        self.finding = finding


def refuse(code: str, archive: Path | str, **params) -> BundleUnreadable:
    return BundleUnreadable(error(code, "", file=str(archive), **params))


@contextmanager
def unpacked(archive_path: Path) -> Iterator[Path]:
    """Unpack a bundle zip safely into a private temporary folder; yields the folder."""
    sweep_leftovers()
    folder = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-"))
    try:
        try:
            archive = zipfile.ZipFile(archive_path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise refuse("bundle.zip_broken", archive_path, reason=type(exc).__name__) from None
        with archive:
            for info in safe_members(archive, archive_path):
                _extract(archive, info, folder, archive_path)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_leftovers(temp_root: Path | None = None) -> None:
    """Remove the unpacking folders of ``check`` runs whose process is gone."""
    root = Path(temp_root or tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for leftover in root.glob(f"{_TEMP_PREFIX}*"):
            pid = leftover.name[len(_TEMP_PREFIX):].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)) and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def safe_members(archive: zipfile.ZipFile, archive_path: Path) -> list[zipfile.ZipInfo]:
    """The members, after refusing anything a bundle never holds (paths out of the folder, bombs)."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise refuse("bundle.zip_too_many", archive_path, count=len(infos))
    for info in infos:
        _refuse_unsafe_member(info, archive_path)
    _refuse_clashes(infos, archive_path)
    declared = sum(i.file_size for i in infos)
    if declared > MAX_ZIP_BYTES:
        raise refuse("bundle.zip_too_big", archive_path, bytes=declared, max=MAX_ZIP_BYTES)
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse("bundle.zip_bomb", archive_path, member=info.filename)
    return infos


def _refuse_unsafe_member(info: zipfile.ZipInfo, archive_path: Path) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    unsafe = (name.startswith(("/", "\\")) or "\\" in name or re.match(r"^[A-Za-z]:", name) is not None
              or ".." in parts or _CONTROL.search(name) is not None or len(name) > MAX_PATH_CHARS
              or any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts))
    if unsafe:
        raise refuse("bundle.zip_unsafe_path", archive_path, member=name)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise refuse("bundle.zip_link", archive_path, member=name)
    if info.flag_bits & 0x1:
        raise refuse("bundle.zip_encrypted", archive_path, member=name)
    if info.compress_type not in _METHODS:
        raise refuse("bundle.zip_method", archive_path, member=name, method=info.compress_type)


def _refuse_clashes(infos: list[zipfile.ZipInfo], archive_path: Path) -> None:
    """Two members for one name (in any letter case), or a file that is also another member's folder."""
    files: set[str] = set()
    folders: set[str] = set()
    for info in infos:
        parts = PurePosixPath(info.filename.lower()).parts
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
        if info.is_dir():
            folders.add("/".join(parts))
        else:
            key = "/".join(parts)
            if key in files:
                raise refuse("bundle.zip_clash", archive_path, member=info.filename)
            files.add(key)
    clash = files & folders
    if clash:
        raise refuse("bundle.zip_clash", archive_path, member=sorted(clash)[0])


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, root: Path, archive_path: Path) -> None:
    """Copy one member, never writing more than it declared (a forged header cannot inflate us)."""
    target = root.joinpath(*PurePosixPath(info.filename).parts)
    try:
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_member(archive, info, target, archive_path)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise refuse("bundle.zip_damaged", archive_path, member=info.filename, reason=type(exc).__name__) from None
    except OSError as exc:
        raise refuse("bundle.zip_unpack_failed", archive_path, member=info.filename,
                     reason=exc.strerror or type(exc).__name__) from None


def _copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, archive_path: Path) -> None:
    written = 0
    with archive.open(info) as source, open(target, "xb") as sink:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > info.file_size:
                raise refuse("bundle.zip_size_lies", archive_path, member=info.filename)
            sink.write(chunk)
