"""检查并导出: every finding of the case in one place, each warning to be confirmed, the files
with thumbnails and sizes, the export of the bundle (on the pool), its folder and its checklist."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs import DialogService
from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from ui.tasks import TaskRunner
from ui.widgets.file_list import FileList
from ui.widgets.findings import FindingsView
from ui.widgets.forbidden import ForbiddenBar
from ui.widgets.warnings import WarningChecks
from wizard.case import drafts
from wizard.case.findings import Severity
from wizard.case.messages import render
from wizard.case.model import Case, Slot
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


class ExportPage(CasePage):
    page_id = PageId.EXPORT
    help_key = "export"

    def __init__(self, session: CaseSession, runner: TaskRunner, dialogs: DialogService) -> None:
        super().__init__(session)
        self.runner, self.dialogs = runner, dialogs
        self.bundle: Bundle | None = None
        self._bundle_case = ""  # whose bundle ``bundle`` is
        self.setTitle(self.tr("检查并导出"))
        self.setSubTitle(self.tr("下面是对整个案件的检查结果。错误必须改正；每个警告请查看后勾选确认。"))
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("verdict")
        self.forbidden = ForbiddenBar(session, self)
        self.all_findings = FindingsView(session.rules, session.lang, self)  # errors and notes
        self.warnings = WarningChecks(session.rules, session.lang, self)
        self.files_title = QLabel(self)
        self.files = FileList(runner, self)
        self._build_actions()
        body = QWidget(self)
        column = QVBoxLayout(body)
        for widget in (self.verdict, self.forbidden, self.all_findings, self.warnings, self.files_title):
            column.addWidget(widget)
        column.addWidget(self.files, 3)  # the files take the room there is
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.busy)
        layout.addWidget(self.result)
        layout.addLayout(self.folder_row)
        layout.addLayout(self.buttons)
        self._show_bundle()

    def _build_actions(self) -> None:
        self.save_button = QPushButton(self.tr("另存案件文件…"), self)
        self.export_button = QPushButton(self.tr("导出材料包…"), self)
        self.export_button.setToolTip(self.tr("生成按上传位置命名的文件、填写内容和打印清单（文件夹和 zip）"))
        self.open_button = QPushButton(self.tr("打开文件夹"), self)
        self.print_button = QPushButton(self.tr("打印清单…"), self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.folder_path = QLineEdit(self)  # shown where the system cannot open a folder for us
        self.folder_path.setReadOnly(True)
        self.folder_path.setObjectName("folder_path")
        self.folder_path.setAccessibleName(self.tr("材料包所在的文件夹"))
        self.copy_button = QPushButton(self.tr("复制路径"), self)
        self.folder_row = QHBoxLayout()
        self.folder_row.addWidget(self.folder_path, 1)
        self.folder_row.addWidget(self.copy_button)
        self._show_folder_path(False)
        self.buttons = QHBoxLayout()
        for button in (self.export_button, self.open_button, self.print_button, self.save_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.save_button.clicked.connect(self._save_as)
        self.export_button.clicked.connect(self._export)
        self.open_button.clicked.connect(self._open_folder)
        self.print_button.clicked.connect(self._print)
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.folder_path.text()))

    def initializePage(self) -> None:
        if self.bundle is not None and self._bundle_case != self.session.case_id:
            self.bundle = None  # another applicant's bundle is not this one's
            self._show_bundle()
        self._on_case_changed()
        if self.bundle is None:
            self._show_planned_files()

    def _on_case_changed(self) -> None:
        super()._on_case_changed()
        findings = self.session.findings
        self.all_findings.set_findings([f for f in findings if f.severity is not Severity.WARNING])
        self.warnings.set_warnings(self.session.case_id, [f for f in findings if f.severity is Severity.WARNING])
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = sum(f.severity is Severity.WARNING for f in findings)
        if errors:
            verdict = self.tr("还有 %d 个错误需要改正（点击“上一步”回到相应页面）。") % errors
        elif warnings:
            verdict = self.tr("没有错误。还有 %d 个警告：请逐一查看，勾选“已确认”。") % warnings
        else:
            verdict = self.tr("检查通过，没有发现问题。")
        if verdict != self.verdict.text():
            self.verdict.setText(verdict)

    def isComplete(self) -> bool:
        return bool(self.session.case_id) and not any(f.severity is Severity.ERROR for f in self.session.findings)

    # --- the files -----------------------------------------------------------------------------

    def _show_planned_files(self) -> None:
        rules, english = self.session.rules, self.session.english
        held = self.session.case.attachments.present()
        entries = []
        for slot in sorted(held, key=lambda s: rules.slots[s].order):
            rule = rules.slots[slot]
            label = f"{rule.group} {rule.label_en if english else rule.label}"
            for number, item in enumerate(held[slot], 1):
                if item.processed:
                    entries.append((label + (f" {number}" if slot is Slot.PROOF else ""), item.processed))
        self.files_title.setText(self.tr("将导出的文件：") if entries else "")
        self.files.show_files(entries)

    def _show_bundle_files(self) -> None:
        assert self.bundle is not None
        entries = [(entry["name"], str(self.bundle.path / entry["name"])) for entry in self.bundle.manifest["files"]]
        self.files_title.setText(self.tr("材料包中的文件："))
        self.files.show_files(entries)

    # --- export --------------------------------------------------------------------------------

    def _export(self) -> None:
        open_warnings = self.warnings.unconfirmed()
        if open_warnings and not self.dialogs.ask(
                self, self.tr("还有未确认的警告"),
                self.tr("还有 %d 个警告没有勾选“已确认”。仍要导出吗？（警告会印在清单上，提交前请本人核对）")
                % len(open_warnings)):
            return
        folder = self.dialogs.choose_folder(self, self.tr("选择保存材料包的文件夹"))
        if not folder:
            return
        self.session.flush()
        self.busy.setVisible(True)
        self.export_button.setEnabled(False)
        self.result.setText(self.tr("正在导出…"))
        case = self.session.case.model_copy(deep=True)
        self._bundle_case = self.session.case_id
        self.runner.run("export", export_bundle, case, self.session.rules, Path(folder),
                        on_done=self._exported, on_error=self._export_failed)

    def _exported(self, bundle: Bundle) -> None:
        self.busy.setVisible(False)
        self.export_button.setEnabled(True)
        self.bundle = bundle
        drafts.mark_exported(self._bundle_case, str(bundle.path))
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
        self._show_folder_path(False)
        if has:
            where = str(self.bundle.path) + (f"\n{self.bundle.zip_path}" if self.bundle.zip_path else "")
            self.result.setText(self.tr("已导出到：%s\n提交前请按清单逐项核对。") % where)
            self._show_bundle_files()
        else:
            self.result.setText("")

    def _open_folder(self) -> None:
        if self.bundle is not None and not self.dialogs.open_folder(str(self.bundle.path)):
            self.folder_path.setText(str(self.bundle.path))
            self._show_folder_path(True)
            self.result.setText(self.tr("这台电脑无法自动打开文件夹。材料包在下面的文件夹里，可复制路径后在文件管理器中打开："))

    def _show_folder_path(self, on: bool) -> None:
        self.folder_path.setVisible(on)
        self.copy_button.setVisible(on)

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
