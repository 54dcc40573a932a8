"""What every command returns or raises, shared by the commands of ``main`` and ``bundle_commands``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.case.findings import Finding

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


@dataclass
class Outcome:
    """What a command produced: findings, and for some commands an output path and metrics."""

    findings: list[Finding]
    output: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    heading: list[str] = field(default_factory=list)  # extra lines for the readable form


class CannotRun(Exception):
    """The command could not do its work; the message is for the user (Chinese)."""
