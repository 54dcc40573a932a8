"""A person's verdict on each output, kept in ``benchmarks/review.tsv``.

Columns: ``file  verdict  note  output``. ``verdict`` is ``good`` or ``defect`` (``note`` says
what is wrong); ``output`` is the fingerprint (:attr:`Run.output_id`) of what was looked at:
the output, or for a refusal its codes. A review whose fingerprint no longer matches is *stale*:
the engine changed that output and nobody has looked at the new one yet.

The figure that hurts applicants most is the **silent defect**: an output reviewed as
defective that the program passed with no warning and no error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from benchmarks.accuracy.corpus import Run
from benchmarks.accuracy.outcome import Verdict

REVIEW_FILE = Path(__file__).resolve().parents[1] / "review.tsv"
VERDICTS = ("good", "defect")
COLUMNS = ("file", "verdict", "note", "output")


class ReviewError(ValueError):
    """``review.tsv`` has a row that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Review:
    file: str
    verdict: str
    note: str
    output: str


def read_reviews(path: Path = REVIEW_FILE) -> dict[str, Review]:
    """Every review by file; an absent file is no review yet."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    reviews = {}
    for number, row in enumerate(rows, start=2):
        if row.get("verdict") not in VERDICTS:
            raise ReviewError(f"{path}:{number}: verdict must be good or defect, not {row.get('verdict')!r}")
        reviews[row["file"]] = Review(row["file"], row["verdict"], row.get("note") or "", row.get("output") or "-")
    return reviews


def write_reviews(reviews: list[Review], path: Path = REVIEW_FILE) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in sorted(reviews, key=lambda r: r.file):
            writer.writerow((r.file, r.verdict, r.note, r.output))


@dataclass
class ReviewTally:
    reviewed: int
    missing: list[str]  # pictures run but never reviewed
    stale: list[str]  # reviewed, but the output has changed since
    defects: list[str]  # reviewed defective (current output)
    silent: list[str]  # reviewed defective and passed with no warning and no error


def tally(runs: list[Run], reviews: dict[str, Review]) -> ReviewTally:
    missing, stale, defects, silent = [], [], [], []
    for run in runs:
        name = run.expectation.file
        review = reviews.get(name)
        if review is None:
            missing.append(name)
        elif review.output != run.output_id:
            stale.append(name)
        elif review.verdict == "defect":
            defects.append(name)
            if run.verdict is Verdict.ACCEPT:
                silent.append(name)
    reviewed = len(runs) - len(missing)
    return ReviewTally(reviewed, missing, stale, defects, silent)
