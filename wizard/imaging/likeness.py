"""Are two pictures the same picture? The same bytes, or nearly the same picture after re-encoding.

Used to catch one photo given for both sides of the 身份证. A difference hash (dHash: 8 rows of
which-neighbour-is-brighter over a 9×8 grey copy, 64 bits) survives re-encoding, resizing and
small crops; the two sides of a card differ in most of their 64 bits. Files are read through the
safe loader; hashes are remembered by path, size and modification time (the GUI asks again after
every edit, and only the small finished files are hashed there).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import cv2
import numpy as np

from wizard.imaging.load import ImageLoadError, load_image

NEAR_BITS = 10  # of 64: two pictures whose hashes differ in at most this many bits are "the same picture"


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """SHA-256 of the file's bytes, or None when it cannot be read."""
    key = _key(path)
    return None if key is None else _digest(*key)


def picture_hash(path: str | os.PathLike[str]) -> int | None:
    """The picture's 64-bit difference hash, or None when it cannot be read as a picture."""
    key = _key(path)
    return None if key is None else _dhash(*key)


def hash_distance(first: int, second: int) -> int:
    return bin(first ^ second).count("1")


def has_structure(value: int) -> bool:
    """Whether a hash says anything: a blank picture's is (nearly) all one bit, like every other blank's."""
    return 8 <= bin(value).count("1") <= 56


def dhash(rgb: np.ndarray) -> int:
    grey = cv2.resize(cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY), (9, 8), interpolation=cv2.INTER_AREA)
    bits = (grey[:, 1:] > grey[:, :-1]).ravel()
    return int("".join("1" if b else "0" for b in bits), 2)


def _key(path: str | os.PathLike[str]) -> tuple[str, int, int] | None:
    try:
        stat = Path(path).stat()
    except (OSError, ValueError):
        return None
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=16)
def _digest(path: str, size: int, mtime: int) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@functools.lru_cache(maxsize=16)
def _dhash(path: str, size: int, mtime: int) -> int | None:
    try:
        return dhash(load_image(path).rgb)
    except ImageLoadError:
        return None
