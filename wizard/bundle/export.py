"""Export: one folder (and zip) holding everything the applicant takes to the platform.

The bundle holds each finished attachment named for its place on the upload dialog of
图12 (``01_免冠证件照.jpg`` … ``06_证明材料_1.jpg``, only the slots the chosen changes
allow), 填写内容 (HTML and text), 清单 (HTML and PDF), ``manifest.json`` (versions, the
case summary with the ID masked, name/slot/bytes/pixels/format/SHA-256 of every file) and
``case.json`` (the case, its attachments pointing at the bundle's own files, so the bundle
reopens). A case with error findings is refused. The PDF is printed by a renderer the
caller passes in (Qt, in ``ui.pdf``): ``wizard`` never imports Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from wizard import __version__
from wizard.bundle import checklist
from wizard.bundle.contents import BundleFile
from wizard.bundle.picture_check import check_picture
from wizard.bundle.staging import make_staging, recover, swap_in, write_file, write_zip
from wizard.case.findings import Finding, Severity, error, has_errors
from wizard.case.model import Adjustment, Attachment, Attachments, Case, CaseFileError, Slot, load_case
from wizard.case.rules import RulePack
from wizard.case.validate import errors_only, validate
from wizard.idcard.pair import card_pair_findings
from wizard.imaging.containers import NotWellFormed, clean_picture
from wizard.imaging.load import ImageLoadError
from wizard.imaging.process import NoEngine, process_file
from wizard.platform.files import read_regular
from wizard.platform.formats import EXTENSIONS, sniff_bytes
from wizard.platform.privacy import mask_id

PdfRenderer = Callable[[str, Path], None]  # (html, pdf path) -> None; ui.pdf.render_pdf

MANIFEST, CASE_FILE = "manifest.json", "case.json"
FILL_HTML, FILL_TEXT, CHECKLIST_HTML, CHECKLIST_PDF = "填写内容.html", "填写内容.txt", "清单.html", "清单.pdf"
DOCUMENTS = (FILL_HTML, FILL_TEXT, CHECKLIST_HTML, CHECKLIST_PDF, CASE_FILE)
BUNDLE_SUFFIX = "信息修改材料"
MANIFEST_FORMAT = 1
MAX_PROCESSED_BYTES = 20_000_000  # a finished file is at most 100 KB; read no further than this to say so
_WINDOWS_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


class ExportRefused(Exception):
    """The case has error findings (listed in ``findings``); nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} error finding(s)")
        self.findings = findings


class ExportFailed(Exception):
    """The bundle could not be written; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    zip_path: Path | None
    manifest: dict[str, Any]
    warnings: list[Finding]  # what is left to look at (also printed in 清单)


def export(case: Case, rules: RulePack, out_dir: str | Path, *, pdf_renderer: PdfRenderer, zip_too: bool = False,
           today: dt.date | None = None) -> Bundle:
    """Write the bundle of ``case`` into ``out_dir``; :class:`ExportRefused` while it has errors."""
    today = today or dt.date.today()
    findings = validate(case, rules, today) + card_pair_findings(case)
    if has_errors(findings):
        raise ExportRefused(errors_only(findings))
    files = collect_files(case, rules)
    fresh = [f for file in files if file.fresh for f in file.findings]
    warnings = [f for f in findings if f.code != "attachment.not_processed"] + fresh
    name = bundle_name(case.applicant.name, today, case.applicant.id_number)
    if (Path(out_dir) / MANIFEST).exists():  # a bundle inside a bundle would make the outer one fail check
        raise ExportFailed(f"导出文件夹 {out_dir} 本身是一份已导出的材料，不能导出到其中。"
                           "请选择它的上一级文件夹或另一个文件夹。")
    target = Path(out_dir) / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target = free_target(target, case)
        manifest = _build(case, rules, files, warnings, target, today, pdf_renderer, zip_too)
    except OSError as exc:
        reason = exc.strerror or exc
        raise ExportFailed(f"无法写入导出文件夹 {target}：{reason}（若其中的文件正被打开，请先关闭）") from None
    zip_path = target.with_name(f"{target.name}.zip") if zip_too else None
    return Bundle(target, zip_path, manifest, warnings)


def _build(case: Case, rules: RulePack, files: list[BundleFile], warnings: list[Finding], target: Path,
           today: dt.date, pdf_renderer: PdfRenderer, zip_too: bool) -> dict[str, Any]:
    staging = make_staging(target)
    try:
        manifest = write_contents(staging, case, rules, files, warnings, today, pdf_renderer)
        if zip_too:
            write_zip(staging, target.with_name(f"{target.name}.zip"), target.name)
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def bundle_name(applicant: str, today: dt.date, id_number: str = "") -> str:
    """``李某某_1234_2026-11-23_信息修改材料`` (the ID's last 4 characters tell two 王伟 apart),
    safe as a folder name on Windows, macOS and Linux."""
    person = _WINDOWS_ILLEGAL.sub("_", applicant).strip(" .") or "申报人"
    if person.upper() in _WINDOWS_RESERVED:
        person = f"_{person}"
    tail = re.sub(r"[^0-9Xx]", "", id_number)[-4:].upper()
    return f"{person[:40]}{'_' + tail if len(tail) == 4 else ''}_{today.isoformat()}_{BUNDLE_SUFFIX}"


def free_target(target: Path, case: Case) -> Path:
    """``target``, or ``target_2``, ``_3`` … : a bundle already there is replaced only when it is
    this applicant's own (same name and ID number in its case.json), never another person's."""
    for number in range(1, 1000):
        candidate = target if number == 1 else target.with_name(f"{target.name}_{number}")
        recover(candidate)  # a bundle a killed export left aside is back before we look
        taken = candidate.exists() or candidate.with_name(f"{candidate.name}.zip").exists()
        if not taken or _same_applicant(candidate, case):
            return candidate
    raise ExportFailed(f"导出文件夹 {target.parent} 中同名的材料包过多，请换一个文件夹")


def _same_applicant(folder: Path, case: Case) -> bool:
    try:
        old = load_case(folder / CASE_FILE).applicant
    except CaseFileError:
        return False
    return (old.name, old.id_number) == (case.applicant.name, case.applicant.id_number)


# --- the attachments ------------------------------------------------------------------------


def collect_files(case: Case, rules: RulePack) -> list[BundleFile]:
    """Every finished attachment, in the order of 图12; unprocessed ones are processed now."""
    files: list[BundleFile] = []
    problems: list[Finding] = []
    for slot, items in sorted(case.attachments.present().items(), key=lambda kv: rules.slots[kv[0]].order):
        pages: list[tuple[bytes, list[Finding], bool]] = []
        for index, item in enumerate(items):
            where = f"attachments.{slot.value}" + (f".{index}" if slot is Slot.PROOF else "")
            pages += _finished(slot, item, rules, where, problems)
        files += [_bundle_file(slot, n, page, rules) for n, page in enumerate(pages, 1)]
    problems += [f for file in files for f in check_picture(file.name, file.data, file.slot, rules)]
    if has_errors(problems):
        raise ExportRefused(errors_only(problems))
    return files


def _finished(slot: Slot, item: Attachment, rules: RulePack, where: str,
              problems: list[Finding]) -> list[tuple[bytes, list[Finding], bool]]:
    """The finished bytes of one attachment: its processed file, or a default processing run."""
    if item.processed:
        kept = [f.model_copy(update={"field": where}) for f in item.findings if f.severity is not Severity.ERROR]
        data = _processed_bytes(item.processed, where, problems)
        return [(data, kept, False)] if data is not None else []
    try:
        results = process_file(slot, item.source, rules, item.adjust)
    except ImageLoadError as exc:
        problems.append(exc.finding.model_copy(update={"field": where}))
        return []
    except NoEngine:
        problems.append(error("bundle.no_engine", where))
        return []
    if item.page is not None:  # one page of a PDF: the other pages are attachments of their own
        results = results[item.page - 1:item.page]
    found = [f.model_copy(update={"field": where}) for r in results for f in r.findings]
    if has_errors(found) or not any(r.data for r in results):
        problems.extend(errors_only(found) or [error("bundle.no_engine", where)])
        return []
    return [(r.data, [f.model_copy(update={"field": where}) for f in r.findings], True) for r in results if r.data]


def _processed_bytes(path: str, where: str, problems: list[Finding]) -> bytes | None:
    """The finished file of an attachment with nothing but its pixels (whatever was added to it since),
    or None with a finding: a case file may point ``processed`` at any file at all."""
    try:
        data = read_regular(path, MAX_PROCESSED_BYTES)
        fmt = sniff_bytes(data[:32])
        if fmt not in EXTENSIONS:
            raise NotWellFormed("not an upload format")
        return clean_picture(data, fmt)
    except (OSError, NotWellFormed):
        problems.append(error("bundle.processed_unusable", where, file=path))
        return None


def _bundle_file(slot: Slot, number: int, page: tuple[bytes, list[Finding], bool], rules: RulePack) -> BundleFile:
    data, findings, fresh = page
    fmt = sniff_bytes(data[:32]) or "jpeg"
    if fresh and fmt in EXTENSIONS:  # what an engine wrote is already plain: this proves it
        with contextlib.suppress(NotWellFormed):  # check_picture below refuses what cannot be cleaned
            data = clean_picture(data, fmt)
    rule = rules.slots[slot]
    numbered = f"_{number}" if rule.many else ""
    name = f"{rule.order:02d}_{rule.label}{numbered}.{EXTENSIONS.get(fmt, ('jpg',))[0]}"
    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        size = (0, 0)  # check_picture reports it as unreadable
    return BundleFile(name, slot, data, fmt, size, findings, fresh)


# --- the files of the bundle ----------------------------------------------------------------


def write_contents(folder: Path, case: Case, rules: RulePack, files: list[BundleFile], warnings: list[Finding],
                   today: dt.date, pdf_renderer: PdfRenderer) -> dict[str, Any]:
    """Write every file of the bundle into ``folder``; returns the manifest written last."""
    for file in files:
        write_file(folder / file.name, file.data)
    documents = {
        FILL_HTML: checklist.render_fill_html(case, rules, files, today).encode("utf-8"),
        FILL_TEXT: checklist.render_fill_text(case, rules, files, today).encode("utf-8"),
        CHECKLIST_HTML: checklist.render_checklist_html(case, rules, files, warnings, today).encode("utf-8"),
        CASE_FILE: bundled_case(case, files).to_json().encode("utf-8"),
    }
    for name, data in documents.items():
        write_file(folder / name, data)
    pdf_renderer(documents[CHECKLIST_HTML].decode("utf-8"), folder / CHECKLIST_PDF)
    documents[CHECKLIST_PDF] = (folder / CHECKLIST_PDF).read_bytes()
    manifest = build_manifest(case, rules, files, documents, today)
    write_file(folder / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return manifest


def bundled_case(case: Case, files: list[BundleFile]) -> Case:
    """The case with each attachment pointing at its file in the bundle (paths relative to it)."""
    packed = case.model_copy(deep=True)
    attachments = Attachments()
    for file in files:
        item = Attachment(source=file.name, processed=file.name, adjust=Adjustment(), findings=file.findings,
                          confirmed=_confirmed(case, file.slot))
        if file.slot is Slot.PROOF:
            attachments.proof.append(item)
        else:
            setattr(attachments, file.slot.value, item)
    packed.attachments = attachments
    return packed


def _confirmed(case: Case, slot: Slot) -> list[str]:
    """What the applicant confirmed of the picture in ``slot`` (the photo's items), carried into the bundle."""
    item = None if slot is Slot.PROOF else getattr(case.attachments, slot.value)
    return list(item.confirmed) if item is not None else []


def build_manifest(case: Case, rules: RulePack, files: list[BundleFile], documents: dict[str, bytes],
                   today: dt.date) -> dict[str, Any]:
    entries = [_entry(f.name, f.data, f.slot.value, f.size, f.fmt) for f in files]
    entries += [_entry(name, data, None, None, name.rsplit(".", 1)[-1]) for name, data in documents.items()]
    return {
        "format": MANIFEST_FORMAT,
        "program": {"name": "jzs-wizard", "version": __version__},
        "rules": {"version": rules.pack.version, "title": rules.pack.title, "item_code": rules.pack.item_code},
        "exported": today.isoformat(),
        "case": {
            "applicant": case.applicant.name,
            "id_number": mask_id(case.applicant.id_number),
            "changes": [c.value for c in sorted(case.changes, key=lambda c: c.value)],
            "change_labels": [rules.changes[c].label for c in sorted(case.changes, key=lambda c: c.value)],
        },
        "files": entries,
    }


def _entry(name: str, data: bytes, slot: str | None, size: tuple[int, int] | None, fmt: str) -> dict[str, Any]:
    return {"name": name, "slot": slot, "bytes": len(data), "width": size[0] if size else None,
            "height": size[1] if size else None, "format": fmt, "sha256": hashlib.sha256(data).hexdigest()}


def resolve_attachments(case: Case, folder: Path) -> Case:
    """The case with attachment paths relative to the bundle made absolute (to validate or reopen it)."""
    resolved = case.model_copy(deep=True)
    for items in resolved.attachments.present().values():
        for item in items:
            item.source = str(folder / item.source)
            if item.processed:
                item.processed = str(folder / item.processed)
    return resolved
