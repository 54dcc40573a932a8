"""选择修改类型: the three kinds of change of the guide, with what each means and forbids,
and a live summary of what will be asked (from the rule pack's scenario matrix)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout

from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from ui.widgets.forbidden import ForbiddenBar
from wizard.case.model import Case, Change, Slot
from wizard.case.rules import Need


class ChangesPage(CasePage):
    page_id = PageId.CHANGES
    help_key = "changes"
    prefixes = ("changes",)

    def __init__(self, session: CaseSession) -> None:
        super().__init__(session)
        self.setTitle(self.tr("选择修改类型"))
        self.setSubTitle(self.tr("可多选。所选类型决定哪些内容必须填写、可以上传或不能上传。"))
        layout = QVBoxLayout(self)
        self.boxes: dict[Change, QCheckBox] = {}
        english = session.lang.startswith("en")
        for change in Change:
            rule = session.rules.changes[change]
            box = QCheckBox(rule.label_en if english else rule.label, self)
            box.toggled.connect(lambda on, c=change: self._toggle(c, on))
            caution = self.tr("注意：")
            what, dont = (rule.what_en or rule.what, rule.dont_en or rule.dont) if english else (rule.what, rule.dont)
            explain = QLabel(f"{what}{'.' if english else '。'}<br><b>{caution}</b>{dont}", self)
            explain.setWordWrap(True)
            explain.setContentsMargins(24, 0, 0, 8)
            box.setAccessibleDescription(f"{what} {dont}")
            self.boxes[change] = box
            layout.addWidget(box)
            layout.addWidget(explain)
        self.summary_box = QGroupBox(self.tr("将要准备的内容"), self)
        self.summary = QLabel(self.summary_box)
        self.summary.setWordWrap(True)
        QVBoxLayout(self.summary_box).addWidget(self.summary)
        layout.addWidget(self.summary_box)
        self.forbidden = ForbiddenBar(session, self)
        layout.addWidget(self.forbidden)
        layout.addWidget(self.findings_view("changes"))
        layout.addStretch(1)

    def initializePage(self) -> None:
        for change, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(change in self.session.case.changes)
            box.blockSignals(False)
        self._update_summary()

    def _toggle(self, change: Change, on: bool) -> None:
        def edit(case: Case) -> None:
            changes = set(case.changes)
            (changes.add if on else changes.discard)(change)
            case.changes = changes

        self.session.update(edit)
        self._update_summary()

    def _update_summary(self) -> None:
        rules, changes = self.session.rules, self.session.case.changes
        if not changes:
            self.summary.setText(self.tr("请至少选择一项。"))
            return
        english = self.session.lang.startswith("en")
        by_need: dict[Need, list[str]] = {Need.REQUIRED: [], Need.OPTIONAL: [], Need.FORBIDDEN: []}
        for slot in Slot:
            rule = rules.slots[slot]
            by_need[rules.slot_need(changes, slot)].append(rule.label_en if english else rule.label)
        correction = rules.correction_need(changes)
        lines = [self.tr("基本信息：全部必填（带 * 的项目）。")]
        lines.append(self.tr("修改信息：请填写正确的姓名或证件号，以及情况说明。") if correction is Need.REQUIRED
                     else self.tr("修改信息：请勿填写。"))
        names = {need: self.session.join(items) or self.tr("无") for need, items in by_need.items()}
        lines.append(self.tr("必须上传：%s。") % names[Need.REQUIRED])
        lines.append(self.tr("可以上传：%s。") % names[Need.OPTIONAL])
        lines.append(self.tr("不要上传：%s。") % names[Need.FORBIDDEN])
        self.summary.setText("<br>".join(lines))
