"""Findings: what the validator and the engines say about a case, as data.

A finding has a stable ``code`` (the key of its message in the catalogue), a
``severity`` (an error blocks export, a warning asks for a look, info informs), the
``field`` it is about as a dotted path (``applicant.id_number``,
``attachments.id_front``) and ``params`` for the message. Text is made from it in one
place, :mod:`wizard.messages`.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    field: str = ""
    params: dict[str, Any] = Field(default_factory=dict)


def error(code: str, field: str = "", **params: Any) -> Finding:
    return Finding(code=code, severity=Severity.ERROR, field=field, params=params)


def warning(code: str, field: str = "", **params: Any) -> Finding:
    return Finding(code=code, severity=Severity.WARNING, field=field, params=params)


def info(code: str, field: str = "", **params: Any) -> Finding:
    return Finding(code=code, severity=Severity.INFO, field=field, params=params)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def for_field(findings: list[Finding], prefix: str) -> list[Finding]:
    """The findings about ``prefix`` or anything below it (``attachments`` → every slot)."""
    return [f for f in findings if f.field == prefix or f.field.startswith(prefix + ".")]
