"""Issue 17, continued: proofs of many pages, changing the kind of change, typing dates, the
export page (warnings to confirm, files, the folder), English, and 填写内容's marks."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QDate
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication

from ui.main_window import MaterialsWizard
from ui.pages.ids import PageId
from wizard.case.model import Change
from wizard.case.rules import load_rules

from .conftest import make_case, make_id
from .gui_helpers import ScriptedDialogs, isolated_settings, type_text
from .test_gui import choose, click_next
from .test_gui_walk import open_case


def wait_idle(qtbot, window, timeout=60000):
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=timeout)


def two_page_pdf(path):
    pages = []
    for n in (1, 2):
        page = Image.new("RGB", (1240, 1754), "white")
        draw = ImageDraw.Draw(page)
        for y in range(150, 1500, 60):
            draw.text((100, y), f"Certificate page {n} line {y}", fill=(0, 0, 0))
        pages.append(page)
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=150)
    return path


def export_now(qtbot, window, out):
    page = window.page(PageId.EXPORT)
    window.dialogs.files.append(str(out))
    page.export_button.click()
    wait_idle(qtbot, window, timeout=120000)
    return page


def test_a_two_page_pdf_proof_exports_both_pages(qtbot, window, tmp_path):
    """2. A 2-page PDF added as 证明材料 becomes two items and two upload files, as the CLI makes."""
    case = make_case("name_or_id", tmp_path)
    case.attachments.proof, case.attachments.signature = [], None  # (a plain square is no signature)
    open_case(window, case, tmp_path)
    page = window.page(PageId.PROOF)
    page.initializePage()
    window.dialogs.files.append(str(two_page_pdf(tmp_path / "证明.pdf")))
    page.add_button.click()
    wait_idle(qtbot, window)
    proofs = window.session.case.attachments.proof
    assert [p.page for p in proofs] == [1, 2] and all(p.processed for p in proofs)
    assert proofs[0].processed != proofs[1].processed
    assert len(page.slot_widgets) == 2 and "第 2 页" in page.slot_widgets[1].file_label.text()
    out = tmp_path / "out"
    out.mkdir()
    window.page(PageId.EXPORT).initializePage()
    for box in window.page(PageId.EXPORT).warnings.boxes.values():
        box.setChecked(True)
    exported = export_now(qtbot, window, out)
    assert exported.bundle is not None, exported.result.text()
    names = {p.name for p in exported.bundle.path.iterdir()}
    assert {"06_证明材料_1.jpg", "06_证明材料_2.jpg"} <= names


def test_switching_the_kind_of_change_offers_to_remove_what_it_forbids(qtbot, window, tmp_path):
    """4. From 修改姓名或身份证号码 to 修改基本信息: the attachments and 修改信息 it forbids are named,
    removed in one click, and 撤销 brings them back."""
    open_case(window, make_case("name_or_id", tmp_path), tmp_path)
    page = window.page(PageId.CHANGES)
    assert window.currentId() == PageId.CHANGES
    page.boxes[Change.NAME_OR_ID].click()
    page.boxes[Change.BASIC_INFO].click()
    bar = page.forbidden
    assert bar.isVisibleTo(page) and "身份证正面" in bar.label.text() and "修改信息" in bar.label.text()
    bar.remove_button.click()
    case = window.session.case
    assert case.attachments.id_front is None and case.attachments.proof == [] and case.correction.name == ""
    assert not [f for f in window.session.findings if f.code.endswith("forbidden")]
    assert bar.undo_button.isVisibleTo(page)
    bar.undo_button.click()
    assert window.session.case.attachments.id_front is not None and window.session.case.correction.name == "李某"
    assert window.page(PageId.EXPORT).forbidden.remove_button.isVisibleTo(window.page(PageId.EXPORT))


def test_graduation_date_is_typed_in_the_usual_forms(qtbot, window):
    """5. 20080701, 2008.7.1 and 2008/07/01 all become 2008-07-01; the calendar opens near the birth year + 22."""
    choose(qtbot, window, Change.BASIC_INFO)
    click_next(qtbot, window)
    page = window.currentPage()
    for typed in ("20080701", "2008.7.1", "2008/07/01", "2008-07-01"):
        page.graduation.edit.clear()
        qtbot.keyClicks(page.graduation.edit, typed)
        assert window.session.case.applicant.graduation_date == "2008-07-01", typed
    page.graduation.edit.editingFinished.emit()
    assert page.graduation.text() == "2008-07-01"
    assert not page._field_views["applicant.graduation_date"].texts()
    page.graduation.edit.clear()
    qtbot.keyClicks(page.graduation.edit, "2008-13-40")
    assert any("格式" in t for t in page._field_views["applicant.graduation_date"].texts())
    page.graduation.edit.clear()
    type_text(page.id_number, make_id(birth="19850315"))
    page.graduation.open_calendar()
    assert page.graduation.calendar.yearShown() == 2007
    page.graduation.calendar.clicked.emit(QDate(2007, 7, 1))
    assert window.session.case.applicant.graduation_date == "2007-07-01"


def test_each_warning_is_confirmed_and_export_asks_about_the_rest(qtbot, window, tmp_path):
    """12. Warnings carry a box to tick; export with one unticked asks first (No: nothing is written)."""
    case = make_case("name_or_id", tmp_path)
    case.attachments.proof = []  # a name change without a certificate: a warning
    case.attachments.signature = None  # (a plain square is no signature) and no new signature: a warning
    open_case(window, case, tmp_path)
    page = window.page(PageId.EXPORT)
    page.initializePage()
    assert page.warnings.boxes and page.warnings.unconfirmed()
    out = tmp_path / "out"
    out.mkdir()
    window.dialogs.answers.append(False)
    export_now(qtbot, window, out)
    assert "未确认" in window.dialogs.shown[-1][0] and not any(out.iterdir())
    for box in page.warnings.boxes.values():
        box.setChecked(True)
    shown = len(window.dialogs.shown)
    exported = export_now(qtbot, window, out)
    assert exported.bundle is not None and len(window.dialogs.shown) == shown  # nothing more to ask


def test_the_export_page_lists_the_files_with_thumbnails_and_sizes(qtbot, window, tmp_path):
    """16. Before export the files to be exported, after it the bundle's files: thumbnail, KB, pixels."""
    open_case(window, make_case("photo", tmp_path), tmp_path)
    page = window.page(PageId.EXPORT)
    page.initializePage()
    wait_idle(qtbot, window)
    assert page.files.count() == 1 and "免冠证件照" in page.files.texts()[0] and "KB" in page.files.texts()[0]
    assert page.files.has_thumbnail(0) and "295×413" in page.files.texts()[0]
    exported = export_now(qtbot, window, tmp_path)
    wait_idle(qtbot, window)
    texts = exported.files.texts()
    assert any(t.startswith("01_免冠证件照.jpg") and "295×413" in t for t in texts)
    assert any(t.startswith("清单.pdf") for t in texts)


def test_open_folder_without_an_opener_shows_the_path_to_copy(qtbot, window, tmp_path, monkeypatch):
    """14. Where the system cannot open folders, the path is shown, selectable, with 复制路径."""
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    open_case(window, make_case("basic_info", tmp_path), tmp_path)
    page = export_now(qtbot, window, tmp_path)
    page.open_button.click()
    assert page.folder_path.isVisibleTo(page) and page.folder_path.text() == str(page.bundle.path)
    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(page.bundle.path)


def test_fill_contents_mark_what_the_applicant_changes(qtbot, window, tmp_path):
    """15. 填写内容 marks the fields this change edits (民族 … 毕业时间), not those only to check."""
    open_case(window, make_case("basic_info", tmp_path), tmp_path)
    page = export_now(qtbot, window, tmp_path)
    html = (page.bundle.path / "填写内容.html").read_text(encoding="utf-8")
    text = (page.bundle.path / "填写内容.txt").read_text(encoding="utf-8")
    assert '<tr class="changed"><th width="30%">民族</th>' in html
    assert '<tr><th width="30%">申报人</th>' in html
    assert "★ 修改  毕业时间：2002-07-04" in text and "核对  申报人：李某某" in text


@pytest.fixture
def english(qapp):
    """Our English catalogue installed, as ``jzs-wizard --lang en`` does; removed afterwards."""
    from ui.app import install_translators

    translators = install_translators(qapp, "en")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_english_mode_speaks_english(qtbot, english, tmp_path, monkeypatch):
    """13. English: the kinds of change, slot titles, what must be uploaded, help, separators."""
    from wizard.case import drafts

    monkeypatch.setenv(drafts.DATA_ENV, str(tmp_path / "data"))
    win = MaterialsWizard(load_rules(), "en", dialogs=ScriptedDialogs(), settings=isolated_settings(tmp_path))
    qtbot.addWidget(win)
    win.show()
    win.start_page.new_button.click()
    changes = win.page(PageId.CHANGES)
    labels = " ".join(w.text() for w in changes.findChildren(type(changes.summary)))
    assert "Change the ethnicity" in labels and "修改民族" not in labels
    changes.boxes[Change.NAME_OR_ID].click()
    summary = changes.summary.text()
    assert "ID card front, ID card back" in summary and "、" not in summary
    photo = win.page(PageId.PHOTO)
    photo.initializePage()
    assert photo.need_label.text() == "One-inch photo: optional"
    assert "One-inch photo" in photo.slot_widgets[0].accessibleName()
    assert "State Council" in changes.help_text() or "personal-information" in changes.help_text()
    commitment = win.page(PageId.COMMITMENT)
    assert commitment.yes.text().startswith("I make the above commitment")
    win.runner.wait()
    win.session.close()


def test_typed_dates_forms():
    """5. The reading behind the field (no Qt): the usual forms, and nonsense kept as typed."""
    from wizard.case.dates import normalise_date, read_date

    assert read_date("2008年7月1日") == dt.date(2008, 7, 1)
    assert normalise_date("2008-02-30") == "2008-02-30" and read_date("") is None
    QApplication.processEvents()
