"""The shape every synthetic suite reports in: one :class:`SynthCase` per generated picture.

A suite generates pictures from seeds (nothing is committed but the generator), runs each
through :func:`wizard.imaging.process.process_file` exactly as the CLI does, scores the
output against the truth it drew, and says whether the result is *good* (meets the suite's
bar), *badly wrong* (a reviewer would send it back), and whether a badly wrong result was
passed *silently* (no warning and no error): the number that hurts applicants most.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.accuracy.outcome import Verdict


@dataclass
class SynthCase:
    name: str  # what was drawn, e.g. "sig-007 zh 3 chars, blue ink, cast shadow"
    verdict: Verdict  # the engine's decision (outcome.classify)
    codes: list[str]  # every finding code of the result
    scores: dict[str, float]  # the suite's measures, e.g. {"f1": 0.93}
    good: bool  # meets the suite's bar
    badly_wrong: bool  # a reviewer would send it back
    expected: Verdict = Verdict.ACCEPT  # what the engine should decide for this picture
    seconds: float = 0.0
    source_image: str = ""  # written only with a sheet folder: paths relative to it, for the HTML sheet
    output_image: str = ""

    @property
    def silent(self) -> bool:
        """Badly wrong, yet passed with info findings at most."""
        return self.badly_wrong and self.verdict is Verdict.ACCEPT


@dataclass
class Suite:
    name: str  # "signatures", "portraits on busy backgrounds", "ID cards on tables"
    bar: str  # the bar in words, e.g. "ink F1 ≥ 0.9"
    cases: list[SynthCase] = field(default_factory=list)
    means: dict[str, float] = field(default_factory=dict)  # mean of each score over the scored cases
    notes: list[str] = field(default_factory=list)  # further figures of the suite, each a line of the summary

    def summary(self) -> str:
        n = len(self.cases)
        good = sum(c.good for c in self.cases)
        bad = sum(c.badly_wrong for c in self.cases)
        silent = sum(c.silent for c in self.cases)
        right = sum(c.verdict is c.expected for c in self.cases)
        means = ", ".join(f"mean {k} {v:.3f}" for k, v in self.means.items())
        return (f"{self.name}: {good}/{n} good ({self.bar}); {bad} badly wrong, {silent} of them silent; "
                f"decision as expected {right}/{n}" + (f"; {means}" if means else "")
                + "".join(f"\n  {note}" for note in self.notes))
