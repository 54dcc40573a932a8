"""The two papers of a bundle: 填写内容 (what to type) and 清单 (what to click, in order).

Both follow the guide: the platform's own section and field labels of 图11, the upload
buttons of 图12 (①②③), the guide's 注 for the chosen kinds of change, and the warnings
left after export with what was done about them. The words and markup live in
``resources/templates/`` (``checklist.html``, ``fill.html``, ``fill.txt``, ``texts.toml``);
this module only chooses blocks and fills placeholders, escaping every value.
Printing the checklist to PDF is Qt's job, done by a renderer the caller injects.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from string import Template
from typing import Any

from wizard import __version__
from wizard.bundle.contents import BundleFile
from wizard.case.findings import Finding, Severity
from wizard.case.messages import render, severity_name
from wizard.case.model import Case, Change
from wizard.case.rules import Need, RulePack
from wizard.platform.privacy import mask_id, mask_phone
from wizard.platform.resources import resource_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_BLOCK = re.compile(r"^<!--@([a-z_]+)-->\n", re.MULTILINE)


@cache
def blocks(filename: str) -> dict[str, Template]:
    """The named blocks of a template file (each starts with a ``<!--@name-->`` line)."""
    text = resource_path("templates", filename).read_text(encoding="utf-8")
    parts = _BLOCK.split(text)[1:]
    return {name: Template(body.rstrip("\n")) for name, body in zip(parts[::2], parts[1::2], strict=True)}


@cache
def texts() -> dict[str, Any]:
    with open(resource_path("templates", "texts.toml"), "rb") as handle:
        return tomllib.load(handle)


@cache
def style() -> str:
    return resource_path("templates", "checklist.css").read_text(encoding="utf-8")


def fill_html(filename: str, block: str, raw: dict[str, str] | None = None, **values: object) -> str:
    """Block ``block`` of an HTML template: ``values`` escaped, ``raw`` (already markup) as is."""
    escaped = {k: html.escape(str(v)) for k, v in values.items()}
    return blocks(filename)[block].substitute(escaped, **(raw or {}))


def fill_text(filename: str, block: str, **values: object) -> str:
    return blocks(filename)[block].substitute({k: str(v) for k, v in values.items()})


def _say(section: str, key: str, **values: object) -> str:
    return Template(texts()[section][key]).substitute({k: str(v) for k, v in values.items()})


# --- 填写内容 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FillSection:
    title: str  # the platform's section heading (基本信息, 修改信息 …)
    note: str
    rows: tuple[tuple[str, str], ...] = ()  # (field label, value to type)
    changed: tuple[bool, ...] = ()  # per row: the applicant types it anew (else only checks it)


def fill_sections(case: Case, rules: RulePack, files: Sequence[BundleFile]) -> list[FillSection]:
    """What to type or choose, section by section, in the order of 图11."""
    return [_basic_section(case, rules), _correction_section(case, rules), _commitment_section(rules),
            _upload_section(rules, files), _sms_section(case)]


def _fields_of(rules: RulePack, section: str) -> list[str]:
    return [path for path, rule in rules.fields.items() if rule.section == section]


def _value(case: Case, path: str) -> str:
    head, _, name = path.partition(".")
    return str(getattr(getattr(case, head), name))


def edited_fields(case: Case, rules: RulePack) -> set[str]:
    """The fields the chosen kinds of change have the applicant type anew (the rule pack's ``edits``)."""
    return {path for change in case.changes for path in rules.changes[change].edits}


def _basic_section(case: Case, rules: RulePack) -> FillSection:
    paths = _fields_of(rules, "基本信息")
    edits = edited_fields(case, rules)
    rows = tuple((rules.fields[p].label, _value(case, p)) for p in paths)
    key = "basic_change" if Change.BASIC_INFO in case.changes else "basic_keep"
    return FillSection("基本信息", _say("fill", key), rows, tuple(p in edits for p in paths))


def _correction_section(case: Case, rules: RulePack) -> FillSection:
    if rules.correction_need(case.changes) is Need.FORBIDDEN:
        return FillSection("修改信息", _say("fill", "correction_forbidden"))
    empty = _say("fill", "left_empty")
    paths = _fields_of(rules, "修改信息")
    edits = edited_fields(case, rules)
    rows = tuple((rules.fields[p].label, _value(case, p) or empty) for p in paths)
    return FillSection("修改信息", _say("fill", "correction_required"), rows,
                       tuple(p in edits and bool(_value(case, p)) for p in paths))


def _changed(section: FillSection, index: int) -> bool:
    return index < len(section.changed) and section.changed[index]


def _mark(section: FillSection, index: int) -> str:
    return _say("fill", "mark_change" if _changed(section, index) else "mark_check")


def _commitment_section(rules: RulePack) -> FillSection:
    rule = rules.fields["commitment"]
    return FillSection(rule.section, _say("fill", "commitment", yes=rule.yes or ""))


def _upload_section(rules: RulePack, files: Sequence[BundleFile]) -> FillSection:
    if not files:
        return FillSection("附件材料", _say("fill", "upload_none"))
    rows = tuple((f"{rules.slots[f.slot].group} 【{rules.slots[f.slot].label}】", f.name) for f in files)
    return FillSection("附件材料", _say("fill", "upload_some"), rows)


def _sms_section(case: Case) -> FillSection:
    note = _say("fill", "sms", phone=case.applicant.phone) + _say("fill", "success")
    return FillSection("短信验证码", note)


def render_fill_html(case: Case, rules: RulePack, files: Sequence[BundleFile], today: dt.date) -> str:
    sections = "\n".join(_section_html(s) for s in fill_sections(case, rules, files))
    return fill_html("fill.html", "page", {"style": style(), "sections": sections}, title=_say("fill", "title"),
                     name=case.applicant.name, date=today.isoformat(), intro=_say("fill", "intro"))


def _section_html(section: FillSection) -> str:
    rows = "\n".join(fill_html("fill.html", "row_changed" if _changed(section, n) else "row", label=label, value=value,
                               mark=_mark(section, n)) for n, (label, value) in enumerate(section.rows))
    table = fill_html("fill.html", "table", {"rows": rows}) if rows else ""
    return fill_html("fill.html", "section", {"table": table}, title=section.title, note=section.note)


def render_fill_text(case: Case, rules: RulePack, files: Sequence[BundleFile], today: dt.date) -> str:
    parts = []
    for section in fill_sections(case, rules, files):
        rows = "\n".join(fill_text("fill.txt", "row", label=lb, value=v, mark=_mark(section, n))
                         for n, (lb, v) in enumerate(section.rows))
        table = fill_text("fill.txt", "table", rows=rows) if rows else ""
        parts.append(fill_text("fill.txt", "section", title=section.title, note=section.note, table=table).rstrip())
    page = fill_text("fill.txt", "page", title=_say("fill", "title"), name=case.applicant.name,
                     date=today.isoformat(), intro=_say("fill", "intro"), sections="\n\n".join(parts))
    return page.rstrip() + "\n"


# --- 清单 -----------------------------------------------------------------------------------


def render_checklist_html(case: Case, rules: RulePack, files: Sequence[BundleFile], warnings: list[Finding],
                          today: dt.date) -> str:
    """The checklist page: the guide's steps with boxes to tick, for this case."""
    commitment = rules.fields["commitment"]
    raw = {"style": style(), "fill_rows": _fill_rows(case, rules), "upload_section": _upload_html(case, rules, files),
           "guide_rows": _guide_rows(case, rules), "warning_section": _warnings_html(warnings, rules),
           "standard_rows": "\n".join(fill_html("checklist.html", "standard_row", text=s)
                                      for s in rules.upload.standards)}
    labels = "、".join(rules.changes[c].label for c in _ordered(case.changes))
    return fill_html(
        "checklist.html", "page", raw, title=_say("checklist", "title"), item_title=rules.pack.title,
        item_code=rules.pack.item_code, name=case.applicant.name, masked_id=mask_id(case.applicant.id_number),
        change_labels=labels, date=today.isoformat(), program_version=__version__, rules_version=rules.pack.version,
        commitment_text=commitment.text or "", commitment_yes=commitment.yes or "",
        masked_phone=mask_phone(case.applicant.phone),
    )


def _ordered(changes: set[Change]) -> list[Change]:
    return [c for c in Change if c in changes]


def _fill_rows(case: Case, rules: RulePack) -> str:
    sections = fill_sections(case, rules, [])[:2]  # 基本信息, 修改信息
    rows = []
    for s in sections:
        shown = "；".join(f"{label}：{_masked(label, value, rules)}" for label, value in s.rows)
        rows.append(fill_html("checklist.html", "fill_row", title=s.title, note=s.note, values=shown))
    return "\n".join(rows)


def _masked(label: str, value: str, rules: RulePack) -> str:
    """The checklist is a paper that may lie on a desk: numbers stay masked (填写内容 has them in full)."""
    id_labels = {rules.fields["applicant.id_number"].label, rules.fields["correction.id_number"].label}
    if label in id_labels:
        return mask_id(value) if value.isalnum() else value
    if label == rules.fields["applicant.phone"].label:
        return mask_phone(value)
    return value


def _upload_html(case: Case, rules: RulePack, files: Sequence[BundleFile]) -> str:
    if not files:
        return fill_html("checklist.html", "upload_none", text=_say("fill", "upload_none"))
    rows = "\n".join(_upload_row(f, rules) for f in files)
    return fill_html("checklist.html", "upload_table", {"rows": rows}, intro=_say("fill", "upload_some"))


def _upload_row(file: BundleFile, rules: RulePack) -> str:
    slot = rules.slots[file.slot]
    width, height = file.size
    return fill_html("checklist.html", "upload_row", group=slot.group, group_label=slot.group_label,
                     button=slot.label, file=file.name, pixels=f"{width}×{height} 像素",
                     kilobytes=f"{len(file.data) / 1000:.1f}")


def _guide_rows(case: Case, rules: RulePack) -> str:
    rows = []
    for change in _ordered(case.changes):
        rule = rules.changes[change]
        rows.append(fill_html("checklist.html", "guide_row", label=rule.label, guide=rule.guide, dont=rule.dont))
    return "\n".join(rows)


def _warnings_html(warnings: list[Finding], rules: RulePack) -> str:
    if not warnings:
        return fill_html("checklist.html", "no_warnings", text=_say("checklist", "no_warnings"))
    rows = "\n".join(
        fill_html("checklist.html", "warning_row", severity=severity_name(f), message=render(f, rules),
                  action=_say("checklist", "action_info" if f.severity is Severity.INFO else "action_warning"))
        for f in warnings
    )
    return fill_html("checklist.html", "warnings_table", {"rows": rows})
