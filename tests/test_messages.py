"""Every finding code the program can produce has words in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wizard.case.findings import Finding, Severity
from wizard.case.messages import LANGUAGES, catalogue, render

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "wizard", ROOT / "ui")  # findings are made in wizard/ and, for GUI-only cases, in ui/
CODE_CALL = re.compile(r"""\b(?:error|warning|info)\(\s*["']([a-z_]+\.[a-z_0-9.]+)["']""")
ID_PROBLEM = re.compile(r"""return IdCheck\([^)]*["'](id\.[a-z_]+)["']""")


def produced_codes() -> set[str]:
    found = set()
    for source in (f for folder in SOURCES for f in folder.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        found |= set(CODE_CALL.findall(text)) | set(ID_PROBLEM.findall(text))
    return found


def test_codes_are_found():
    assert {"id.checksum", "field.required", "attachment.forbidden"} <= produced_codes()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_has_a_message(lang):
    missing = sorted(c for c in produced_codes() if c not in catalogue(lang)["messages"])
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_templates_render_without_leftover_placeholders(lang, rules):
    for code in catalogue(lang)["messages"]:
        text = render(Finding(code=code, severity=Severity.ERROR, field="applicant.name",
                              params=_sample_params()), rules, lang)
        assert "{" not in text, (code, text)


def _sample_params():
    return {k: "1" for k in ("min", "max", "length", "char", "options", "sex", "suggestion", "education",
                             "degree", "earliest", "age", "file", "bytes", "formats", "reason", "count",
                             "card", "form", "date", "days", "page", "px", "width", "height",
                             "expected", "dpi", "kinds", "version", "current", "degrees", "items", "percent", "text",
                             "key", "member", "method", "scans", "seconds", "side", "factor")}
