"""The one way the GUI runs ``wizard`` work: on a thread pool, results back on the GUI thread.

The work function never touches a widget. Each job has a *key* (e.g. the slot it is
for); starting a new job with the same key makes the older one stale, and a stale
result is dropped instead of overwriting the newer picture's result.
"""

from __future__ import annotations

import functools
import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a finished job from the pool thread to the runner (queued to the GUI thread)."""

    finished = Signal(int, bool, object)


def _job(job_id: int, relay: _Relay, fn: Callable[..., Any], args: tuple) -> None:
    try:
        result, ok = fn(*args), True
    except Exception as exc:  # delivered to on_error; never lost in a thread
        log.error("background job failed: %s", "".join(traceback.format_exception_only(exc)).strip())
        result, ok = exc, False
    relay.finished.emit(job_id, ok, result)


class TaskRunner(QObject):
    """Runs callables on a pool; calls ``on_done(result)`` or ``on_error(exc)`` on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver)
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._pending: dict[int, tuple[str, Callable, Callable | None]] = {}

    def run(self, key: str, fn: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None], on_error: Callable[[Exception], None] | None = None) -> int:
        job_id = next(self._ids)
        self._latest[key] = job_id
        self._pending[job_id] = (key, on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(functools.partial(_job, job_id, self._relay, fn, args))
        return job_id

    def cancel(self, key: str) -> None:
        """Forget the current job of ``key``: its result will be dropped when it arrives."""
        self._latest.pop(key, None)

    def is_busy(self, key: str | None = None) -> bool:
        if key is None:
            return bool(self._pending)
        return any(k == key for k, *_ in self._pending.values())

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (for closing and for tests)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, result: object) -> None:
        key, on_done, on_error = self._pending.pop(job_id)
        if not self._pending:
            self.busy_changed.emit(False)
        if self._latest.get(key) != job_id:
            return  # stale: the user has since replaced the picture or changed a setting
        del self._latest[key]
        if ok:
            on_done(result)
        elif on_error is not None:
            on_error(result)  # type: ignore[arg-type]
