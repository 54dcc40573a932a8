"""The one table ``python -m benchmarks`` prints: a row per figure, its target, its floor and a verdict.

A row is data (built by each benchmark module's ``rows()``); only :func:`render` turns rows into
text, so the README, CI's quick run and a test all read the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADERS = ("what", "median", "target", "floor (same run)", "× floor", "verdict", "notes")


@dataclass(frozen=True)
class Row:
    what: str
    median: str
    target: str
    floor: str
    ratio: str
    verdict: str  # "meets", "misses by …" or "reported"
    note: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.what, self.median, self.target, self.floor, self.ratio, self.verdict, self.note)


def amount(value: float, unit: str) -> str:
    """``0.213 s``, ``43 ms``, ``212 MB``: the precision each unit deserves."""
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def measured(what: str, value: float, unit: str, *, target: float | None = None, floor: float | None = None,
             floor_what: str = "", max_ratio: float | None = None, note: str = "") -> Row:
    """A row whose figure must stay at or under ``target`` (and, with ``max_ratio``, that many floors)."""
    ratio = value / floor if floor else None
    limits = [f"≤ {target:g} {unit}"] if target is not None else []
    limits += [f"≤ {max_ratio:g}× floor"] if max_ratio is not None else []
    misses = []
    if target is not None and value > target:
        misses.append(amount(value - target, unit))
    if max_ratio is not None and ratio is not None and ratio > max_ratio:
        misses.append(f"{ratio - max_ratio:.2f}× over {max_ratio:g}×")
    return Row(what, amount(value, unit), ", ".join(limits) or "—",
               f"{amount(floor, unit)} {floor_what}".strip() if floor is not None else "—",
               f"{ratio:.2f}×" if ratio is not None else "—", _verdict(bool(limits), misses), note)


def _verdict(has_target: bool, misses: list[str]) -> str:
    if not has_target:
        return "reported"
    return "misses by " + ", ".join(misses) if misses else "meets"


def render(rows: list[Row]) -> str:
    """A plain-text table, columns padded to their widest cell."""
    table = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[column]) for line in table) for column in range(len(HEADERS))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
             .removesuffix(" |").rstrip() for line in table]  # an empty last cell leaves no dangling bar
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)
