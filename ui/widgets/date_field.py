"""A date typed the way people type it, with a calendar that opens near the right year.

毕业时间 is typed far more often than picked, so the field is a plain line edit that
accepts 2008-07-01, 2008.7.1, 2008/07/01 or 20080701 (``wizard.case.dates``) and shows the
platform's form once the user leaves it. The 日历 button opens a calendar at the date
typed, or at the month the page suggests (e.g. about 22 years after the birth date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from wizard.case.dates import normalise_date, read_date


class DateField(QWidget):
    """``edited`` carries the value for the case: ``YYYY-MM-DD``, or the text as typed."""

    edited = Signal(str)

    def __init__(self, suggest: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggest = suggest
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("例如 2008-07-01（也可输入 2008.7.1 或 20080701）"))
        self.edit.setMaxLength(20)
        self.pick = QToolButton(self)
        self.pick.setText(self.tr("日历…"))
        self.pick.setToolTip(self.tr("在日历中选择日期"))
        self.calendar = QCalendarWidget(self)
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda text: self.edited.emit(normalise_date(text)))
        self.edit.editingFinished.connect(self._tidy)
        self.pick.clicked.connect(self.open_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)

    def text(self) -> str:
        return self.edit.text()

    def set_value(self, value: str) -> None:
        self.edit.setText(value)

    def lineEdit(self) -> QLineEdit:  # the name QComboBox uses, so pages treat both alike
        return self.edit

    def open_calendar(self) -> None:
        typed = read_date(self.edit.text())
        day = typed or self._suggest()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        self.calendar.hide()
        value = date.toString("yyyy-MM-dd")
        self.edit.setText(value)
        self.edit.setFocus()
        self.edited.emit(value)

    def _tidy(self) -> None:
        tidy = normalise_date(self.edit.text())
        if tidy != self.edit.text():
            self.edit.setText(tidy)
