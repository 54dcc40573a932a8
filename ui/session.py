"""The open case, shared by every page: edits go in, findings and autosave come out.

Pages change the case through :meth:`CaseSession.update`; the session re-runs the
validator (``wizard.case.validate``) and autosaves the draft shortly after each change, so a
crash loses at most the last fraction of a second of typing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from wizard.case import drafts
from wizard.case.findings import Finding, for_field, has_errors
from wizard.case.model import Case, Slot, save_case
from wizard.case.rules import RulePack
from wizard.case.validate import validate
from wizard.idcard.check import cross_check
from wizard.idcard.pair import card_pair_findings
from wizard.idcard.text import CardText

log = logging.getLogger(__name__)
AUTOSAVE_DELAY_MS = 400


class CaseSession(QObject):
    changed = Signal()  # the case or its findings changed
    saved = Signal(str)  # path of the draft just written
    save_failed = Signal(str)  # a Chinese message

    def __init__(self, rules: RulePack, lang: str = "zh_CN", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rules, self.lang = rules, lang
        self.case = Case()
        self.case_id = ""
        self.file_path: Path | None = None  # a case file chosen with 打开 / 另存为
        self.findings: list[Finding] = []
        self.cards: dict[Slot, CardText] = {}  # what OCR read off the flattened ID card sides
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

    # --- opening -------------------------------------------------------------------------

    def start_new(self) -> None:
        self._open(drafts.new_case_id(), Case(), None)
        self.save_now()

    def open_draft(self, case_id: str) -> None:
        self._open(case_id, drafts.load_draft(case_id), None)

    def open_file(self, path: Path, case: Case) -> None:
        """Work on a case file from elsewhere: it gets a draft of its own and is saved back on 保存."""
        self._open(drafts.new_case_id(), case, path)
        self.save_now()

    def _open(self, case_id: str, case: Case, path: Path | None) -> None:
        self.flush()
        self.case_id, self.case, self.file_path = case_id, case, path
        self.cards = {}
        drafts.begin_session(case_id)
        self.revalidate()

    # --- editing -------------------------------------------------------------------------

    def update(self, edit: Callable[[Case], None]) -> None:
        """Apply ``edit`` to the case, re-validate and schedule the autosave."""
        edit(self.case)
        self.revalidate()
        self._timer.start()

    def revalidate(self) -> None:
        # The two sides together (swapped, one picture twice): only the small finished files are hashed.
        findings = validate(self.case, self.rules) + card_pair_findings(self.case) if self.case_id else []
        if self.cards:
            front, back = self.cards.get(Slot.ID_FRONT), self.cards.get(Slot.ID_BACK)
            findings += cross_check(self.case, front, back, dt.date.today(), self.rules)
        self.findings = findings
        self.changed.emit()

    def set_card(self, slot: Slot, card: CardText | None) -> None:
        """Remember (or forget, with None) what was read off one side of the ID card."""
        if card is None:
            self.cards.pop(slot, None)
        else:
            self.cards[slot] = card
        self.revalidate()

    @property
    def english(self) -> bool:
        return self.lang.startswith("en")

    def join(self, items: list[str]) -> str:
        """A list of names in running text: 、 in Chinese, a comma in English."""
        return (", " if self.english else "、").join(items)

    def findings_for(self, *prefixes: str) -> list[Finding]:
        return [f for p in prefixes for f in for_field(self.findings, p)]

    def blocks(self, *prefixes: str) -> bool:
        return has_errors(self.findings_for(*prefixes))

    # --- saving --------------------------------------------------------------------------

    def save_now(self) -> None:
        self._timer.stop()
        if not self.case_id:
            return
        try:
            path = drafts.save_draft(self.case_id, self.case)
        except OSError as exc:
            self.save_failed.emit(f"草稿无法保存：{exc.strerror or exc}。请检查磁盘空间或文件夹权限。")
            return
        self.saved.emit(str(path))

    def save_as(self, path: Path) -> None:
        save_case(self.case, path)
        self.file_path = path

    def flush(self) -> None:
        """Write a pending autosave now (before switching cases or closing)."""
        if self._timer.isActive():
            self.save_now()

    def forget(self) -> None:
        """Close the open case without saving (it is being deleted)."""
        self._timer.stop()
        self.case_id, self.case, self.file_path = "", Case(), None
        self.cards = {}
        self.revalidate()

    def close(self) -> None:
        self.flush()
        drafts.end_session()
