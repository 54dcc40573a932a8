"""The case: everything one applicant's 信息修改及材料补充 needs, as one pydantic model.

A case file is JSON with the key names below, written atomically. Drafts and the
help-desk queue are case files too. Reading one never raises a traceback at the user:
every problem becomes a :class:`CaseFileError` whose message names the file and the
line or field.
"""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from wizard.case.findings import Finding
from wizard.case.json_text import read_json
from wizard.platform.atomic import write_text_atomic
from wizard.platform.files import FileTooBig, NotRegularFile, read_regular

SCHEMA_VERSION = 1
MAX_ERASE = 5000  # eraser dabs kept for one picture
MAX_COORDINATE = 1_000_000  # pixels: far beyond any picture the loader accepts (100 MP)
MAX_JSON_DEPTH = 64  # a case nests 4 deep; Python's JSON parser overflows its stack near 1000
MAX_CASE_FILE_BYTES = 2_000_000  # a real case is a few KB; refuse anything absurd before parsing


class Change(str, Enum):
    """The three kinds of change of the guide's note (注一、二、三)."""

    BASIC_INFO = "basic_info"  # 修改民族、毕业院校、所学专业、学历信息、毕业时间
    PHOTO = "photo"  # 修改一寸白底免冠照
    NAME_OR_ID = "name_or_id"  # 修改姓名或身份证号码


class Slot(str, Enum):
    """Upload slots of the dialog in 图12 of the guide."""

    PHOTO = "photo"  # 免冠证件照 ①
    SIGNATURE = "signature"  # 手写签名 ①
    ID_FRONT = "id_front"  # 身份证正面 ②
    ID_BACK = "id_back"  # 身份证背面 ②
    ID_HANDHELD = "id_handheld"  # 手持身份证照 ②
    PROOF = "proof"  # 证明材料 ③ (a list)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


class Applicant(_Model):
    """基本信息: the record as it should read (for name/ID changes: as it reads now)."""

    name: str = ""  # 申报人
    id_number: str = ""  # 身份证号码
    gender: str = ""  # 性别: 男 / 女
    phone: str = ""  # 申报人手机号码
    ethnicity: str = ""  # 民族
    school: str = ""  # 毕业院校
    major: str = ""  # 所学专业
    education: str = ""  # 学历
    degree: str = ""  # 学位
    graduation_date: str = ""  # 毕业时间, YYYY-MM-DD as typed on the platform


class Correction(_Model):
    """修改信息: the currently valid name / ID number, and 情况说明."""

    name: str = ""
    id_number: str = ""
    explanation: str = ""


class Adjustment(_Model):
    """Manual adjustments a user made to a processed picture; re-running applies them."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    rotation: int = 0  # quarter turns clockwise, 0..3
    crop_box: tuple[int, int, int, int] | None = None  # x, y, width, height in source pixels
    replace_background: bool = True
    corners: list[tuple[float, float]] | None = None  # four card corners in source pixels
    ink_strength: int = Field(default=0, ge=-3, le=3)  # 手写签名: -3 keeps only the darkest ink .. +3 the faintest
    erase: list[tuple[int, int, int]] = Field(default_factory=list, max_length=MAX_ERASE)  # 手写签名: (x, y, r) rubbed
    # out with the eraser, in the finished picture's pixels

    @field_validator("erase")
    @classmethod
    def _erase_in_range(cls, value: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        if not all(0 <= x <= MAX_COORDINATE and 0 <= y <= MAX_COORDINATE and 1 <= r <= 200 for x, y, r in value):
            raise ValueError("橡皮擦的位置应在图片以内，半径 1 到 200 像素")
        return value

    @field_validator("rotation")
    @classmethod
    def _quarter_turns(cls, value: int) -> int:
        return value % 4

    @field_validator("crop_box")
    @classmethod
    def _crop_in_range(cls, value: tuple[int, int, int, int] | None) -> tuple[int, int, int, int] | None:
        if value is not None and not all(0 <= v <= MAX_COORDINATE for v in value):
            raise ValueError(f"裁剪框的数值应在 0 到 {MAX_COORDINATE} 之间")
        return value

    @field_validator("corners")
    @classmethod
    def _four_real_corners(cls, value: list[tuple[float, float]] | None) -> list[tuple[float, float]] | None:
        if value is None:
            return None
        if len(value) != 4 or not all(abs(v) <= MAX_COORDINATE for point in value for v in point):
            raise ValueError(f"卡片四角应为 4 个点，坐标在 ±{MAX_COORDINATE} 以内")
        if quad_area(value) < 1.0:
            raise ValueError("卡片四角围成的面积为 0（几个点重合或在一条直线上），请重新设置四角")
        return value


class Attachment(_Model):
    source: str  # the user's original file
    processed: str | None = None  # the finished file, once processed
    adjust: Adjustment = Field(default_factory=Adjustment)
    findings: list[Finding] = Field(default_factory=list)  # from the last processing
    confirmed: list[str] = Field(default_factory=list)  # what the user confirmed of this picture (rule pack keys)
    page: int | None = Field(default=None, ge=1)  # one page of a many-page source (a PDF), 1-based; None: all


class Attachments(_Model):
    photo: Attachment | None = None
    signature: Attachment | None = None
    id_front: Attachment | None = None
    id_back: Attachment | None = None
    id_handheld: Attachment | None = None
    proof: list[Attachment] = Field(default_factory=list)

    def present(self) -> dict[Slot, list[Attachment]]:
        """Every slot that holds something, with its attachments (proof may hold several)."""
        found: dict[Slot, list[Attachment]] = {}
        for slot in Slot:
            value = getattr(self, slot.value)
            items = value if isinstance(value, list) else [value] if value is not None else []
            if items:
                found[slot] = items
        return found


class Case(_Model):
    schema_version: int = SCHEMA_VERSION
    changes: set[Change] = Field(default_factory=set)
    applicant: Applicant = Field(default_factory=Applicant)
    correction: Correction = Field(default_factory=Correction)
    commitment: bool | None = None  # 本人作出上述承诺 (True) / 不作出 (False) / unset
    attachments: Attachments = Field(default_factory=Attachments)
    # keys the case file gave twice (the last value was taken); validate() warns of each
    _duplicate_keys: list[str] = PrivateAttr(default_factory=list)

    @property
    def duplicate_keys(self) -> list[str]:
        return list(self._duplicate_keys)

    def to_json(self) -> str:
        data = self.model_dump(mode="json")
        data["changes"] = sorted(data["changes"])  # stable files diff well
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def quad_area(points: list[tuple[float, float]]) -> float:
    """The area enclosed by the points in order (shoelace formula), in square pixels."""
    total = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True))
    return abs(total) / 2


class CaseFileError(Exception):
    """A case file that cannot be used; ``str()`` is a Chinese message naming file and place."""


# --- migrations -----------------------------------------------------------------------------
# Version 0 is a case written by hand without "schema_version": attachments may be bare
# paths ("photo": "me.jpg") and "changes" may be one string. Each step takes the dict of
# version N and returns the dict of version N + 1.


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    # Only reshape what has the old shape; anything else is left for validation to report.
    changes = data.get("changes", [])
    data["changes"] = [changes] if isinstance(changes, str) else changes
    attachments = data.get("attachments")
    if attachments is None:
        attachments = {}
    if not isinstance(attachments, dict):
        return data
    for slot, value in list(attachments.items()):
        if isinstance(value, str):
            attachments[slot] = {"source": value}
        elif isinstance(value, list):
            attachments[slot] = [{"source": v} if isinstance(v, str) else v for v in value]
    if isinstance(attachments.get("proof"), dict):
        attachments["proof"] = [attachments["proof"]]
    data["attachments"] = attachments
    return data


MIGRATIONS = {0: _migrate_0_to_1}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a case dict of any older schema up to :data:`SCHEMA_VERSION`."""
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        raise CaseFileError(f"schema_version 应为非负整数，实际为 {version!r}")
    if version > SCHEMA_VERSION:
        raise CaseFileError(
            f"该案件文件由较新版本的程序保存（格式版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
            "请升级建造师材料助手后再打开"
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data


def parse_case(text: str, source: str = "案件文件") -> Case:
    """Parse case JSON text into a :class:`Case`, migrating older schemas."""
    data, duplicates = read_json(text, source, CaseFileError)
    if not isinstance(data, dict):
        raise CaseFileError(f"{source}：内容应为一个 JSON 对象")
    try:
        data = migrate(data)
    except CaseFileError as exc:
        raise CaseFileError(f"{source}：{exc}") from None
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseFileError(f"{source}：{_describe_validation_error(exc)}") from None
    except (TypeError, ValueError, KeyError) as exc:
        raise CaseFileError(f"{source}：内容结构不正确（{exc}）") from None
    case._duplicate_keys = duplicates
    return case


def _describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "（整个文件）"
        parts.append(f"字段 {where}：{_reason_zh(err)}")
    more = len(exc.errors()) - 5
    if more > 0:
        parts.append(f"另有 {more} 处问题")
    return "；".join(parts)


def _reason_zh(err: dict[str, Any]) -> str:
    if err["type"] == "value_error":  # our own validators say it in Chinese
        return str(err.get("ctx", {}).get("error", err["msg"]))
    return _PYDANTIC_ERRORS_ZH.get(err["type"], "取值不正确")


_PYDANTIC_ERRORS_ZH = {
    "extra_forbidden": "不是认可的字段名（请检查拼写）",
    "missing": "缺少该字段",
    "string_type": "应为文本",
    "bool_type": "应为 true、false 或 null",
    "bool_parsing": "应为 true、false 或 null",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "enum": "取值不在允许范围内",
    "list_type": "应为列表",
    "set_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "tuple_type": "应为数组",
    "too_long": "元素过多",
    "too_short": "元素过少",
    "finite_number": "应为有限的数（不能是 NaN 或 Infinity）",
    "string_unicode": "含有无效的 Unicode 字符（孤立的代理项），请重新输入该项",
    "float_type": "应为数",
    "float_parsing": "应为数",
}


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read a case file; every failure is a :class:`CaseFileError` naming the file."""
    file = Path(path)
    try:
        raw = read_regular(file, MAX_CASE_FILE_BYTES)
    except FileTooBig as exc:
        raise CaseFileError(f"{file}：文件过大（{exc.size} 字节），不是本程序保存的案件文件") from None
    except NotRegularFile as exc:
        if exc.kind == "directory":
            raise CaseFileError(f"{file} 是文件夹，不是案件文件") from None
        raise CaseFileError(f"{file} 不是普通文件（是管道、设备或套接字），不是案件文件") from None
    except FileNotFoundError:
        raise CaseFileError(f"找不到案件文件：{file}") from None
    except PermissionError:
        raise CaseFileError(f"没有权限读取案件文件：{file}") from None
    except OSError as exc:
        raise CaseFileError(f"无法读取案件文件 {file}：{exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseFileError(f"{file}：不是 UTF-8 编码的文本文件") from None
    return parse_case(text, str(file))


def save_case(case: Case, path: str | os.PathLike[str]) -> Path:
    """Write the case atomically with owner-only permissions."""
    return write_text_atomic(path, case.to_json(), private=True)


def get_field(case: Case, path: str) -> object:
    """The value at a dotted path such as ``applicant.name``."""
    target: object = case
    for part in path.split("."):
        target = getattr(target, part)
    return target


def set_field(case: Case, path: str, value: object) -> None:
    """Set the value at a dotted path (validated by the model on assignment)."""
    *parents, name = path.split(".")
    target: object = case
    for part in parents:
        target = getattr(target, part)
    setattr(target, name, value)
