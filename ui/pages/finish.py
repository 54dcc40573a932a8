"""个人承诺 and 检查并导出: the commitment, then every finding of the case in one place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QRadioButton, QVBoxLayout

from ui.dialogs import DialogService
from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from ui.widgets.findings import FindingsView
from wizard.case import set_field
from wizard.findings import Severity

CASE_FILTER = "案件文件 (*.json)"


class CommitmentPage(CasePage):
    page_id = PageId.COMMITMENT
    help_key = "commitment"
    prefixes = ("commitment",)

    def __init__(self, session: CaseSession) -> None:
        super().__init__(session)
        rule = session.rules.field("commitment")
        self.setTitle(self.tr("个人承诺"))
        self.setSubTitle(self.tr("请仔细阅读下列承诺条款，确认无误后方可提交。"))
        text = QLabel(rule.text or "", self)
        text.setWordWrap(True)
        text.setObjectName("commitment_text")
        self.yes = QRadioButton(rule.yes or "", self)
        self.no = QRadioButton(rule.no or "", self)
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        layout.addWidget(self.findings_view("commitment"))
        layout.addStretch(1)
        self.yes.toggled.connect(lambda on: on and self._set(True))
        self.no.toggled.connect(lambda on: on and self._set(False))

    def _set(self, value: bool) -> None:
        if self.session.case.commitment is not value:
            self.session.update(lambda case: set_field(case, "commitment", value))

    def initializePage(self) -> None:
        value = self.session.case.commitment
        self.group.setExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)
        self._on_case_changed()


class ExportPage(CasePage):
    """检查并导出: all findings of the case; the case can be saved as a file."""

    page_id = PageId.EXPORT
    help_key = "export"

    def __init__(self, session: CaseSession, dialogs: DialogService) -> None:
        super().__init__(session)
        self.dialogs = dialogs
        self.setTitle(self.tr("检查并导出"))
        self.setSubTitle(self.tr("下面是对整个案件的检查结果。错误必须改正；警告请逐一确认。"))
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("verdict")
        self.all_findings = FindingsView(session.rules, session.lang, self)
        self.save_button = QPushButton(self.tr("另存案件文件…"), self)
        self.save_button.clicked.connect(self._save_as)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.all_findings)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        self._on_case_changed()

    def _on_case_changed(self) -> None:
        super()._on_case_changed()
        findings = self.session.findings
        self.all_findings.set_findings(findings)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = sum(f.severity is Severity.WARNING for f in findings)
        if errors:
            self.verdict.setText(self.tr("还有 %d 个错误需要改正（点击“上一步”回到相应页面）。") % errors)
        elif warnings:
            self.verdict.setText(self.tr("没有错误。还有 %d 个警告，请逐一确认。") % warnings)
        else:
            self.verdict.setText(self.tr("检查通过，没有发现问题。"))

    def isComplete(self) -> bool:
        return bool(self.session.case_id) and not any(f.severity is Severity.ERROR for f in self.session.findings)

    def _save_as(self) -> None:
        name = self.session.case.applicant.name or "案件"
        path = self.dialogs.save_file(self, self.tr("另存案件文件"), f"{name}.json", CASE_FILTER)
        if not path:
            return
        try:
            self.session.save_as(Path(path))
        except OSError as exc:
            self.dialogs.warn(self, self.tr("无法保存"), self.tr("无法保存到 %s：%s") % (path, exc.strerror or exc))
