"""``python -m benchmarks.accuracy [--quick] [--sheet FOLDER] [--no-synthetic]``.

Runs every picture of ``../shared/testdata/expected.tsv`` (``--quick``: a few of each kind)
and the synthetic suites, prints per slot the confusion table, the reasons, the mismatches
with their codes and the times, then the review's silent defects. It reports and never gates:
the exit status is 0 unless something crashes (2 when the test data is absent).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from benchmarks.accuracy import report, synth_card, synth_handheld, synth_page, synth_portrait, synth_signature
from benchmarks.accuracy.corpus import TESTDATA, quick_subset, read_expectations, run_one
from benchmarks.accuracy.review import read_reviews, tally
from benchmarks.machine import describe
from wizard.case.rules import load_rules

SUITES = (synth_signature, synth_portrait, synth_card, synth_page, synth_handheld)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few pictures of each kind (CI)")
    parser.add_argument("--sheet", type=Path, metavar="FOLDER", help="write the HTML review sheet here")
    parser.add_argument("--no-synthetic", action="store_true", help="only the real pictures")
    parser.add_argument("--testdata", type=Path, default=TESTDATA, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (args.testdata / "expected.tsv").exists():
        print(f"no test pictures: {args.testdata / 'expected.tsv'} is absent (../shared/testdata beside the checkout)")
        return 2
    started = time.perf_counter()
    machine = describe()
    print(machine, f"\nmode: {'quick' if args.quick else 'full'}; {dt.date.today():%Y-%m-%d}", flush=True)
    rules = load_rules()
    expectations = read_expectations(args.testdata)
    if args.quick:
        expectations = quick_subset(expectations)
    runs = [run_one(e, rules, args.testdata) for e in expectations]
    lines = _corpus_lines(runs)
    suites = [] if args.no_synthetic else [s.run_suite(quick=args.quick, sheet=args.sheet) for s in SUITES]
    for suite in suites:
        lines += ["", *report.suite_lines(suite)]
    print("\n".join(lines))
    if args.sheet:
        _write_sheet(args.sheet, runs, suites, rules, machine, "\n".join(lines))
    print(f"\n{len(runs)} pictures and {sum(len(s.cases) for s in suites)} synthetic in "
          f"{time.perf_counter() - started:.0f} s")
    return 0


def _corpus_lines(runs) -> list[str]:
    lines: list[str] = []
    for slot in dict.fromkeys(r.expectation.slot.value for r in runs):
        chosen = [r for r in runs if r.expectation.slot.value == slot]
        lines += ["", *report.slot_report(slot, chosen)]
        mismatches = report.mismatch_lines(chosen)
        if mismatches:
            lines += ["mismatches:", *mismatches]
        lines += report.legibility_lines(chosen)
    return [*lines, "", *report.review_lines(tally(runs, read_reviews()))]


def _write_sheet(folder: Path, runs, suites, rules, machine: str, summary: str) -> None:
    from benchmarks.accuracy.pages import write_pages
    from benchmarks.accuracy.sheet import write_sheet

    heading = {"date": f"{dt.datetime.now():%Y-%m-%d %H:%M}", "machine": machine.splitlines()[0], "summary": summary}
    reviews = read_reviews()
    page = write_sheet(folder, runs, reviews, suites, rules, heading)
    pages = write_pages(folder, runs, reviews, rules)
    _write_runs(folder / "runs.tsv", runs)
    print(f"sheet: {page} ({len(pages)} PNG pages in {folder / 'pages'})")


def _write_runs(path: Path, runs) -> None:
    """One line per picture with the output's fingerprint: the start of a review (review.tsv's last column)."""
    lines = ["file\texpect\tgot\treason\tcodes\toutput"]
    lines += [f"{r.expectation.file}\t{r.expectation.expect.value}\t{r.verdict.value}\t{r.reason or '-'}\t"
              f"{','.join(r.codes) or '-'}\t{r.output_id}" for r in runs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
