"""The printed report: a confusion table per slot, the mismatches with their codes, the times.

Rows are what the clerk expects, columns what the program did. A refusal or warning of a
picture that must get one is then judged by its reason (:mod:`reasons`).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from benchmarks.accuracy.corpus import Run
from benchmarks.accuracy.outcome import Verdict
from benchmarks.accuracy.review import ReviewTally
from benchmarks.accuracy.synthetic import Suite

ORDER = (Verdict.ACCEPT, Verdict.WARN, Verdict.REJECT)


def confusion(runs: Iterable[Run]) -> dict[tuple[Verdict, Verdict], int]:
    """(expected, got) → count."""
    table = {(want, got): 0 for want in ORDER for got in ORDER}
    for run in runs:
        table[(run.expectation.expect, run.verdict)] += 1
    return table


def slot_report(slot: str, runs: list[Run]) -> list[str]:
    table = confusion(runs)
    lines = [f"== {slot}: {len(runs)} pictures, decision right {sum(r.decision_right for r in runs)}/{len(runs)}"]
    corner = "expected \\ got"
    lines.append(f"{corner:<16}" + "".join(f"{got.value:>8}" for got in ORDER))
    for want in ORDER:
        if any(table[(want, got)] for got in ORDER):
            lines.append(f"{want.value:<16}" + "".join(f"{table[(want, got)]:>8}" for got in ORDER))
    lines.append(_reason_line(runs))
    seconds = [r.seconds for r in runs]
    lines.append(f"time per picture: median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")
    return lines


def _reason_line(runs: list[Run]) -> str:
    judged = [r for r in runs if r.reason]
    count = {k: sum(r.reason == k for r in judged) for k in ("right", "wrong", "no code")}
    return (f"refusals/warnings of pictures that must get one: {len(judged)}; reason right {count['right']}, "
            f"wrong {count['wrong']}, no code for it yet {count['no code']}")


def mismatch_lines(runs: list[Run]) -> list[str]:
    """Every picture whose decision or reason is not right, with its codes and time."""
    lines = []
    for run in runs:
        if run.decision_right and run.reason in ("", "right"):
            continue
        e = run.expectation
        why = f" reason {run.reason}" if run.reason else ""
        codes = ",".join(run.codes) or "-"
        lines.append(f"  {e.file}: expected {e.expect.value}, got {run.verdict.value}{why} [{codes}] "
                     f"{run.seconds:.2f} s; tags {','.join(e.tags)}")
    return lines


def review_lines(t: ReviewTally) -> list[str]:
    lines = [f"review (benchmarks/review.tsv): {t.reviewed} reviewed, {len(t.missing)} not reviewed, "
             f"{len(t.stale)} stale (output changed since), {len(t.defects)} defects",
             f"SILENT DEFECTS (reviewed defective, passed with no warning and no error): {len(t.silent)}"]
    lines += [f"  {name}" for name in t.silent]
    if t.stale:
        lines.append("stale reviews (look again): " + ", ".join(t.stale))
    return lines


def suite_lines(suite: Suite) -> list[str]:
    lines = [suite.summary()]
    for case in suite.cases:
        if not case.good or case.silent:
            mark = "SILENT " if case.silent else ""
            scores = ", ".join(f"{k} {v:.3f}" for k, v in case.scores.items())
            lines.append(f"  {mark}{case.name}: {case.verdict.value} ({scores}) [{','.join(case.codes) or '-'}]")
    return lines


def legibility_lines(runs: list[Run]) -> list[str]:
    """For proof pages: the share of characters the upload file keeps (the engine's own OCR measure)."""
    lines = []
    for run in runs:
        for n, metrics in enumerate(run.metrics, 1):
            if "legibility" in metrics:
                kept, chars = metrics["legibility"], metrics.get("legibility_chars")
                figure = "not measured" if kept is None else f"{kept:.1%} of {chars} characters"
                lines.append(f"  legibility {run.expectation.file} page {n}: {figure} "
                             f"({metrics.get('format')}, {metrics.get('bytes')} B, {metrics.get('located', '-')})")
    return ["legibility per proof page:", *lines] if lines else []
