"""What an image engine hands back: the finished bytes, what it found, and how it got there.

Every slot's engine (免冠证件照, 手写签名, 身份证, 证明材料 …) returns a list of these, one per
output file (a multi-page 证明材料 gives several). The CLI writes ``data`` to disk, the GUI
shows ``findings`` and lets the user change ``adjust`` and run again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.case.findings import Finding, has_errors
from wizard.case.model import Adjustment


@dataclass(frozen=True)
class ProcessResult:
    """One finished picture.

    ``data`` is the encoded file (``b""`` when an error finding means there is no usable
    output); ``size`` is its (width, height) in pixels; ``adjust`` records the crop box and
    choices actually used, so a re-run with the same value gives the same file; ``metrics``
    are plain JSON-able numbers for ``--json`` and for tests.
    """

    data: bytes
    findings: list[Finding]
    metrics: dict[str, Any]
    adjust: Adjustment
    size: tuple[int, int]
    fmt: str = "jpeg"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # engine-private, never serialised

    @property
    def ok(self) -> bool:
        """True when there is an output and no error finding blocks it."""
        return bool(self.data) and not has_errors(self.findings)


def failed(findings: list[Finding], adjust: Adjustment, **metrics: Any) -> ProcessResult:
    """A result with no usable output (the findings say why)."""
    return ProcessResult(b"", findings, dict(metrics), adjust, (0, 0))
