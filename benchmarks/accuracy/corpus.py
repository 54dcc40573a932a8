"""The real pictures: read ``expected.tsv``, run each picture as the CLI does, judge the outcome.

``expected.tsv`` (in ``../shared/testdata``) has one row per picture: ``file  slot  expect
tags``, where ``expect`` is ``accept`` (a compliant result), ``warn`` (a result is allowed but
must carry a warning; a refusal for a reason the tags name is right too) or ``reject``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from benchmarks.accuracy.outcome import Verdict, blocking_codes, classify
from benchmarks.accuracy.reasons import reason_codes
from wizard.case.findings import Finding
from wizard.case.model import Slot
from wizard.case.rules import RulePack
from wizard.imaging.load import ImageLoadError
from wizard.imaging.process import process_file
from wizard.imaging.result import ProcessResult

TESTDATA = Path(__file__).resolve().parents[3] / "shared" / "testdata"


@dataclass(frozen=True)
class Expectation:
    file: str  # relative to the test-data folder
    slot: Slot
    expect: Verdict
    tags: tuple[str, ...]


@dataclass
class Run:
    """One picture's outcome, as the user would meet it."""

    expectation: Expectation
    verdict: Verdict
    findings: list[Finding]
    outputs: list[tuple[bytes, str]]  # (file bytes, format) of every usable result
    seconds: float
    cannot_run: str = ""  # the loader's refusal (the CLI's exit 2), if any
    codes: list[str] = field(default_factory=list)  # the codes behind the decision
    previews: list[bytes] = field(default_factory=list)  # PNG of a refused result the engine still made
    metrics: list[dict] = field(default_factory=list)  # each result's metrics (legibility of proof pages)

    @property
    def decision_right(self) -> bool:
        want, got = self.expectation.expect, self.verdict
        return got is want or (want is Verdict.WARN and got is Verdict.REJECT)

    @property
    def reason(self) -> str:
        """For a refusal or warning of a picture that must get one: ``right``, ``wrong`` or ``no code``."""
        if self.expectation.expect is Verdict.ACCEPT or self.verdict is Verdict.ACCEPT:
            return ""
        wanted = reason_codes(self.expectation.slot.value, self.expectation.tags)
        if not wanted:
            return "no code"
        return "right" if wanted & set(self.codes) else "wrong"

    @property
    def output_id(self) -> str:
        """A short fingerprint of what the user got, so a review can tell when it has changed: the
        outputs' bytes, or for a refusal (``r-…``) the codes it gave."""
        digest = hashlib.sha256()
        if not self.outputs:
            digest.update(",".join(self.codes).encode())
            return "r-" + digest.hexdigest()[:10]
        for data, _ in self.outputs:
            digest.update(data)
        return digest.hexdigest()[:12]


def read_expectations(folder: Path = TESTDATA) -> list[Expectation]:
    """Every row of ``expected.tsv``, in file order."""
    with (folder / "expected.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        Expectation(r["file"], Slot(r["slot"]), Verdict(r["expect"]), tuple(t for t in r["tags"].split(",") if t))
        for r in rows
    ]


def quick_subset(expectations: list[Expectation], per_group: int = 2) -> list[Expectation]:
    """The first ``per_group`` pictures of each (slot, expectation): every path runs, in seconds."""
    seen: dict[tuple[Slot, Verdict], int] = {}
    chosen = []
    for e in expectations:
        key = (e.slot, e.expect)
        if seen.get(key, 0) < per_group:
            chosen.append(e)
            seen[key] = seen.get(key, 0) + 1
    return chosen


def run_one(expectation: Expectation, rules: RulePack, folder: Path = TESTDATA) -> Run:
    """Process one picture with :func:`process_file`, exactly as ``jzs-wizard process`` does."""
    started = time.perf_counter()
    try:
        results = process_file(expectation.slot, folder / expectation.file, rules)
    except ImageLoadError as exc:
        seconds = time.perf_counter() - started
        return Run(expectation, Verdict.REJECT, [exc.finding], [], seconds, exc.finding.code, [exc.finding.code])
    seconds = time.perf_counter() - started
    return _run_of(expectation, results, seconds)


def _run_of(expectation: Expectation, results: list[ProcessResult], seconds: float) -> Run:
    findings = [f for r in results for f in r.findings]
    outputs = [(r.data, r.fmt) for r in results if r.data]
    previews = [_png(r.extra["pixels"]) for r in results if not r.data and "pixels" in r.extra]
    return Run(expectation, classify(results), findings, outputs, seconds, codes=blocking_codes(results),
               previews=previews, metrics=[dict(r.metrics) for r in results])


def _png(pixels) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()

