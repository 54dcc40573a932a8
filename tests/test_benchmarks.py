"""The benchmark table's verdicts, and one quick row end to end (CI's ``--quick`` run covers the rest)."""

from __future__ import annotations

import pytest

from benchmarks import export
from benchmarks.machine import LIBRARIES, describe
from benchmarks.measure import QUICK
from benchmarks.table import HEADERS, measured, render


@pytest.mark.parametrize(
    ("value", "target", "floor", "max_ratio", "verdict"),
    [
        (0.5, 0.6, None, None, "meets"),
        (0.6, 0.6, None, None, "meets"),
        (0.75, 0.6, None, None, "misses by 0.150 s"),
        (0.5, 0.6, 0.1, 4.0, "misses by 1.00× over 4×"),
        (0.9, 0.6, 0.1, 4.0, "misses by 0.300 s, 5.00× over 4×"),
        (1.2, None, None, None, "reported"),
    ],
)
def test_a_row_says_whether_it_meets_its_target_and_by_how_much_it_misses(value, target, floor, max_ratio, verdict):
    row = measured("photo", value, "s", target=target, floor=floor, floor_what="decode", max_ratio=max_ratio)
    assert row.verdict == verdict


def test_the_ratio_is_to_the_floor_measured_in_the_same_run():
    row = measured("export", 0.3, "s", target=1.5, floor=0.1, floor_what="write + zip")
    assert (row.floor, row.ratio) == ("0.100 s write + zip", "3.00×")


def test_the_table_has_one_line_per_row_under_a_header_all_columns_aligned():
    rows = [measured("a", 1.0, "s", target=2.0), measured("peak RSS", 700.0, "MB", target=600.0)]
    lines = render(rows).splitlines()
    assert lines[0].startswith(HEADERS[0]) and len(lines) == 2 + len(rows)
    assert lines[3].split(" | ")[5].strip() == "misses by 100 MB"
    assert len({line.index("|") for line in (lines[0], *lines[2:])}) == 1


def test_the_machine_line_names_every_library():
    text = describe()
    assert "CPUs" in text and all(shown in text for shown, _ in LIBRARIES)


def test_the_export_row_runs_in_quick_mode():
    (row,) = export.rows(QUICK)
    assert row.verdict in ("meets",) or row.verdict.startswith("misses by")
    assert row.floor.endswith("write + zip") and "6 pictures" in row.note
