"""What every page shares: the open case, the findings of its fields, and Next blocked on errors.

A field nobody has touched yet does not shout: "请填写…" appears once the user has edited the
field or left it, or pressed 下一步 (which then stays on the page and shows every missing item).
"""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizardPage

from ui.pages.ids import PageId, next_page
from ui.session import CaseSession
from ui.widgets.findings import FindingsView
from wizard.case.findings import Finding, has_errors
from wizard.case.model import set_field
from wizard.platform.resources import resource_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

QUIET_UNTIL_TOUCHED = frozenset({"field.required", "id.empty"})  # "not filled in yet" is no mistake


@cache
def help_passages() -> dict:
    with open(resource_path("help", "help.toml"), "rb") as handle:
        return tomllib.load(handle)


class FieldLabel(QLabel):
    """A form label as tall as the first line of its field, so the two stay level (at any text size)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        buddy = self.buddy()
        if buddy is not None:
            line = min(buddy.sizeHint().height(), 2 * self.fontMetrics().height())  # a tall text box: its top
            hint.setHeight(max(hint.height(), line))
        return hint

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class CasePage(QWizardPage):
    """A page about some fields of the case (``prefixes``): complete when none has an error."""

    page_id: PageId
    help_key = ""
    prefixes: tuple[str, ...] = ()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._field_views: dict[str, FindingsView] = {}
        self._touched: set[str] = set()
        self._revealed = False  # 下一步 was pressed: every missing item is shown
        self._for_case = ""
        self._watched: dict[QObject, str] = {}
        session.changed.connect(self._on_case_changed)

    def help_text(self) -> str:
        passage = help_passages().get(self.help_key, {})
        if self.session.lang.startswith("en") and passage.get("text_en"):
            return passage["text_en"]  # the guide's own words stay quoted in Chinese inside it
        return passage.get("text", "")

    def nextId(self) -> int:
        return next_page(self.page_id, self.session.case, self.session.rules)

    def isComplete(self) -> bool:
        """No error but "not filled in yet": 下一步 is offered, and shows what is missing (validatePage)."""
        findings = self.session.findings_for(*self.prefixes)
        return bool(self.session.case_id) and not has_errors([f for f in findings if f.code not in QUIET_UNTIL_TOUCHED])

    def validatePage(self) -> bool:
        """下一步 with something still missing: stay, and show what is missing."""
        if self.session.blocks(*self.prefixes):
            self._revealed = True
            self._on_case_changed()
            return False
        return True

    # --- which findings are shown ----------------------------------------------------------------

    def shown(self, findings: list[Finding]) -> list[Finding]:
        if self._revealed:
            return findings
        return [f for f in findings if f.code not in QUIET_UNTIL_TOUCHED or f.field in self._touched]

    def touch(self, path: str) -> None:
        if path not in self._touched:
            self._touched.add(path)
            self._on_case_changed()

    def _on_case_changed(self) -> None:
        if self.session.case_id != self._for_case:  # another case: nothing of it touched yet
            self._for_case, self._touched, self._revealed = self.session.case_id, set(), False
        for path, view in self._field_views.items():
            view.set_findings(self.shown(self.session.findings_for(path)))
        self.completeChanged.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self._watched:
            self.touch(self._watched[watched])
        return super().eventFilter(watched, event)

    # --- building forms ------------------------------------------------------------------------

    def findings_view(self, path: str) -> FindingsView:
        view = FindingsView(self.session.rules, self.session.lang, self)
        self._field_views[path] = view
        return view

    def watch(self, widget: QWidget, path: str) -> None:
        """Leaving ``widget`` counts as having touched the field at ``path``."""
        self._watched[widget] = path
        widget.installEventFilter(self)

    def add_row(self, form: QFormLayout, path: str, widget: QWidget, required: bool = True,
                below: tuple[QWidget, ...] = ()) -> None:
        """A labelled row for the field at ``path``: the field, ``below`` and its findings in one cell,
        so an empty findings list takes no room at all."""
        label_text = self.session.rules.label(path, self.session.lang) + (" *" if required else "")
        label = FieldLabel(label_text, self)
        label.setBuddy(widget)
        widget.setAccessibleName(label_text.rstrip(" *"))
        holder = QWidget(self)  # the label stays at the top of a cell that grows with its findings
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label)
        column.addStretch(1)
        form.addRow(holder, self.field_cell(path, widget, below))

    def field_cell(self, path: str, widget: QWidget, below: tuple[QWidget, ...] = ()) -> QWidget:
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for part in (widget, *below, self.findings_view(path)):
            column.addWidget(part)
        self.watch(widget.lineEdit() if hasattr(widget, "lineEdit") and widget.lineEdit() else widget, path)
        return cell

    def bind_line(self, edit: QLineEdit, path: str) -> None:
        edit.textEdited.connect(lambda _text: self._touched.add(path))
        edit.textEdited.connect(lambda text: self.session.update(lambda case: set_field(case, path, text.strip())))
