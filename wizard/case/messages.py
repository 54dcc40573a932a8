"""Findings become words here, and only here, for the GUI and the CLI alike.

Catalogues are TOML files in ``resources/messages/`` (``zh_CN`` first, ``en`` second),
keyed by finding code. A code missing from a catalogue falls back to Chinese and then
to the bare code, so a new engine finding is never shown as an empty line.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from wizard.case.findings import Finding
from wizard.case.rules import RulePack
from wizard.platform.privacy import mask_text
from wizard.platform.resources import resource_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_LANG = "zh_CN"
LANGUAGES = ("zh_CN", "en")


@cache
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """The catalogue of ``lang``: ``<lang>.toml`` merged with each engine's ``<lang>.<engine>.toml``."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    with open(resource_path("messages", f"{lang}.toml"), "rb") as handle:
        merged = tomllib.load(handle)
    for part in sorted(resource_path("messages").glob(f"{lang}.*.toml")):
        with open(part, "rb") as handle:
            merged["messages"].update(tomllib.load(handle).get("messages", {}))
    return merged


def render(finding: Finding, rules: RulePack, lang: str = DEFAULT_LANG) -> str:
    """The finding as one sentence for the user, with any ID or phone number masked."""
    template = catalogue(lang)["messages"].get(finding.code) or catalogue()["messages"].get(finding.code)
    if template is None:
        return finding.code
    params = _Params(finding.params, label=_label(finding.field, rules, lang))
    text = template.format_map(params)
    if finding.params.get("correcting"):
        text = text.rstrip("。.") + catalogue(lang)["suffix"]["correcting"]
    return mask_text(text)


def severity_name(finding: Finding, lang: str = DEFAULT_LANG) -> str:
    return catalogue(lang)["severity"][finding.severity.value]


def _label(field: str, rules: RulePack, lang: str) -> str:
    if not field:
        return ""
    try:
        return rules.label(field, lang)
    except (KeyError, ValueError):
        return field


class _Params(dict):
    """Format parameters where a missing key shows as itself instead of raising."""

    def __init__(self, params: dict[str, Any], **extra: Any) -> None:
        super().__init__({**params, **extra})

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
