"""Warnings to be confirmed one by one: each with a box the user ticks once they have looked.

A warning does not block the export (the guide leaves the judgement to the applicant), but
it must not slip past unseen: the export asks about every box still unticked. The ticks
belong to the open case and to the warning's words; a warning that changes is asked again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wizard.case.findings import Finding
from wizard.case.messages import render
from wizard.case.rules import RulePack


class WarningChecks(QGroupBox):
    def __init__(self, rules: RulePack, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("警告：请逐一查看，确认后勾选"))
        self._rules, self._lang = rules, lang
        self._layout = QVBoxLayout(self)
        self._confirmed: dict[str, set[str]] = {}  # case id → the words of the warnings confirmed
        self._case = ""
        self._shown: list[str] = []
        self.boxes: dict[str, QCheckBox] = {}
        self.setVisible(False)

    def set_warnings(self, case_id: str, warnings: list[Finding]) -> None:
        texts = list(dict.fromkeys(render(f, self._rules, self._lang) for f in warnings))
        if (case_id, texts) == (self._case, self._shown):
            return
        self._case, self._shown = case_id, texts
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.boxes = {}
        confirmed = self._confirmed.setdefault(case_id, set())
        for text in texts:
            self._layout.addWidget(self._row(text, text in confirmed))
        self.setVisible(bool(texts))

    def _row(self, text: str, ticked: bool) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QCheckBox(self.tr("已确认"), row)
        box.setChecked(ticked)
        box.setAccessibleDescription(text)
        box.toggled.connect(lambda on, t=text: self._tick(t, on))
        label = QLabel(text, row)
        label.setWordWrap(True)
        label.setObjectName("finding_warning")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label, 1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        self.boxes[text] = box
        return row

    def _tick(self, text: str, on: bool) -> None:
        confirmed = self._confirmed.setdefault(self._case, set())
        (confirmed.add if on else confirmed.discard)(text)

    def unconfirmed(self) -> list[str]:
        return [text for text in self._shown if text not in self._confirmed.get(self._case, set())]
