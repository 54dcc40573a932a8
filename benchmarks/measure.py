"""How every benchmark times its work: a warm-up, then the median of several cold runs.

``QUICK`` (CI's ``--quick``) runs each thing once with no warm-up on smaller inputs, so the
command cannot rot; its figures are not the ones to quote.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    runs: int  # timed runs; the figure is their median
    warm_up: bool  # one untimed run first (imports, OpenCV's caches, the disk cache)
    quick: bool  # smaller inputs where the full size is not what is measured


FULL = Plan(runs=7, warm_up=True, quick=False)
QUICK = Plan(runs=1, warm_up=False, quick=True)


def clear_engine_caches() -> None:
    """Forget decoded pictures and photo analyses, so that every run decodes and analyses again."""
    from wizard.imaging import photo_analysis, process

    process._LAST.clear()
    photo_analysis._CACHE.clear()


def timings(work: Callable[[], object], plan: Plan, before: Callable[[], None] = clear_engine_caches) -> list[float]:
    """Seconds of each timed run of ``work`` (``before`` runs untimed ahead of every run)."""
    if plan.warm_up:
        before()
        work()
    times = []
    for _ in range(plan.runs):
        before()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def median_seconds(work: Callable[[], object], plan: Plan,
                   before: Callable[[], None] = clear_engine_caches) -> float:
    return statistics.median(timings(work, plan, before))
