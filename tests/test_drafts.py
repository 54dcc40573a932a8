"""Drafts survive a crash; the help-desk queue shows each case's state; deletion is complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wizard.case import drafts
from wizard.case.model import Case, Change, Slot

from .conftest import make_case, small_jpeg

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "数据 目录"
    monkeypatch.setenv(drafts.DATA_ENV, str(folder))
    return folder


def test_queue_states(data_dir, tmp_path, rules):
    drafts.save_draft("a", Case(changes={Change.PHOTO}))
    drafts.save_draft("b", make_case("basic_info", tmp_path))
    broken = make_case("basic_info", tmp_path)
    broken.applicant.phone = "123"
    drafts.save_draft("c", broken)
    drafts.save_draft("d", make_case("photo", tmp_path))
    drafts.mark_exported("d", "/somewhere")
    (drafts.case_folder("e") / "case.json").write_text("{oops", encoding="utf-8")
    states = {e.case_id: e.state for e in drafts.list_queue(rules)}
    assert states == {"a": drafts.CaseState.MISSING, "b": drafts.CaseState.READY, "c": drafts.CaseState.ERRORS,
                      "d": drafts.CaseState.EXPORTED, "e": drafts.CaseState.UNREADABLE}
    entry = next(e for e in drafts.list_queue(rules) if e.case_id == "b")
    assert entry.name == "李某某" and entry.masked_id.startswith("110105") and "*" * 8 in entry.masked_id


def test_delete_removes_drafts_and_processed_files(data_dir, rules):
    drafts.save_draft("x", Case())
    processed = small_jpeg(drafts.processed_path("x", Slot.PHOTO))
    drafts.begin_session("x")
    drafts.delete_case("x")
    assert not processed.exists() and not (drafts.cases_dir() / "x").exists()
    assert drafts.read_session() is None


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_drafts_are_owner_only(data_dir):
    path = drafts.save_draft("p", Case())
    assert path.stat().st_mode & 0o077 == 0
    assert data_dir.stat().st_mode & 0o077 == 0


def test_case_ids_cannot_escape_the_data_folder(data_dir):
    for bad in ["../x", "a/b", "", ".hidden", "C:\\x"]:
        with pytest.raises(ValueError):
            drafts.case_folder(bad)


def test_a_session_of_a_running_program_is_not_a_crash(data_dir):
    import json

    drafts.save_draft("live", Case())
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (data_dir / "session.json").write_text(json.dumps({"case_id": "live", "pid": other.pid}))
        assert drafts.crashed_case() is None  # another window still has it open
    finally:
        other.kill()
        other.wait()
    assert drafts.crashed_case() == "live"


CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtCore import QSettings
    app = QApplication([])
    from wizard.case.rules import load_rules
    from ui.main_window import MaterialsWizard
    from wizard.case import drafts
    win = MaterialsWizard(load_rules(), "zh_CN", settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
    win.show()
    win.start_page.new_button.click()
    win.next()  # 选择修改类型 -> without a choice Next is blocked, so go through the session
    win.session.update(lambda c: setattr(c.applicant, "name", "崩溃前"))
    path = drafts.draft_path(win.session.case_id)
    deadline = time.time() + 10
    while "崩溃前" not in path.read_text(encoding="utf-8") and time.time() < deadline:
        app.processEvents()
        time.sleep(0.02)
    win.session.update(lambda c: setattr(c.applicant, "school", "未保存的最后一笔"))
    print(win.session.case_id, flush=True)
    while True:
        app.processEvents()
        time.sleep(0.01)
""")


@pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")
def test_killed_app_offers_its_draft_back(data_dir, tmp_path, qtbot):
    from ui.main_window import MaterialsWizard
    from wizard.case.rules import load_rules

    from .gui_helpers import ScriptedDialogs, isolated_settings

    env = {**os.environ, drafts.DATA_ENV: str(data_dir)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "child.ini")], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True)
    case_id = child.stdout.readline().strip()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert case_id and drafts.crashed_case() == case_id

    win = MaterialsWizard(load_rules(), "zh_CN", dialogs=ScriptedDialogs(), settings=isolated_settings(tmp_path))
    qtbot.addWidget(win)
    win.show()
    assert win.start_page.restore_button.isVisible()
    win.start_page.restore_button.click()
    assert win.session.case_id == case_id
    assert win.session.case.applicant.name == "崩溃前"
    win.session.close()
    assert drafts.crashed_case() is None
