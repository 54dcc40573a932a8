"""Compare what the 身份证 says with what the form says, before the platform does.

A name or ID correction is most often returned because the typed name or number does not
match the card, or because the card has expired. These findings catch that offline. The
rule that shapes every check here: a bad read must never become a mismatch. A value is
compared only when the engine read it with the rule pack's confidence (and, for the
number, with a valid check digit, which no single misread digit survives); otherwise the
user is told to check the card by eye (info).

For a 修改姓名或身份证号码 case the card shows the *new* identity, so it is compared with
``correction`` (where filled), not with the old record in ``applicant``.
"""

from __future__ import annotations

import datetime as dt
import re

from wizard.case.findings import Finding, error, info, warning
from wizard.case.idnumber import check_id, compact
from wizard.case.model import Case, Change
from wizard.case.rules import RulePack, load_rules
from wizard.idcard.text import LONG_TERM, CardText
from wizard.platform.privacy import mask_id

FRONT_FIELD, BACK_FIELD = "attachments.id_front", "attachments.id_back"


def cross_check(
    case: Case, front: CardText | None, back: CardText | None, today: dt.date, rules: RulePack | None = None
) -> list[Finding]:
    """Findings about the card images against the form; a side not read (None) is skipped."""
    rules = rules or load_rules()
    findings: list[Finding] = []
    if front is not None:
        findings += _check_front(case, front, today, _Thresholds(rules))
    if back is not None:
        findings += _check_back(back, today, _Thresholds(rules))
    return findings


class _Thresholds:
    def __init__(self, rules: RulePack) -> None:
        self.text = float(rules.check("ocr", "min_confidence"))
        self.number = float(rules.check("ocr", "id_min_confidence"))
        self.warn_days = int(rules.check("ocr", "expiry_warn_days"))


def expected_identity(case: Case) -> tuple[str, str]:
    """(name, ID number) the card should show: the corrected ones for a name/ID correction."""
    correcting = Change.NAME_OR_ID in case.changes
    name = case.correction.name if correcting and case.correction.name else case.applicant.name
    number = case.correction.id_number if correcting and case.correction.id_number else case.applicant.id_number
    return name, number


# --- the front --------------------------------------------------------------------------------


def _check_front(case: Case, card: CardText, today: dt.date, limits: _Thresholds) -> list[Finding]:
    number = card.confident("id_number", limits.number)
    name = card.confident("name", limits.text)
    if not number and not name:
        return [info("ocr.unreadable", FRONT_FIELD)]
    form_name, form_number = expected_identity(case)
    form_id = check_id(form_number, today)
    findings = _compare_number(number, form_id.number18 if form_id.valid else None)
    findings += _compare_name(name, form_name)
    if not number and form_id.valid:  # the number itself could not be compared: its parts can
        findings += _compare_birth_and_sex(card, form_id.birth_date, form_id.sex, limits)
    findings += _compare_ethnicity(card.confident("ethnicity", limits.text), case.applicant.ethnicity)
    return findings


def _compare_number(card_number: str, form_number18: str | None) -> list[Finding]:
    if not card_number:
        return [info("ocr.id_unreadable", FRONT_FIELD)]
    if form_number18 is None or compact(card_number) == form_number18:
        return []  # an invalid form number has its own finding from the validator
    return [error("ocr.id_mismatch", FRONT_FIELD, card=mask_id(card_number), form=mask_id(form_number18))]


def _compare_name(card_name: str, form_name: str) -> list[Finding]:
    if not card_name or not form_name or _plain_name(card_name) == _plain_name(form_name):
        return []
    return [warning("ocr.name_mismatch", FRONT_FIELD, card=card_name, form=form_name)]


def _plain_name(name: str) -> str:
    """Names compare without spaces and with every middle-dot variant as one."""
    return re.sub(r"[\s·•．.]", "", name)


def _compare_birth_and_sex(
    card: CardText, birth: dt.date | None, sex: str | None, limits: _Thresholds
) -> list[Finding]:
    findings = []
    card_birth = card.confident("birth", limits.text)
    if card_birth and birth and card_birth != birth.isoformat():
        findings.append(warning("ocr.birth_mismatch", FRONT_FIELD, card=card_birth, form=birth.isoformat()))
    card_sex = card.confident("sex", limits.text)
    if card_sex and sex and card_sex != sex:
        findings.append(warning("ocr.sex_mismatch", FRONT_FIELD, card=card_sex, form=sex))
    return findings


def _compare_ethnicity(card_value: str, form_value: str) -> list[Finding]:
    """The card prints 汉, the form holds 汉族: compare the names without the suffix."""
    if not card_value or not form_value or not form_value.endswith("族"):
        return []  # 其他 / 外国血统中国籍人士 have no printed counterpart to compare
    if card_value.removesuffix("族") == form_value.removesuffix("族"):
        return []
    return [warning("ocr.ethnicity_mismatch", FRONT_FIELD, card=ethnicity_name(card_value), form=form_value)]


def ethnicity_name(printed: str) -> str:
    """The form's option for a printed 民族 ("汉" → "汉族")."""
    return printed if printed.endswith("族") else printed + "族"


# --- the back ---------------------------------------------------------------------------------


def _check_back(card: CardText, today: dt.date, limits: _Thresholds) -> list[Finding]:
    until = card.confident("valid_until", limits.text)
    if not until:
        readable = card.confident("authority", limits.text) or card.confident("valid_from", limits.text)
        return [info("ocr.validity_unreadable" if readable else "ocr.unreadable", BACK_FIELD)]
    if until == LONG_TERM:
        return []
    end = dt.date.fromisoformat(until)
    if end < today:
        return [error("ocr.card_expired", BACK_FIELD, date=until)]
    days = (end - today).days
    if days <= limits.warn_days:
        return [warning("ocr.card_expiring", BACK_FIELD, date=until, days=days)]
    return []


# --- 从身份证填入: prefill empty form fields ---------------------------------------------------


def prefill(case: Case, front: CardText, rules: RulePack | None = None) -> dict[str, str]:
    """Values for the form's *empty* fields, by field path, read confidently off the front.

    For a name/ID correction the card shows the new identity, so it fills ``correction.*``;
    otherwise ``applicant.*``. Nothing the user typed is ever overwritten, and 民族 is
    offered only when it is one of the rule pack's options.
    """
    rules = rules or load_rules()
    limits = _Thresholds(rules)
    target = "correction" if Change.NAME_OR_ID in case.changes else "applicant"
    offered = {
        f"{target}.name": front.confident("name", limits.text),
        f"{target}.id_number": front.confident("id_number", limits.number),
    }
    if target == "applicant":
        ethnicity = front.confident("ethnicity", limits.text)
        offered["applicant.gender"] = front.confident("sex", limits.text)
        offered["applicant.ethnicity"] = ethnicity_name(ethnicity) if ethnicity else ""
    options = set(rules.options.ethnicity or ())
    return {
        path: value for path, value in offered.items()
        if value and not _current(case, path) and (path != "applicant.ethnicity" or value in options)
    }


def _current(case: Case, path: str) -> str:
    section, name = path.split(".")
    return str(getattr(getattr(case, section), name) or "")
