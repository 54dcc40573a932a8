"""Findings shown in words, with a severity icon, beside the field or slot they are about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from wizard.case.findings import Finding, Severity
from wizard.case.messages import render
from wizard.case.rules import RulePack

_ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
ICON_GAP = 4  # pixels between a finding's icon and its words


class FindingsView(QWidget):
    """A column of findings; empty (and taking no space) when there are none."""

    def __init__(self, rules: RulePack, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rules, self._lang = rules, lang
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._shown: list[tuple[str, str, str]] = []
        self.setVisible(False)

    def set_findings(self, findings: list[Finding]) -> None:
        ordered = sorted(findings, key=lambda f: _ORDER[f.severity])
        key = [(f.code, f.severity.value, render(f, self._rules, self._lang)) for f in ordered]
        if key == self._shown:
            return  # unchanged: keep the widgets (and the screen reader's place)
        self._shown = key
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for finding, (_, _, text) in zip(ordered, key, strict=True):
            self._layout.addWidget(self._row(finding, text))
        self.setVisible(bool(ordered))

    def texts(self) -> list[str]:
        """The messages shown, most severe first (for tests and accessibility)."""
        return [text for _, _, text in self._shown]

    def _row(self, finding: Finding, text: str) -> QWidget:
        """The icon right beside the first line of its words (a fixed cell: no gap opens between them)."""
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(ICON_GAP)
        icon = QLabel(row)
        size = self.fontMetrics().height()
        icon.setPixmap(self.style().standardIcon(_ICONS[finding.severity]).pixmap(size, size))
        icon.setFixedSize(size, size)
        icon.setObjectName("finding_icon")
        label = QLabel(text, row)
        label.setWordWrap(True)
        label.setObjectName(f"finding_{finding.severity.value}")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(text)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(label, 1)
        return row
