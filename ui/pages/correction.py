"""修改信息: the currently valid name and ID number beside the record's, and 情况说明."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from ui.pages.base import CasePage
from ui.pages.basic import describe_id
from ui.pages.ids import PageId
from ui.session import CaseSession
from wizard.case.model import set_field
from wizard.platform.privacy import mask_id


class CorrectionPage(CasePage):
    page_id = PageId.CORRECTION
    help_key = "correction"
    prefixes = ("correction",)

    def __init__(self, session: CaseSession) -> None:
        super().__init__(session)
        self.setTitle(self.tr("修改信息"))
        self.setSubTitle(self.tr("历史注册记录未正确对应，请务必填写当前有效的证件信息。"))
        self.old_name = QLabel(self)
        self.old_id = QLabel(self)
        self.name = QLineEdit(self)
        self.id_number = QLineEdit(self)
        self.id_number.setMaxLength(22)
        self.id_info = QLabel(self)
        self.explanation = QPlainTextEdit(self)
        self.explanation.setTabChangesFocus(True)
        self.explanation.setPlaceholderText(
            self.tr("例如：身份证号码由 15 位升为 18 位；或经派出所更正姓名，附证明材料。"))
        self.count = QLabel(self)

        compare = QGroupBox(self.tr("平台现有记录 → 正确信息"), self)
        grid = QGridLayout(compare)
        grid.addWidget(QLabel(self.tr("现有记录（基本信息）"), compare), 0, 1)
        grid.addWidget(QLabel(self.tr("正确信息（修改信息）"), compare), 0, 2)
        name_label = QLabel(self.tr("姓名"), compare)
        name_label.setBuddy(self.name)
        id_label = QLabel(self.tr("证件号"), compare)
        id_label.setBuddy(self.id_number)
        grid.addWidget(name_label, 1, 0)
        grid.addWidget(self.old_name, 1, 1)
        grid.addWidget(self.name, 1, 2)
        grid.addWidget(self.findings_view("correction.name"), 2, 2)
        grid.addWidget(id_label, 3, 0)
        grid.addWidget(self.old_id, 3, 1)
        grid.addWidget(self.id_number, 3, 2)
        grid.addWidget(self.id_info, 4, 2)
        grid.addWidget(self.findings_view("correction.id_number"), 5, 2)
        grid.setColumnStretch(2, 1)
        self.name.setAccessibleName(self.tr("正确的姓名"))
        self.id_number.setAccessibleName(self.tr("正确的证件号"))

        form = QFormLayout()
        self.add_row(form, "correction.explanation", self.explanation, below=(self.count,))
        layout = QVBoxLayout(self)
        layout.addWidget(compare)
        layout.addLayout(form)
        layout.addStretch(1)

        self.bind_line(self.name, "correction.name")
        self.bind_line(self.id_number, "correction.id_number")
        self.id_number.textEdited.connect(lambda text: self.id_info.setText(describe_id(text)))
        self.explanation.textChanged.connect(self._explanation_changed)

    def initializePage(self) -> None:
        case = self.session.case
        self.old_name.setText(case.applicant.name or self.tr("（未填写）"))
        self.old_id.setText(mask_id(case.applicant.id_number) if case.applicant.id_number else self.tr("（未填写）"))
        self.name.setText(case.correction.name)
        self.id_number.setText(case.correction.id_number)
        self.id_info.setText(describe_id(case.correction.id_number))
        if self.explanation.toPlainText() != case.correction.explanation:
            self.explanation.setPlainText(case.correction.explanation)
        self._show_count()
        self._on_case_changed()

    def _explanation_changed(self) -> None:
        text = self.explanation.toPlainText().strip()
        if text != self.session.case.correction.explanation:
            self.session.update(lambda case: set_field(case, "correction.explanation", text))
        self._show_count()

    def _show_count(self) -> None:
        rule = self.session.rules.field("correction.explanation")
        self.count.setText(self.tr("%d 字（至少 %d 字，建议不超过 %d 字）")
                           % (len(self.explanation.toPlainText().strip()), rule.min_length or 0, rule.warn_length or 0))
