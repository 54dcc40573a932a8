"""Drafts and the help-desk queue: every case the user works on lives in the data folder.

Layout: ``<data>/cases/<case_id>/case.json`` (the case, autosaved atomically after each
change), ``<data>/cases/<case_id>/processed/`` (finished attachment files) and
``export.json`` once exported. ``<data>/session.json`` records which case a running
program has open; if that program is gone without closing cleanly, the next start
offers the case back. Deleting a case removes its folder: drafts and processed files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from wizard.case.findings import Severity
from wizard.case.model import Case, CaseFileError, Slot, load_case, save_case
from wizard.case.rules import RulePack
from wizard.case.validate import validate
from wizard.platform.atomic import write_text_atomic
from wizard.platform.pids import pid_alive
from wizard.platform.privacy import mask_id

APP_DIR_NAME = "jzs-wizard"
DATA_ENV = "JZS_WIZARD_DATA"  # overrides the data folder (tests, portable installs)
_MISSING_CODES = {"field.required", "attachment.required", "changes.none", "commitment.unset",
                  "correction.nothing", "id.empty"}


def data_dir() -> Path:
    """The per-user data folder, created owner-only."""
    override = os.environ.get(DATA_ENV)
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_DIR_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_DIR_NAME
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not base.is_dir():
            raise NotADirectoryError(base)
        probe = base / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise DataFolderError(base, exc) from None
    return base


class DataFolderError(OSError):
    """The data folder cannot be created or written; ``str()`` says so in Chinese, naming the folder."""

    def __init__(self, folder: Path, cause: OSError) -> None:
        reason = "同名的文件占用了这个位置" if isinstance(cause, (FileExistsError, NotADirectoryError)) else (
            "没有写入权限" if isinstance(cause, PermissionError) else cause.strerror or type(cause).__name__)
        super().__init__(f"无法创建或写入数据文件夹 {folder}（{reason}）。草稿和日志需要保存在这里："
                         f"请检查该位置的权限，删除占用它的同名文件，或设置环境变量 {DATA_ENV} 指向一个可写的文件夹。")
        self.folder = folder


def cases_dir() -> Path:
    folder = data_dir() / "cases"
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def new_case_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def case_folder(case_id: str) -> Path:
    if not case_id or any(c in case_id for c in "/\\:") or case_id.startswith("."):
        raise ValueError(f"invalid case id: {case_id!r}")
    folder = cases_dir() / case_id
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def draft_path(case_id: str) -> Path:
    return case_folder(case_id) / "case.json"


def processed_path(case_id: str, slot: Slot, index: int = 0, suffix: str = ".jpg") -> Path:
    """Where the finished file of a slot is kept (``proof`` has one per page/item)."""
    folder = case_folder(case_id) / "processed"
    folder.mkdir(exist_ok=True, mode=0o700)
    name = f"{slot.value}_{index + 1}{suffix}" if slot is Slot.PROOF else f"{slot.value}{suffix}"
    return folder / name


def save_draft(case_id: str, case: Case) -> Path:
    return save_case(case, draft_path(case_id))


def load_draft(case_id: str) -> Case:
    return load_case(draft_path(case_id))


def delete_case(case_id: str) -> None:
    """Remove a case with its drafts and processed files; forget it as the open session."""
    folder = cases_dir() / case_id
    if folder.is_dir():
        shutil.rmtree(folder)
    session = read_session()
    if session and session.get("case_id") == case_id:
        end_session()


def mark_exported(case_id: str, bundle: str) -> None:
    record = {"exported_at": dt.datetime.now().isoformat(timespec="seconds"), "bundle": bundle}
    write_text_atomic(case_folder(case_id) / "export.json", json.dumps(record, ensure_ascii=False))


class CaseState(str, Enum):
    MISSING = "missing"  # 缺少内容
    ERRORS = "errors"  # 有错误
    READY = "ready"  # 可导出
    EXPORTED = "exported"  # 已导出
    UNREADABLE = "unreadable"  # the draft itself cannot be read


@dataclass(frozen=True)
class QueueEntry:
    case_id: str
    name: str
    masked_id: str
    changes: tuple[str, ...]
    state: CaseState
    modified: dt.datetime
    problem: str = ""  # why an unreadable draft cannot be opened


def case_state(case: Case, rules: RulePack, exported: bool) -> CaseState:
    errors = [f for f in validate(case, rules) if f.severity is Severity.ERROR]
    if any(f.code in _MISSING_CODES for f in errors):
        return CaseState.MISSING
    if errors:
        return CaseState.ERRORS
    return CaseState.EXPORTED if exported else CaseState.READY


def list_queue(rules: RulePack) -> list[QueueEntry]:
    """Every saved case, newest first, for the help-desk queue."""
    entries = []
    for folder in cases_dir().iterdir():
        path = folder / "case.json"
        if folder.is_dir() and path.is_file():
            entries.append(_entry(folder.name, path, rules))
    return sorted(entries, key=lambda e: e.modified, reverse=True)


def _entry(case_id: str, path: Path, rules: RulePack) -> QueueEntry:
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
    try:
        case = load_case(path)
    except CaseFileError as exc:
        return QueueEntry(case_id, "", "", (), CaseState.UNREADABLE, modified, str(exc))
    exported = (path.parent / "export.json").is_file()
    changes = tuple(sorted(c.value for c in case.changes))
    masked = mask_id(case.applicant.id_number) if case.applicant.id_number else ""
    return QueueEntry(case_id, case.applicant.name, masked, changes, case_state(case, rules, exported), modified)


# --- crash recovery ----------------------------------------------------------------------


def begin_session(case_id: str) -> None:
    record = {"case_id": case_id, "pid": os.getpid(), "started": dt.datetime.now().isoformat(timespec="seconds")}
    write_text_atomic(data_dir() / "session.json", json.dumps(record))


def end_session() -> None:
    with contextlib.suppress(FileNotFoundError):
        (data_dir() / "session.json").unlink()


def read_session() -> dict | None:
    try:
        record = json.loads((data_dir() / "session.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def crashed_case() -> str | None:
    """The case a previous run had open when it ended without closing, if its draft exists."""
    record = read_session()
    # our own pid in the record is a leftover of an earlier run whose pid was reused, not a live window
    pid = record.get("pid") if record else None
    if not record or (pid != os.getpid() and pid_alive(pid)):
        return None
    case_id = record.get("case_id")
    if isinstance(case_id, str) and (cases_dir() / case_id / "case.json").is_file():
        return case_id
    return None
