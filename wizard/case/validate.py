"""``validate(case, rules) -> list[Finding]``: every rule of the guide, and what a clerk catches.

The GUI shows these findings beside their fields and the CLI prints them; neither
decides anything by itself. Findings come in a stable order: changes, 基本信息,
修改信息, 个人承诺, 附件材料.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from wizard.case.findings import Finding, Severity, error, has_errors, info, warning
from wizard.case.idnumber import IdCheck, check_id, compact, is_standard_upgrade
from wizard.case.model import Attachment, Case, Change, Slot
from wizard.case.rules import Need, RulePack
from wizard.platform.files import kind_at
from wizard.platform.formats import sniff_file, upload_format_ok

# CJK unified ideographs incl. extensions A-G and compatibility forms: rare name characters
# (e.g. 䶮 in extension A) are real names.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U0003134f"
_NAME_RE = re.compile(rf"^[{_HAN}]+(?:·[{_HAN}]+)*$")
_DOT_VARIANTS = "•・‧∙⋅●．.｡。_-－ "
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

_BASIC_FIELDS = ("name", "id_number", "gender", "phone", "ethnicity", "school", "major",
                 "education", "degree", "graduation_date")


def validate(case: Case, rules: RulePack, today: dt.date | None = None) -> list[Finding]:
    """All findings for ``case``; an ``error`` among them blocks export."""
    today = today or dt.date.today()
    duplicated = [warning("case.duplicate_key", "", key=key) for key in case.duplicate_keys]
    if not case.changes:
        return [error("changes.none", "changes"), *duplicated]
    findings: list[Finding] = duplicated
    findings += _basic_info(case, rules, today)
    findings += _correction(case, rules, today)
    findings += _commitment(case)
    findings += _attachments(case, rules)
    return findings


# --- 基本信息 --------------------------------------------------------------------------------


def _basic_info(case: Case, rules: RulePack, today: dt.date) -> list[Finding]:
    a = case.applicant
    out: list[Finding] = []
    for name in _BASIC_FIELDS:
        if not getattr(a, name):
            out.append(error("field.required", f"applicant.{name}"))
    if a.name:
        out += _name("applicant.name", a.name, rules)
    old_id = check_id(a.id_number, today) if a.id_number else None
    if old_id:
        out += _applicant_id(case, old_id)
    if a.gender:
        out += _gender(case, rules, old_id, today)
    if a.phone and not re.fullmatch(rules.field("applicant.phone").pattern or "", a.phone):
        out.append(error("phone.invalid", "applicant.phone"))
    if a.ethnicity:
        out += _choice("applicant.ethnicity", a.ethnicity, rules.options.ethnicity, suffix="族")
    for name in ("school", "major"):
        value = getattr(a, name)
        if value:
            out += _length(f"applicant.{name}", value, rules)
    if a.education:
        out += _choice("applicant.education", a.education, rules.options.education)
    if a.degree:
        out += _choice("applicant.degree", a.degree, rules.options.degree)
    out += _degree_fits(a.education, a.degree, rules)
    if a.graduation_date:
        out += _graduation(case, rules, today)
    return out


def _length(path: str, value: str, rules: RulePack) -> list[Finding]:
    rule = rules.field(path)
    if rule.min_length and len(value) < rule.min_length:
        return [error("field.too_short", path, min=rule.min_length)]
    if rule.max_length and len(value) > rule.max_length:
        return [error("field.too_long", path, max=rule.max_length, length=len(value))]
    return []


def _name(path: str, value: str, rules: RulePack) -> list[Finding]:
    odd_dots = sorted({c for c in value if c in _DOT_VARIANTS})
    if odd_dots and _NAME_RE.match(re.sub(f"[{re.escape(_DOT_VARIANTS)}]", "·", value)):
        return [error("name.dot", path, char=odd_dots[0])]
    if not _NAME_RE.match(value):
        return [error("name.chars", path)]
    return _length(path, value, rules)


def _applicant_id(case: Case, check: IdCheck) -> list[Finding]:
    """身份证号码 of the record. When the ID itself is being corrected, a bad old number is
    what the correction is for, so its problems are warnings."""
    correcting = Change.NAME_OR_ID in case.changes and bool(case.correction.id_number)
    if check.problem:
        make = warning if correcting else error
        return [make(check.problem, "applicant.id_number", correcting=correcting)]
    if not check.region_known:
        return [warning("id.region_unknown", "applicant.id_number")]
    return []


def _effective_id(case: Case, today: dt.date) -> IdCheck | None:
    """The ID that is valid now: the corrected one if given and valid, else the record's."""
    candidates = [case.correction.id_number] if Change.NAME_OR_ID in case.changes else []
    candidates.append(case.applicant.id_number)
    for number in candidates:
        check = check_id(number, today) if number else None
        if check and check.valid:
            return check
    return None


def _gender(case: Case, rules: RulePack, old_id: IdCheck | None, today: dt.date) -> list[Finding]:
    options = rules.field("applicant.gender").options or []
    if case.applicant.gender not in options:
        return [error("gender.invalid", "applicant.gender", options="、".join(options))]
    correcting = Change.NAME_OR_ID in case.changes and bool(case.correction.id_number)
    reference = _effective_id(case, today) if correcting else old_id
    if reference and reference.valid and reference.sex != case.applicant.gender:
        make = warning if correcting else error
        return [make("gender.mismatch", "applicant.gender", sex=reference.sex)]
    return []


def _choice(path: str, value: str, options: list[str], suffix: str = "") -> list[Finding]:
    if value in options:
        return []
    if suffix and value + suffix in options:
        return [error("option.suggest", path, suggestion=value + suffix)]
    return [error("option.unknown", path)]


def _degree_fits(education: str, degree: str, rules: RulePack) -> list[Finding]:
    rule = rules.degree_by_education.get(education)
    if not rule or degree not in rules.options.degree or degree in rule.allowed:
        return []
    code = "degree.unusual" if degree in rule.unusual else "degree.impossible"
    make = warning if degree in rule.unusual else error
    return [make(code, "applicant.degree", education=education, degree=degree)]


def _graduation(case: Case, rules: RulePack, today: dt.date) -> list[Finding]:
    path = "applicant.graduation_date"
    rule = rules.field(path)
    date = parse_date(case.applicant.graduation_date)
    if date is None:
        return [error("date.format", path)]
    if date > today:
        return [error("date.future", path)]
    earliest = parse_date(rule.earliest or "")
    if earliest and date < earliest:
        return [error("date.too_early", path, earliest=rule.earliest)]
    person = _effective_id(case, today)
    min_age = rule.min_age_at_graduation or 0
    if person and person.birth_date and date < _add_years(person.birth_date, min_age):
        return [error("date.before_age", path, age=min_age)]
    return []


def parse_date(text: str) -> dt.date | None:
    match = _DATE_RE.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


# --- 修改信息 --------------------------------------------------------------------------------


def _correction(case: Case, rules: RulePack, today: dt.date) -> list[Finding]:
    c = case.correction
    need = rules.correction_need(case.changes)
    filled = [f for f in ("name", "id_number", "explanation") if getattr(c, f)]
    if need is Need.FORBIDDEN:
        return [error("field.forbidden", f"correction.{f}") for f in filled]
    out: list[Finding] = []
    if not c.name and not c.id_number:
        out.append(error("correction.nothing", "correction.name"))
    if c.name:
        out += _name("correction.name", c.name, rules)
    if c.id_number:
        out += _new_id(c.id_number, today)
    if c.name and c.id_number and c.name == case.applicant.name and _same_id(c.id_number, case):
        out.append(warning("correction.unchanged", "correction.name"))
    out += _explanation(c.explanation, rules)
    return out


def _same_id(number: str, case: Case) -> bool:
    return compact(number) == compact(case.applicant.id_number)


def _new_id(number: str, today: dt.date) -> list[Finding]:
    """The corrected ID must be a valid 18-digit number: 15-digit cards are no longer valid."""
    check = check_id(number, today)
    if check.problem:
        return [error(check.problem, "correction.id_number", correcting=False)]
    if check.was_15:
        return [error("id.not_18", "correction.id_number")]
    if not check.region_known:
        return [warning("id.region_unknown", "correction.id_number")]
    return []


def _explanation(text: str, rules: RulePack) -> list[Finding]:
    path = "correction.explanation"
    rule = rules.field(path)
    if not text:
        return [error("field.required", path)]
    if rule.min_length and len(text) < rule.min_length:
        return [error("explanation.short", path, min=rule.min_length, length=len(text))]
    if rule.warn_length and len(text) > rule.warn_length:
        return [warning("explanation.long", path, max=rule.warn_length, length=len(text))]
    return []


# --- 个人承诺 --------------------------------------------------------------------------------


def _commitment(case: Case) -> list[Finding]:
    if case.commitment is None:
        return [error("commitment.unset", "commitment")]
    if case.commitment is False:
        return [error("commitment.refused", "commitment")]
    return []


# --- 附件材料 --------------------------------------------------------------------------------


def _attachments(case: Case, rules: RulePack) -> list[Finding]:
    present = case.attachments.present()
    out: list[Finding] = []
    for slot in Slot:
        need = rules.slot_need(case.changes, slot)
        items = present.get(slot, [])
        path = f"attachments.{slot.value}"
        if need is Need.REQUIRED and not items:
            out.append(error("attachment.required", path))
        elif need is Need.FORBIDDEN and items:
            out.append(error("attachment.forbidden", path))
            continue
        for index, item in enumerate(items):
            where = f"{path}.{index}" if slot is Slot.PROOF else path
            out += list(_attachment_files(item, where, rules))
            out += [f.model_copy(update={"field": where}) for f in item.findings]
            out += _confirmations(item, where, rules.slots[slot].confirm)
    out += _recommendations(case, rules, present)
    return out


def _confirmations(item: Attachment, where: str, asked: list) -> list[Finding]:
    """What the user has not yet confirmed of this picture (no check sees it for sure): an error."""
    missing = [c for c in asked if c.key not in item.confirmed]
    if not missing or has_errors(item.findings):  # a refused picture is retaken, not confirmed
        return []
    return [error("attachment.confirm_missing", where, items="；".join(c.label for c in missing),
                  count=len(missing))]


def _attachment_files(item: Attachment, where: str, rules: RulePack) -> Iterator[Finding]:
    problem = _not_a_file(item.source, where)
    if problem:
        yield problem
        return
    if not item.processed:
        if not has_errors(item.findings):  # a refused picture was processed: its errors say why, not this
            yield info("attachment.not_processed", where)
        return
    processed = Path(item.processed)
    problem = _not_a_file(item.processed, where)
    if problem:
        yield problem
        return
    size = processed.stat().st_size
    if size > rules.upload.max_bytes:
        yield error("attachment.too_big", where, bytes=size, max=rules.upload.max_bytes)
    if not upload_format_ok(sniff_file(processed), rules.upload.formats):
        yield error("attachment.format", where, formats=", ".join(rules.upload.formats))


def _not_a_file(path: str, where: str) -> Finding | None:
    """Why ``path`` is not a file we can read (missing, a folder, a FIFO or device, unreachable), or None."""
    kind = kind_at(path)
    if kind == "file":
        return None
    code = {"missing": "attachment.missing_file", "directory": "attachment.is_folder",
            "unreadable": "attachment.unreachable"}.get(kind, "attachment.is_device")
    return error(code, where, file=path)


def _recommendations(case: Case, rules: RulePack, present: dict) -> list[Finding]:
    """The guide's "按需上传" advice for name/ID changes, as warnings."""
    if Change.NAME_OR_ID not in case.changes:
        return []
    c, a = case.correction, case.applicant
    out: list[Finding] = []
    name_changed = bool(c.name) and c.name != a.name
    id_changed = bool(c.id_number) and not _same_id(c.id_number, case)
    irregular_id = id_changed and not is_standard_upgrade(a.id_number, c.id_number)
    if (name_changed or irregular_id) and Slot.PROOF not in present:
        reason = "name" if name_changed else "id"
        out.append(warning("proof.recommended", "attachments.proof", reason=reason))
    if name_changed and Slot.SIGNATURE not in present:
        out.append(warning("signature.recommended", "attachments.signature"))
    return out


def errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]
