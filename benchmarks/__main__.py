"""One command for every figure: ``python -m benchmarks [--quick]``.

Prints the machine and library versions, then one table: each line's median (after a warm-up),
its target, a floor measured in the same run, the ratio to it, and whether the target is met or
by how much it is missed. It reports and never gates: the exit status is 0 unless something
crashes. ``--quick`` (run by CI so the command cannot rot) runs everything once, with no warm-up,
on smaller inputs where the size is not what is measured; it finishes in well under a minute.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import documents, export, gui, memory, ocr_accuracy, photo
from benchmarks.machine import describe
from benchmarks.measure import FULL, QUICK
from benchmarks.table import render

# Order matters only for the GUI rows: they need the QApplication that ui.pdf (export) creates
# to be a QApplication, which it is; the memory row runs in its own process.
SECTIONS = [photo, documents, ocr_accuracy, export, gui, memory]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, small inputs (CI)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    print(describe())
    print(f"mode: {'quick (1 run, no warm-up; figures not for quoting)' if args.quick else 'full'}", flush=True)
    started = time.perf_counter()
    rows = []
    for section in SECTIONS:
        rows += section.rows(plan)
    print()
    print(render(rows))
    print(f"\n{len(rows)} lines in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
