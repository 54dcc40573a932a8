"""Issue 17: the wizard as applicants and help-desk clerks walk it. One test per thing they
tripped over (the item number of the issue is in each test's docstring)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from ui.main_window import BACK_TO_START, NEXT_APPLICANT
from ui.pages.ids import PageId
from wizard.case.findings import warning
from wizard.case.messages import render
from wizard.case.model import Change
from wizard.case.rules import load_rules
from wizard.platform.resources import resource_path

from .conftest import make_case
from .gui_helpers import type_text
from .test_gui import choose, click_next, next_enabled


@pytest.fixture
def styled(qapp):
    """The application style sheet, as ``jzs-wizard`` sets it (it is what stopped 大字 working)."""
    qapp.setStyleSheet(resource_path("ui", "style.qss").read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet("")


def open_case(window, case, tmp_path, name="案件.json"):
    window.session.open_file(tmp_path / name, case)
    window.start_page._opened()


def test_large_text_reaches_every_label(qtbot, window, styled):
    """1. 大字 grows the text of the pages' own widgets, not only the window's font."""
    label = window.start_page.current
    before = label.font().pointSizeF()
    window.button(QWizard.WizardButton.CustomButton1).click()
    label.ensurePolished()
    assert label.font().pointSizeF() >= before + 4
    assert window.start_page.new_button.font().pointSizeF() >= before + 4
    window.button(QWizard.WizardButton.CustomButton1).click()
    label.ensurePolished()
    assert label.font().pointSizeF() == before


def test_two_applicants_of_one_name_keep_both_bundles(qtbot, window, tmp_path):
    """3. Two 王伟 exported the same day into one folder: the second does not replace the first."""
    out = tmp_path / "导出"
    out.mkdir()
    paths = []
    for seq in ("111", "333"):
        case = make_case("basic_info", tmp_path)
        case.applicant.name = "王伟"
        case.applicant.id_number = make_id_for(seq)
        open_case(window, case, tmp_path, f"{seq}.json")
        page = window.page(PageId.EXPORT)
        window.dialogs.files.append(str(out))
        page.export_button.click()
        qtbot.waitUntil(lambda p=page: not window.runner.is_busy(), timeout=60000)
        paths.append(page.bundle.path)
    assert paths[0] != paths[1] and all(p.is_dir() for p in paths)
    assert {p.name.split("_")[1] for p in paths} == {make_id_for("111")[-4:], make_id_for("333")[-4:]}


def make_id_for(seq: str) -> str:
    from .conftest import make_id

    return make_id(seq=seq)


def test_window_fits_a_small_laptop_screen(qtbot, window):
    """6. On 1366×768 (a taskbar leaves ~728 px) the window and its 下一步 stay on the screen."""
    window.fit_to(QRect(0, 0, 1366, 728))
    assert window.frameGeometry().bottom() <= 728 and window.height() <= 728 - 40
    choose(qtbot, window, Change.NAME_OR_ID)
    click_next(qtbot, window)
    click_next(qtbot, window)  # every "请填写…" shows: the page scrolls, the buttons stay in view
    QApplication.processEvents()
    next_button = window.button(QWizard.WizardButton.NextButton)
    bottom = next_button.mapTo(window, next_button.rect().bottomLeft()).y()
    assert 0 < bottom <= window.height()


def test_queue_is_fresh_after_back_and_enter_opens_the_selected_row(qtbot, window, tmp_path):
    """7. Back to 开始 shows the case as it is now; Enter on a row opens that row, not the current case."""
    window.start_page.new_button.click()
    first = window.session.case_id
    window.session.update(lambda case: setattr(case.applicant, "name", "张三"))
    window.back()
    assert window.currentId() == PageId.START
    table = window.start_page.table
    assert table.item(0, 0).text() == "张三"
    open_case(window, make_case("photo", tmp_path), tmp_path)
    window.back()
    window.back()
    window.back()
    assert window.currentId() == PageId.START
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "张三")
    table.selectRow(row)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.session.case_id == first
    assert window.currentId() == PageId.CHANGES  # where it was left


def test_a_reopened_case_resumes_where_it_was_left(qtbot, window, tmp_path):
    """7. A case opened from the queue shows the page it was left at, not 选择修改类型."""
    open_case(window, make_case("basic_info", tmp_path), tmp_path)
    case_id = window.session.case_id
    while window.currentId() != PageId.COMMITMENT:
        window.next()
    window.button(BACK_TO_START).click()
    assert window.currentId() == PageId.START
    window.start_page.new_button.click()
    window.button(BACK_TO_START).click()
    row = next(r for r, e in enumerate(window.start_page._entries) if e.case_id == case_id)
    window.start_page.table.selectRow(row)
    window.start_page.open_button.click()
    assert window.currentId() == PageId.COMMITMENT
    assert window.visitedIds()[:2] == [PageId.START, PageId.CHANGES]  # 上一步 still walks back through it


def test_closing_mid_case_says_the_draft_is_kept_and_asks(qtbot, window):
    """8. Escape (or the close button) with a case open asks first and says the draft is kept."""
    window.start_page.new_button.click()
    window.dialogs.answers.append(False)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    _title, text = window.dialogs.shown[-1]
    assert "草稿" in text and window.isVisible()
    window.dialogs.answers.append(True)
    window.close()
    assert not window.isVisible()


def test_help_desk_turn_takes_two_clicks(qtbot, window, tmp_path):
    """9. From one applicant's export to typing the next applicant's name: at most 2 clicks."""
    open_case(window, make_case("basic_info", tmp_path), tmp_path)
    while window.currentId() != PageId.EXPORT:
        window.next()
    out = tmp_path / "导出"
    out.mkdir()
    window.dialogs.files.append(str(out))
    window.currentPage().export_button.click()
    qtbot.waitUntil(lambda: window.currentPage().bundle is not None, timeout=60000)
    exported = window.session.case_id
    clicks = 0
    for button in (window.button(NEXT_APPLICANT), window.button(QWizard.WizardButton.NextButton)):
        assert button.isVisible() and button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        clicks += 1
    assert clicks <= 2 and window.currentId() == PageId.BASIC
    assert window.session.case_id != exported and window.session.case.changes == {Change.BASIC_INFO}
    focus = QApplication.focusWidget()
    assert focus is window.currentPage().name
    type_text(focus, "王伟")
    assert window.session.case.applicant.name == "王伟"


def test_back_to_start_is_on_every_page(qtbot, window):
    """9. 回到开始 from any page, one click."""
    choose(qtbot, window, Change.PHOTO)
    click_next(qtbot, window)
    assert window.button(BACK_TO_START).isVisible()
    qtbot.mouseClick(window.button(BACK_TO_START), Qt.MouseButton.LeftButton)
    assert window.currentId() == PageId.START
    assert not window.button(BACK_TO_START).isVisible()


def test_required_fields_are_quiet_until_touched_or_next(qtbot, window):
    """10. No "请填写…" before anything is typed; a field left empty says so; 下一步 shows them all."""
    choose(qtbot, window, Change.BASIC_INFO)
    click_next(qtbot, window)
    page = window.currentPage()
    texts = lambda: [t for view in page._field_views.values() for t in view.texts()]  # noqa: E731
    assert texts() == [] and next_enabled(window)
    page.name.setFocus()
    page.id_number.setFocus()  # 申报人 left empty
    QApplication.processEvents()
    assert len(texts()) == 1 and "申报人" in texts()[0]
    click_next(qtbot, window)
    assert window.currentId() == PageId.BASIC
    assert len(texts()) >= 9


def test_words_say_what_the_buttons_say(qtbot, window, tmp_path):
    """11. "旋转" is 向左旋转 / 向右旋转; a picture being processed says so; the restore banner goes."""
    rules = load_rules()
    upright = render(warning("signature.maybe_rotated", "attachments.signature"), rules)
    assert "向右旋转" in upright and "“旋转”" not in upright
    window.start_page.new_button.click()
    window.session.update(lambda case: setattr(case, "changes", {Change.PHOTO}))
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    from .conftest import small_jpeg

    slot.set_source(str(small_jpeg(tmp_path / "p.jpg", (600, 800))))
    assert "正在处理" in slot.after.accessibleDescription()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=60000)
    assert "正在处理" not in slot.after.accessibleDescription()
    case_id = window.session.case_id
    window.restart()
    window.start_page.offer_restore(case_id)
    assert window.start_page.restore_banner.isVisibleTo(window.start_page)
    window.start_page.table.selectRow(0)
    window.start_page.open_button.click()
    assert not window.start_page.restore_banner.isVisibleTo(window.start_page)


def test_finding_icon_sits_by_its_words_and_empty_rows_take_no_room(qtbot, window):
    """17. The icon is next to its text; fields with no findings are not spread apart."""
    choose(qtbot, window, Change.BASIC_INFO)
    click_next(qtbot, window)
    page = window.currentPage()
    gap = page.phone.mapTo(page, page.phone.rect().topLeft()).y() - \
        page.gender.mapTo(page, page.gender.rect().bottomLeft()).y()
    assert gap <= 14
    type_text(page.phone, "123")
    QApplication.processEvents()
    view = page._field_views["applicant.phone"]
    row = view.findChild(QLabel, "finding_icon")
    words = view.findChild(QLabel, "finding_error")
    icon_right = row.mapTo(view, row.rect().topRight()).x()
    assert 0 <= words.mapTo(view, words.rect().topLeft()).x() - icon_right <= 10


def test_qt_dialogs_speak_chinese(qtbot, qapp):
    """17. Qt's own file dialog: 查找范围 and 文件类型, not "Look in" and "Files of type"."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from ui.app import install_translators

    translators = install_translators(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("QFileDialog", "&Look in:").startswith("查找范围")
        assert QCoreApplication.translate("QFileDialog", "Files of &type:").startswith("文件类型")
        assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale.c())


def test_many_qt_calls_do_not_use_up_none(qapp):
    """The bindings drop a reference to None on each void call (PySide6 6.12, Python 3.11): the
    program pins None first, so a long help-desk session never aborts (ui/qt_workarounds.py)."""
    import sys

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(30000):  # more than a fresh process holds: without the pin this aborts
        label.setText("x")
    assert sys.getrefcount(None) > 30000 or before - sys.getrefcount(None) < 1000
