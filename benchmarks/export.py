"""Benchmark of export on this machine (a plain script, not a test).

    python -m benchmarks.export

A full name-or-ID bundle: six finished pictures near the 100 KB limit (免冠证件照, 手写签名,
身份证正面/背面, 手持身份证照, one 证明材料), 填写内容, the checklist printed to PDF by Qt,
manifest, case.json and the zip beside the folder, replacing the previous bundle each run.
The row is the median of several runs against the target (≤ 1.5 s) and a floor: writing the
same bytes and zipping them. The first run, which starts Qt and loads the CJK font, is noted
separately and left out of the median.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image

from benchmarks.measure import FULL, Plan, median_seconds
from benchmarks.table import Row, measured, render
from ui.pdf import render_pdf
from wizard.bundle.export import export
from wizard.case.idnumber import check_digit
from wizard.case.model import Applicant, Attachment, Case, Change, Correction, Slot
from wizard.case.rules import load_rules

RUNS = 9
TARGET_SECONDS = 1.5
SIZES = {Slot.PHOTO: (295, 413), Slot.SIGNATURE: (600, 240), Slot.ID_FRONT: (1000, 631),
         Slot.ID_BACK: (1000, 631), Slot.ID_HANDHELD: (960, 1280), Slot.PROOF: (900, 1273)}


def picture(size: tuple[int, int], budget: int = 95_000) -> bytes:
    """A textured JPEG just under ``budget`` bytes, like a finished upload file."""
    small = (max(size[0] // 10, 1), max(size[1] // 10, 1))
    noise = Image.effect_noise(small, 60).convert("RGB").resize(size, Image.Resampling.BICUBIC)
    for quality in range(90, 10, -5):
        buffer = io.BytesIO()
        noise.save(buffer, "JPEG", quality=quality, dpi=(300, 300))
        if buffer.tell() <= budget:
            return buffer.getvalue()
    return buffer.getvalue()


def full_case(folder: Path) -> Case:
    body = "11010519800315123"
    applicant = Applicant(name="李某某", id_number=body + check_digit(body), gender="男", phone="13812348000",
                          ethnicity="汉族", school="同济大学", major="建筑施工管理", education="本科",
                          degree="无学位", graduation_date="2002-07-04")
    new = "11010519800315135"
    case = Case(changes={Change.NAME_OR_ID}, applicant=applicant, commitment=True,
                correction=Correction(name="李某", id_number=new + check_digit(new),
                                      explanation="派出所已更正户籍姓名，身份证号码随之变更，附公安机关证明。"))
    for slot, size in SIZES.items():
        path = folder / f"{slot.value}.jpg"
        path.write_bytes(picture(size))
        confirmed = [c.key for c in load_rules().slots[slot].confirm]  # the applicant looked at the photo
        item = Attachment(source=str(path), processed=str(path), confirmed=confirmed)
        if slot is Slot.PROOF:
            case.attachments.proof = [item]
        else:
            setattr(case.attachments, slot.value, item)
    return case


def rows(plan: Plan = FULL) -> list[Row]:
    """The export's median against the floor: writing the same files and zipping them, nothing else."""
    rules = load_rules()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        case = full_case(folder)

        def run():
            return export(case, rules, folder / "out", pdf_renderer=render_pdf, zip_too=True,
                          today=dt.date(2026, 11, 23))

        first = time.perf_counter()
        bundle = run()  # starts Qt and loads the CJK font: a cost paid once per session, left out
        first = time.perf_counter() - first
        contents = {p.name: p.read_bytes() for p in sorted(bundle.path.iterdir())}
        seconds = median_seconds(run, _runs(plan), before=lambda: None)
        floor = median_seconds(lambda: write_and_zip(contents, folder / "floor"), _runs(plan), before=lambda: None)
    pictures = sum(1 for e in bundle.manifest["files"] if e["slot"])
    total = sum(len(data) for data in contents.values())
    note = f"{pictures} pictures + PDF + zip, {total / 1000:.0f} KB; first run (starts Qt) {first:.2f} s"
    return [measured("export full name-or-ID bundle", seconds, "s", target=TARGET_SECONDS, floor=floor,
                     floor_what="write + zip", note=note)]


def _runs(plan: Plan) -> Plan:
    return plan if plan.quick else Plan(RUNS, plan.warm_up, plan.quick)


def write_and_zip(contents: dict[str, bytes], folder: Path) -> None:
    """The floor: the bundle's bytes written as files and zipped (deflate, as export does), no processing."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    with zipfile.ZipFile(folder.with_suffix(".zip"), "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in contents:
            archive.write(folder / name, f"bundle/{name}")
    with open(folder.with_suffix(".zip"), "rb+") as handle:
        os.fsync(handle.fileno())


def main() -> None:
    print(render(rows()))


if __name__ == "__main__":
    main()
