"""Helpers for driving the wizard in pytest-qt tests."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.dialogs import DialogService


class ScriptedDialogs(DialogService):
    """Answers dialogs from queues instead of showing them; records what was shown."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.answers: list[bool] = []
        self.shown: list[tuple[str, str]] = []

    def open_file(self, parent, title, filters):
        return self.files.pop(0) if self.files else None

    def save_file(self, parent, title, suggested, filters):
        return self.files.pop(0) if self.files else None

    def choose_folder(self, parent, title):
        return self.files.pop(0) if self.files else None

    def print_dialog(self, parent, printer):
        self.shown.append(("print", printer.pageLayout().pageSize().name()))
        return False

    def ask(self, parent, title, text):
        self.shown.append((title, text))
        return self.answers.pop(0) if self.answers else False

    def warn(self, parent, title, text):
        self.shown.append((title, text))

    def inform(self, parent, title, text):
        self.shown.append((title, text))


def type_text(widget: QWidget, text: str) -> None:
    """Type like a user, Chinese included (through an input-method commit, as an IME does).

    ``qtbot.keyClicks`` with Chinese characters aborts the process, so text arrives the way an
    input method delivers it.
    """
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def isolated_settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
