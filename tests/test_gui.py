"""The wizard driven like a user: branching per kind of change, Next blocked on errors,
findings shown in words, drafts, the help-desk queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from ui.pages.ids import PageId
from wizard.case import drafts
from wizard.case.model import Change

from .conftest import make_id
from .gui_helpers import type_text


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv(drafts.DATA_ENV, str(folder))
    return folder


def next_enabled(win) -> bool:
    return win.button(QWizard.WizardButton.NextButton).isEnabled()


def click_next(qtbot, win):
    assert next_enabled(win), f"Next is disabled on page {PageId(win.currentId()).name}"
    qtbot.mouseClick(win.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def choose(qtbot, win, *changes: Change):
    win.start_page.new_button.click()
    assert win.currentId() == PageId.CHANGES
    assert not next_enabled(win)
    page = win.currentPage()
    for change in changes:
        page.boxes[change].setFocus()
        qtbot.keyClick(page.boxes[change], Qt.Key.Key_Space)  # the keyboard works as well as the mouse


def fill_basic(qtbot, page):
    type_text(page.name, "李某某")
    type_text(page.id_number, make_id())
    page.gender.setCurrentText("男")
    qtbot.keyClicks(page.phone, "13812348000")
    type_text(page.ethnicity.lineEdit(), "汉族")
    type_text(page.school, "同济大学")
    type_text(page.major, "建筑施工管理")
    page.education.setCurrentText("本科")
    page.degree.setCurrentText("无学位")
    qtbot.keyClicks(page.graduation.edit, "20020704")


def page_errors(win) -> list[str]:
    return [t for view in win.currentPage()._field_views.values() for t in view.texts()]


def visited(qtbot, win) -> list[PageId]:
    return [PageId(i) for i in win.visitedIds()]


def test_basic_info_only_skips_correction_and_uploads(qtbot, window):
    choose(qtbot, window, Change.BASIC_INFO)
    assert "修改信息：请勿填写" in window.currentPage().summary.text()
    click_next(qtbot, window)
    assert window.currentId() == PageId.BASIC
    click_next(qtbot, window)  # 下一步 with nothing typed stays and says what is missing
    assert window.currentId() == PageId.BASIC and page_errors(window)
    fill_basic(qtbot, window.currentPage())
    assert next_enabled(window), window.session.findings
    click_next(qtbot, window)
    assert window.currentId() == PageId.COMMITMENT
    assert not next_enabled(window)
    yes = window.currentPage().yes
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton, pos=QPoint(8, yes.height() // 2))
    click_next(qtbot, window)
    assert window.currentId() == PageId.EXPORT
    assert visited(qtbot, window) == [PageId.START, PageId.CHANGES, PageId.BASIC, PageId.COMMITMENT, PageId.EXPORT]
    assert "检查通过" in window.currentPage().verdict.text()


def test_findings_show_in_words_beside_the_field(qtbot, window):
    choose(qtbot, window, Change.BASIC_INFO)
    click_next(qtbot, window)
    page = window.currentPage()
    fill_basic(qtbot, page)
    good = page.id_number.text()
    page.id_number.clear()
    type_text(page.id_number, good[:17] + ("1" if good[17] == "0" else "0"))
    texts = page._field_views["applicant.id_number"].texts()
    assert any("校验码不正确" in t for t in texts)
    assert not next_enabled(window)
    assert page.id_info.text() == ""
    page.id_number.clear()
    type_text(page.id_number, good)
    assert page._field_views["applicant.id_number"].texts() == []
    assert "校验通过" in page.id_info.text()
    assert next_enabled(window)


def test_ethnicity_combo_finds_by_any_character(qtbot, window):
    choose(qtbot, window, Change.BASIC_INFO)
    click_next(qtbot, window)
    combo = window.currentPage().ethnicity
    completer = combo.completer()
    completer.setCompletionPrefix("回")
    matches = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert matches == ["回族"]
    completer.setCompletionPrefix("吾")
    assert completer.currentCompletion() == "维吾尔族"


def test_name_or_id_asks_for_correction_and_id_documents(qtbot, window):
    choose(qtbot, window, Change.NAME_OR_ID)
    click_next(qtbot, window)
    fill_basic(qtbot, window.currentPage())
    click_next(qtbot, window)
    assert window.currentId() == PageId.CORRECTION
    page = window.currentPage()
    assert not next_enabled(window)
    type_text(page.name, "李某")
    type_text(page.explanation, "派出所已更正户籍姓名，附公安机关证明材料。")
    assert "字" in page.count.text()
    assert next_enabled(window)
    click_next(qtbot, window)
    assert window.currentId() == PageId.PHOTO  # optional for a name change: shown, not required
    assert next_enabled(window)
    click_next(qtbot, window)
    assert window.currentId() == PageId.SIGNATURE
    click_next(qtbot, window)
    assert window.currentId() == PageId.ID_DOCS
    assert not next_enabled(window)  # ② is required
    texts = [t for w in window.currentPage().slot_widgets for t in w.findings.texts()]
    assert any("必须上传“身份证正面”" in t for t in texts)


def test_draft_autosaves_and_reopens_from_the_queue(qtbot, window, data_dir):
    choose(qtbot, window, Change.PHOTO)
    click_next(qtbot, window)
    type_text(window.currentPage().name, "王某某")
    case_id = window.session.case_id
    qtbot.waitUntil(lambda: drafts.draft_path(case_id).exists()
                    and "王某某" in drafts.draft_path(case_id).read_text(encoding="utf-8"), timeout=3000)
    window.restart()
    window.start_page.reload_queue()
    table = window.start_page.table
    assert table.rowCount() == 1 and table.item(0, 0).text() == "王某某"
    assert table.item(0, 3).text() == "缺少内容"
    window.start_page.open_button.click()
    assert window.session.case.applicant.name == "王某某"


def test_delete_removes_the_case_folder(qtbot, window, data_dir):
    window.start_page.new_button.click()
    case_id = window.session.case_id
    window.session.flush()
    window.restart()
    window.start_page.reload_queue()
    window.dialogs.answers.append(True)
    window.start_page.delete_button.click()
    assert not (drafts.cases_dir() / case_id).exists()
    assert window.start_page.table.rowCount() == 0


def test_help_quotes_the_guide(qtbot, window):
    choose(qtbot, window, Change.PHOTO)
    window.button(QWizard.WizardButton.HelpButton).click()
    title, text = window.dialogs.shown[-1]
    assert "选择修改类型" in title and "若仅需修改一寸白底免冠照" in text


def test_large_text_setting_enlarges_and_is_remembered(qtbot, window):
    window.button(QWizard.WizardButton.CustomButton1).click()
    assert window.settings.value("large_text", type=bool) is True
