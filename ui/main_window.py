"""The wizard window. It only assembles pages; every rule lives in ``wizard``.

Besides the pages it owns what spans them: 大字, the help-desk buttons (回到开始, 下一位) on
every page, resuming a reopened case at the page where it was left, and asking before the
window closes in the middle of a case.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWizard

from ui.dialogs import DialogService
from ui.pages.basic import BasicInfoPage
from ui.pages.changes import ChangesPage
from ui.pages.correction import CorrectionPage
from ui.pages.export import ExportPage
from ui.pages.finish import CommitmentPage
from ui.pages.ids import PageId
from ui.pages.start import StartPage
from ui.pages.uploads import IdDocsPage, PhotoPage, ProofPage, SignaturePage
from ui.session import CaseSession
from ui.tasks import TaskRunner
from wizard.case import drafts
from wizard.case.rules import RulePack
from wizard.platform.resources import resource_path

PREFERRED_SIZE = (1100, 780)
FRAME_ALLOWANCE = (16, 48)  # the window manager's border and title bar, outside our geometry
LARGE_TEXT, BACK_TO_START, NEXT_APPLICANT = (QWizard.WizardButton.CustomButton1, QWizard.WizardButton.CustomButton2,
                                             QWizard.WizardButton.CustomButton3)


class MaterialsWizard(QWizard):
    def __init__(self, rules: RulePack, lang: str = "zh_CN", dialogs: DialogService | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.dialogs = dialogs or DialogService()
        self.session = CaseSession(rules, lang, self)
        self.runner = TaskRunner(self)
        self.setWindowTitle(self.tr("建造师材料助手 — 一级建造师执业资格认定（个人信息修改）"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self._add_buttons()

        s, r, d = self.session, self.runner, self.dialogs
        self.start_page = StartPage(s, d)
        pages = {
            PageId.START: self.start_page,
            PageId.CHANGES: ChangesPage(s),
            PageId.BASIC: BasicInfoPage(s),
            PageId.CORRECTION: CorrectionPage(s),
            PageId.PHOTO: PhotoPage(s, r, d, self.tr("免冠证件照"),
                                    self.tr("一寸白底免冠照：295×413 像素，白色背景，只有本人一张脸。")),
            PageId.SIGNATURE: SignaturePage(s, r, d, self.tr("手写签名"),
                                            self.tr("白纸黑字，字体清晰工整，文字居中。")),
            PageId.ID_DOCS: IdDocsPage(s, r, d, self.tr("身份证明材料"),
                                       self.tr("身份证正面、背面和手持身份证照：修改姓名或身份证号码时必须重新上传。")),
            PageId.PROOF: ProofPage(s, r, d),
            PageId.COMMITMENT: CommitmentPage(s),
            PageId.EXPORT: ExportPage(s, r, d),
        }
        for page_id, page in pages.items():
            self.setPage(int(page_id), page)
        self.setStartId(int(PageId.START))
        self.helpRequested.connect(self._help)
        self.currentIdChanged.connect(self._page_changed)
        self.start_page.case_opened.connect(self.resume)
        self.session.save_failed.connect(lambda message: self.dialogs.warn(self, self.tr("无法保存草稿"), message))
        self.button(LARGE_TEXT).setChecked(self.settings.value("large_text", False, type=bool))
        crashed = drafts.crashed_case()
        if crashed:
            self.start_page.offer_restore(crashed)

    def _add_buttons(self) -> None:
        for option in (QWizard.WizardOption.HaveCustomButton1, QWizard.WizardOption.HaveCustomButton2,
                       QWizard.WizardOption.HaveCustomButton3):
            self.setOption(option, True)
        back_tip = self.tr("回到“开始”页（草稿已自动保存），可打开排队列表中的其他案件")
        next_tip = self.tr("开始下一位申请人：打开列表中最早的未导出案件，没有时新建（沿用当前的修改类型）")
        texts = {LARGE_TEXT: (self.tr("大字"), self.tr("放大全部文字，便于阅读")),
                 BACK_TO_START: (self.tr("回到开始"), back_tip), NEXT_APPLICANT: (self.tr("下一位"), next_tip)}
        for which, (text, tip) in texts.items():
            self.setButtonText(which, text)
            self.button(which).setToolTip(tip)
        large = self.button(LARGE_TEXT)
        large.setCheckable(True)
        large.toggled.connect(self.set_large_text)
        self.button(BACK_TO_START).clicked.connect(self.back_to_start)
        self.button(NEXT_APPLICANT).clicked.connect(self.next_applicant)
        self.setButtonLayout([QWizard.WizardButton.HelpButton, LARGE_TEXT, QWizard.WizardButton.Stretch, BACK_TO_START,
                              NEXT_APPLICANT, QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                              QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton])

    # --- the window ------------------------------------------------------------------------------

    def set_large_text(self, on: bool) -> None:
        self.setStyleSheet(resource_path("ui", "large.qss").read_text(encoding="utf-8") if on else "")
        self.settings.setValue("large_text", on)

    def fit_to(self, available: QRect) -> None:
        """Take the preferred size, or what the screen has room for (a 1366×768 laptop has less)."""
        width = min(PREFERRED_SIZE[0], available.width() - FRAME_ALLOWANCE[0])
        height = min(PREFERRED_SIZE[1], available.height() - FRAME_ALLOWANCE[1])
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2, available.y() + FRAME_ALLOWANCE[1] // 2)

    def _help(self) -> None:
        page = self.currentPage()
        text = page.help_text() if hasattr(page, "help_text") else ""
        self.dialogs.inform(self, self.tr("帮助：%s") % page.title(), text or self.tr("本页没有帮助内容。"))

    # --- moving between pages and cases ----------------------------------------------------------

    def _page_changed(self, page_id: int) -> None:
        at_start = page_id == PageId.START
        for which in (BACK_TO_START, NEXT_APPLICANT):
            self.button(which).setVisible(not at_start and page_id != -1)
        if at_start:
            self.session.flush()  # the queue reads the drafts on disk: let it see the last edit
            self.start_page.reload_queue()
        elif page_id != -1 and self.session.case_id:
            self.settings.setValue(f"resume/{self.session.case_id}", page_id)

    def resume(self) -> None:
        """Show the case just opened at the page where it was left (a new case at 选择修改类型)."""
        target = int(self.settings.value(f"resume/{self.session.case_id}", int(PageId.CHANGES), type=int))
        if self.currentId() != PageId.START:
            self.restart()
        while 0 <= self.currentId() < target:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break

    def back_to_start(self) -> None:
        self.restart()

    def next_applicant(self) -> None:
        """The help desk's turn: this case stays saved; the next waiting one, or a new one, opens."""
        carry = set(self.session.case.changes)
        self.restart()
        self.start_page.open_next(carry_changes=carry)

    def reject(self) -> None:
        """Escape, 取消 and the window's close button: the draft is kept; say so and ask."""
        if self.session.case_id:
            name = self.session.case.applicant.name or self.tr("（未填写姓名）")
            if not self.dialogs.ask(self, self.tr("关闭建造师材料助手"),
                                    self.tr("关闭程序？“%s”的案件已自动保存为草稿，下次打开后可在“开始”页的列表中继续。")
                                    % name):
                return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)  # QDialog asks reject(), which may keep the window open
        if event.isAccepted() and not self.isVisible():
            self.runner.wait()
            self.session.close()

    def done(self, result: int) -> None:
        """Finish and Cancel both end here: keep the draft, close the session cleanly."""
        self.runner.wait()
        self.session.close()
        super().done(result)
