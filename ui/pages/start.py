"""开始: a new case, a draft to continue, or the next applicant from the help-desk queue."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.dialogs import DialogService
from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from wizard.case import drafts
from wizard.case.model import CaseFileError, Change, load_case

CASE_FILTER = "案件文件 (*.json);;所有文件 (*)"


class StartPage(CasePage):
    page_id = PageId.START
    help_key = "start"
    case_opened = Signal()

    def __init__(self, session: CaseSession, dialogs: DialogService) -> None:
        super().__init__(session)
        self.dialogs = dialogs
        self.setTitle(self.tr("开始"))
        self.setSubTitle(self.tr("新建一个案件，继续上次的草稿，或从排队列表中选择下一位申请人。"))
        self.restore_banner = QLabel(self)
        self.restore_banner.setWordWrap(True)
        self.restore_banner.setObjectName("banner")
        self.restore_button = QPushButton(self.tr("恢复该案件"), self)
        self.restore_banner.setVisible(False)
        self.restore_button.setVisible(False)
        self.current = QLabel(self)
        self.current.setWordWrap(True)

        self.new_button = QPushButton(self.tr("新建案件"), self)
        self.open_file_button = QPushButton(self.tr("打开案件文件…"), self)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("申报人"), self.tr("身份证号码"), self.tr("修改类型"), self.tr("状态"), self.tr("修改时间")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(self.tr("已保存的案件（排队列表）"))
        self.open_button = QPushButton(self.tr("打开所选"), self)
        self.next_button = QPushButton(self.tr("下一位"), self)
        self.next_button.setToolTip(self.tr("打开列表中最早的一个尚未导出的案件"))
        self.delete_button = QPushButton(self.tr("删除所选"), self)

        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.open_file_button)
        top.addStretch(1)
        queue_buttons = QHBoxLayout()
        for button in (self.open_button, self.next_button, self.delete_button):
            queue_buttons.addWidget(button)
        queue_buttons.addStretch(1)
        banner = QHBoxLayout()
        banner.addWidget(self.restore_banner, 1)
        banner.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addLayout(banner)
        layout.addLayout(top)
        layout.addWidget(self.current)
        layout.addWidget(QLabel(self.tr("已保存的案件："), self))
        layout.addWidget(self.table, 1)
        layout.addLayout(queue_buttons)

        self.new_button.clicked.connect(self.new_case)
        self.open_file_button.clicked.connect(self.open_file)
        self.open_button.clicked.connect(self.open_selected)
        self.next_button.clicked.connect(self.open_next)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.installEventFilter(self)  # Enter on a row opens that row's case, not 下一步
        self.restore_button.clicked.connect(self._restore)
        self._crashed: str | None = None
        self._entries: list[drafts.QueueEntry] = []

    def initializePage(self) -> None:
        self.reload_queue()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    # --- crash recovery --------------------------------------------------------------------------

    def offer_restore(self, case_id: str) -> None:
        self._crashed = case_id
        self.restore_banner.setText(self.tr("上次程序没有正常关闭。草稿已自动保存，可以继续编辑该案件。"))
        self.restore_banner.setVisible(True)
        self.restore_button.setVisible(True)

    def _restore(self) -> None:
        if self._crashed:
            self._open_draft(self._crashed)
        self._hide_restore()

    def _hide_restore(self) -> None:
        self._crashed = None
        self.restore_banner.setVisible(False)
        self.restore_button.setVisible(False)

    # --- the queue ---------------------------------------------------------------------------------

    def reload_queue(self) -> None:
        self._entries = drafts.list_queue(self.session.rules)
        self.table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            values = [entry.name or self.tr("（未填写）"), entry.masked_id, self._changes_text(entry),
                      self._state_text(entry), entry.modified.strftime("%Y-%m-%d %H:%M")]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if entry.problem:
                    item.setToolTip(entry.problem)
                self.table.setItem(row, column, item)
        if self._entries:
            self.table.selectRow(0)
        for button in (self.open_button, self.delete_button, self.next_button):
            button.setEnabled(bool(self._entries))
        self._show_current()

    def _changes_text(self, entry: drafts.QueueEntry) -> str:
        rules = self.session.rules
        english = self.session.lang.startswith("en")
        return self.session.join([rules.changes[c].label_en if english else rules.changes[c].label
                                  for c in entry.changes]) or self.tr("（未选择）")

    def _state_text(self, entry: drafts.QueueEntry) -> str:
        return {
            drafts.CaseState.MISSING: self.tr("缺少内容"),
            drafts.CaseState.ERRORS: self.tr("有错误"),
            drafts.CaseState.READY: self.tr("可导出"),
            drafts.CaseState.EXPORTED: self.tr("已导出"),
            drafts.CaseState.UNREADABLE: self.tr("无法读取"),
        }[entry.state]

    def _selected(self) -> drafts.QueueEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self._entries[rows[0].row()] if rows else None

    def _show_current(self) -> None:
        if self.session.case_id:
            name = self.session.case.applicant.name or self.tr("（未填写姓名）")
            self.current.setText(self.tr("当前案件：%s。点击“下一步”继续。") % name)
        else:
            self.current.setText(self.tr("请新建案件或打开一个已保存的案件。"))
        self.completeChanged.emit()

    # --- actions -----------------------------------------------------------------------------------

    def new_case(self, changes: set[Change] | None = None) -> None:
        self.session.start_new()
        if changes:
            self.session.update(lambda case: setattr(case, "changes", set(changes)))
        self._opened()

    def open_selected(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        if entry.state is drafts.CaseState.UNREADABLE:
            self.dialogs.warn(self, self.tr("无法打开"), entry.problem)
            return
        self._open_draft(entry.case_id)

    def open_next(self, carry_changes: set[Change] | None = None) -> None:
        """The oldest case not yet exported (never the one open now); else a new case, with
        ``carry_changes`` chosen already (a help desk sees the same kind of applicant in a row)."""
        done = (drafts.CaseState.EXPORTED, drafts.CaseState.UNREADABLE)
        waiting = [e for e in self._entries if e.state not in done and e.case_id != self.session.case_id]
        if not waiting:
            self.new_case(carry_changes)
            return
        self._open_draft(min(waiting, key=lambda e: e.modified).case_id)

    def delete_selected(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        who = entry.name or self.tr("（未填写姓名）")
        if not self.dialogs.ask(self, self.tr("删除案件"),
                                self.tr("删除“%s”的案件？草稿和处理后的照片都会被删除，无法恢复。") % who):
            return
        if entry.case_id == self.session.case_id:
            self.session.forget()
        drafts.delete_case(entry.case_id)
        self.reload_queue()

    def open_file(self) -> None:
        path = self.dialogs.open_file(self, self.tr("打开案件文件"), CASE_FILTER)
        if not path:
            return
        try:
            case = load_case(path)
        except CaseFileError as exc:
            self.dialogs.warn(self, self.tr("无法打开案件文件"), str(exc))
            return
        self.session.open_file(Path(path), case)
        self._opened()

    def _open_draft(self, case_id: str) -> None:
        try:
            self.session.open_draft(case_id)
        except CaseFileError as exc:
            self.dialogs.warn(self, self.tr("无法打开"), str(exc))
            return
        self._opened()

    def _opened(self) -> None:
        """A case is open: the wizard shows it where it was left (``case_opened``)."""
        self._hide_restore()
        self.reload_queue()
        self.case_opened.emit()
