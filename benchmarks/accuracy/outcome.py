"""What the user would see of one processed picture, reduced to accept / warn / reject.

The same reading serves the real corpus and the synthetic suites: a picture is *rejected*
when the engine gives no usable file or any error finding, *warned* when it gives a file
with at least one warning, and *accepted* when it gives a file with info findings at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from wizard.case.findings import Severity
from wizard.imaging.result import ProcessResult


class Verdict(str, Enum):
    ACCEPT = "accept"
    WARN = "warn"
    REJECT = "reject"


def classify(results: Sequence[ProcessResult]) -> Verdict:
    """The decision the user meets: refused, passed with a warning, or passed."""
    findings = [f for r in results for f in r.findings]
    if not results or not any(r.data for r in results) or any(f.severity is Severity.ERROR for f in findings):
        return Verdict.REJECT
    if any(f.severity is Severity.WARNING for f in findings):
        return Verdict.WARN
    return Verdict.ACCEPT


def blocking_codes(results: Sequence[ProcessResult]) -> list[str]:
    """The codes behind the decision: the errors of a refusal, else the warnings."""
    findings = [f for r in results for f in r.findings]
    errors = [f.code for f in findings if f.severity is Severity.ERROR]
    return errors or [f.code for f in findings if f.severity is Severity.WARNING]
