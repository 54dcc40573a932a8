"""个人承诺 and 检查并导出: the commitment; then every finding of the case in one place, the
export of the bundle (on the pool), opening its folder and printing its checklist."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ui.dialogs import DialogService
from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from ui.tasks import TaskRunner
from ui.widgets.findings import FindingsView
from wizard.case import drafts
from wizard.case.findings import Severity
from wizard.case.messages import render
from wizard.case.model import Case, set_field
from wizard.case.rules import RulePack

if TYPE_CHECKING:
    from wizard.bundle.export import Bundle

CASE_FILTER = "案件文件 (*.json)"
CHECKLIST_HTML = "清单.html"


def export_bundle(case: Case, rules: RulePack, folder: Path) -> Bundle:
    """The export, on the pool: the checklist PDF is printed by Qt off the GUI thread.

    Imported here: the bundle code pulls in the picture loader, which the first page does not need."""
    from ui.pdf import render_pdf
    from wizard.bundle.export import export

    return export(case, rules, folder, pdf_renderer=render_pdf, zip_too=True)


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
    """检查并导出: all findings of the case; export the bundle, open it, print the checklist."""

    page_id = PageId.EXPORT
    help_key = "export"

    def __init__(self, session: CaseSession, runner: TaskRunner, dialogs: DialogService) -> None:
        super().__init__(session)
        self.runner, self.dialogs = runner, dialogs
        self.bundle: Bundle | None = None
        self.setTitle(self.tr("检查并导出"))
        self.setSubTitle(self.tr("下面是对整个案件的检查结果。错误必须改正；警告请逐一确认。"))
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("verdict")
        self.all_findings = FindingsView(session.rules, session.lang, self)
        self.save_button = QPushButton(self.tr("另存案件文件…"), self)
        self.save_button.clicked.connect(self._save_as)
        self.export_button = QPushButton(self.tr("导出材料包…"), self)
        self.export_button.setToolTip(self.tr("生成按上传位置命名的文件、填写内容和打印清单（文件夹和 zip）"))
        self.export_button.clicked.connect(self._export)
        self.open_button = QPushButton(self.tr("打开文件夹"), self)
        self.open_button.clicked.connect(self._open_folder)
        self.print_button = QPushButton(self.tr("打印清单…"), self)
        self.print_button.clicked.connect(self._print)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        buttons = QHBoxLayout()
        for button in (self.export_button, self.open_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.all_findings)
        layout.addStretch(1)
        layout.addWidget(self.busy)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self._show_bundle()

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

    # --- export --------------------------------------------------------------------------------

    def _export(self) -> None:
        folder = self.dialogs.choose_folder(self, self.tr("选择保存材料包的文件夹"))
        if not folder:
            return
        self.session.flush()
        self.busy.setVisible(True)
        self.export_button.setEnabled(False)
        self.result.setText(self.tr("正在导出…"))
        case = self.session.case.model_copy(deep=True)
        self.runner.run("export", export_bundle, case, self.session.rules, Path(folder),
                        on_done=self._exported, on_error=self._export_failed)

    def _exported(self, bundle: Bundle) -> None:
        self.busy.setVisible(False)
        self.export_button.setEnabled(True)
        self.bundle = bundle
        drafts.mark_exported(self.session.case_id, str(bundle.path))
        self._show_bundle()

    def _export_failed(self, exc: Exception) -> None:
        self.busy.setVisible(False)
        self.export_button.setEnabled(True)
        from wizard.bundle.export import ExportRefused  # loaded by the export job that just failed

        if isinstance(exc, ExportRefused):
            lines = [render(f, self.session.rules, self.session.lang) for f in exc.findings]
            text = self.tr("不能导出，请先改正：") + "\n" + "\n".join(lines)
        else:
            text = self.tr("导出失败：%s") % exc
        self.result.setText(text)
        self.dialogs.warn(self, self.tr("导出失败"), text)

    def _show_bundle(self) -> None:
        has = self.bundle is not None
        self.open_button.setEnabled(has)
        self.print_button.setEnabled(has)
        if has:
            where = str(self.bundle.path) + (f"\n{self.bundle.zip_path}" if self.bundle.zip_path else "")
            self.result.setText(self.tr("已导出到：%s\n提交前请按清单逐项核对。") % where)

    def _open_folder(self) -> None:
        if self.bundle is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.bundle.path)))

    def _print(self) -> None:
        if self.bundle is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        if self.dialogs.print_dialog(self, printer):
            document = QTextDocument()
            document.setHtml((self.bundle.path / CHECKLIST_HTML).read_text(encoding="utf-8"))
            document.print_(printer)

    def _save_as(self) -> None:
        name = self.session.case.applicant.name or "案件"
        path = self.dialogs.save_file(self, self.tr("另存案件文件"), f"{name}.json", CASE_FILTER)
        if not path:
            return
        try:
            self.session.save_as(Path(path))
        except OSError as exc:
            self.dialogs.warn(self, self.tr("无法保存"), self.tr("无法保存到 %s：%s") % (path, exc.strerror or exc))
