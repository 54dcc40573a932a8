"""个人承诺: the commitment of 图11, in the platform's words (检查并导出 is ``ui.pages.export``)."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout

from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from wizard.case.model import set_field


class CommitmentPage(CasePage):
    page_id = PageId.COMMITMENT
    help_key = "commitment"
    prefixes = ("commitment",)

    def __init__(self, session: CaseSession) -> None:
        super().__init__(session)
        rule = session.rules.field("commitment")
        self.setTitle(self.tr("个人承诺"))
        self.setSubTitle(self.tr("请仔细阅读下列承诺条款，确认无误后方可提交。"))
        if session.english:  # the platform's words stay beside: they are what the applicant clicks there
            words = (f"{rule.text_en}\n（{rule.text}）", f"{rule.yes_en}（{rule.yes}）", f"{rule.no_en}（{rule.no}）")
        else:
            words = (rule.text or "", rule.yes or "", rule.no or "")
        text = QLabel(words[0], self)
        text.setWordWrap(True)
        text.setObjectName("commitment_text")
        self.yes = QRadioButton(words[1], self)
        self.no = QRadioButton(words[2], self)
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
