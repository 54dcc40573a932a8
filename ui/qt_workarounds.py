"""Work-arounds for faults of the Qt bindings that would otherwise end the program.

PySide6 6.12.0 on Python 3.11 returns ``None`` from void methods (``setText``, ``setVisible``,
``fillRect`` …) and ``True``/``False`` from ``Signal.emit()`` without taking a reference to
them, so each call lowers that object's reference count by one. A fresh process holds a few
thousand references to each; some thousand edits later CPython aborts with "none_dealloc:
deallocating None" or "bool_dealloc" (measured here: ``QLabel.setText`` 20,000 times in a
loop aborts at about 5,300; an unconnected signal emitted 1,000 times aborts). Python 3.12
made these objects immortal (PEP 683), which is what :func:`pin_singletons` does on older
versions: it adds a large constant to their counts once, so the lost references can never
bring them to zero. They are never freed in any case, so the extra count changes nothing else.
"""

from __future__ import annotations

import ctypes
import sys

_PIN = 1 << 40  # far more calls than any session makes


def _leaks(target: object, call, calls: int = 200) -> bool:
    before = sys.getrefcount(target)
    for _ in range(calls):
        call()
    return sys.getrefcount(target) <= before - calls // 2


def leaking_singletons() -> list[object]:
    """Which of ``None``, ``True``, ``False`` this PySide6 drops references to (measured, not assumed)."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    found = [None] if _leaks(None, lambda: probe.setObjectName("probe")) else []
    result = probe.ping.emit()  # the bool it returns is the one that may leak
    if isinstance(result, bool) and _leaks(result, probe.ping.emit):
        found += [True, False]
    return found


def pin_singletons() -> list[object]:
    """Make the leaked singletons effectively immortal; returns the ones that needed it."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return []
    leaking = leaking_singletons()
    for obj in leaking:
        ctypes.c_ssize_t.from_address(id(obj)).value += _PIN  # ob_refcnt is a PyObject's first field
    return leaking

