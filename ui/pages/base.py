"""What every page shares: the open case, the findings of its fields, and Next blocked on errors."""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget, QWizardPage

from ui.pages.ids import PageId, next_page
from ui.session import CaseSession
from ui.widgets.findings import FindingsView
from wizard.case.model import set_field
from wizard.platform.resources import resource_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@cache
def help_passages() -> dict:
    with open(resource_path("help", "help.toml"), "rb") as handle:
        return tomllib.load(handle)


class CasePage(QWizardPage):
    """A page about some fields of the case (``prefixes``): complete when none has an error."""

    page_id: PageId
    help_key = ""
    prefixes: tuple[str, ...] = ()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._field_views: dict[str, FindingsView] = {}
        session.changed.connect(self._on_case_changed)

    def help_text(self) -> str:
        return help_passages().get(self.help_key, {}).get("text", "")

    def nextId(self) -> int:
        return next_page(self.page_id, self.session.case, self.session.rules)

    def isComplete(self) -> bool:
        return bool(self.session.case_id) and not self.session.blocks(*self.prefixes)

    def _on_case_changed(self) -> None:
        for path, view in self._field_views.items():
            view.set_findings(self.session.findings_for(path))
        self.completeChanged.emit()

    # --- building forms ------------------------------------------------------------------------

    def findings_view(self, path: str) -> FindingsView:
        view = FindingsView(self.session.rules, self.session.lang, self)
        self._field_views[path] = view
        return view

    def add_row(self, form: QFormLayout, path: str, widget: QWidget, required: bool = True) -> None:
        """A labelled row for the field at ``path``, with its findings right below it."""
        label_text = self.session.rules.label(path, self.session.lang) + (" *" if required else "")
        label = QLabel(label_text, self)
        label.setBuddy(widget)
        widget.setAccessibleName(label_text.rstrip(" *"))
        form.addRow(label, widget)
        form.addRow("", self.findings_view(path))

    def bind_line(self, edit: QLineEdit, path: str) -> None:
        edit.textEdited.connect(lambda text: self.session.update(lambda case: set_field(case, path, text.strip())))
