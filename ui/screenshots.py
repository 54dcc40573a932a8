"""Render every page of the wizard, filled with a demo case, to PNG files (offscreen).

    python -m ui.screenshots OUTDIR [--lang zh_CN|en] [--size 1280x800] [--large]

``--size`` is the screen's free area; the window fits itself into it as on a real screen.

Pictures come from ``../shared/testdata`` when it is beside the checkout (real photos);
otherwise plain generated pictures stand in, so the command works anywhere.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"
DEMO_PICTURES = {
    "photo": "portrait/plain_grey_bg_man_suit_halfbody.jpg",
    "signature": "signature/sig_clean_white_paper.jpg",
    "id_front": "document/specimen_idcard_flat_scan.jpg",
    "id_back": "document/idcard_back_rotated90_on_plain_table.jpg",
    "id_handheld": "portrait/plain_white_bg_man_curlyhair.jpg",
    "proof": "document/specimen_passport_angle_dark_bg_glare.jpg",
}


def demo_picture(slot: str, folder: Path) -> str:
    real = TESTDATA / DEMO_PICTURES[slot]
    if real.exists():
        return str(real)
    from PIL import Image, ImageDraw

    path = folder / f"{slot}.png"
    image = Image.new("RGB", (800, 600), (235, 235, 230))
    ImageDraw.Draw(image).rectangle((200, 150, 600, 450), outline=(40, 40, 40), width=6)
    image.save(path)
    return str(path)


def demo_case(folder: Path):
    from wizard.case.idnumber import check_digit
    from wizard.case.model import Applicant, Attachment, Case, Change, Correction

    body = "11010519800315123"
    new_body = "11010519800315135"
    case = Case(
        changes={Change.NAME_OR_ID, Change.PHOTO},
        applicant=Applicant(name="李某某", id_number=body + check_digit(body), gender="男", phone="13812348000",
                            ethnicity="汉族", school="同济大学", major="建筑施工管理", education="本科",
                            degree="无学位", graduation_date="2002-07-04"),
        correction=Correction(name="李某", id_number=new_body + check_digit(new_body),
                              explanation="派出所已更正户籍姓名，身份证号码随之变更，附公安机关证明。"),
        commitment=True,
    )
    for slot in ("photo", "signature", "id_front", "id_back", "id_handheld"):
        setattr(case.attachments, slot, Attachment(source=demo_picture(slot, folder)))
    case.attachments.photo.confirmed = ["bare_headed", "eyes_open", "not_recaptured"]  # as if looked at
    case.attachments.signature.confirmed = ["upright"]
    case.attachments.proof = [Attachment(source=demo_picture("proof", folder))]
    return case


def render_pages(outdir: Path, lang: str, size: tuple[int, int], large: bool = False) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="jzs-shots-"))
    os.environ["JZS_WIZARD_DATA"] = str(work / "data")
    from PySide6.QtCore import QRect, QSettings
    from PySide6.QtWidgets import QApplication

    from ui.app import install_translators
    from ui.dialogs import DialogService
    from ui.main_window import LARGE_TEXT, MaterialsWizard
    from ui.pages.ids import PageId
    from ui.qt_workarounds import pin_singletons
    from wizard.case.rules import load_rules
    from wizard.platform.resources import resource_path

    pin_singletons()
    app = QApplication.instance() or QApplication([])
    install_translators(app, lang)
    app.setStyleSheet(resource_path("ui", "style.qss").read_text(encoding="utf-8"))
    class Answers(DialogService):  # the export is shown done: into the work folder, warnings accepted
        def choose_folder(self, parent, title):
            return str(work)

        def ask(self, parent, title, text):
            return True

    settings = QSettings(str(work / "s.ini"), QSettings.Format.IniFormat)
    window = MaterialsWizard(load_rules(), lang, dialogs=Answers(), settings=settings)
    window.button(LARGE_TEXT).setChecked(large)
    window.fit_to(QRect(0, 0, *size))
    window.show()
    outdir.mkdir(parents=True, exist_ok=True)
    tag = f"{lang}{'_large' if large else ''}"
    shots = [_grab(app, window, outdir, "00_start_empty", tag, size)]
    window.session.open_file(work / "demo.json", demo_case(work))
    window.start_page.reload_queue()
    shots.append(_grab(app, window, outdir, "01_start_queue", tag, size))
    window.next()
    while window.currentId() != -1:
        page_id = PageId(window.currentId())
        _settle(app, window)
        shots.append(_grab(app, window, outdir, f"{page_id.value + 1:02d}_{page_id.name.lower()}", tag, size))
        if page_id is PageId.EXPORT:
            window.currentPage().export_button.click()
            shots.append(_grab(app, window, outdir, "11_exported", tag, size))
            break
        window.next()
        if window.currentId() == page_id:  # something on the page still blocks 下一步 (its shot says what)
            break
    window.runner.wait()
    window.session.close()
    return shots


def _settle(app, window, timeout: float = 60.0) -> None:
    """Let background processing finish and the page lay itself out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if not window.runner.is_busy():
            break
        time.sleep(0.02)
    for _ in range(5):
        app.processEvents()


def _grab(app, window, outdir: Path, name: str, lang: str, size: tuple[int, int]) -> Path:
    _settle(app, window)
    path = outdir / f"{name}_{lang}_{size[0]}x{size[1]}.png"
    window.grab().save(str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render every wizard page to PNG.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--size", default="1280x800", help="the screen's free area, e.g. 1366x768")
    parser.add_argument("--large", action="store_true", help="with 大字 on")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    for path in render_pages(args.outdir, args.lang, (width, height), args.large):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
