"""`jzs-wizard read-id`: read one side of the card and say what was read, for people and scripts.

The readable form masks the 公民身份号码 (110101********1239): terminal output ends up in
screenshots, chat windows and help-desk tickets, and the person at the keyboard can see
their own card anyway. ``--json`` carries the full number in ``metrics`` because a script
that asked for JSON wants the value itself (to fill a form); it is printed to stdout on
request, never logged.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from wizard.case.findings import Finding
from wizard.case.model import Case, load_case
from wizard.case.rules import RulePack
from wizard.idcard.check import cross_check
from wizard.idcard.text import BACK, BACK_FIELDS, FRONT, FRONT_FIELDS, CardText
from wizard.platform.privacy import mask_id

LABELS = {
    "name": "姓名", "sex": "性别", "ethnicity": "民族", "birth": "出生", "address": "住址",
    "id_number": "公民身份号码", "authority": "签发机关", "valid_from": "有效期自", "valid_until": "有效期至",
}
SIDE_NAMES = {FRONT: "正面（人像面）", BACK: "背面（国徽面）"}


@dataclass
class ReadReport:
    findings: list[Finding]
    metrics: dict[str, Any] = field(default_factory=dict)
    heading: list[str] = field(default_factory=list)


def read_id(source: str, side: str | None, case_path: str | None, rules: RulePack, today: dt.date) -> ReadReport:
    """Read ``source``; cross-check with the case file when one is given (else only the expiry).

    Raises ``ImageLoadError`` (bad picture), ``CaseFileError`` (bad case) and
    ``OcrUnavailable`` (engine missing); the CLI turns each into words.
    """
    from wizard.idcard import ocr  # the engine's module, imported only when a card is read

    case = load_case(case_path) if case_path else Case()
    started = time.perf_counter()
    card = ocr.read_card_file(source, side, rules)
    seconds = time.perf_counter() - started
    findings = cross_check(case, card if card.side == FRONT else None, card if card.side == BACK else None,
                           today, rules)
    metrics = card_metrics(card) | {"read_seconds": round(seconds, 3),
                                    "model_load_seconds": round(ocr.engine_info().load_seconds or 0.0, 3)}
    return ReadReport(findings, metrics, heading_lines(source, card))


def card_metrics(card: CardText) -> dict[str, Any]:
    """Every field with its full value and confidence (JSON output only)."""
    return {
        "side": card.side,
        "fields": {k: {"value": v.value, "confidence": round(v.confidence, 3)} for k, v in card.fields.items()},
        "lines": len(card.lines),
    }


def heading_lines(source: str, card: CardText) -> list[str]:
    """The readable form: one line per field, the ID number masked."""
    lines = [f"图片：{source}", f"识别为：身份证{SIDE_NAMES.get(card.side, card.side)}"]
    for key in (*FRONT_FIELDS, *BACK_FIELDS):
        found = card.fields.get(key)
        if found is None:
            continue
        value = mask_id(found.value) if key == "id_number" else found.value
        lines.append(f"  {LABELS.get(key, key)}：{value}（置信度 {found.confidence:.2f}）")
    if not card.fields:
        lines.append("  （未读出任何字段）")
    return lines
