"""The wizard window. It only assembles pages; every rule lives in ``wizard``."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWizard

from ui.dialogs import DialogService
from ui.pages.basic import BasicInfoPage
from ui.pages.changes import ChangesPage
from ui.pages.correction import CorrectionPage
from ui.pages.finish import CommitmentPage, ExportPage
from ui.pages.ids import PageId
from ui.pages.start import StartPage
from ui.pages.uploads import IdDocsPage, PhotoPage, ProofPage, SignaturePage
from ui.session import CaseSession
from ui.tasks import TaskRunner
from wizard.case import drafts
from wizard.case.rules import RulePack

LARGE_TEXT_POINTS = 15


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
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("大字"))
        large = self.button(QWizard.WizardButton.CustomButton1)
        large.setCheckable(True)
        large.setToolTip(self.tr("放大全部文字，便于阅读"))
        large.toggled.connect(self.set_large_text)
        self._base_point_size = self.font().pointSizeF()

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
        self.session.save_failed.connect(lambda message: self.dialogs.warn(self, self.tr("无法保存草稿"), message))
        large.setChecked(self.settings.value("large_text", False, type=bool))
        crashed = drafts.crashed_case()
        if crashed:
            self.start_page.offer_restore(crashed)

    def set_large_text(self, on: bool) -> None:
        font = self.font()
        font.setPointSizeF(LARGE_TEXT_POINTS if on else self._base_point_size)
        self.setFont(font)
        self.settings.setValue("large_text", on)

    def _help(self) -> None:
        page = self.currentPage()
        text = page.help_text() if hasattr(page, "help_text") else ""
        self.dialogs.inform(self, self.tr("帮助：%s") % page.title(), text or self.tr("本页没有帮助内容。"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.wait()
        self.session.close()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        """Finish and Cancel both end here: keep the draft, close the session cleanly."""
        self.runner.wait()
        self.session.close()
        super().done(result)
