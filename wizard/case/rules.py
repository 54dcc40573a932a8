"""The rule pack: what the platform asks for, loaded from ``resources/rules/rules.toml``.

The pack is data a clerk may edit; this module reads it, checks its shape (a broken
edit gives a message naming the line or entry) and answers the scenario matrix: for
the chosen kinds of change, is an item required, optional or forbidden?
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wizard.case.model import Change, Slot
from wizard.platform.resources import resource_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class Need(str, Enum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    FORBIDDEN = "forbidden"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackInfo(_Strict):
    version: str
    title: str
    item_code: str
    source: str


class ChangeRule(_Strict):
    label: str
    label_en: str
    what: str
    guide: str
    dont: str
    what_en: str = ""
    dont_en: str = ""
    edits: list[str] = []  # the fields this kind of change has the applicant type anew (填写内容 marks them)


class FieldRule(_Strict):
    label: str
    label_en: str
    section: str
    min_length: int | None = None
    max_length: int | None = None
    warn_length: int | None = None
    pattern: str | None = None
    options: list[str] | None = None
    format: str | None = None
    earliest: str | None = None
    min_age_at_graduation: int | None = None
    text: str | None = None
    yes: str | None = None
    no: str | None = None
    text_en: str | None = None
    yes_en: str | None = None
    no_en: str | None = None


class Options(_Strict):
    ethnicity: list[str]
    education: list[str]
    degree: list[str]


class DegreeRule(_Strict):
    allowed: list[str]
    unusual: list[str] = Field(default_factory=list)


class UploadRule(_Strict):
    formats: list[str]
    max_bytes: int
    standards: list[str]


class Confirmation(_Strict):
    """Something about a picture the user must confirm, because no check sees it for sure."""

    key: str
    label: str
    label_en: str


class SlotRule(_Strict):
    label: str
    label_en: str
    group: str
    group_label: str
    order: int
    group_label_en: str = ""
    width: int | None = None
    height: int | None = None
    dpi: int | None = None
    aspect: float | None = None
    ink_max_width: float | None = None
    ink_max_height: float | None = None
    many: bool = False
    confirm: list[Confirmation] = []


class MatrixRow(_Strict):
    correction: Need
    slots: dict[Slot, Need]

    @model_validator(mode="after")
    def _every_slot(self) -> MatrixRow:
        missing = set(Slot) - set(self.slots)
        if missing:
            raise ValueError(f"缺少上传项：{', '.join(sorted(s.value for s in missing))}")
        return self


class RulePack(_Strict):
    pack: PackInfo
    changes: dict[Change, ChangeRule]
    fields: dict[str, FieldRule]
    options: Options
    degree_by_education: dict[str, DegreeRule]
    upload: UploadRule
    slots: dict[Slot, SlotRule]
    matrix: dict[Change, MatrixRow]
    # Engine thresholds, one table per engine ([checks.photo], [checks.signature], ...).
    checks: dict[str, dict[str, float | int | bool | str | list[float]]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> RulePack:
        for name, group in (("changes", self.changes), ("matrix", self.matrix)):
            missing = set(Change) - set(group)
            if missing:
                raise ValueError(f"{name} 缺少：{', '.join(sorted(c.value for c in missing))}")
        if set(Slot) - set(self.slots):
            raise ValueError("slots 缺少上传项")
        unknown = set(self.degree_by_education) ^ set(self.options.education)
        if unknown:
            raise ValueError(f"degree_by_education 与 options.education 不一致：{sorted(unknown)}")
        return self

    # --- the scenario matrix -------------------------------------------------------------

    def slot_need(self, changes: set[Change], slot: Slot) -> Need:
        return _combine(self.matrix[c].slots[slot] for c in changes)

    def correction_need(self, changes: set[Change]) -> Need:
        return _combine(self.matrix[c].correction for c in changes)

    def check(self, engine: str, key: str) -> Any:
        """A threshold of ``[checks.<engine>]``; a missing one is a broken pack, said plainly."""
        try:
            return self.checks[engine][key]
        except KeyError:
            raise RulePackError(f"规则包缺少阈值 checks.{engine}.{key}") from None

    def field(self, path: str) -> FieldRule:
        return self.fields[path]

    def label(self, path: str, lang: str = "zh_CN") -> str:
        """The user-facing label of a field path or an ``attachments.<slot>`` path."""
        english = lang.startswith("en")
        if path in self.fields:
            rule = self.fields[path]
            return rule.label_en if english else rule.label
        head, _, rest = path.partition(".")
        if head == "attachments" and rest:
            slot = Slot(rest.split(".")[0])
            rule = self.slots[slot]
            return rule.label_en if english else rule.label
        return path


def _combine(needs) -> Need:
    needs = list(needs)
    if not needs:
        return Need.FORBIDDEN
    if Need.REQUIRED in needs:
        return Need.REQUIRED
    if Need.OPTIONAL in needs:
        return Need.OPTIONAL
    return Need.FORBIDDEN


class RulePackError(Exception):
    """A rule pack that cannot be used; the message names the file and the place."""


def read_rule_pack(path: str | os.PathLike[str]) -> RulePack:
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulePackError(f"无法读取规则包 {file}：{exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"规则包 {file} 格式错误：{exc}") from None
    try:
        return RulePack.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise RulePackError(f"规则包 {file} 内容不正确：{where}") from None


@cache
def load_rules() -> RulePack:
    """The shipped rule pack (read once per process)."""
    return read_rule_pack(resource_path("rules", "rules.toml"))
