"""``check(bundle)``: read an exported bundle back from disk and run every rule again.

What was exported always checks clean; a bundle copied, zipped, mailed and edited on the
way may not. The check trusts nothing it did not read itself: formats by content, byte
limits, pixel sizes and dpi, SHA-256 against the manifest, no metadata (EXIF, XMP, GPS,
ICC, comments) in any picture, no unexpected files, the scenario matrix against the files
present, and the bundled ``case.json`` validated again. A zip is unpacked into a temporary
folder first, refusing absolute or ``..`` paths, links and sizes no bundle can have.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from wizard.bundle.export import MANIFEST, resolve_attachments
from wizard.bundle.picture_check import check_picture
from wizard.case.findings import Finding, error, warning
from wizard.case.model import CaseFileError, Change, Slot, parse_case
from wizard.case.rules import Need, RulePack
from wizard.case.validate import validate

MAX_ZIP_ENTRIES = 200  # a bundle has about a dozen files
MAX_ZIP_BYTES = 50_000_000  # unpacked, all files together: ten proof pages of 100 KB plus a PDF is ~2 MB
MAX_RATIO = 200  # a deflated JPEG barely shrinks; a member inflating 200-fold is a bomb
_CHUNK = 1 << 16


class BundleUnreadable(Exception):
    """Not a bundle we can open at all (missing, not a folder or zip, unsafe zip); message in Chinese."""


def check(path: str | Path, rules: RulePack, today: dt.date | None = None) -> list[Finding]:
    """Every problem of the bundle at ``path`` (a folder or a ``.zip``) as findings."""
    path = Path(path)
    if path.is_dir():
        return check_folder(path, rules, today)
    if path.is_file() and zipfile.is_zipfile(path):
        with unpacked(path) as folder:
            return check_folder(folder, rules, today)
    if not path.exists():
        raise BundleUnreadable(f"找不到导出的材料：{path}")
    raise BundleUnreadable(f"{path} 既不是导出的文件夹，也不是 zip 压缩包")


# --- zip ------------------------------------------------------------------------------------


@contextmanager
def unpacked(archive_path: Path) -> Iterator[Path]:
    """Unpack a bundle zip safely into a temporary folder; yields the bundle's folder in it."""
    try:
        with zipfile.ZipFile(archive_path) as archive, tempfile.TemporaryDirectory(prefix="jzs-check-") as tmp:
            members = safe_members(archive)
            for info in members:
                _extract(archive, info, Path(tmp))
            yield _bundle_root(Path(tmp))
    except zipfile.BadZipFile as exc:
        raise BundleUnreadable(f"{archive_path} 不是完好的 zip 压缩包（{exc}）") from None


def safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members, after refusing anything a bundle never holds (paths out of the folder, bombs)."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise BundleUnreadable(f"压缩包中有 {len(infos)} 个文件，不是本程序导出的材料")
    for info in infos:
        _refuse_unsafe_name(info)
    declared = sum(i.file_size for i in infos)
    if declared > MAX_ZIP_BYTES:
        raise BundleUnreadable(f"压缩包解压后有 {declared} 字节，超过 {MAX_ZIP_BYTES} 字节的上限，拒绝解压")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleUnreadable(f"压缩包中的 {info.filename} 压缩比异常（疑似压缩炸弹），拒绝解压")
    return infos


def _refuse_unsafe_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    unsafe = (name.startswith(("/", "\\")) or "\\" in name or re.match(r"^[A-Za-z]:", name) is not None
              or ".." in parts or "\x00" in name)
    if unsafe:
        raise BundleUnreadable(f"压缩包中的路径不安全：{name}（含绝对路径或“..”），拒绝解压")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleUnreadable(f"压缩包中的 {name} 是链接，拒绝解压")


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, root: Path) -> None:
    """Copy one member, never writing more than it declared (a forged header cannot inflate us)."""
    target = root.joinpath(*PurePosixPath(info.filename).parts)
    if info.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(info) as source, open(target, "wb") as sink:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > info.file_size:
                raise BundleUnreadable(f"压缩包中的 {info.filename} 实际大小与记录不符，拒绝解压")
            sink.write(chunk)


def _bundle_root(root: Path) -> Path:
    if (root / MANIFEST).exists():
        return root
    tops = [p for p in root.iterdir()]
    if len(tops) == 1 and tops[0].is_dir():
        return tops[0]
    return root


# --- the folder -----------------------------------------------------------------------------


def check_folder(folder: Path, rules: RulePack, today: dt.date | None = None) -> list[Finding]:
    manifest = _read_manifest(folder)
    if isinstance(manifest, Finding):
        return [manifest]
    entries = {e["name"]: e for e in manifest["files"]}
    findings = _extra_files(folder, entries)
    for entry in entries.values():
        findings += _check_entry(folder, entry, rules)
    findings += _check_case(folder, rules, today, manifest)
    if manifest["rules"]["version"] != rules.pack.version:
        findings.append(warning("bundle.rules_changed", "", version=manifest["rules"]["version"],
                                current=rules.pack.version))
    return findings


def _read_manifest(folder: Path) -> dict[str, Any] | Finding:
    path = folder / MANIFEST
    if not path.is_file():
        return error("bundle.manifest_missing", "", file=MANIFEST)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            if not isinstance(entry["name"], str) or "/" in entry["name"] or "\\" in entry["name"]:
                raise ValueError(entry["name"])
            if any(key not in entry for key in ("sha256", "bytes", "slot")):
                raise KeyError(entry["name"])
        if not isinstance(manifest["rules"]["version"], str):
            raise TypeError("rules.version")
    except (OSError, ValueError, KeyError, TypeError):
        return error("bundle.manifest_invalid", "", file=MANIFEST)
    return manifest


def _extra_files(folder: Path, entries: dict[str, Any]) -> list[Finding]:
    expected = set(entries) | {MANIFEST}
    return [error("bundle.extra_file", "", file=p.name) for p in sorted(folder.iterdir()) if p.name not in expected]


def _check_entry(folder: Path, entry: dict[str, Any], rules: RulePack) -> list[Finding]:
    name = entry["name"]
    path = folder / name
    field = f"attachments.{entry['slot']}" if entry["slot"] in {s.value for s in Slot} else ""
    if not path.is_file():
        return [error("bundle.file_missing", field, file=name)]
    data = path.read_bytes()
    findings = []
    if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        findings.append(error("bundle.hash_mismatch", field, file=name))
    if field:
        findings += check_picture(name, data, Slot(entry["slot"]), rules)
    return findings


# --- the case and the scenario matrix -------------------------------------------------------


def _check_case(folder: Path, rules: RulePack, today: dt.date | None, manifest: dict[str, Any]) -> list[Finding]:
    path = folder / "case.json"
    try:
        case = parse_case(path.read_text(encoding="utf-8"), "case.json")
    except (OSError, UnicodeDecodeError, CaseFileError):
        changes = {Change(c) for c in manifest.get("case", {}).get("changes", []) if c in {x.value for x in Change}}
        return [error("bundle.case_invalid", "", file="case.json"), *matrix_findings(folder, rules, changes)]
    findings = matrix_findings(folder, rules, case.changes)
    return findings + validate(resolve_attachments(case, folder), rules, today)


def slot_of(name: str, rules: RulePack) -> Slot | None:
    """The upload slot a bundle file name stands for (``03_身份证正面.jpg`` → id_front)."""
    for slot, rule in rules.slots.items():
        if re.fullmatch(rf"{rule.order:02d}_{re.escape(rule.label)}(?:_\d+)?\.[A-Za-z]+", name):
            return slot
    return None


def matrix_findings(folder: Path, rules: RulePack, changes: set[Change]) -> list[Finding]:
    """Required slots without a file, and files for slots the chosen changes forbid."""
    present: dict[Slot, list[str]] = {}
    for path in sorted(folder.iterdir()):
        slot = slot_of(path.name, rules)
        if slot is not None:
            present.setdefault(slot, []).append(path.name)
    findings = []
    for slot in Slot:
        need = rules.slot_need(changes, slot) if changes else Need.OPTIONAL
        field = f"attachments.{slot.value}"
        if need is Need.REQUIRED and slot not in present:
            findings.append(error("bundle.slot_missing", field))
        if need is Need.FORBIDDEN:
            findings += [error("bundle.slot_forbidden", field, file=name) for name in present.get(slot, [])]
    return findings
