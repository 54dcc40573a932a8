"""What the chosen kinds of change forbid but the case still holds, with 移除 and 撤销.

Choosing 修改基本信息 after uploading ID cards for a name change leaves attachments on pages
that are no longer shown; 上一步 never reaches them. This bar names them on 选择修改类型 and on
检查并导出 and removes them in one click; 撤销 puts them back (the processed files stay in the
case folder, so nothing is lost).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.session import CaseSession
from wizard.case.model import Attachments, Correction
from wizard.case.scenario import forbidden_content, remove_forbidden


class ForbiddenBar(QFrame):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("forbidden_bar")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.remove_button = QPushButton(self.tr("移除这些内容"), self)
        self.undo_button = QPushButton(self.tr("撤销移除"), self)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.remove_button)
        layout.addWidget(self.undo_button)
        self.remove_button.clicked.connect(self.remove)
        self.undo_button.clicked.connect(self.undo)
        self._undo: tuple[str, Attachments, Correction] | None = None
        self._state: tuple | None = None
        session.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        paths = forbidden_content(self.session.case, self.session.rules) if self.session.case_id else []
        can_undo = self._undo is not None and self._undo[0] == self.session.case_id
        if (tuple(paths), can_undo) == self._state:
            return  # unchanged (this runs after every keystroke)
        self._state = (tuple(paths), can_undo)
        if paths:
            names = self.session.join(self._names(paths))
            self.label.setText(self.tr("所选的修改类型不允许以下内容，它们不会被导出，请移除：%s。") % names)
        elif can_undo:
            self.label.setText(self.tr("已移除与所选修改类型不符的内容。"))
        self.remove_button.setVisible(bool(paths))
        self.undo_button.setVisible(can_undo)
        self.setVisible(bool(paths) or can_undo)

    def _names(self, paths: list[str]) -> list[str]:
        names = []
        for path in paths:
            name = self.session.rules.label(path, self.session.lang)
            if path.startswith("correction."):
                name = self.tr("修改信息：%s") % name
            if name not in names:
                names.append(name)
        return names

    def remove(self) -> None:
        case = self.session.case
        self._undo = (self.session.case_id, case.attachments.model_copy(deep=True),
                      case.correction.model_copy(deep=True))
        self.session.update(lambda c: remove_forbidden(c, self.session.rules))

    def undo(self) -> None:
        if self._undo is None or self._undo[0] != self.session.case_id:
            return
        _, attachments, correction = self._undo
        self._undo = None

        def edit(case) -> None:
            case.attachments, case.correction = attachments, correction

        self.session.update(edit)
