"""The image slot: one widget for every upload slot of 图12.

Drop a file or pick one, see before and after side by side, read the findings in words,
rotate by quarter turns; for the photo, move and zoom the crop frame and switch the
white-background replacement; for the signature, drag a box round it (one of several) and set
the ink's strength; for ID cards, drag the four corners. 撤销调整 (Ctrl+Z) steps back through
the picture's adjustments. Processing runs on the pool through :class:`ui.tasks.TaskRunner`;
a late result for a replaced picture is dropped.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs import DialogService
from ui.session import CaseSession
from ui.tasks import TaskRunner
from ui.widgets.adjustments import AdjustHistory, SignatureTools
from ui.widgets.confirmations import ConfirmationsView
from ui.widgets.findings import FindingsView
from ui.widgets.preview import Handles, PreviewView
from ui.widgets.slot_work import SlotOutcome, process_for_slot, read_card_quietly
from wizard.case import drafts
from wizard.case.model import MAX_ERASE, Adjustment, Attachment, Case, Slot, set_field
from wizard.idcard.check import prefill

IMAGE_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.heic *.heif *.tif *.tiff);;所有文件 (*)"
PROOF_FILTER = "图片或 PDF (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.heic *.heif *.tif *.tiff *.pdf);;所有文件 (*)"
_CARD_SLOTS = {Slot.ID_FRONT, Slot.ID_BACK}


class ImageSlot(QFrame):
    pages_found = Signal(int)  # a 证明材料 source of several pages (a PDF): how many

    def __init__(self, session: CaseSession, runner: TaskRunner, dialogs: DialogService, slot: Slot,
                 index: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner, self.dialogs, self.slot, self.index = session, runner, dialogs, slot, index
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        rule = session.rules.slots[slot]
        self._label = rule.label_en if session.english else rule.label
        self._build(rule.group)
        self.setAccessibleName(self.tr("上传项：%s") % self._label)
        session.changed.connect(self._show_findings)
        self.refresh()

    # --- layout --------------------------------------------------------------------------------

    def _build(self, group: str) -> None:
        rule = self.session.rules.slots[self.slot]
        title = QLabel(f"<b>{group} {self._label}</b>", self)
        title.setToolTip(rule.group_label_en if self.session.english and rule.group_label_en else rule.group_label)
        self.pick = QPushButton(self.tr("选择文件…"), self)
        self.rotate_left = QPushButton(self.tr("向左旋转"), self)
        self.rotate_right = QPushButton(self.tr("向右旋转"), self)
        self.remove = QPushButton(self.tr("移除"), self)
        self.undo = QPushButton(self.tr("撤销调整"), self)
        self.undo.setToolTip(self.tr("退回上一次的旋转、框选或浓淡调整（Ctrl+Z）"))
        self.undo.setEnabled(False)
        QShortcut(QKeySequence.StandardKey.Undo, self, self._undo_adjust,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._history = AdjustHistory()
        signature = self.slot is Slot.SIGNATURE
        self.tools = SignatureTools(self)
        self.tools.setVisible(signature)
        self.background = QCheckBox(self.tr("背景替换为白色"), self)
        self.background.setVisible(self.slot is Slot.PHOTO)
        self.prefill = QPushButton(self.tr("从身份证填入"), self)
        self.prefill.setToolTip(self.tr("把从身份证上识别出的姓名、号码等填入尚未填写的栏目"))
        self.prefill.setVisible(False)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(self.tr("正在处理"))
        self.before = PreviewView(self)
        self.before.set_placeholder(self.tr("把照片拖到这里，或点击“选择文件…”"))
        self.before.setAccessibleName(self.tr("原图"))
        self.after = PreviewView(self)  # painted scaled: no pixmap resizing inside a layout pass
        self.after.setAccessibleName(self.tr("处理结果"))
        self.findings = FindingsView(self.session.rules, self.session.lang, self)
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for widget in (self.pick, self.rotate_left, self.rotate_right, self.background, self.tools, self.prefill,
                       self.undo, self.remove):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        grid = QGridLayout()
        before_label = self.tr("原图（可拖动鼠标框出要处理的那个签名）") if signature else self.tr("原图")
        grid.addWidget(QLabel(before_label, self), 0, 0)
        grid.addWidget(QLabel(self.tr("处理后（将上传的文件）"), self), 0, 1)
        grid.addWidget(self.before, 1, 0)
        grid.addWidget(self.after, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.file_label)
        layout.addWidget(self.busy)
        layout.addLayout(grid, 1)
        layout.addWidget(self.findings)
        asked = self.session.rules.slots[self.slot].confirm
        self.confirm = ConfirmationsView(asked, self.session.english, self) if asked else None
        if self.confirm is not None:
            layout.addWidget(self.confirm)
            self.confirm.setVisible(False)
            self.confirm.changed.connect(self._confirmed)

        self.pick.clicked.connect(self._pick)
        self.rotate_left.clicked.connect(lambda: self._rotate(-1))
        self.rotate_right.clicked.connect(lambda: self._rotate(1))
        self.remove.clicked.connect(self._remove)
        self.prefill.clicked.connect(self._prefill)
        self.background.toggled.connect(self._toggle_background)
        self.before.crop_changed.connect(self._crop_changed)
        self.undo.clicked.connect(self._undo_adjust)
        self.tools.eraser_toggled.connect(lambda on: self.after.set_mode(Handles.ERASE if on else Handles.NONE))
        self.after.erased.connect(self._erased)
        self.tools.clear_crop.connect(lambda: self._adjust_to(crop_box=None))
        self.tools.ink_changed.connect(lambda value: self._adjust_to(ink_strength=value))
        self.before.corners_changed.connect(self._corners_changed)

    # --- the case's attachment -----------------------------------------------------------------

    def attachment(self) -> Attachment | None:
        value = getattr(self.session.case.attachments, self.slot.value)
        if self.slot is Slot.PROOF:
            return value[self.index] if self.index < len(value) else None
        return value

    def _set_attachment(self, attachment: Attachment | None) -> None:
        def edit(case: Case) -> None:
            if self.slot is Slot.PROOF:
                proofs = case.attachments.proof
                if attachment is None:
                    del proofs[self.index]
                elif self.index < len(proofs):
                    proofs[self.index] = attachment
                else:
                    proofs.append(attachment)
            else:
                setattr(case.attachments, self.slot.value, attachment)

        self.session.update(edit)

    def _show_confirmations(self) -> None:
        """The ticks of the picture in the slot (none for a new one); shown once there is a result to look at."""
        if self.confirm is None:
            return
        current = self.attachment()
        self.confirm.setVisible(current is not None and bool(current.processed))
        self.confirm.set_checked(current.confirmed if current is not None else [])

    def _confirmed(self, keys: list[str]) -> None:
        def edit(case: Case) -> None:
            current = getattr(case.attachments, self.slot.value)
            if current is not None:
                setattr(case.attachments, self.slot.value, current.model_copy(update={"confirmed": keys}))

        self.session.update(edit)
        self._show_findings()

    def field(self) -> str:
        return f"attachments.{self.slot.value}" + (f".{self.index}" if self.slot is Slot.PROOF else "")

    # --- user actions --------------------------------------------------------------------------

    def _pick(self) -> None:
        path = self.dialogs.open_file(self, self.tr("选择%s的照片或扫描件") % self._label,
                                      PROOF_FILTER if self.slot is Slot.PROOF else IMAGE_FILTER)
        if path:
            self.set_source(path)

    def set_source(self, path: str) -> None:
        """Use a new picture: forget the old result and process the new one."""
        self._forget_card()
        self._set_attachment(Attachment(source=path))
        self._show_confirmations()  # a new picture: nothing confirmed yet
        self._history.clear()
        self.before.clear()
        self.after.clear()
        self._run(Adjustment())

    def _rotate(self, turns: int) -> None:
        current = self.attachment()
        if current:  # the crop box and corners are in the turned picture's pixels: they go
            self._adjust(Adjustment(rotation=(current.adjust.rotation + turns) % 4,
                                    replace_background=current.adjust.replace_background,
                                    ink_strength=current.adjust.ink_strength))

    def _adjust_to(self, **changes) -> None:
        """Process with ``changes`` made; any other change lays the picture out anew, so the eraser's
        dabs (in the finished picture's pixels) go with it."""
        current = self.attachment()
        if current and any(getattr(current.adjust, k) != v for k, v in changes.items()):
            self._adjust(current.adjust.model_copy(update={"erase": [], **changes}))

    def _erased(self, dabs: list) -> None:
        current = self.attachment()
        if current and dabs and current.processed:
            self._adjust_to(erase=[*current.adjust.erase, *dabs][-MAX_ERASE:])

    def _adjust(self, adjust: Adjustment) -> None:
        """A user's adjustment: remembered for 撤销调整, then processed."""
        current = self.attachment()
        if current is None:
            return
        self._history.push((self.session.case_id, current.source), current.adjust)
        self.undo.setEnabled(True)
        self._run(adjust)

    def _undo_adjust(self) -> None:
        current = self.attachment()
        previous = None if current is None else self._history.pop((self.session.case_id, current.source))
        self.undo.setEnabled(bool(self._history))
        if previous is not None:
            self._run(previous)

    def _toggle_background(self, on: bool) -> None:
        self._adjust_to(replace_background=on)

    def _crop_changed(self, box: tuple) -> None:
        self._adjust_to(crop_box=tuple(box))

    def _corners_changed(self, corners: list) -> None:
        self._adjust_to(corners=[tuple(c) for c in corners])

    def _remove(self) -> None:
        self.runner.cancel(self.field())
        self._forget_card()
        self._history.clear()
        self.undo.setEnabled(False)
        self._set_attachment(None)
        self.before.clear()
        self.after.clear()
        self.refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and event.mimeData().urls()[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.set_source(urls[0].toLocalFile())
            event.acceptProposedAction()

    # --- processing -------------------------------------------------------------------------------

    def _run(self, adjust: Adjustment) -> None:
        current = self.attachment()
        if not current or not self.session.case_id:
            return
        self._set_busy(True)
        self.runner.run(self.field(), process_for_slot, self.slot, current.source, self.session.rules, adjust,
                        self._target(current), current.page, on_done=self._apply, on_error=self._failed)

    def _target(self, current: Attachment) -> Path:
        """Where the finished file goes. 证明材料 items move up when one is removed: each keeps a file
        of its own name, so that one item's result never lands in another's file."""
        target = drafts.processed_path(self.session.case_id, self.slot, self.index)
        if self.slot is not Slot.PROOF:
            return target
        if current.processed and Path(current.processed).parent == target.parent:
            return Path(current.processed)
        return target.with_name(f"proof_{secrets.token_hex(4)}{target.suffix}")

    def _apply(self, outcome: SlotOutcome) -> None:
        self._set_busy(False)
        current = self.attachment()
        if not current or current.source != outcome.source:
            return  # the picture was replaced meanwhile
        many = outcome.page_count > 1 and current.page is None  # a PDF just added: page 1 stays here
        self._set_attachment(Attachment(source=outcome.source, processed=outcome.processed,
                                        adjust=outcome.adjust, findings=outcome.findings,
                                        confirmed=current.confirmed,  # same picture: the ticks stay
                                        page=1 if many else current.page))
        if many:
            self.pages_found.emit(outcome.page_count)
            return  # the page rebuilds its list, this widget with it
        self._show_images(outcome)
        if self.slot in _CARD_SLOTS and outcome.processed:
            self._read_card(outcome.processed)

    # --- reading the ID card (offline OCR) ------------------------------------------------------

    def _read_card(self, processed: str) -> None:
        side = "front" if self.slot is Slot.ID_FRONT else "back"
        self.runner.run(self.field() + ".ocr", read_card_quietly, processed, side, self.session.rules,
                        on_done=self._card_read)

    def _card_read(self, card) -> None:
        self.session.set_card(self.slot, card)
        self._update_prefill()

    def _forget_card(self) -> None:
        self.runner.cancel(self.field() + ".ocr")
        if self.slot in self.session.cards:
            self.session.set_card(self.slot, None)
        self.prefill.setVisible(False)

    def _update_prefill(self) -> None:
        card = self.session.cards.get(self.slot)
        offer = prefill(self.session.case, card, self.session.rules) if card and self.slot is Slot.ID_FRONT else {}
        self.prefill.setVisible(bool(offer))

    def _prefill(self) -> None:
        card = self.session.cards.get(self.slot)
        if card is None:
            return
        offer = prefill(self.session.case, card, self.session.rules)

        def edit(case: Case) -> None:
            for path, value in offer.items():
                set_field(case, path, value)

        self.session.update(edit)
        self._update_prefill()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        current = self.attachment()
        name = Path(current.source).name if current else ""
        self.dialogs.warn(self, self.tr("处理失败"),
                          self.tr("处理“%s”时出错：%s。请换一张照片再试。") % (name, exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self._after_placeholder(self.tr("正在处理，请稍候…"))
        else:
            self._after_placeholder("")  # the result (or why there is none) says the rest
        for button in (self.pick, self.rotate_left, self.rotate_right, self.remove):
            button.setEnabled(not busy)

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the attachment's state (after opening a case); re-process to get previews back."""
        current = self.attachment()
        has = current is not None
        self.file_label.setText(self._file_text(current) if has else self.tr("尚未选择文件"))
        for button in (self.rotate_left, self.rotate_right, self.remove):
            button.setEnabled(has)
        self.background.blockSignals(True)
        self.background.setChecked(current.adjust.replace_background if has else True)
        self.background.blockSignals(False)
        self._show_confirmations()
        self._show_findings()
        if has and not self.before.has_image() and not self.runner.is_busy(self.field()):
            self._run(current.adjust)

    def _file_text(self, current: Attachment) -> str:
        if current.page is None:
            return self.tr("文件：%s") % current.source
        return self.tr("文件：%s（第 %d 页）") % (current.source, current.page)

    def _show_images(self, outcome: SlotOutcome) -> None:
        current = self.attachment()
        self.file_label.setText(self._file_text(current) if current else self.tr("文件：%s") % outcome.source)
        self._show_confirmations()
        for button in (self.rotate_left, self.rotate_right, self.remove):
            button.setEnabled(True)
        if not outcome.before.isNull():
            self.before.set_image(outcome.before, outcome.source_size)
        if self.slot is Slot.PHOTO:
            self.before.set_mode(Handles.CROP)
            self.before.set_crop(outcome.adjust.crop_box)
        elif self.slot in _CARD_SLOTS:
            self.before.set_mode(Handles.CORNERS)
            # The user's corners, else the engine's decision (the card found, or the whole picture kept).
            self.before.set_corners(outcome.adjust.corners or outcome.metrics.get("source_corners"))
        elif self.slot is Slot.SIGNATURE:
            self.before.set_mode(Handles.SELECT)
            self.before.set_crop(outcome.adjust.crop_box)
            self.tools.show_adjust(outcome.adjust)
        if outcome.after.isNull() and not outcome.refused.isNull():
            self.after.set_image(outcome.refused, (outcome.refused.width(), outcome.refused.height()),
                                 banner=self.tr("未通过检查，不会上传：请看下方提示"))
        elif outcome.after.isNull():
            self.after.clear()
            self._after_placeholder(self.tr("没有可上传的结果，请看下方提示"))
        else:
            self.after.set_image(outcome.after, (outcome.after.width(), outcome.after.height()))

    def _after_placeholder(self, text: str) -> None:
        """What the empty result pane says (also told to screen readers)."""
        self.after.set_placeholder(text)
        self.after.setAccessibleDescription(text)

    def _show_findings(self) -> None:
        self.findings.set_findings(self.session.findings_for(self.field()))
