"""The upload pages: 免冠证件照, 手写签名, 身份证明材料 (②), 证明材料 (③).

Each holds image slots; a page is complete when none of its slots has an error finding.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.dialogs import DialogService
from ui.pages.base import CasePage
from ui.pages.ids import PageId
from ui.session import CaseSession
from ui.tasks import TaskRunner
from ui.widgets.image_slot import ImageSlot
from wizard.case.model import Attachment, Slot
from wizard.case.rules import Need


class SlotsPage(CasePage):
    """A page of fixed slots."""

    slots: tuple[Slot, ...] = ()

    def __init__(self, session: CaseSession, runner: TaskRunner, dialogs: DialogService, title: str,
                 subtitle: str) -> None:
        super().__init__(session)
        self.runner, self.dialogs = runner, dialogs
        runner.busy_changed.connect(lambda _busy: self.completeChanged.emit())
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.prefixes = tuple(f"attachments.{s.value}" for s in self.slots)
        self.need_label = QLabel(self)
        self.need_label.setWordWrap(True)
        self.slot_widgets = [ImageSlot(session, runner, dialogs, slot, parent=self) for slot in self.slots]
        inner = QWidget(self)
        inner_layout = QVBoxLayout(inner)
        for widget in self.slot_widgets:
            widget.setMinimumHeight(300)
            inner_layout.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.need_label)
        layout.addWidget(_scrolled(inner, self) if len(self.slot_widgets) > 1 else inner, 1)

    def initializePage(self) -> None:
        for widget in self.slot_widgets:
            widget.refresh()
        self.need_label.setText(needs_text(self))
        self._on_case_changed()

    def isComplete(self) -> bool:
        return super().isComplete() and not any(self.runner.is_busy(w.field()) for w in self.slot_widgets)


def needs_text(page: SlotsPage) -> str:
    rules, changes = page.session.rules, page.session.case.changes
    words = {Need.REQUIRED: QCoreApplication.translate("SlotsPage", "必须上传"),  # one context for every page
             Need.OPTIONAL: QCoreApplication.translate("SlotsPage", "可选"),
             Need.FORBIDDEN: QCoreApplication.translate("SlotsPage", "不要上传")}
    english = page.session.english
    parts = [f"{rules.label(f'attachments.{s.value}', page.session.lang)}{': ' if english else '：'}"
             f"{words[rules.slot_need(changes, s)]}" for s in page.slots]
    return ("; " if english else "；").join(parts)


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class PhotoPage(SlotsPage):
    page_id = PageId.PHOTO
    help_key = "photo"
    slots = (Slot.PHOTO,)


class SignaturePage(SlotsPage):
    page_id = PageId.SIGNATURE
    help_key = "signature"
    slots = (Slot.SIGNATURE,)


class IdDocsPage(SlotsPage):
    page_id = PageId.ID_DOCS
    help_key = "id_docs"
    slots = (Slot.ID_FRONT, Slot.ID_BACK, Slot.ID_HANDHELD)


class ProofPage(CasePage):
    """证明材料 ③: any number of documents (pictures or PDF pages)."""

    page_id = PageId.PROOF
    help_key = "proof"
    prefixes = ("attachments.proof",)

    def __init__(self, session: CaseSession, runner: TaskRunner, dialogs: DialogService) -> None:
        super().__init__(session)
        self.runner, self.dialogs = runner, dialogs
        runner.busy_changed.connect(lambda _busy: self.completeChanged.emit())
        self.setTitle(self.tr("证明材料"))
        self.setSubTitle(self.tr("身份证号非正常升位，或更改姓名的情况，请上传公安或人考部门出具的证明材料（非必须）。"))
        self.add_button = QPushButton(self.tr("添加证明材料…"), self)
        self.add_button.clicked.connect(self._add)
        self._inner = QWidget(self)
        self._list = QVBoxLayout(self._inner)
        self._list.addStretch(1)
        self.slot_widgets: list[ImageSlot] = []
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.findings_view("attachments.proof"))
        layout.addWidget(_scrolled(self._inner, self), 1)

    def initializePage(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        for widget in self.slot_widgets:
            widget.setParent(None)
            widget.deleteLater()
        self.slot_widgets = []
        for index in range(len(self.session.case.attachments.proof)):
            self._append(index)
        self._on_case_changed()

    def _append(self, index: int) -> ImageSlot:
        widget = ImageSlot(self.session, self.runner, self.dialogs, Slot.PROOF, index, self._inner)
        widget.setMinimumHeight(300)
        widget.remove.clicked.connect(self._rebuild)
        widget.pages_found.connect(lambda count, w=widget: self._split(w.index, count))
        self._list.insertWidget(self._list.count() - 1, widget)
        self.slot_widgets.append(widget)
        return widget

    def _split(self, index: int, count: int) -> None:
        """A PDF of ``count`` pages: each page becomes an item of its own, right after page 1,
        exported as one upload file each (as ``jzs-wizard export`` does)."""
        def edit(case) -> None:
            first = case.attachments.proof[index]
            pages = [Attachment(source=first.source, adjust=first.adjust.model_copy(), page=n)
                     for n in range(2, count + 1)]
            case.attachments.proof[index + 1:index + 1] = pages

        self.session.update(edit)
        self._rebuild()

    def _add(self) -> None:
        widget = self._append(len(self.session.case.attachments.proof))
        widget.pick.click()
        if widget.attachment() is None:  # the user cancelled the file dialog
            self.slot_widgets.remove(widget)
            widget.setParent(None)
            widget.deleteLater()

    def isComplete(self) -> bool:
        return super().isComplete() and not any(self.runner.is_busy(w.field()) for w in self.slot_widgets)
