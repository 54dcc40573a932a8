"""``check(bundle)``: read an exported bundle back from disk and run every rule again.

What was exported always checks clean; a bundle copied, zipped, mailed and edited on the
way may not. The check trusts nothing it did not read itself: formats by content, byte
limits, pixel sizes and dpi, SHA-256 against the manifest, no metadata (EXIF, XMP, GPS,
ICC, comments, data after the image, private chunks) in any picture, no unexpected files,
the scenario matrix against the files present, and the bundled ``case.json`` validated
again. A zip is unpacked by :mod:`wizard.bundle.unzip`. Only regular files are read, each
under a cap: a link to ``/dev/zero``, a FIFO or a 3 GB file in the folder cannot stall it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

from wizard.bundle.export import MANIFEST, resolve_attachments
from wizard.bundle.manifest import Manifest, ManifestInvalid, parse_manifest
from wizard.bundle.picture_check import check_picture
from wizard.bundle.unzip import BundleUnreadable, refuse, unpacked
from wizard.case.findings import Finding, error, warning
from wizard.case.model import MAX_CASE_FILE_BYTES, CaseFileError, Change, Slot, parse_case
from wizard.case.rules import Need, RulePack
from wizard.case.validate import validate
from wizard.idcard.pair import card_pair_findings
from wizard.platform.files import FileTooBig, kind_at, kind_of, read_regular

__all__ = ["BundleUnreadable", "check", "check_folder", "matrix_findings", "slot_of"]

MAX_ENTRY_BYTES = 20_000_000  # 清单.pdf, the largest file of a bundle, is about 100 KB
MAX_MANIFEST_BYTES = 2_000_000


def check(path: str | Path, rules: RulePack, today: dt.date | None = None) -> list[Finding]:
    """Every problem of the bundle at ``path`` (a folder or a ``.zip``) as findings."""
    path = Path(path)
    kind = kind_at(path)
    if kind == "directory":
        return check_folder(path, rules, today)
    if kind == "file" and zipfile.is_zipfile(path):
        with unpacked(path) as folder:
            return check_folder(_bundle_root(folder), rules, today, shown=path)
    if kind == "missing":
        raise refuse("bundle.missing", path)
    if kind == "unreadable":
        raise refuse("bundle.unreachable", path)
    raise refuse("bundle.not_bundle", path)


def _bundle_root(root: Path) -> Path:
    if (root / MANIFEST).exists():
        return root
    tops = list(root.iterdir())
    if len(tops) == 1 and tops[0].is_dir():
        return tops[0]
    return root


# --- the folder -----------------------------------------------------------------------------


def check_folder(folder: Path, rules: RulePack, today: dt.date | None = None,
                 shown: Path | None = None) -> list[Finding]:
    """The findings of the bundle in ``folder``; ``shown`` is what to call it in messages (the zip)."""
    shown = shown or folder
    on_disk = _entries(folder, shown)
    manifest, duplicates = _read_manifest(folder, shown)
    entries = {e.name: e for e in manifest.files}
    findings = [warning("bundle.duplicate_key", "", file=MANIFEST, key=key) for key in duplicates]
    findings += [error("bundle.extra_file", "", file=name) for name in sorted(on_disk)
                 if name not in entries and name != MANIFEST]
    for entry in entries.values():
        findings += _check_entry(folder, entry, rules)
    findings += _check_case(folder, rules, today, shown)
    if manifest.rules.version != rules.pack.version:
        findings.append(warning("bundle.rules_changed", "", version=manifest.rules.version,
                                current=rules.pack.version))
    return findings


def _entries(folder: Path, shown: Path) -> dict[str, str]:
    """Name → kind of everything in the folder; a link, FIFO, device or socket refuses the bundle."""
    found = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise refuse("bundle.unreachable", shown, reason=exc.strerror or type(exc).__name__) from None
    for name in names:
        try:
            mode = os.lstat(folder / name).st_mode
        except OSError:
            raise refuse("bundle.entry_not_file", shown / name) from None
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise refuse("bundle.entry_not_file", shown / name)
        found[name] = kind_of(mode)
    return found


def _read_manifest(folder: Path, shown: Path) -> tuple[Manifest, list[str]]:
    """The manifest; without one that can be read there is nothing to check against (exit 2)."""
    path = folder / MANIFEST
    if kind_at(path) != "file":
        raise refuse("bundle.manifest_missing", shown / MANIFEST)
    try:
        text = read_regular(path, MAX_MANIFEST_BYTES).decode("utf-8")
        return parse_manifest(text, MANIFEST)
    except (OSError, UnicodeDecodeError, ManifestInvalid):
        raise refuse("bundle.manifest_invalid", shown / MANIFEST) from None


def _check_entry(folder: Path, entry: Any, rules: RulePack) -> list[Finding]:
    name = entry.name
    slot = entry.slot if entry.slot in {s.value for s in Slot} else None
    field = f"attachments.{slot}" if slot else ""
    kind = kind_at(folder / name)
    if kind == "missing":
        return [error("bundle.file_missing", field, file=name)]
    if kind != "file":
        return [error("bundle.extra_file", field, file=name)]
    try:
        data = read_regular(folder / name, MAX_ENTRY_BYTES)
    except FileTooBig as exc:  # never read a 3 GB entry to find out that its hash is wrong
        return [error("bundle.entry_too_big", field, file=name, bytes=exc.size, max=MAX_ENTRY_BYTES)]
    except OSError:
        return [error("bundle.file_missing", field, file=name)]
    findings = []
    if len(data) != entry.bytes or hashlib.sha256(data).hexdigest() != entry.sha256:
        findings.append(error("bundle.hash_mismatch", field, file=name))
    if slot:
        findings += check_picture(name, data, Slot(slot), rules)
    return findings


# --- the case and the scenario matrix -------------------------------------------------------


def _check_case(folder: Path, rules: RulePack, today: dt.date | None, shown: Path) -> list[Finding]:
    """The scenario matrix and the validator on the bundled case; a case.json that cannot be read
    leaves nothing to check the files against (exit 2)."""
    path = folder / "case.json"
    try:
        text = read_regular(path, MAX_CASE_FILE_BYTES).decode("utf-8")
        case = parse_case(text, "case.json")
    except (OSError, UnicodeDecodeError, CaseFileError):
        raise refuse("bundle.case_invalid", shown / "case.json") from None
    findings = matrix_findings(folder, rules, case.changes)
    resolved = resolve_attachments(case, folder)
    return findings + validate(resolved, rules, today) + card_pair_findings(resolved)


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
