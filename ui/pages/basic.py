"""基本信息: the ten starred fields of 图11, each validated live by ``wizard.case.validate``."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from ui.widgets.date_field import DateField
from wizard.case.idnumber import check_id
from wizard.case.model import get_field, set_field

TYPICAL_GRADUATION_AGE = 22  # where the calendar opens when only the birth date is known


class BasicInfoPage(CasePage):
    page_id = PageId.BASIC
    help_key = "basic"
    prefixes = ("applicant",)

    def __init__(self, session: CaseSession) -> None:
        super().__init__(session)
        self.setTitle(self.tr("基本信息"))
        self.setSubTitle(self.tr("按平台“基本信息”栏目填写。修改姓名或身份证号码时，这里填写平台上现有的记录。"))
        options = session.rules.options
        self.name = QLineEdit(self)
        self.id_number = QLineEdit(self)
        self.id_number.setMaxLength(22)
        self.id_info = QLabel(self)
        self.id_info.setVisible(False)
        self.gender = self._combo(["男", "女"])
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(15)
        self.ethnicity = self._combo(options.ethnicity, searchable=True)
        self.school = QLineEdit(self)
        self.major = QLineEdit(self)
        self.education = self._combo(options.education)
        self.degree = self._combo(options.degree)
        self.graduation = DateField(self._suggest_graduation, self)

        body = QWidget(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "applicant.name", self.name)
        self.add_row(form, "applicant.id_number", self.id_number, below=(self.id_info,))
        for path, widget in (("applicant.gender", self.gender), ("applicant.phone", self.phone),
                             ("applicant.ethnicity", self.ethnicity), ("applicant.school", self.school),
                             ("applicant.major", self.major), ("applicant.education", self.education),
                             ("applicant.degree", self.degree), ("applicant.graduation_date", self.graduation)):
            self.add_row(form, path, widget)
        rows = QVBoxLayout(body)
        rows.addLayout(form)
        rows.addStretch(1)  # the rows keep their height; the room left stays below them
        scroll = QScrollArea(self)  # ten fields and their findings outgrow a small screen or 大字
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._lines = {"applicant.name": self.name, "applicant.id_number": self.id_number,
                       "applicant.phone": self.phone, "applicant.school": self.school, "applicant.major": self.major}
        self._combos = {"applicant.gender": self.gender, "applicant.ethnicity": self.ethnicity,
                        "applicant.education": self.education, "applicant.degree": self.degree}
        for path, edit in self._lines.items():
            self.bind_line(edit, path)
        for path, combo in self._combos.items():
            combo.currentTextChanged.connect(lambda text, p=path: self._set(p, text, touched=True))
        self.graduation.edited.connect(lambda value: self._set("applicant.graduation_date", value, touched=True))
        self.id_number.textEdited.connect(self._show_id_info)

    def _combo(self, items: list[str], searchable: bool = False) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("")
        combo.addItems(items)
        if searchable:
            # typing 回 finds 回族: match anywhere in the name, not just at the start
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(items, combo)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.setCompleter(completer)
        return combo

    def _set(self, path: str, value: str, touched: bool = False) -> None:
        if touched:
            self._touched.add(path)
        if get_field(self.session.case, path) != value.strip():
            self.session.update(lambda case: set_field(case, path, value.strip()))
        elif touched:
            self._on_case_changed()

    def _suggest_graduation(self) -> dt.date:
        """Where the calendar opens for an empty 毕业时间: about 22 years after the birth date."""
        today = dt.date.today()
        check = check_id(self.session.case.applicant.id_number) if self.session.case.applicant.id_number else None
        if check is not None and check.valid and check.birth_date:
            year = min(check.birth_date.year + TYPICAL_GRADUATION_AGE, today.year)
            return dt.date(year, 7, 1) if dt.date(year, 7, 1) <= today else today
        return dt.date(today.year - 10, 7, 1)

    def initializePage(self) -> None:
        case = self.session.case
        for path, edit in self._lines.items():
            edit.setText(get_field(case, path))
        for path, combo in self._combos.items():
            combo.blockSignals(True)
            value = get_field(case, path)
            index = combo.findText(value)
            if index >= 0:
                combo.setCurrentIndex(index)
            else:
                combo.setEditText(value) if combo.isEditable() else combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.graduation.set_value(case.applicant.graduation_date)
        self._show_id_info()
        self._on_case_changed()
        self.name.setFocus()  # the help desk types the name first

    def _show_id_info(self) -> None:
        self.id_info.setText(describe_id(self.id_number.text()))
        self.id_info.setVisible(bool(self.id_info.text()))


def describe_id(number: str) -> str:
    """Live feedback under an ID field: what the number says, once it checks out."""
    if not number.strip():
        return ""
    check = check_id(number)
    if not check.valid:
        return ""
    region = check.region or QCoreApplication.translate("BasicInfoPage", "地区码未知")
    sex = QCoreApplication.translate("BasicInfoPage", "男") if check.sex == "男" \
        else QCoreApplication.translate("BasicInfoPage", "女")
    template = QCoreApplication.translate("BasicInfoPage", "✓ 校验通过：%s，出生 %s，%s")
    return template % (region, f"{check.birth_date:%Y-%m-%d}", sex)
