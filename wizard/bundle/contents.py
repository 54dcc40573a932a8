"""One finished attachment as the bundle carries it; shared by the export and the checklist it writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.case.findings import Finding
from wizard.case.model import Slot


@dataclass(frozen=True)
class BundleFile:
    """One finished attachment as it goes into the bundle."""

    name: str  # 01_免冠证件照.jpg
    slot: Slot
    data: bytes
    fmt: str  # by content: jpeg / png / gif / bmp
    size: tuple[int, int]  # pixels
    findings: list[Finding] = field(default_factory=list)  # non-error findings of its processing
    fresh: bool = False  # processed during this export (its findings are not in the case yet)
