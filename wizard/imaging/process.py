"""The dispatcher: which engine processes which upload slot, and the one way to run it.

Engines register themselves with :func:`register`. An image engine receives the picture
already loaded by :func:`wizard.imaging.load.load_image` (oriented, RGB, alpha on white);
an engine that must read the file itself (证明材料 may be a PDF) registers with
``takes_path=True`` and receives the :class:`~pathlib.Path` instead::

    @register(Slot.SIGNATURE)
    def process_signature(image: LoadedImage, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
        ...

    @register(Slot.PROOF, takes_path=True)
    def process_proof(path: Path, rules: RulePack, adjust: Adjustment) -> list[ProcessResult]:
        ...

``draft_for=(w, h)`` lets the loader decode a large JPEG at a reduced scale that is still at
least ``w × h`` (much faster); the engine can reload at full size when it needs more pixels.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.imaging.load import LoadedImage, load_image
from wizard.imaging.result import ProcessResult

ImageEngine = Callable[[LoadedImage, RulePack, Adjustment], list[ProcessResult]]
PathEngine = Callable[[Path, RulePack, Adjustment], list[ProcessResult]]

ENGINES: dict[Slot, ImageEngine] = {}
PATH_ENGINES: dict[Slot, PathEngine] = {}
DRAFT_FOR: dict[Slot, tuple[int, int]] = {}

# Modules that register engines when imported; a module not written yet is simply absent.
ENGINE_MODULES = (
    "wizard.imaging.photo",
    "wizard.imaging.signature",
    "wizard.imaging.document",
    "wizard.imaging.handheld",
    "wizard.imaging.proof",
)


class NoEngine(LookupError):
    """No engine is registered for the slot (yet)."""


def register(slot: Slot, *, takes_path: bool = False, draft_for: tuple[int, int] | None = None):
    """Decorator: make the function the engine of ``slot``."""

    def decorate(func):
        (PATH_ENGINES if takes_path else ENGINES)[slot] = func
        if draft_for is not None:
            DRAFT_FOR[slot] = draft_for
        return func

    return decorate


def load_engines() -> None:
    """Import every engine module that exists, so that it registers itself."""
    for name in ENGINE_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def process_file(
    slot: Slot, source_path: str | os.PathLike[str], rules: RulePack, adjust: Adjustment | None = None
) -> list[ProcessResult]:
    """Process one source file for ``slot``.

    Raises :class:`~wizard.imaging.load.ImageLoadError` when the file cannot be read as a
    picture and :class:`NoEngine` when the slot has no engine; everything else about the
    picture comes back as findings in the results.
    """
    load_engines()
    adjust = adjust or Adjustment()
    path = Path(source_path)
    if slot in PATH_ENGINES:
        return PATH_ENGINES[slot](path, rules, adjust)
    if slot not in ENGINES:
        raise NoEngine(slot)
    image = load_cached(path, DRAFT_FOR.get(slot))
    return ENGINES[slot](image, rules, adjust)


@dataclass
class _CacheEntry:
    key: tuple
    image: LoadedImage


_LAST: list[_CacheEntry] = []  # the two most recent loads: a re-run with a new crop box skips decoding
_CACHE_SIZE = 2
_LOCK = threading.Lock()


def load_cached(path: Path, draft_for: tuple[int, int] | None = None) -> LoadedImage:
    """:func:`load_image`, remembering the last few pictures by path, size and modification time."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, draft_for)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a name too long: the loader says which
        return load_image(path, draft_for=draft_for)
    with _LOCK:  # the GUI runs several slots at once on its thread pool
        for entry in _LAST:
            if entry.key == key:
                return entry.image
    image = load_image(path, draft_for=draft_for)
    with _LOCK:
        _LAST.insert(0, _CacheEntry(key, image))
        del _LAST[_CACHE_SIZE:]
    return image
